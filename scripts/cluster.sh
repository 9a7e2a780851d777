#!/usr/bin/env bash
# Several instances on loopback (issue 17): one PostgreSQL, a dashboard instance (Role=dashboard: pages + background
# jobs) and two scoring instances (Role=api: /predict only), then four checks, each printed PASS/FAIL:
#   [1] predictions sent to both api instances reach the dashboard's live pages within 2 s (LISTEN/NOTIFY)
#   [2] promote and rollback on the dashboard: both api instances serve the new champion within 5 s, no request fails
#   [3] SIGTERM to an api instance under load: every 200-acknowledged prediction is stored (queue drained)
#   [4] background jobs run on one instance only; a second dashboard takes over when the first stops
#
#   scripts/cluster.sh            # full run (~2 min)
#   SHORT=1 scripts/cluster.sh    # CI form (shorter load phases)
# Exits non-zero when a check fails. Stops every process it started (trap). Needs dotnet, curl, hey, psql, python3,
# and PostgreSQL's server binaries (scripts/start-test-postgres.sh starts a throwaway server on 127.0.0.1:55432).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHORT="${SHORT:-0}"
LOAD_SECONDS="${LOAD_SECONDS:-$([[ ${SHORT} == 1 ]] && echo 4 || echo 10)}"
# Ports the OS reports free (other scripts may run on this machine at the same time).
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
DASH="http://127.0.0.1:$(free_port)"
API1="http://127.0.0.1:$(free_port)"
API2="http://127.0.0.1:$(free_port)"
DASH2="http://127.0.0.1:$(free_port)"
WORK="$(mktemp -d /tmp/leadscoring-cluster.XXXXXX)"
APP_DLL="${REPO}/Dashboard/bin/Release/net10.0/LeadScoring.Dashboard.dll"
ADMIN_KEY="lsk_cluster-script-admin-key-$(date +%s)-0123456789"
LEAD='{"llm_quality":80,"llm_seniority":"Senior","llm_engagement":0.6,"jobtitle":"Head of Sales","industry":"Software Development"}'
for tool in curl hey psql python3; do command -v "${tool}" >/dev/null || { echo "${tool} is required" >&2; exit 2; }; done

declare -A PIDS=()
FAILED=0
DATABASE="leadscoring_cluster_$(date +%s)_$$"

