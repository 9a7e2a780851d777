#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 for the PostgreSQL tests and prints its connection string.
# Usage: eval "$(scripts/start-test-postgres.sh)"   (exports LEADSCORING_TEST_POSTGRES)
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ]; then
  echo "echo 'PostgreSQL is not installed (apt-get install postgresql)' >&2"
  exit 0
fi
dir=${PGTEST_DIR:-/tmp/leadscoring-pgtest}
port=${PGTEST_PORT:-55432}
if ! su postgres -s /bin/sh -c "$bin/pg_ctl -D $dir status" >/dev/null 2>&1; then
  rm -rf "$dir"
  mkdir -p "$dir"
  chown postgres "$dir"
  su postgres -s /bin/sh -c "$bin/initdb -D $dir -A trust -U postgres --no-sync" >/dev/null
  su postgres -s /bin/sh -c "$bin/pg_ctl -D $dir -o '-c listen_addresses=127.0.0.1 -p $port -c fsync=off -k /tmp' -l $dir/log -w start" >/dev/null
fi
echo "export LEADSCORING_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres'"
