#!/usr/bin/env bash
# The release check: every fault of docs/reliability.md under concurrent load, each ending with the
# invariant checker; rewrites docs/reliability.md with what it measured.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_node_modules
ensure_ferretdb
ensure_redis_server
npm run --silent build
export EVENTFLOW_FAULTS=1
exec npx jest --ci --selectProjects faults --runInBand "$@"