cleanup() {
  for name in "${!PIDS[@]}"; do
    kill -TERM "${PIDS[$name]}" 2>/dev/null || true
  done
  for name in "${!PIDS[@]}"; do
    wait "${PIDS[$name]}" 2>/dev/null || true
  done
  [[ -n "${SERVER:-}" ]] && psql "${SERVER_URI}" -qc "DROP DATABASE IF EXISTS \"${DATABASE}\" WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

verdict() { # name, condition-exit-status, detail
  if [[ "$2" == 0 ]]; then echo "PASS [$1] $3"; else echo "FAIL [$1] $3"; FAILED=1; fi
}

# --- PostgreSQL: the test server, a fresh database ---
eval "$("${REPO}/scripts/start-test-postgres.sh")"
SERVER="${LEADSCORING_TEST_POSTGRES:?PostgreSQL is not available (install postgresql)}"
SERVER_URI="postgresql://postgres@127.0.0.1:$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"${SERVER}")/postgres"
STORE_URI="${SERVER_URI%/postgres}/${DATABASE}"
psql "${SERVER_URI}" -qc "CREATE DATABASE \"${DATABASE}\"" >/dev/null
STORE="${SERVER/Database=postgres/Database=${DATABASE}}"
sql() { psql "${STORE_URI}" -tAqc "$1"; }

echo "building Release..." >&2
dotnet build "${REPO}/Dashboard" -c Release -v q -nologo >/dev/null

start() { # name, role, url
  (cd "${REPO}/Dashboard" && exec env ASPNETCORE_ENVIRONMENT=Production Role="$2" \
      Storage__Provider=Postgres Storage__ConnectionString="${STORE}" \
      Security__InitialAdminPassword="cluster-admin-pw-4821" Security__BootstrapApiKey="${ADMIN_KEY}" \
      DemoData__SeedBatches=false DemoData__SeedOutcomes=false Logging__LogLevel__Default=Warning \
      Logging__LogLevel__LeadScoring=Information Cluster__LeaderCheckSeconds=1 Telemetry__InstanceId="$1" \
      RateLimits__PredictPerSecond=20000 dotnet "${APP_DLL}" --urls "$3" >>"${WORK}/$1.log" 2>&1) &
  PIDS[$1]=$!
}

wait_healthy() { # name, url
  for _ in $(seq 1 900); do
    # Ours only: the process must still be running once /health answers (not another program on the port).
    curl -fsS -o /dev/null "$2/health" 2>/dev/null && kill -0 "${PIDS[$1]}" 2>/dev/null && return 0
    if ! kill -0 "${PIDS[$1]}" 2>/dev/null; then echo "$1 exited during start-up:" >&2; tail -20 "${WORK}/$1.log" >&2; return 1; fi
    sleep 0.2
  done
  echo "$1 did not answer /health within 180 s" >&2; return 1
}

stop() { # name: SIGTERM, the graceful stop
  kill -TERM "${PIDS[$1]}" 2>/dev/null || true
  wait "${PIDS[$1]}" 2>/dev/null || true
  unset "PIDS[$1]"
}

metric() { # url, metric name → value (0 when absent)
  curl -fsS "$1/metrics" 2>/dev/null | awk -v m="$2" '$1 ~ "^"m"({|$)" { v = $2 } END { print (v == "" ? 0 : v) }'
}

served_version() { curl -fsS -X POST -H 'Content-Type: application/json' -d "${LEAD}" "$1/predict" | grep -oE '"model_version":"[^"]*"' | cut -d'"' -f4; }

api_predictions() { sql 'SELECT COUNT(*) FROM predictions WHERE "BatchId" IS NULL'; }

settle() { # until the stored count stops moving for 1 s
  local last=-1 now
  for _ in $(seq 1 30); do now="$(api_predictions)"; [[ "${now}" == "${last}" ]] && break; last="${now}"; sleep 1; done
}

# hey -o csv → "requests ok other"
count_ok() { python3 - "$1" <<'PY'
import csv, sys
n = ok = 0
with open(sys.argv[1]) as f:
    r = csv.reader(f); next(r, None)
    for row in r:
        if len(row) < 7: continue
        n += 1; ok += row[6] == "200"
print(n, ok, n - ok)
PY
}

# --- the topology: the dashboard migrates and trains v1 once, then the api instances join ---
start dashboard dashboard "${DASH}"
wait_healthy dashboard "${DASH}"
start api1 api "${API1}"
start api2 api "${API2}"
wait_healthy api1 "${API1}"
wait_healthy api2 "${API2}"
echo "topology: dashboard ${DASH} (Role=dashboard), api1 ${API1}, api2 ${API2} (Role=api), PostgreSQL database ${DATABASE}; logs in ${WORK}"

# [1] a prediction on each api instance reaches the dashboard (its live pages' notifier) within 2 s
for api in "${API1}" "${API2}"; do
  before="$(metric "${DASH}" leadscoring_cluster_peer_changes_total)"
  start_ns=$(date +%s%N)
  curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' -d "${LEAD}" "${api}/predict"
  heard=""
  while (( $(date +%s%N) - start_ns < 5000000000 )); do
    now="$(metric "${DASH}" leadscoring_cluster_peer_changes_total)"
    if awk -v a="${now}" -v b="${before}" 'BEGIN { exit !(a + 0 > b + 0) }'; then heard=$(( ($(date +%s%N) - start_ns) / 1000000 )); break; fi
    sleep 0.02
  done
  listening="$(metric "${DASH}" leadscoring_cluster_listening)"
  ok=1; [[ -n "${heard}" && "${heard}" -le 2000 ]] && ok=0
  verdict "1 live" "${ok}" "prediction on ${api} reached the dashboard's live pages after ${heard:-more than 5000} ms (limit 2000; dashboard listening=${listening})"
done

# [2] promote v2 (a copy of v1's model registered as a candidate) and roll back, under load on both api instances
sql "INSERT INTO model_versions SELECT (jsonb_populate_record(NULL::model_versions, to_jsonb(m) || jsonb_build_object('Id', (SELECT MAX(\"Id\") + 1 FROM model_versions), 'Version', 2, 'Status', 0, 'PromotedAtUtc', NULL, 'ChallengerSinceUtc', NULL, 'Name', 'v1 copy (cluster.sh)'))).* FROM model_versions m WHERE \"Version\" = 1" >/dev/null
sql "SELECT setval(pg_get_serial_sequence('model_versions', 'Id'), (SELECT MAX(\"Id\") FROM model_versions))" >/dev/null
V2_ID="$(sql 'SELECT "Id" FROM model_versions WHERE "Version" = 2')"
swap_seconds=$(( LOAD_SECONDS * 2 + 8 ))
hey -z "${swap_seconds}s" -c 8 -q 50 -m POST -T application/json -d "${LEAD}" -o csv "${API1}/predict" >"${WORK}/swap1.csv" 2>/dev/null &
HEY1=$!
hey -z "${swap_seconds}s" -c 8 -q 50 -m POST -T application/json -d "${LEAD}" -o csv "${API2}/predict" >"${WORK}/swap2.csv" 2>/dev/null &
HEY2=$!
sleep 1
swap() { # label, expected version, curl args...
  local label="$1" expected="$2"; shift 2
  local code start_ns took1="" took2="" answered
  start_ns=$(date +%s%N)
  code="$(curl -sS -o "${WORK}/${label}.json" -w '%{http_code}' -X POST -H "X-API-Key: ${ADMIN_KEY}" -H 'Content-Type: application/json' "$@")"
  # The clock starts when the change is committed (the answer): gathering the promotion's evidence is not propagation.
  answered=$(( ($(date +%s%N) - start_ns) / 1000000 ))
  start_ns=$(date +%s%N)
  while (( $(date +%s%N) - start_ns < 8000000000 )) && [[ -z "${took1}" || -z "${took2}" ]]; do
    [[ -z "${took1}" && "$(served_version "${API1}")" == "${expected}" ]] && took1=$(( ($(date +%s%N) - start_ns) / 1000000 ))
    [[ -z "${took2}" && "$(served_version "${API2}")" == "${expected}" ]] && took2=$(( ($(date +%s%N) - start_ns) / 1000000 ))
    sleep 0.05
  done
  local ok=1; [[ "${code}" == 200 && -n "${took1}" && -n "${took2}" && "${took1}" -le 5000 && "${took2}" -le 5000 ]] && ok=0
  verdict "2 ${label}" "${ok}" "${label} on the dashboard answered ${code} in ${answered} ms; then api1 served ${expected} after ${took1:-more than 8000} ms, api2 after ${took2:-more than 8000} ms (limit 5000)"
}
swap promote v2 -d '{"reason":"cluster.sh check","override_reason":"a copy of v1, for the swap check"}' "${DASH}/api/models/${V2_ID}/promote"
sleep "${LOAD_SECONDS}"
swap rollback v1 -d '{"reason":"cluster.sh check"}' "${DASH}/api/models/rollback"
wait "${HEY1}" "${HEY2}" || true
read -r n1 ok1 bad1 <<<"$(count_ok "${WORK}/swap1.csv")"
read -r n2 ok2 bad2 <<<"$(count_ok "${WORK}/swap2.csv")"
ok=1; [[ "${bad1}" == 0 && "${bad2}" == 0 && "${n1}" -gt 0 && "${n2}" -gt 0 ]] && ok=0
verdict "2 no failures" "${ok}" "during both swaps: api1 ${n1} requests (${bad1} not 200), api2 ${n2} requests (${bad2} not 200)"

# [3] SIGTERM to api2 under load: every 200 it answered is stored
settle
before="$(api_predictions)"
hey -z "$(( LOAD_SECONDS + 4 ))s" -c 16 -m POST -T application/json -d "${LEAD}" -o csv "${API2}/predict" >"${WORK}/drain.csv" 2>/dev/null &
HEY3=$!
sleep "$(( LOAD_SECONDS / 2 + 1 ))"
stop api2
wait "${HEY3}" || true
stored=$(( $(api_predictions) - before ))
read -r n ok_count other <<<"$(count_ok "${WORK}/drain.csv")"
ok=1; [[ "${ok_count}" -gt 0 && "${stored}" == "${ok_count}" ]] && ok=0
verdict "3 drain" "${ok}" "api2 stopped with SIGTERM under load: ${ok_count} predictions acknowledged with 200 (${other} refused after the stop), ${stored} stored"

# [4] jobs on one instance: api instances never lead; a second dashboard stands by and takes over when the first stops
start dashboard2 dashboard "${DASH2}"
wait_healthy dashboard2 "${DASH2}"
sleep 3
leaders="$(metric "${DASH}" leadscoring_cluster_leader) $(metric "${DASH2}" leadscoring_cluster_leader) $(metric "${API1}" leadscoring_cluster_leader)"
locks="$(sql "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")"
ok=1; [[ "${leaders}" == "1 0 0" && "${locks}" == 1 ]] && ok=0
verdict "4 once" "${ok}" "leader gauge dashboard/dashboard2/api1 = ${leaders// //} (want 1/0/0), advisory locks held: ${locks}"
start_ns=$(date +%s%N)
kill -TERM "${PIDS[dashboard]}"
took=""
while (( $(date +%s%N) - start_ns < 10000000000 )); do
  [[ "$(metric "${DASH2}" leadscoring_cluster_leader)" == 1 ]] && { took=$(( ($(date +%s%N) - start_ns) / 1000000 )); break; }
  sleep 0.1
done
stop dashboard
ok=1; [[ -n "${took}" && "${took}" -le 5000 ]] && ok=0
verdict "4 takeover" "${ok}" "after the leading dashboard stopped, dashboard2 ran the jobs after ${took:-more than 10000} ms (limit 5000)"

if [[ "${FAILED}" == 0 ]]; then echo "cluster: all checks passed"; else echo "cluster: a check FAILED (logs in ${WORK})"; fi
exit "${FAILED}"
