#!/usr/bin/env bash
# Removes local data and logs (asks first unless given --yes). Stops the system first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
if [ "${1:-}" != "--yes" ]; then
  read -r -p "Delete ./data, ./logs and ./results? Every local user, event and reservation is lost. [y/N] " answer
  [[ "$answer" =~ ^[yY]$ ]] || { log "nothing removed"; exit 0; }
fi
bash scripts/stop.sh
rm -rf "$DATA_DIR" "$LOG_DIR" "$ROOT/results" "$RUN_DIR"
log "removed data, logs and results"
