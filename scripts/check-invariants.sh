#!/usr/bin/env bash
# Checks EventFlow's promises straight in the stores (libs/testing/src/invariants): prints each
# violation with the ids involved and exits 1 on any (2 when the stores cannot be read).
# Reads MONGO_URL / REDIS_URL, or the embedded stores' ports; 2 × SAGA_LEASE_MS + RECOVERY_INTERVAL_MS
# is how long a reservation may stay active (SETTLE_BOUND_MS overrides it), MAX_TICKETS_PER_USER
# the limit; CHARGE_RECORDS=lost-with-redis after Redis lost data (charges judged by the saga log).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_node_modules
export MONGO_URL="${MONGO_URL:-mongodb://127.0.0.1:$EMBEDDED_MONGO_PORT}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:$EMBEDDED_REDIS_PORT}"
# libs/testing is not part of the build: compile the checker alone (it imports no other lib).
out="$ROOT/dist/invariants"
npx tsc --outDir "$out" --rootDir libs/testing/src/invariants --module commonjs --target es2022 --esModuleInterop \
  --skipLibCheck --strict --types node libs/testing/src/invariants/cli.ts
exec node "$out/cli.js"
