#!/usr/bin/env bash
# Load test with Debian's `hey` (apt-get install hey), loopback only, every phase bounded in time.
#
#   scripts/load-test.sh                  # full run (~4 min): the figures of the issue
#   SHORT=1 scripts/load-test.sh          # CI: 10 s phases, smaller sweep
#   SOAK_MINUTES=30 scripts/load-test.sh  # also the soak (manual, not CI)
#   STORE=postgres scripts/load-test.sh   # the same on PostgreSQL (starts the test server: scripts/start-test-postgres.sh)
# Prints one line per figure with the hey command that produced it. Needs dotnet, curl, hey, python3, sqlite3 or psql.
source "$(dirname "$0")/_app.sh"

SHORT="${SHORT:-0}"
RATE="${RATE:-2000}"
DURATION="${DURATION:-$([[ ${SHORT} == 1 ]] && echo 10 || echo 60)}"
SWEEP="${SWEEP:-$([[ ${SHORT} == 1 ]] && echo "1000 2000" || echo "500 1000 1500 2000 3000 4000 6000")}"
PHASES="${PHASES:-1 2 3 4 6 7}"   # which numbered phases to run (the soak is SOAK_MINUTES)
# Rate limits stay on (defaults) in every phase; the sweep (2) above 5,000/s needs PREDICT_BUDGET raised, since it is
# one client. Phase 6 floods from one client while another measures its latency.
phase() { [[ " ${PHASES} " == *" $1 "* ]]; }
SOAK_MINUTES="${SOAK_MINUTES:-0}"
for tool in hey python3; do command -v "${tool}" >/dev/null || { echo "${tool} is required" >&2; exit 2; }; done
trap 'stop_app; drop_store' EXIT

LEAD='{"llm_quality":80,"llm_seniority":"Senior","llm_engagement":0.6,"llm_decision_maker":0.7,"llm_company_fit":1,"industry":"Software Development","companysize":"51-200","jobtitle":"Head of Sales","summary":"Building B2B sales teams.","skills":"Sales, SaaS"}'
FAILED=0

api_predictions() { store_sql 'SELECT COUNT(*) FROM predictions WHERE "BatchId" IS NULL;'; }

# Waits until the background writer has stored everything (the count stops moving for 2 s).
settle() {
  local last=-1 now
  for _ in $(seq 1 60); do
    now="$(api_predictions)"
    [[ "${now}" == "${last}" ]] && { echo "${now}"; return; }
    last="${now}"; sleep 2
  done
  echo "${now}"
}

# hey -o csv → "n ok non200 p50 p95 p99 max rps" (ms), from every request's own line.
summarize() {
  python3 - "$1" "$2" <<'PY'
import csv, sys
path, seconds = sys.argv[1], float(sys.argv[2])
times, ok = [], 0
with open(path) as f:
    r = csv.reader(f); next(r, None)
    for row in r:
        if len(row) < 7: continue
        times.append(float(row[0]) * 1000)
        ok += row[6] == "200"
times.sort()
q = lambda p: times[min(len(times) - 1, int(p * len(times)))] if times else float("nan")
print(f"{len(times)} {ok} {len(times) - ok} {q(.50):.2f} {q(.95):.2f} {q(.99):.2f} {times[-1] if times else 0:.2f} {len(times) / seconds:.0f}")
PY
}

# Fixed-rate /predict: hey with C workers each limited to RATE/C requests per second.
predict_at() {
  local rate="$1" seconds="$2" out="$3" workers=$(( $1 >= 1000 ? 50 : 10 ))
  local cmd="hey -z ${seconds}s -c ${workers} -q $(( rate / workers )) -m POST -T application/json -d '<lead>' -o csv ${BASE}/predict"
  hey -z "${seconds}s" -c "${workers}" -q "$(( rate / workers ))" -m POST -T application/json -d "${LEAD}" -o csv "${BASE}/predict" >"${out}" 2>/dev/null
  echo "${cmd}"
}

build_app
start_app
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), shared with other work; app: Release, $([[ ${STORE} == postgres ]] && echo "PostgreSQL (same machine)" || echo "SQLite WAL"), loopback"
# Warm-up (JIT, pools), not measured.
hey -z 5s -c 20 -q 50 -m POST -T application/json -d "${LEAD}" "${BASE}/predict" >/dev/null 2>&1
settle >/dev/null

