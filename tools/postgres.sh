#!/usr/bin/env bash
# Installs (if missing) and starts Debian's PostgreSQL on loopback, then creates the role and database the tests and a local
# PostgreSQL-backed host use. Idempotent. Prints the connection string on its last line; `source tools/postgres.sh` also
# exports it as MONOLITH_TEST_POSTGRES (the variable the PostgreSQL tests read; without it they are reported as skipped).
set -euo pipefail
PG_ROLE="${PG_ROLE:-monolith}"
PG_PASSWORD="${PG_PASSWORD:-monolith}"
PG_DATABASE="${PG_DATABASE:-monolith_test}"
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; else SUDO=; fi
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
# Debian installs one major version (15 on bookworm); take whichever cluster exists.
read -r PG_VERSION PG_CLUSTER PG_PORT _ < <(pg_lsclusters --no-header | head -n 1)
if [ -z "${PG_VERSION:-}" ]; then
  PG_VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  $SUDO pg_createcluster "$PG_VERSION" main >/dev/null
  read -r PG_VERSION PG_CLUSTER PG_PORT _ < <(pg_lsclusters --no-header | head -n 1)
fi
# Durability settings stay Debian's defaults (the benchmark measures a real commit); only loopback and connection count are set.
$SUDO pg_conftool "$PG_VERSION" "$PG_CLUSTER" set listen_addresses 'localhost' >/dev/null
$SUDO pg_conftool "$PG_VERSION" "$PG_CLUSTER" set max_connections 300 >/dev/null
if ! pg_lsclusters --no-header | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $4}' | grep -q online; then
  $SUDO pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
fi
if [ -n "$SUDO" ]; then AS_POSTGRES=(sudo -u postgres); else AS_POSTGRES=(runuser -u postgres --); fi
psql_admin() { (cd / && "${AS_POSTGRES[@]}" psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -qtA "$@"); }
if [ "$(psql_admin -c 'SHOW max_connections')" != "300" ]; then
  $SUDO pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_ROLE'")" != "1" ]; then
  psql_admin -c "CREATE ROLE \"$PG_ROLE\" LOGIN PASSWORD '$PG_PASSWORD'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE \"$PG_DATABASE\" OWNER \"$PG_ROLE\""
fi
export MONOLITH_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=$PG_ROLE;Password=$PG_PASSWORD;Database=$PG_DATABASE"
echo "$MONOLITH_TEST_POSTGRES"
