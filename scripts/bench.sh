#!/usr/bin/env bash
# npm run bench: runs every k6 scenario briefly against EventFlow (starting it on embedded defaults
# unless it is already running) and writes docs/benchmarks.md from the results.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_k6

export RESULTS_DIR="$ROOT/results/bench"
rm -rf "$RESULTS_DIR" && mkdir -p "$RESULTS_DIR"
export BENCH_STARTED="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

# Measured as the issue asks: no simulated payment latency or declines, no per-request logs.
export PAYMENT_LATENCY_MS=0 PAYMENT_DECLINE_RATE=0 LOG_REQUESTS=false LOG_LEVEL=warn
started_here=false
if ! curl -fsS --max-time 2 "http://127.0.0.1:$(service_port reservations)/health/ready" >/dev/null 2>&1; then
  bash scripts/start.sh
  started_here=true
else
  log "using the EventFlow already running (its settings apply, not the bench's)"
fi
cleanup() { if [ "$started_here" = true ]; then bash scripts/stop.sh >/dev/null; fi; }
trap cleanup EXIT
export BENCH_FERRETDB_BACKEND="$(cat "$RUN_DIR/ferretdb.backend" 2>/dev/null || echo external)"
# For the store-wait samples (admin-only /metrics/stores).
export_load_test_targets

# Short, fixed parameters so a run takes a few minutes; each can be overridden from the environment.
export BENCH_THROUGHPUT_STAGE="${BENCH_THROUGHPUT_STAGE:-5s}" # report.js divides the peak stage's requests by it
declare -A PARAMS=(
  [users]="ITERATIONS=${BENCH_USERS_ITERATIONS:-20}"
  [events]="ITERATIONS=${BENCH_EVENTS_ITERATIONS:-20}"
  [reads]="ITERATIONS=${BENCH_READS_ITERATIONS:-100} RAMP_SECONDS=${BENCH_READS_RAMP:-5}"
  [reservations]="ITERATIONS=${BENCH_RESERVATIONS_ITERATIONS:-10}"
  [flash-sale]="FANS=${BENCH_FLASH_FANS:-200} AFORO=${BENCH_FLASH_AFORO:-50}"
  [sustained]="RATE=${BENCH_SUSTAINED_RATE:-200} DURATION=${BENCH_SUSTAINED_DURATION:-20s}"
  [throughput]="STAGE=${BENCH_THROUGHPUT_STAGE} READ_PEAK=${BENCH_READ_PEAK:-5000} SAGA_PEAK=${BENCH_SAGA_PEAK:-120}"
)
SCENARIOS=(users events reads reservations flash-sale sustained throughput)
export BENCH_PARAMS="$(for s in "${SCENARIOS[@]}"; do printf '%s: `%s`\n' "$s" "${PARAMS[$s]}"; done | paste -sd ';' | sed 's/;/; /g')"

run_scenario() { # scenario, name of its result file
  local scenario="$1" name="$2" before after stores_before stores_after start_ms end_ms
  stores_before="$(node scripts/bench/store-sample.js)"
  before="$(node scripts/bench/proc-sample.js "$RUN_DIR" "$DATA_DIR")"
  start_ms=$(date +%s%3N)
  # A missed threshold makes k6 exit non-zero; the report says so, and the run goes on.
  env ${PARAMS[$scenario]} SUMMARY_NAME="$name" bash scripts/run-k6.sh "$scenario" || log "$name: thresholds missed or errors (see docs/benchmarks.md)"
  end_ms=$(date +%s%3N)
  after="$(node scripts/bench/proc-sample.js "$RUN_DIR" "$DATA_DIR")"
  stores_after="$(node scripts/bench/store-sample.js)"
  printf '{"before":%s,"after":%s,"storesBefore":%s,"storesAfter":%s,"wallSeconds":%s}\n' "$before" "$after" "$stores_before" "$stores_after" "$(( (end_ms - start_ms) / 1000 ))" > "$RESULTS_DIR/$name.meta.json"
}

for scenario in "${SCENARIOS[@]}"; do run_scenario "$scenario" "$scenario"; done

# The saga scenarios again on FerretDB's PostgreSQL backend (only when this script started the
# system, so it can restart it; BENCH_POSTGRES=false skips this).
if [ "$started_here" = true ] && [ "${BENCH_POSTGRES:-true}" = true ] && [ "$BENCH_FERRETDB_BACKEND" = sqlite ]; then
  bash scripts/stop.sh >/dev/null
  FERRETDB_BACKEND=postgresql bash scripts/start.sh
  for scenario in reservations flash-sale sustained; do run_scenario "$scenario" "postgresql-$scenario"; done
fi

node scripts/bench/report.js "$RESULTS_DIR" docs/benchmarks.md "$(IFS=,; echo "${SCENARIOS[*]}")"
