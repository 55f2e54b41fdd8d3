#!/usr/bin/env bash
# Shows each service's readiness and each embedded store.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
for service in "${SERVICES[@]}"; do
  url="http://127.0.0.1:$(service_port "$service")/health/ready"
  if body="$(curl -fsS --max-time 3 "$url" 2>/dev/null)"; then state="ready"; else state="NOT READY"; body="$(curl -sS --max-time 3 "$url" 2>&1)"; fi
  printf '%-13s %-10s %s\n' "$service" "$state" "$body"
done
for store in ferretdb redis; do
  if pid_alive "$RUN_DIR/$store.pid"; then printf '%-13s %-10s pid %s\n' "$store" "running" "$(cat "$RUN_DIR/$store.pid")"
  else printf '%-13s %-10s %s\n' "$store" "-" "not started by scripts/start.sh (external URL or stopped)"; fi
done