if phase 1; then
# 1. /predict at a fixed rate: p99 <= 20 ms, 0 errors, exactly one stored prediction per 200.
before="$(api_predictions)"
cmd="$(predict_at "${RATE}" "${DURATION}" "${WORK}/fixed.csv")"
read -r n ok bad p50 p95 p99 max rps <<<"$(summarize "${WORK}/fixed.csv" "${DURATION}")"
stored=$(( $(settle) - before ))
verdict=$([[ "${bad}" == 0 && "${stored}" == "${ok}" ]] && python3 -c "import sys; sys.exit(0 if ${p99} <= 20 else 1)" && echo PASS || echo FAIL)
[[ "${verdict}" == PASS ]] || FAILED=1
echo "[1] /predict ${RATE}/s for ${DURATION}s: ${n} requests (${rps}/s achieved), ${ok} x 200, ${bad} other; p50 ${p50} ms, p95 ${p95} ms, p99 ${p99} ms, max ${max} ms; stored ${stored} for ${ok} OK -> ${verdict} (p99 <= 20 ms, 0 errors, stored == 200s)"
echo "    cmd: ${cmd}"

fi

if phase 2; then
# 2. Highest rate keeping p99 <= 50 ms (10 s per step; stops at the first failing step).
best=0
for r in ${SWEEP}; do
  predict_at "${r}" 10 "${WORK}/sweep.csv" >/dev/null
  read -r n ok bad p50 p95 p99 max rps <<<"$(summarize "${WORK}/sweep.csv" 10)"
  echo "    sweep ${r}/s: achieved ${rps}/s, p99 ${p99} ms, ${bad} non-200"
  # Every step runs (a shared machine makes single 10 s windows noisy); the figure is the highest step that passed.
  if [[ "${bad}" == 0 ]] && python3 -c "import sys; sys.exit(0 if ${p99} <= 50 and ${rps} >= 0.95 * ${r} else 1)"; then best="${r}"; fi
  settle >/dev/null
done
echo "[2] highest tested /predict rate with p99 <= 50 ms, 0 errors and >= 95 % of the rate achieved: ${best}/s (steps: ${SWEEP}; 10 s each; cmd: hey -z 10s -c 50 -q RATE/50 ...)"

fi

if phase 3; then
# 3. /predict/batch with 10,000 leads, 10 runs, one a second (10,000 leads/s: inside the per-client budget of 20,000): p95 <= 1 s; stored whole (writer: one transaction per request).
make_batch_json 10000 "${WORK}/batch.json"
before="$(api_predictions)"
hey -n 10 -c 1 -q 1 -m POST -T application/json -D "${WORK}/batch.json" -o csv "${BASE}/predict/batch" >"${WORK}/batch.csv" 2>/dev/null
read -r n ok bad p50 p95 p99 max rps <<<"$(summarize "${WORK}/batch.csv" 1)"
stored=$(( $(settle) - before ))
verdict=$([[ "${ok}" == 10 && "${stored}" == 100000 ]] && python3 -c "import sys; sys.exit(0 if ${p95} <= 1000 else 1)" && echo PASS || echo FAIL)
[[ "${verdict}" == PASS ]] || FAILED=1
echo "[3] /predict/batch 10,000 leads x 10: ${ok}/10 OK, p50 ${p50} ms, p95 ${p95} ms, max ${max} ms; stored ${stored} -> ${verdict} (p95 <= 1 s, 100,000 stored)"
echo "    cmd: hey -n 10 -c 1 -q 1 -m POST -T application/json -D batch-10000.json ${BASE}/predict/batch"

fi

if phase 4; then
# 4. Four concurrent 25k-row uploads while /predict runs at 500/s; an HTML page polled meanwhile.
make_csv 25000 "${WORK}/leads-25k.csv"
first_batch="$(store_sql 'SELECT COALESCE(MAX("Id"), 0) FROM batches;')"
hey -z 40s -c 10 -q 50 -m POST -T application/json -d "${LEAD}" -o csv "${BASE}/predict" >"${WORK}/bg.csv" 2>/dev/null &
bg=$!
sleep 2
pids=()
start=$(date +%s.%N)
for i in 1 2 3 4; do
  ( code="$(upload "${WORK}/leads-25k.csv" "${WORK}/up${i}.json")"; echo "${code}" >"${WORK}/up${i}.code" ) &
  pids+=($!)
done
page_max=0
while kill -0 "${pids[@]}" 2>/dev/null; do
  t="$(curl -s -o /dev/null -w '%{time_total}' "${BASE}/Account/Login" || echo 0)"
  page_max="$(python3 -c "print(max(${page_max}, ${t} * 1000))")"
  sleep 0.2
