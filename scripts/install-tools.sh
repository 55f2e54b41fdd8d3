#!/usr/bin/env bash
# Installs what a fresh machine lacks: FerretDB and vegeta (built from the Go module proxy), redis-server,
# nats-server and chromium (apt), promtool (from Debian's prometheus package).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_ferretdb
ensure_redis_server
ensure_nats_server
ensure_vegeta
ensure_chromium
ensure_promtool
log "tools ready: $("$TOOLS_BIN/ferretdb" --version | head -1), $(redis-server --version | cut -d' ' -f3), nats-server $(nats-server --version 2>/dev/null | sed 's/^nats-server: v//'), vegeta $VEGETA_VERSION, $(/usr/bin/chromium --version 2>/dev/null), $("$(promtool_path)" --version 2>&1 | head -1)"
