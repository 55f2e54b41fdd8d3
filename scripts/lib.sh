# Shared by the scripts in this folder. Source it from the project root.
# shellcheck shell=bash

ROOT="$(pwd)"
TOOLS_BIN="$ROOT/.tools/bin"
RUN_DIR="$ROOT/.run"
LOG_DIR="$ROOT/logs"
DATA_DIR="$ROOT/data"
ENV_FILE="$ROOT/.env.local"
FERRETDB_VERSION="v1.24.2"
# Project ports for the embedded stores, away from the standard ones a machine may already use.
EMBEDDED_MONGO_PORT="${EMBEDDED_MONGO_PORT:-27027}"
EMBEDDED_REDIS_PORT="${EMBEDDED_REDIS_PORT:-6390}"
EMBEDDED_POSTGRES_PORT="${EMBEDDED_POSTGRES_PORT:-55433}"
# FerretDB's storage: sqlite (default, nothing else to install) or postgresql (faster; uses
# FERRETDB_POSTGRESQL_URL, or a private PostgreSQL from Debian's packages under ./data/postgres).
FERRETDB_BACKEND="${FERRETDB_BACKEND:-sqlite}"
# SQLite's WAL with synchronous=NORMAL: a commit survives any process crash (FerretDB's or ours);
# a power cut or kernel crash may lose the last commits, as MongoDB's default write concern and
# Redis's appendfsync everysec may. FULL syncs the WAL on every commit (about 35 % fewer sagas/s).
FERRETDB_SQLITE_SYNC="${FERRETDB_SQLITE_SYNC:-NORMAL}"
EMBEDDED_NATS_PORT="${EMBEDDED_NATS_PORT:-4230}"
SERVICES=(users events reservations)
# Instances of each service `npm start` runs (more than one needs TRANSPORT=nats: over TCP a client
# reaches one instance per RPC address). Instance k of a service listens on its HTTP port + 3·(k−1):
# users 3001, 3004, …; events 3002, 3005, …; reservations 3003, 3006, …
INSTANCES="${INSTANCES:-1}"
# What start.sh started, one line per instance: `<service> <instance name> <HTTP port>` (status.sh, logs.sh).
INSTANCES_FILE="$RUN_DIR/instances"

log() { printf '\033[1m[eventflow]\033[0m %s\n' "$*"; }
die() { printf '[eventflow] error: %s\n' "$*" >&2; exit 1; }

# `npm ci`, exactly as locked: the lock lists every platform's optional packages, as npm writes it.
install_locked_dependencies() {
  npm ci --no-audit --no-fund >/dev/null || die "npm ci failed (is package-lock.json in sync with package.json?)"
}

ensure_node_modules() {
  # A git worktree that borrows another checkout's node_modules through a symlink must not reinstall.
  [ -L node_modules ] && return 0
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm dependencies"
    install_locked_dependencies
  fi
}

find_go() {
  if command -v go >/dev/null 2>&1; then command -v go; elif [ -x /usr/local/go/bin/go ]; then echo /usr/local/go/bin/go; fi
}

# The fixes applied to FerretDB's source (see fix_ferretdb_source); a binary built without them is rebuilt.
FERRETDB_FIXES="sqlite-id-index sqlite-write-queue"
ferretdb_works() {
  [ -x "$TOOLS_BIN/ferretdb" ] && "$TOOLS_BIN/ferretdb" --version >/dev/null 2>&1 \
    && [ "$(cat "$TOOLS_BIN/ferretdb.fixes" 2>/dev/null)" = "$FERRETDB_FIXES" ]
}

