#!/usr/bin/env bash
# Installs what a fresh machine lacks: FerretDB (Go module proxy), redis-server (apt), and k6 with --k6.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_ferretdb
ensure_redis_server
if [ "${1:-}" = "--k6" ]; then ensure_k6; fi
log "tools ready: $("$TOOLS_BIN/ferretdb" --version | head -1), $(redis-server --version | cut -d' ' -f3)"
