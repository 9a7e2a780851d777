#!/usr/bin/env bash
# Crash test: start the app, upload a 100k-row CSV and post a 10,000-lead /predict/batch, SIGKILL the process at a
# random moment, check the SQLite file (integrity_check) while the app is down, restart, then check that every batch
# has 0 or all of its rows, none is left running/pending, and API predictions come in whole 10,000-lead requests.
#
#   scripts/crash-test.sh                         # 20 kills (manual run, ~5-10 min on 2 cores)
#   KILLS=3 scripts/crash-test.sh                 # CI's short version
#   STORE=postgres KILLS=2 scripts/crash-test.sh  # the same on PostgreSQL (the test server; no file check: the server owns it)
# Needs: dotnet, curl, sqlite3 (apt-get install sqlite3) or psql. Loopback only (PORT, default 5090).
source "$(dirname "$0")/_app.sh"

KILLS="${KILLS:-20}"
MAX_DELAY_MS="${MAX_DELAY_MS:-4000}" # a 100k-row upload takes 2-4 s here (streamed): kills land before, during and after the commit
trap 'kill_app; drop_store' EXIT

build_app
CSV="${WORK}/leads-100k.csv"; make_csv 100000 "${CSV}"
JSON="${WORK}/batch-10000.json"; make_batch_json 10000 "${JSON}"
echo "work dir ${WORK}; CSV $(du -h "${CSV}" | cut -f1); ${KILLS} kills, random delay 0-${MAX_DELAY_MS} ms"

check_store() {
  # 1. file integrity, with the app down (WAL included); PostgreSQL: the server still answers
  local integrity
  if [[ "${STORE}" == postgres ]]; then integrity="$(store_sql "SELECT 'ok';")"; else integrity="$(store_sql 'PRAGMA integrity_check;')"; fi
  [[ "${integrity}" == "ok" ]] || { echo "integrity_check: ${integrity}"; return 1; }
  return 0
}

check_batches() {
  # 2. after restart (interrupted batches were marked failed): nothing running; rows 0 or all
  local bad
  bad="$(store_sql "
    SELECT 'batch ' || b.\"Id\" || ' status ' || b.\"Status\" || ' total ' || b.\"TotalRows\" || ' stored ' || b.\"StoredRows\" || ' rows ' || COUNT(p.\"Id\")
    FROM batches b LEFT JOIN predictions p ON p.\"BatchId\" = b.\"Id\"
    GROUP BY b.\"Id\"
    HAVING b.\"Status\" IN (0, 1)
        OR COUNT(p.\"Id\") <> b.\"StoredRows\"
        OR (COUNT(p.\"Id\") <> 0 AND COUNT(p.\"Id\") <> b.\"TotalRows\")
        OR (b.\"Status\" = 2 AND COUNT(p.\"Id\") <> b.\"TotalRows\");")"
  [[ -z "${bad}" ]] || { echo "bad batches: ${bad}"; return 1; }
  local api
  api="$(store_sql 'SELECT COUNT(*) FROM predictions WHERE "Source" = 0 AND "BatchId" IS NULL;')"
  (( api % 10000 == 0 )) || { echo "API predictions ${api}: a /predict/batch request was stored in part"; return 1; }
  return 0
}

passed=0
start_app
for i in $(seq 1 "${KILLS}"); do
  upload "${CSV}" >/dev/null 2>&1 &
  up=$!
  curl -sS -o /dev/null -H 'Content-Type: application/json' --data-binary "@${JSON}" "${BASE}/predict/batch" >/dev/null 2>&1 &
  pb=$!
  delay=$(( RANDOM % (MAX_DELAY_MS + 1) ))
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill_app
  wait "${up}" "${pb}" 2>/dev/null || true
  ok=1
  check_store || ok=0
  start_app || { echo "kill ${i}: restart failed"; exit 1; }
  check_batches || ok=0
  counts="$(store_sql "SELECT COUNT(*) || ' batches (' || SUM(CASE WHEN \"Status\" = 2 THEN 1 ELSE 0 END) || ' completed, ' || SUM(CASE WHEN \"Status\" = 4 THEN 1 ELSE 0 END) || ' failed), ' || (SELECT COUNT(*) FROM predictions) || ' predictions' FROM batches;")"
  if (( ok )); then passed=$((passed + 1)); fi
  echo "kill ${i}/${KILLS} after ${delay} ms: $([[ ${ok} == 1 ]] && echo PASS || echo FAIL) — ${counts}"
done
stop_app
echo "crash test: ${passed}/${KILLS} passed"
[[ "${passed}" == "${KILLS}" ]]