done
wait "${pids[@]}" 2>/dev/null || true
elapsed="$(python3 -c "print(round($(date +%s.%N) - ${start}, 1))")"
wait "${bg}" 2>/dev/null || true
read -r n ok bad p50 p95 p99 max rps <<<"$(summarize "${WORK}/bg.csv" 40)"
codes="$(cat "${WORK}"/up*.code | tr '\n' ' ')"
rows="$(store_sql "SELECT COUNT(*) FROM predictions WHERE \"BatchId\" > ${first_batch};")"
busy="$(cat "${WORK}"/up*.json | grep -c -i 'busy\|lock' || true)"
verdict=$([[ "${codes}" == "201 201 201 201 " && "${rows}" == 100000 && "${busy}" == 0 && "${bad}" == 0 ]] && echo PASS || echo FAIL)
[[ "${verdict}" == PASS ]] || FAILED=1
echo "[4] 4 x 25k-row uploads during /predict 500/s: statuses ${codes}in ${elapsed} s; ${rows} rows stored; ${busy} lock messages; /predict meanwhile p99 ${p99} ms, ${bad} non-200; sign-in page max ${page_max%.*} ms -> ${verdict}"
echo "    cmd: 4 x curl -F file=@leads-25k.csv ${BASE}/api/batches & hey -z 40s -c 10 -q 50 ... /predict"

fi

if phase 6; then
# 6. A flood from one client (no API key: its address's budget) held to RateLimits:PredictPerSecond, while another
#    client (the API key's own budget) at 200/s keeps its p99 <= 20 ms and is never limited.
budget="${PREDICT_BUDGET:-5000}"
hey -z "${DURATION}s" -c 64 -m POST -T application/json -d "${LEAD}" -o csv "${BASE}/predict" >"${WORK}/flood.csv" 2>/dev/null &
flood=$!
sleep 1
hey -z "$(( DURATION - 2 ))s" -c 4 -q 50 -m POST -T application/json -H "X-API-Key: ${API_KEY}" -d "${LEAD}" -o csv "${BASE}/predict" >"${WORK}/honest.csv" 2>/dev/null
wait "${flood}" 2>/dev/null || true
read -r fn fok fbad fp50 fp95 fp99 fmax frps <<<"$(summarize "${WORK}/flood.csv" "${DURATION}")"
read -r n ok bad p50 p95 p99 max rps <<<"$(summarize "${WORK}/honest.csv" "$(( DURATION - 2 ))")"
ok_rate=$(( fok / DURATION ))
verdict=$([[ "${bad}" == 0 ]] && python3 -c "import sys; sys.exit(0 if ${p99} <= 20 and ${ok_rate} <= 1.1 * ${budget} + ${budget} / ${DURATION} else 1)" && echo PASS || echo FAIL)
[[ "${verdict}" == PASS ]] || FAILED=1
echo "[6] flood: one client ${frps}/s offered, ${ok_rate}/s answered 200 (budget ${budget}/s), ${fbad} refused (429); other client at 200/s: p50 ${p50} ms, p99 ${p99} ms, ${bad} non-200 -> ${verdict} (flood held to its budget, other p99 <= 20 ms, never limited)"
echo "    cmd: hey -z ${DURATION}s -c 64 ... /predict & hey -z $(( DURATION - 2 ))s -c 4 -q 50 -H 'X-API-Key: ...' ... /predict"

fi

if phase 7; then
# 7. Shadow challenger: /predict at RATE with and without a challenger scoring every request off the request path.
#    The challenger is a copy of the champion registered as candidate v(max+1) and marked (the app loads it at start);
#    same model, so the extra work is exactly one more scoring per row. Pass: p99 <= 20 ms with the challenger too.
#    Both measured runs follow the same warm-up at the measured rate (10 s, discarded): the run with the challenger
#    starts on a freshly restarted app, and without this it was compared cold against a warm one (JIT tiering in the
#    first seconds doubled its 10 s p99 in CI).
warm_up() { predict_at "${RATE}" 10 "${WORK}/warm-up.csv" >/dev/null; settle >/dev/null; }
warm_up
cmd="$(predict_at "${RATE}" "${DURATION}" "${WORK}/no-shadow.csv")"
read -r n0 ok0 bad0 p500 p950 p990 max0 rps0 <<<"$(summarize "${WORK}/no-shadow.csv" "${DURATION}")"
settle >/dev/null
stop_app
cols='"CreatedAtUtc", "CreatedBy", "DecisionThreshold", "DriftReference", "ExplanationBackground", "FeatureColumnsJson", "MetricsJson", "Name", "OnnxModel", "Origin", "PerformanceReferenceJson", "PipelineStateJson", "ReferenceScores", "TrainingJson"'
store_sql "INSERT INTO model_versions (${cols}, \"Status\", \"Version\", \"ChallengerSinceUtc\") SELECT ${cols}, 0, (SELECT MAX(\"Version\") + 1 FROM model_versions), $(store_now) FROM model_versions WHERE \"Status\" = 1;"
start_app
warm_up; sleep 2 # the shadow worker stores the warm-up's scores too: let it finish before counting
shadow_before="$(store_sql "SELECT COUNT(*) FROM shadow_scores;")"
predict_at "${RATE}" "${DURATION}" "${WORK}/shadow.csv" >/dev/null
read -r n1 ok1 bad1 p501 p951 p991 max1 rps1 <<<"$(summarize "${WORK}/shadow.csv" "${DURATION}")"
settle >/dev/null; sleep 2
shadowed=$(( $(store_sql "SELECT COUNT(*) FROM shadow_scores;") - shadow_before ))
dropped="$(curl -s "${BASE}/metrics" | awk '/^leadscoring_shadow_dropped/ {s += $NF} END {printf "%d", s}')"
verdict=$([[ "${bad0}" == 0 && "${bad1}" == 0 ]] && python3 -c "import sys; sys.exit(0 if ${p991} <= 20 else 1)" && echo PASS || echo FAIL)
[[ "${verdict}" == PASS ]] || FAILED=1
echo "[7] /predict ${RATE}/s for ${DURATION}s without a challenger: p50 ${p500} ms, p95 ${p950} ms, p99 ${p990} ms, ${bad0} non-200; with a challenger in shadow: p50 ${p501} ms, p95 ${p951} ms, p99 ${p991} ms, ${bad1} non-200; ${shadowed} challenger scores stored for ${ok1} requests, ${dropped} dropped -> ${verdict} (p99 <= 20 ms with the challenger, 0 errors)"
echo "    cmd: ${cmd} (twice: before and after marking a challenger)"

