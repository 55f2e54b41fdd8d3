#!/usr/bin/env bash
# Follows the logs of all services (every instance) and stores, or of the ones named:
# scripts/logs.sh reservations (all its instances), scripts/logs.sh reservations-2 (one).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
names=("$@"); [ ${#names[@]} -gt 0 ] || names=("${SERVICES[@]}" ferretdb redis nats)
files=()
for n in "${names[@]}"; do
  for file in "$LOG_DIR/$n.log" "$LOG_DIR/$n"-[0-9]*.log; do [ -f "$file" ] && files+=("$file"); done
done
[ ${#files[@]} -gt 0 ] || die "no logs yet in $LOG_DIR"
exec tail -n 50 -F "${files[@]}"