# Two fixes to FerretDB v1.24.2's SQLite backend, each checked against the expected source:
# - sqlite-id-index: it looked documents up with `_ferretdb_sjson->'$._id'` while its unique _id
#   index is on `_ferretdb_sjson->"_id"`; SQLite matches index expressions by their form, so every
#   `_id` find, update and delete scanned the whole table, parsing each row's JSON. The query now
#   uses the index's form (same value).
# - sqlite-write-queue: concurrent write transactions on one database file waited for SQLite's
#   lock in its busy handler, which sleeps 1, 2, 5 ... 100 ms between tries: CPU idle, latency
#   high. A mutex per database now queues them in the process, handing over at once.
fix_ferretdb_source() { # source dir
  local metadata="$1/internal/backends/sqlite/metadata/metadata.go" db="$1/internal/util/fsql/db.go"
  grep -q "IDColumn = DefaultColumn + \"->'\$._id'\"" "$metadata" || die "FerretDB's source is not the expected $FERRETDB_VERSION ($metadata)"
  sed -i "s|IDColumn = DefaultColumn + \"->'\$._id'\"|IDColumn = DefaultColumn + \"->'_id'\"|" "$metadata"
  grep -q '^func (db \*DB) InTransaction(ctx context.Context, f func(\*Tx) error) (err error) {$' "$db" && grep -q '^	sqlDB     \*sql.DB$' "$db" \
    || die "FerretDB's source is not the expected $FERRETDB_VERSION ($db)"
  sed -i -e 's|^	sqlDB     \*sql.DB$|	sqlDB     *sql.DB\n	writeMu   sync.Mutex // one write transaction at a time (see scripts/lib.sh)|' \
    -e 's|^func (db \*DB) InTransaction(ctx context.Context, f func(\*Tx) error) (err error) {$|&\n	db.writeMu.Lock()\n	defer db.writeMu.Unlock()\n|' \
    -e '0,/^import (/s//import (\n	"sync"/' "$db"
}

# FerretDB $FERRETDB_VERSION: its module source from the Go module proxy (what `go install
# github.com/FerretDB/FerretDB/cmd/ferretdb@$FERRETDB_VERSION` builds), with the fix above and
# build/version/version.txt written (a plain module build panics at start without it; FerretDB's
# own `task gen-version` writes it).
ensure_ferretdb() {
  ferretdb_works && return 0
  local go; go="$(find_go)"
  [ -n "$go" ] || die "FerretDB is missing and Go is not installed. Install Go (https://go.dev/dl) and run: scripts/install-tools.sh"
  mkdir -p "$TOOLS_BIN"
  log "building FerretDB $FERRETDB_VERSION into .tools/bin (one time, a few minutes)"
  local src build
  src="$("$go" mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -d "$src" ] || die "could not download FerretDB $FERRETDB_VERSION through the Go module proxy"
  build="$(mktemp -d)"
  cp -r "$src/." "$build/" && chmod -R u+w "$build"
  echo "$FERRETDB_VERSION" > "$build/build/version/version.txt"
  fix_ferretdb_source "$build"
  (cd "$build" && "$go" build -trimpath -o "$TOOLS_BIN/ferretdb" ./cmd/ferretdb) || die "building FerretDB failed"
  rm -rf "$build"
  echo "$FERRETDB_FIXES" > "$TOOLS_BIN/ferretdb.fixes"
  ferretdb_works || die "FerretDB was built but does not run"
}

ensure_redis_server() {
  command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    log "installing redis-server (apt-get)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    # The package may start a system Redis on 6379; we never use it.
  else
    die "redis-server is missing. Install it with: sudo apt-get install redis-server"
  fi
}

# Debian's nats-server, for TRANSPORT=nats (the internal transport of several instances).
ensure_nats_server() {
  command -v nats-server >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    log "installing nats-server (apt-get) for TRANSPORT=nats"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server >/dev/null
  else
    die "nats-server is missing. Install it with: sudo apt-get install nats-server (or set NATS_URL)"
  fi
}

postgres_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

ensure_postgres_server() {
  [ -n "$(postgres_bin)" ] && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    log "installing postgresql (apt-get) for FERRETDB_BACKEND=postgresql"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    die "PostgreSQL is missing. Install it with: sudo apt-get install postgresql (or set FERRETDB_POSTGRESQL_URL)"
  fi
}

# A private PostgreSQL for FerretDB: its own cluster under ./data/postgres, on a project port,
# never the machine's own server. Prints the URL FerretDB should use.
start_private_postgres() {
  local bin dir="$DATA_DIR/postgres" run_as=()
  ensure_postgres_server
  bin="$(postgres_bin)"
  # PostgreSQL refuses to run as root: run it as the postgres user when we are root.
  if [ "$(id -u)" = "0" ]; then run_as=(runuser -u postgres --); mkdir -p "$dir"; chown postgres "$dir"; fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    "${run_as[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust >/dev/null
  fi
  if ! "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" \
      -o "-p $EMBEDDED_POSTGRES_PORT -k $dir -c listen_addresses=127.0.0.1" start >/dev/null
  fi
  wait_for "PostgreSQL (127.0.0.1:$EMBEDDED_POSTGRES_PORT)" 30 "$bin/pg_isready" -h 127.0.0.1 -p "$EMBEDDED_POSTGRES_PORT" || die "PostgreSQL did not start; see $dir/postgres.log"
  "$bin/psql" -h 127.0.0.1 -p "$EMBEDDED_POSTGRES_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='ferretdb'" | grep -q 1 \
    || "$bin/createdb" -h 127.0.0.1 -p "$EMBEDDED_POSTGRES_PORT" -U postgres ferretdb
}