fi

# 5. Soak (manual): /predict at 500/s plus a 25k-row upload every 5 min; RSS sampled each 30 s; WAL size at the end.
# The baseline is taken once every kind of work has run (2 min in, after the first upload) so that warm-up (JIT,
# pools, the GC's budgets after a first large batch) is not counted as growth. The GC's own figures come from /metrics.
if (( SOAK_MINUTES > 0 )); then
  rss() { awk '/VmRSS/ {print $2}' "/proc/${APP_PID}/status" 2>/dev/null || echo 0; }  # APP_PID is dotnet itself (exec)
  gc_heap_mb() { curl -s "${BASE}/metrics" | awk '/^dotnet_gc_last_collection_heap_size_bytes/ {s += $NF} END {printf "%.0f", s / 1048576}'; }
  [[ -f "${WORK}/leads-25k.csv" ]] || make_csv 25000 "${WORK}/leads-25k.csv"
  hey -z "${SOAK_MINUTES}m" -c 10 -q 50 -m POST -T application/json -d "${LEAD}" "${BASE}/predict" >"${WORK}/soak.txt" 2>&1 &
  soak=$!
  soak_start=${SECONDS}
  upload "${WORK}/leads-25k.csv" >/dev/null || true
  sleep $(( 120 - (SECONDS - soak_start) ))
  base_rss="$(rss)"; peak=0; last=0; wal_max=0
  echo "    soak baseline at 2 min: RSS $(( base_rss / 1024 )) MB, GC heap $(gc_heap_mb) MB"
  # Sample until hey stops; no upload in the last 2 minutes, so the end is not measured in the middle of one.
  while (( SECONDS - soak_start < SOAK_MINUTES * 60 - 15 )); do
    sleep 30
    elapsed=$(( SECONDS - soak_start ))
    last="$(rss)"; (( last > peak )) && peak="${last}"
    wal="$(stat -c %s "${DB}-wal" 2>/dev/null || echo 0)"; (( wal > wal_max )) && wal_max="${wal}"
    if (( elapsed % 300 < 30 && elapsed < SOAK_MINUTES * 60 - 120 )); then
      echo "    soak ${elapsed} s: RSS $(( last / 1024 )) MB, GC heap $(gc_heap_mb) MB (before upload)"
      upload "${WORK}/leads-25k.csv" >/dev/null || true
    fi
  done
  wait "${soak}" || true
  last="$(rss)"
  growth="$(python3 -c "print(round(100 * (${last} - ${base_rss}) / ${base_rss}, 1))")"
  verdict=$(python3 -c "import sys; sys.exit(0 if ${growth} <= 10 and ${wal_max} < 256*1024*1024 else 1)" && echo PASS || echo FAIL)
  [[ "${verdict}" == PASS ]] || FAILED=1
  echo "[5] soak ${SOAK_MINUTES} min at 500/s + a 25k-row upload every 5 min: RSS ${base_rss} kB at 2 min (after the first upload) -> ${last} kB at end (peak ${peak}); growth ${growth} %; GC heap $(gc_heap_mb) MB; WAL max $(( wal_max / 1024 / 1024 )) MB -> ${verdict} (<= 10 %, WAL checkpointed)"
  grep -E "Requests/sec|99% in|responses" "${WORK}/soak.txt" | sed 's/^/    /'
fi

stop_app
if [[ "${STORE}" == sqlite ]]; then
  wal_after="$(stat -c %s "${DB}-wal" 2>/dev/null || echo 0)"
  echo "after graceful stop: WAL file ${wal_after} bytes; integrity $(store_sql 'PRAGMA integrity_check;')"
fi
exit "${FAILED}"
