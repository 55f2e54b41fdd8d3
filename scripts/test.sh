#!/usr/bin/env bash
# The README's test command: build, then unit, integration and end-to-end tests on real stores.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_node_modules
ensure_ferretdb
ensure_redis_server
# The many-instances tests talk through a private nats-server.
ensure_nats_server
# The bench report's integration test drives a real vegeta and opens the HTML in chromium.
ensure_vegeta
ensure_chromium
# The metrics, the Prometheus config and the alert rules are checked by promtool.
ensure_promtool
PROMTOOL="$(promtool_path)"
export PROMTOOL
npm run --silent build
exec npx jest --ci "$@"