stop_private_postgres() {
  local bin dir="$DATA_DIR/postgres" run_as=()
  bin="$(postgres_bin)"
  [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ] || return 0
  if [ "$(id -u)" = "0" ]; then run_as=(runuser -u postgres --); fi
  "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" stop -m fast >/dev/null && log "stopped postgresql"
}

random_secret() { node -e "process.stdout.write(require('crypto').randomBytes(${1:-24}).toString('base64url'))"; }
random_key32() { node -e "process.stdout.write(require('crypto').randomBytes(32).toString('base64'))"; }

# Development secrets are generated once into a git-ignored file; none live in the source.
ensure_env_file() {
  if [ -f "$ENV_FILE" ]; then
    # Keys added since the file was generated: appended, so an existing .env.local keeps working.
    grep -q '^RPC_SECRETS=' "$ENV_FILE" || {
      log "adding RPC_SECRETS (the internal transport's signing secret) to .env.local"
      printf 'RPC_SECRETS=rpc-dev:%s\n' "$(random_secret 32)" >> "$ENV_FILE"
    }
    return 0
  fi
  log "generating development keys into .env.local (git-ignored)"
  umask 077
  cat > "$ENV_FILE" <<ENV
# Generated by scripts/start.sh for local development. Never commit this file.
ORGANIZER_KEYS=org-dev:$(random_secret)
ANALYST_KEYS=analyst-dev:$(random_secret)
ADMIN_KEYS=admin-dev:$(random_secret)
DOCUMENT_HASH_KEY=$(random_key32)
ENCRYPTION_KEYS=k1:$(random_key32)
RPC_SECRETS=rpc-dev:$(random_secret 32)
ENV
}

load_env_file() {
  if [ -f "$ENV_FILE" ]; then set -a; source "$ENV_FILE"; set +a; fi
}

# The first secret of the first id:secret[|secret…] entry.
first_secret() { local list="${1:-}"; list="${list%%,*}"; list="${list#*:}"; printf '%s' "${list%%|*}"; }

# What the load-test kit (run-k6.sh, bench.sh) talks to: the URLs and keys from the environment,
# else the local services and the first keys of each role in .env.local.
export_load_test_targets() {
  load_env_file
  export ORGANIZER_KEY="${ORGANIZER_KEY:-$(first_secret "${ORGANIZER_KEYS:-}")}"
  export ADMIN_KEY="${ADMIN_KEY:-$(first_secret "${ADMIN_KEYS:-}")}"
  export USERS_URL="${USERS_URL:-http://localhost:$(service_port users)}"
  export EVENTS_URL="${EVENTS_URL:-http://localhost:$(service_port events)}"
  export RESERVATIONS_URL="${RESERVATIONS_URL:-http://localhost:$(service_port reservations)}"
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_for() { # description, seconds, command...
  local what="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
  log "$what is up"
}

service_port() {
  case "$1" in users) echo "${USERS_PORT:-3001}";; events) echo "${EVENTS_PORT:-3002}";; reservations) echo "${RESERVATIONS_PORT:-3003}";; esac
}
# Instance 1 keeps the plain name (users.pid, logs/users.log); instance k is users-k.
instance_name() { if [ "$2" = 1 ]; then echo "$1"; else echo "$1-$2"; fi; }
instance_port() { echo $(( $(service_port "$1") + 3 * ($2 - 1) )); }
# Every instance start.sh recorded, as `service name port` lines; one instance of each by default.
recorded_instances() {
  if [ -f "$INSTANCES_FILE" ]; then cat "$INSTANCES_FILE"
  else for service in "${SERVICES[@]}"; do echo "$service $service $(service_port "$service")"; done; fi
}

service_rpc_port() {
  case "$1" in users) echo "${USERS_RPC_PORT:-4001}";; events) echo "${EVENTS_RPC_PORT:-4002}";; reservations) echo "${RESERVATIONS_RPC_PORT:-4003}";; esac
}

