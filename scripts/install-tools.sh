#!/usr/bin/env bash
# Installs what a fresh machine lacks: FerretDB (built from the Go module proxy) and redis-server (apt).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_ferretdb
ensure_redis_server
log "tools ready: $("$TOOLS_BIN/ferretdb" --version | head -1), $(redis-server --version | cut -d' ' -f3)"
