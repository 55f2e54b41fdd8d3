#!/usr/bin/env bash
# Shows each service instance's readiness and each embedded store.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
# Every instance start.sh recorded (one of each service when it recorded none).
while read -r _ name port; do
  url="http://127.0.0.1:$port/health/ready"
  if body="$(curl -fsS --max-time 3 "$url" 2>/dev/null)"; then state="ready"; else state="NOT READY"; body="$(curl -sS --max-time 3 "$url" 2>&1)"; fi
  printf '%-16s %-10s :%s %s\n' "$name" "$state" "$port" "$body"
done < <(recorded_instances)
for store in ferretdb redis nats; do
  if pid_alive "$RUN_DIR/$store.pid"; then printf '%-16s %-10s pid %s\n' "$store" "running" "$(cat "$RUN_DIR/$store.pid")"
  else printf '%-16s %-10s %s\n' "$store" "-" "not started by scripts/start.sh (external URL, not used, or stopped)"; fi
done
