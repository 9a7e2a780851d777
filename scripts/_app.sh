# Shared helpers for the reliability scripts (sourced, not run). Starts the built dashboard (Release) on loopback
# against a throwaway store and stops it; nothing here listens beyond 127.0.0.1.
# STORE=sqlite (default): a SQLite file in WORK. STORE=postgres: a fresh database on the test server that
# scripts/start-test-postgres.sh starts (port PGTEST_PORT, default 55432), dropped when the script ends.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${PORT:-5090}"
BASE="http://127.0.0.1:${PORT}"
WORK="${WORK:-$(mktemp -d /tmp/leadscoring-rel.XXXXXX)}"
DB="${WORK}/leadscoring.db"
API_KEY="${API_KEY:-lsk_reliability-script-key-$(date +%s)-0123456789}"
APP_DLL="${REPO}/Dashboard/bin/Release/net10.0/LeadScoring.Dashboard.dll"
APP_PID=""
STORE="${STORE:-sqlite}"

case "${STORE}" in
  sqlite)
    command -v sqlite3 >/dev/null || { echo "sqlite3 is required (apt-get install sqlite3)" >&2; exit 2; }
    STORE_PROVIDER=Sqlite; STORE_CONNECTION="Data Source=${DB}" ;;
  postgres)
    command -v psql >/dev/null || { echo "psql is required (apt-get install postgresql)" >&2; exit 2; }
    eval "$("${REPO}/scripts/start-test-postgres.sh")"
    PG_DB="leadscoring_rel_$(date +%s)_$$"
    PSQL=(psql -X -q -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "${PGTEST_PORT:-55432}" -U postgres)
    "${PSQL[@]}" -d postgres -c "CREATE DATABASE ${PG_DB};"
    STORE_PROVIDER=Postgres; STORE_CONNECTION="${LEADSCORING_TEST_POSTGRES/Database=postgres/Database=${PG_DB}}" ;;
  *) echo "STORE must be sqlite or postgres" >&2; exit 2 ;;
esac

# One SQL statement against the store, rows as a|b|c lines (sqlite3's and psql -tA's shared format). Portable SQL:
# quoted "CamelCase" columns, CASE instead of boolean sums.
store_sql() {
  if [[ "${STORE}" == postgres ]]; then "${PSQL[@]}" -d "${PG_DB}" -c "$1"; else sqlite3 "${DB}" "$1"; fi
}

# The SQL for "now" as the store keeps UTC timestamps.
store_now() { [[ "${STORE}" == postgres ]] && echo "now()" || echo "strftime('%Y-%m-%d %H:%M:%f', 'now')"; }

# PostgreSQL: drops the script's database (call from the EXIT trap, after the app stopped).
drop_store() {
  if [[ "${STORE}" == postgres ]]; then
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE);" || true
  fi
}

build_app() {
  echo "building Release..." >&2
  dotnet build "${REPO}/Dashboard" -c Release -v q -nologo >/dev/null
}

# Starts the app; waits until /health answers. Env: the store, a bootstrap API key, a configured admin password.
start_app() {
  local log="${WORK}/app.log"
  (cd "${REPO}/Dashboard" && exec env ASPNETCORE_ENVIRONMENT=Production \
      Storage__Provider="${STORE_PROVIDER}" Storage__ConnectionString="${STORE_CONNECTION}" \
      Security__InitialAdminPassword="reliability-admin-pw-4821" Security__BootstrapApiKey="${API_KEY}" \
      DemoData__SeedBatches=false Logging__LogLevel__Default=Warning \
      Uploads__MaxConcurrentPerUser=4 RateLimits__PredictPerSecond="${PREDICT_BUDGET:-5000}" \
      dotnet "${APP_DLL}" --urls "${BASE}" >>"${log}" 2>&1) &
  APP_PID=$!
  for _ in $(seq 1 600); do
    if curl -fsS -o /dev/null "${BASE}/health" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "${APP_PID}" 2>/dev/null; then
      echo "app exited during start-up; see ${log}" >&2
      tail -20 "${log}" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "app did not answer /health within 120 s" >&2
  return 1
}

# SIGKILL: no shutdown hooks, no flush.
kill_app() {
  if [[ -n "${APP_PID}" ]] && kill -0 "${APP_PID}" 2>/dev/null; then
    kill -KILL "${APP_PID}" 2>/dev/null || true
    wait "${APP_PID}" 2>/dev/null || true
  fi
  APP_PID=""
}

# SIGTERM: graceful stop (telemetry flushed, WAL checkpointed on close).
stop_app() {
  if [[ -n "${APP_PID}" ]] && kill -0 "${APP_PID}" 2>/dev/null; then
    kill -TERM "${APP_PID}" 2>/dev/null || true
    wait "${APP_PID}" 2>/dev/null || true
  fi
  APP_PID=""
}

# A raw CSV of exactly N data rows made of copies of the demo reference data (records, not lines: summaries hold
# quoted newlines, so python's csv module counts and cuts).
make_csv() {
  python3 - "${REPO}/data/reference_leads.csv" "$1" "$2" <<'PY'
import csv, sys
src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(src, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
header, data = rows[0], rows[1:]
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(header)
    for i in range(n):
        w.writerow(data[i % len(data)])
PY
}

# A /predict/batch body with N leads (varied quality so scores differ).
make_batch_json() {
  local n="$1" out="$2"
  { printf '{"leads":['
    seq 1 "${n}" | awk '{ printf "%s{\"llm_quality\":%d,\"llm_engagement\":0.5,\"jobtitle\":\"Head of Sales\"}", (NR>1?",":""), $1 % 101 }'
    printf ']}'
  } >"${out}"
}

upload() {
  curl -sS -o "${2:-/dev/null}" -w '%{http_code}' -H "X-API-Key: ${API_KEY}" -F "file=@${1};type=text/csv" "${BASE}/api/batches"
}
