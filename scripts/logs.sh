#!/usr/bin/env bash
# Follows the logs of all services, or of the ones named: scripts/logs.sh reservations
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
names=("$@"); [ ${#names[@]} -gt 0 ] || names=("${SERVICES[@]}" ferretdb redis)
files=(); for n in "${names[@]}"; do [ -f "$LOG_DIR/$n.log" ] && files+=("$LOG_DIR/$n.log"); done
[ ${#files[@]} -gt 0 ] || die "no logs yet in $LOG_DIR"
exec tail -n 50 -F "${files[@]}"
