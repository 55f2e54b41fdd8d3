#!/usr/bin/env bash
# npm start: installs and builds what is needed, starts the embedded stores (unless
# MONGO_URL / REDIS_URL point elsewhere) and the three services in the background.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
mkdir -p "$RUN_DIR" "$LOG_DIR" "$DATA_DIR"

ensure_node_modules
ensure_env_file
load_env_file

if [ ! -f dist/services/users/src/main.js ] || [ -n "$(find services libs -name '*.ts' -newer dist/.tsbuildinfo 2>/dev/null | head -1)" ]; then
  log "building"
  npm run --silent build
  # tsc leaves its build info untouched when nothing it compiles changed: mark this build as current.
  touch dist/.tsbuildinfo
fi

if [ -z "${MONGO_URL:-}" ]; then
  ensure_ferretdb
  if ! pid_alive "$RUN_DIR/ferretdb.pid"; then
    mkdir -p "$DATA_DIR/ferretdb"
    case "$FERRETDB_BACKEND" in
      sqlite) storage=(--handler=sqlite "--sqlite-url=file:$DATA_DIR/ferretdb/?_pragma=synchronous($FERRETDB_SQLITE_SYNC)") ;;
      postgresql)
        if [ -z "${FERRETDB_POSTGRESQL_URL:-}" ]; then
          start_private_postgres
          FERRETDB_POSTGRESQL_URL="postgres://postgres@127.0.0.1:$EMBEDDED_POSTGRES_PORT/ferretdb"
        fi
        storage=(--handler=postgresql "--postgresql-url=$FERRETDB_POSTGRESQL_URL") ;;
      *) die "FERRETDB_BACKEND must be sqlite or postgresql (got $FERRETDB_BACKEND)" ;;
    esac
    echo "$FERRETDB_BACKEND" > "$RUN_DIR/ferretdb.backend"
    nohup "$TOOLS_BIN/ferretdb" "${storage[@]}" \
      "--listen-addr=127.0.0.1:$EMBEDDED_MONGO_PORT" --debug-addr=127.0.0.1:0 --telemetry=disable \
      --log-level=warn "--state-dir=$DATA_DIR/ferretdb" >> "$LOG_DIR/ferretdb.log" 2>&1 &
    echo $! > "$RUN_DIR/ferretdb.pid"
  fi
  wait_for "FerretDB (127.0.0.1:$EMBEDDED_MONGO_PORT)" 30 bash -c "exec 3<>/dev/tcp/127.0.0.1/$EMBEDDED_MONGO_PORT" || die "FerretDB did not start; see logs/ferretdb.log"
  export MONGO_URL="mongodb://127.0.0.1:$EMBEDDED_MONGO_PORT"
fi

# A Redis Cluster (REDIS_CLUSTER_NODES) is never embedded: the services use it instead of REDIS_URL.
if [ -z "${REDIS_URL:-}" ] && [ -z "${REDIS_CLUSTER_NODES:-}" ]; then
  ensure_redis_server
  if ! pid_alive "$RUN_DIR/redis.pid"; then
    mkdir -p "$DATA_DIR/redis"
    redis-server --port "$EMBEDDED_REDIS_PORT" --bind 127.0.0.1 --dir "$DATA_DIR/redis" \
      --appendonly yes --appendfsync everysec --save "" --daemonize yes \
      --pidfile "$RUN_DIR/redis.pid" --logfile "$LOG_DIR/redis.log"
  fi
  wait_for "Redis (127.0.0.1:$EMBEDDED_REDIS_PORT)" 30 redis-cli -p "$EMBEDDED_REDIS_PORT" ping || die "Redis did not start; see logs/redis.log"
  export REDIS_URL="redis://127.0.0.1:$EMBEDDED_REDIS_PORT"
fi

export USERS_RPC_PORT="$(service_rpc_port users)" EVENTS_RPC_PORT="$(service_rpc_port events)"
for service in "${SERVICES[@]}"; do
  pid_alive "$RUN_DIR/$service.pid" && continue
  PORT="$(service_port "$service")" RPC_PORT="$(service_rpc_port "$service")" \
    nohup node "dist/services/$service/src/main.js" >> "$LOG_DIR/$service.log" 2>&1 &
  echo $! > "$RUN_DIR/$service.pid"
done

for service in "${SERVICES[@]}"; do
  url="http://127.0.0.1:$(service_port "$service")"
  if ! wait_for "$service ($url)" 90 curl -fsS "$url/health/ready"; then
    tail -n 5 "$LOG_DIR/$service.log" >&2 || true
    die "$service did not become ready; see logs/$service.log"
  fi
done

cat <<MSG

EventFlow is running:
  users         http://localhost:$(service_port users)
  events        http://localhost:$(service_port events)
  reservations  http://localhost:$(service_port reservations)
Development keys (organizer, analyst, admin): $ENV_FILE
Logs: scripts/logs.sh   Status: scripts/status.sh   Stop: scripts/stop.sh
MSG