# vegeta $VEGETA_VERSION (MIT), the bench's load generator: an open model (a constant arrival rate,
# whatever the latency, so slow replies cannot hold the load back) and per-request results with
# timestamps. Built from the Go module proxy, like FerretDB; k6 is AGPL, so the project builds none.
VEGETA_VERSION="v12.13.0"
vegeta_works() { [ -x "$TOOLS_BIN/vegeta" ] && "$TOOLS_BIN/vegeta" -version 2>/dev/null | grep -qx "Version: $VEGETA_VERSION"; }

ensure_vegeta() {
  vegeta_works && return 0
  local go build; go="$(find_go)"
  [ -n "$go" ] || die "vegeta is missing and Go is not installed. Install Go (https://go.dev/dl) and run: scripts/install-tools.sh"
  mkdir -p "$TOOLS_BIN"
  log "building vegeta $VEGETA_VERSION into .tools/bin (one time, under a minute)"
  # Built aside and moved in whole: a concurrent caller never runs a half-written binary.
  build="$(mktemp -d)"
  GOBIN="$build" "$go" install -trimpath -ldflags "-X main.Version=$VEGETA_VERSION" "github.com/tsenart/vegeta/v12@$VEGETA_VERSION" \
    || die "building vegeta failed (is the Go module proxy reachable?)"
  go_binary_is_permissive "$go" "$build/vegeta" || die "vegeta $VEGETA_VERSION compiles in a GPL-family module (see above): not installed"
  mv "$build/vegeta" "$TOOLS_BIN/vegeta" && rm -rf "$build"
  vegeta_works || die "vegeta was built but does not run"
}

# Every module compiled into a Go binary must carry a licence file, and none a GPL-family one: the
# project ships nothing AGPL or GPL. Reads the header, not the body (MPL-2.0's text names the GPLs).
go_binary_is_permissive() { # go, binary
  local go="$1" modcache path version licence ok=0
  modcache="$("$go" env GOMODCACHE)"
  while read -r path version; do
    licence="$(find "$modcache/$(printf '%s' "$path" | sed 's/[A-Z]/!\L&/g')@$version" -maxdepth 1 \
      \( -iname 'licen[cs]e*' -o -iname 'copying*' \) 2>/dev/null | head -1)"
    if [ -z "$licence" ]; then log "$path $version: no licence file"; ok=1
    elif head -n 5 "$licence" | grep -qiE 'GNU (AFFERO |LESSER )?GENERAL PUBLIC'; then log "$path $version: $(head -n 1 "$licence")"; ok=1
    fi
  done < <("$go" version -m "$2" | awk '$1 == "dep" { print $2, $3 }')
  return "$ok"
}

# Debian's chromium (headless) for the test that opens the bench's HTML report through playwright-core.
# promtool (checks metrics, the Prometheus config and alert rules, and runs the rules' unit tests):
# taken out of Debian's prometheus package without installing it, so no Prometheus daemon is set
# up or started. One on PATH is used as it is.
promtool_path() {
  if [ -x "$TOOLS_BIN/promtool" ]; then echo "$TOOLS_BIN/promtool"; else command -v promtool 2>/dev/null || true; fi
}
ensure_promtool() {
  [ -n "$(promtool_path)" ] && return 0
  command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1 \
    || die "promtool is missing. Install Prometheus's promtool (Debian: the prometheus package) and put it on PATH"
  log "extracting promtool from Debian's prometheus package into .tools/bin (one time)"
  local work; work="$(mktemp -d)"
  if ! (cd "$work" && apt-get download prometheus >/dev/null 2>&1); then
    apt-get update -qq >/dev/null 2>&1 || true
    (cd "$work" && apt-get download prometheus >/dev/null) || die "could not download Debian's prometheus package"
  fi
  dpkg -x "$work"/prometheus_*.deb "$work/root" || die "could not unpack Debian's prometheus package"
  mkdir -p "$TOOLS_BIN"
  # Moved in whole: a concurrent caller never runs a half-written binary.
  mv "$work/root/usr/bin/promtool" "$TOOLS_BIN/promtool" && rm -rf "$work"
  "$TOOLS_BIN/promtool" --version >/dev/null 2>&1 || die "promtool was extracted but does not run"
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    log "installing chromium (apt-get) for the bench report's browser test"
    # Headless needs none of the desktop recommends; one small font so a screenshot shows text.
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  else
    die "chromium is missing. Install it with: sudo apt-get install chromium"
  fi
}
