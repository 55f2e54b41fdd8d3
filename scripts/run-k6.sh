#!/usr/bin/env bash
# Runs one k6 scenario against a running EventFlow: scripts/run-k6.sh <scenario> [k6 options]
# Scenarios: users events reads reservations flash-sale sustained throughput (jmeter/k6/*.js).
# Targets: USERS_URL, EVENTS_URL, RESERVATIONS_URL (default localhost:3001-3003);
# credentials: ORGANIZER_KEY, ADMIN_KEY (default: the first keys in .env.local).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

scenario="${1:-}"
if [ -z "$scenario" ] || [ ! -f "jmeter/k6/$scenario.js" ]; then
  echo "usage: scripts/run-k6.sh <scenario> [k6 options]" >&2
  echo "scenarios: $(cd jmeter/k6 && ls *.js | sed 's/\.js$//' | tr '\n' ' ')" >&2
  exit 2
fi
shift

ensure_k6
export_load_test_targets
export RESULTS_DIR="${RESULTS_DIR:-$ROOT/results}"
mkdir -p "$RESULTS_DIR"

for url in "$USERS_URL" "$EVENTS_URL" "$RESERVATIONS_URL"; do
  curl -fsS --max-time 3 "$url/health/ready" >/dev/null 2>&1 || die "$url is not ready: start EventFlow first (npm start) or set USERS_URL/EVENTS_URL/RESERVATIONS_URL"
done

log "k6 $scenario → $RESULTS_DIR/$scenario.json"
# k6's REST API binds 6565 by default: another k6 on the machine would collide, so take a free port.
exec "$TOOLS_BIN/k6" run --quiet --no-usage-report --address "${K6_ADDRESS:-127.0.0.1:0}" "$@" "jmeter/k6/$scenario.js"
