#!/usr/bin/env bash
# Stops only what scripts/start.sh started (tracked by pid files in .run/).
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

stop_pid_file() {
  local name="$1" file="$RUN_DIR/$1.pid"
  [ -f "$file" ] || return 0
  local pid; pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    local deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    log "stopped $name"
  fi
  rm -f "$file"
}

# Services first (every instance), so they finish in-flight work while the stores are still up.
for service in reservations events users; do
  for file in "$RUN_DIR/$service.pid" "$RUN_DIR/$service"-[0-9]*.pid; do
    if [ -f "$file" ]; then stop_pid_file "$(basename "$file" .pid)"; fi
  done
done
rm -f "$INSTANCES_FILE"
stop_pid_file nats
stop_pid_file ferretdb
if [ "$(cat "$RUN_DIR/ferretdb.backend" 2>/dev/null)" = postgresql ]; then stop_private_postgres; fi
rm -f "$RUN_DIR/ferretdb.backend"
stop_pid_file redis
