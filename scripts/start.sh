#!/usr/bin/env bash
# npm start: installs and builds what is needed, starts the embedded stores (unless
# MONGO_URL / REDIS_URL point elsewhere; with TRANSPORT=nats, nats-server unless NATS_URL does) and
# INSTANCES (default 1) instances of each of the three services in the background.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
mkdir -p "$RUN_DIR" "$LOG_DIR" "$DATA_DIR"

ensure_node_modules
ensure_env_file
load_env_file

[[ "$INSTANCES" =~ ^[1-9][0-9]*$ ]] || die "INSTANCES must be a positive number (got $INSTANCES)"
if [ "$INSTANCES" -gt 1 ] && [ "${TRANSPORT:-tcp}" != nats ]; then
  die "INSTANCES=$INSTANCES needs TRANSPORT=nats: over TCP a service is reached at one RPC address, so one instance only would get the internal calls"
fi

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

# The internal transport: over NATS, a private nats-server unless NATS_URL names one.
if [ "${TRANSPORT:-tcp}" = nats ] && [ -z "${NATS_URL:-}" ]; then
  ensure_nats_server
  if ! pid_alive "$RUN_DIR/nats.pid"; then
    nohup nats-server -a 127.0.0.1 -p "$EMBEDDED_NATS_PORT" >> "$LOG_DIR/nats.log" 2>&1 &
    echo $! > "$RUN_DIR/nats.pid"
  fi
  wait_for "NATS (127.0.0.1:$EMBEDDED_NATS_PORT)" 30 bash -c "exec 3<>/dev/tcp/127.0.0.1/$EMBEDDED_NATS_PORT" || die "nats-server did not start; see logs/nats.log"
  export NATS_URL="nats://127.0.0.1:$EMBEDDED_NATS_PORT"
fi

export USERS_RPC_PORT="$(service_rpc_port users)" EVENTS_RPC_PORT="$(service_rpc_port events)"
: > "$INSTANCES_FILE"
for service in "${SERVICES[@]}"; do
  for k in $(seq 1 "$INSTANCES"); do
    name="$(instance_name "$service" "$k")" port="$(instance_port "$service" "$k")"
    echo "$service $name $port" >> "$INSTANCES_FILE"
    pid_alive "$RUN_DIR/$name.pid" && continue
    # The RPC port is listened on only over TCP, where there is one instance.
    PORT="$port" RPC_PORT="$(service_rpc_port "$service")" \
      nohup node "dist/services/$service/src/main.js" >> "$LOG_DIR/$name.log" 2>&1 &
    echo $! > "$RUN_DIR/$name.pid"
  done
done

while read -r _ name port; do
  url="http://127.0.0.1:$port"
  if ! wait_for "$name ($url)" 90 curl -fsS "$url/health/ready"; then
    tail -n 5 "$LOG_DIR/$name.log" >&2 || true
    die "$name did not become ready; see logs/$name.log"
  fi
done < "$INSTANCES_FILE"

printf '\nEventFlow is running (internal transport: %s):\n' "${TRANSPORT:-tcp}"
while read -r _ name port; do printf '  %-16s http://localhost:%s\n' "$name" "$port"; done < "$INSTANCES_FILE"
cat <<MSG
Development keys (organizer, analyst, admin): $ENV_FILE
Logs: scripts/logs.sh   Status: scripts/status.sh   Stop: scripts/stop.sh
MSG
