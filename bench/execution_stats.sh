#!/usr/bin/env bash
# Execution statistics before and after a change, on one seeded database, each binary in
# turn (release builds): what bench/run.sh measures of them, and around them what they
# must not slow down. Where a binary has the execution index, the figures are taken once
# it is built (after the first statistic) and caught up (after the POSTs); how long that
# took is printed.
#
# For each binary given, on a fresh server over the same database: GET a project by id,
# a page of 50, POST projects (wrk; bench/post.lua), the execution statistics by country
# (kept answers), then the first answer after a write (median of 5, in ms) of the
# execution statistics by country, role and year, of the projects by country and by
# organisation, and of the execution statistics by country with a filter; the server's
# peak memory.
#
# Usage: bench/execution_stats.sh BIN [BIN ...]
# Env:   BENCH_DATA_DIR (SQLite, seeded already) or BENCH_DATABASE_URL (PostgreSQL, seeded
#        already), BENCH_DURATION=5s, BENCH_CONNECTIONS=32, BENCH_PORT=18091.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${BENCH_DURATION:-5s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
PORT=${BENCH_PORT:-18091}
BASE=http://127.0.0.1:$PORT
WORK=$(mktemp -d)
SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
export RUST_LOG=warn SSC_RATE_LIMIT=0 SSC_BIND=127.0.0.1:$PORT
export SSC_METRICS_TOKEN=bench-metrics-token
if [ -n "${BENCH_DATABASE_URL:-}" ]; then
  export DATABASE_URL=$BENCH_DATABASE_URL SSC_JWT_SECRET=bench-secret-that-is-long-enough-for-hs256
  export SSC_DATA_DIR=$WORK/data
  BACKEND=PostgreSQL
else
  export SSC_DATA_DIR=${BENCH_DATA_DIR:?BENCH_DATA_DIR or BENCH_DATABASE_URL}
  BACKEND=SQLite
fi

start_server() {
  taskset -c 0 "$1" serve >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do curl -fs "$BASE/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "server did not start" >&2; cat "$WORK/server.log" >&2; exit 1
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=; }

# Wait until the server's execution index holds projects (no job building it or catching
# it up); prints how long that took. A binary without an index: says so at once.
wait_index() {
  local start line
  start=$(date +%s.%N)
  for _ in $(seq 1 6000); do
    line=$(curl -fs "$BASE/metrics" -H "Authorization: Bearer $SSC_METRICS_TOKEN" | grep '^ssc_execution_index_projects ' || true)
    if [ -z "$line" ]; then echo "no index in this binary"; return; fi
    if [ "${line##* }" != 0 ]; then
      echo "index ready ${line##* } projects, after $(python3 -c "import time; print(f'{(time.time() - $start) * 1000:.0f}')") ms"
      return
    fi
    sleep 0.1
  done
  echo "index not ready after 10 minutes"
}

# wrk GETting one URL; prints its throughput and latency (p50, p99).
wrk_get() {
  taskset -c 1 wrk -t1 -c "$CONNECTIONS" -d "$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$1" >"$WORK/get.txt"
  python3 - "$WORK/get.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
def pct(p):
    m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", text)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f'{float(rps):.0f} req/s, p50 {pct(50):.2f} ms, p99 {pct(99):.2f} ms, non-2xx {bad.group(1) if bad else 0}')
PY
}

wrk_post() {
  taskset -c 1 wrk -t1 -c "$CONNECTIONS" -d "$DURATION" -s bench/post.lua "$BASE/api/v1/projects" \
    -- "$WORK/project.json" "$TOKEN" >"$WORK/wrk.txt"
  python3 - "$WORK/wrk.txt" <<'PY'
import sys
line = [l for l in open(sys.argv[1]) if l.startswith("RESULT")][0]
v = dict(kv.split("=") for kv in line.split()[1:])
rps = int(v["requests"]) / (int(v["duration_us"]) / 1e6)
print(f'{rps:.0f} req/s, p50 {int(v["p50_us"])/1000:.2f} ms, p99 {int(v["p99_us"])/1000:.2f} ms, non-2xx {int(v["non_success"]) + int(v["socket_errors"])}')
PY
}

