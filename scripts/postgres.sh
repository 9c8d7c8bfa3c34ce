#!/usr/bin/env bash
# A throwaway PostgreSQL primary and a streaming replica of it, for the tests and benches.
#   eval "$(bash scripts/postgres.sh start)"   # start both, export the URLs the tests read
#   bash scripts/postgres.sh stop              # stop both and delete their folders
# Needs PostgreSQL's server binaries (Debian: apt-get install postgresql-15); run as root, the
# servers run as the `postgres` user (as any other user, they run as that user).
# Settings: VERBATIM_PG_DIR (folder, default /tmp/verbatim-pg), VERBATIM_PG_PORT (primary's
# port, default 55432; the replica listens on the next one), VERBATIM_PG_BIN.
set -euo pipefail
dir="${VERBATIM_PG_DIR:-/tmp/verbatim-pg}"
port="${VERBATIM_PG_PORT:-55432}"
replica_port=$((port + 1))
bin="${VERBATIM_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"

as_owner() {
  # The server refuses to run as root; any other user runs it as itself.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

server_options() {
  # Durability is traded for speed: the data is thrown away after the run.
  echo "-p $1 -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
-c full_page_writes=off -c max_connections=200"
}

start() {
  if [ ! -x "$bin/initdb" ]; then
    echo "no PostgreSQL server binaries under '$bin' (set VERBATIM_PG_BIN)" >&2
    exit 1
  fi
  stop_servers
  rm -rf "$dir"
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
  as_owner "$bin/initdb" -D "$dir/primary" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
  as_owner "$bin/pg_ctl" -D "$dir/primary" -o "$(server_options "$port")" -l "$dir/primary.log" -w start >/dev/null
  as_owner "$bin/pg_basebackup" -h 127.0.0.1 -p "$port" -U postgres -D "$dir/replica" -R >/dev/null
  as_owner "$bin/pg_ctl" -D "$dir/replica" -o "$(server_options "$replica_port")" -l "$dir/replica.log" -w start >/dev/null
  echo "export VERBATIM_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
  echo "export VERBATIM_TEST_POSTGRES_REPLICA_URL=postgresql+psycopg://postgres@127.0.0.1:$replica_port/postgres"
}

stop_servers() {
  for server in replica primary; do
    if [ -f "$dir/$server/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/$server" -m fast -w stop >/dev/null || true
    fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop_servers && rm -rf "$dir" ;;
  *) echo "usage: $0 start|stop" >&2 && exit 2 ;;
esac
