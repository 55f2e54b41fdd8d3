#!/usr/bin/env bash
# Re-seals every fan's encrypted fields with the first key of ENCRYPTION_KEYS (bound to the fan's
# id), so the keys after it can then be removed. Rotation, step by step, in docs/privacy.md:
#   1. put the new key first, ENCRYPTION_KEYS=k2:<new>,k1:<old>, and restart users;
#   2. run this (safe while the services run, and to run again);
#   3. when it says so, drop k1 from ENCRYPTION_KEYS and restart users.
# It reads the users service's settings as npm start does: the environment, then .env.local, and
# the embedded stores' ports when MONGO_URL / REDIS_URL are not set.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_node_modules
load_env_file
if [ ! -f dist/services/users/src/key-rotation/rotate-encryption-key.main.js ] || [ -n "$(find services libs -name '*.ts' -newer dist/.tsbuildinfo 2>/dev/null | head -1)" ]; then
  log "building"
  npm run --silent build
fi
export MONGO_URL="${MONGO_URL:-mongodb://127.0.0.1:$EMBEDDED_MONGO_PORT}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:$EMBEDDED_REDIS_PORT}"
exec node dist/services/users/src/key-rotation/rotate-encryption-key.main.js