# The first answer after a write: median of 5, in ms. `$1`: a label, `$2`: the query.
first_after_write() {
  for i in 1 2 3 4 5; do
    # A write each time (a code no earlier run used; a refused POST is said: the answer
    # after it would be a kept one).
    sed "s/__CODE__/XS-$RUN-$BIN_NO-$1-$i/" "$WORK/project.json" | curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/api/v1/projects" \
      -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary @- | grep -q 201 \
      || echo "a POST before $2 was refused" >&2
    curl -fs -o /dev/null -w '%{time_total}\n' "$BASE/api/v1/stats/$2" -H "Authorization: Bearer $TOKEN"
  done | sort -n | awk 'NR == 3 {printf "%.1f ms", $1 * 1000}'
}

RUN=$(date +%s)
BIN_NO=0
for BIN in "$@"; do
  BIN_NO=$((BIN_NO + 1))
  echo "== $BIN on $BACKEND (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  TOKEN=$("$BIN" token --role admin --sub bench)
  start_server "$BIN"
  ID=$(curl -fs "$BASE/api/v1/projects?limit=1" -H "Authorization: Bearer $TOKEN" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
  curl -fs --retry 3 "$BASE/api/v1/projects/$ID" -H "Authorization: Bearer $TOKEN" \
    | python3 -c '
import json, sys
p = json.load(sys.stdin)
for k in ["id", "version", "created_at", "updated_at", "created_by", "updated_by", "review_status", "approved_version"]:
    p.pop(k)
p["code"] = "__CODE__"
p["iati_identifier"] = None
print(json.dumps(p))' >"$WORK/project.json"
  # The first execution statistic of this server (the index built, or the grouping).
  START=$(date +%s.%N)
  curl -fs -o /dev/null "$BASE/api/v1/stats/execution?group_by=country" -H "Authorization: Bearer $TOKEN"
  echo "first execution statistic of the server: $(python3 -c "import time; print(f'{(time.time() - $START) * 1000:.0f}')") ms"
  echo "  then: $(wait_index)"
  echo "  memory then: $(awk '/VmRSS/ {printf "%.1f MB", $2 / 1024}' "/proc/$SERVER_PID/status") (peak $(awk '/VmHWM/ {printf "%.1f MB", $2 / 1024}' "/proc/$SERVER_PID/status"))"
  echo "GET by id:                          $(wrk_get "$BASE/api/v1/projects/$ID")"
  echo "GET page of 50:                     $(wrk_get "$BASE/api/v1/projects?limit=50&status=2")"
  echo "POST:                               $(wrk_post)"
  # Past a few thousand changes the index is caught up by a job (statistics are the
  # database's meanwhile): one statistic starts it, and the figures below wait for it.
  curl -fs -o /dev/null "$BASE/api/v1/stats/execution?group_by=modality" -H "Authorization: Bearer $TOKEN"
  echo "  after the POSTs: $(wait_index)"
  echo "stats execution by country (kept):  $(wrk_get "$BASE/api/v1/stats/execution?group_by=country")"
  echo "stats projects by country (kept):   $(wrk_get "$BASE/api/v1/stats/projects?group_by=country")"
  echo "first after a write, execution by country:  $(first_after_write ec 'execution?group_by=country')"
  echo "first after a write, execution by role:     $(first_after_write er 'execution?group_by=role')"
  echo "first after a write, execution by year:     $(first_after_write ey 'execution?group_by=year')"
  echo "first after a write, execution by country, status=2: $(first_after_write ef 'execution?group_by=country&status=2')"
  echo "first after a write, projects by country:   $(first_after_write pc 'projects?group_by=country')"
  echo "first after a write, projects by organisation: $(first_after_write po 'projects?group_by=organisation')"
  echo "peak memory: $(awk '/VmHWM/ {printf "%.1f MB", $2 / 1024}' "/proc/$SERVER_PID/status")"
  stop_server
done
