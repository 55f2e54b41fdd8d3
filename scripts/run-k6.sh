#!/usr/bin/env bash
# Runs one k6 scenario against a running EventFlow: scripts/run-k6.sh <scenario> [k6 options]
# Scenarios: users events reads reservations flash-sale sustained throughput (jmeter/k6/*.js).
# Targets: USERS_URL, EVENTS_URL, RESERVATIONS_URL (default localhost:3001-3003);
# credentials: ORGANIZER_KEY, ADMIN_KEY (default: the first keys in .env.local).
# k6 is not installed by this project (it is AGPL-licensed): bring your own, on PATH or as K6_BIN.
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

k6="${K6_BIN:-$(command -v k6 || true)}"
[ -n "$k6" ] && [ -x "$k6" ] || die "k6 is not installed: install it from k6's official packages (https://grafana.com/docs/k6/latest/set-up/install-k6/) or set K6_BIN; npm run bench needs no k6"
export_load_test_targets
export RESULTS_DIR="${RESULTS_DIR:-$ROOT/results}"
mkdir -p "$RESULTS_DIR"

for url in "$USERS_URL" "$EVENTS_URL" "$RESERVATIONS_URL"; do
  curl -fsS --max-time 3 "$url/health/ready" >/dev/null 2>&1 || die "$url is not ready: start EventFlow first (npm start) or set USERS_URL/EVENTS_URL/RESERVATIONS_URL"
done

# k6's web dashboard: live on 127.0.0.1:5665 while it runs (K6_WEB_DASHBOARD_PORT=-1 turns the
# server off), exported as a self-contained HTML report when the run ends.
export K6_WEB_DASHBOARD="${K6_WEB_DASHBOARD:-true}" K6_WEB_DASHBOARD_HOST="${K6_WEB_DASHBOARD_HOST:-127.0.0.1}"
export K6_WEB_DASHBOARD_PORT="${K6_WEB_DASHBOARD_PORT:-5665}" K6_WEB_DASHBOARD_EXPORT="${K6_WEB_DASHBOARD_EXPORT:-$RESULTS_DIR/$scenario.html}"
log "k6 $scenario → $RESULTS_DIR/$scenario.json, dashboard $K6_WEB_DASHBOARD_EXPORT"
# k6's REST API binds 6565 by default: another k6 on the machine would collide, so take a free port.
exec "$k6" run --quiet --no-usage-report --address "${K6_ADDRESS:-127.0.0.1:0}" "$@" "jmeter/k6/$scenario.js"
