#!/usr/bin/env bash
# Load benchmark for ssc-api on SQLite (release build).
#
# Seeds projects, then with the server pinned to CPU 0 and the load generator on CPU 1,
# 32 connections, 10 s each, measures: GET one project by id; GET a page of 50 with a
# filter; POST a valid project. Prints req/s, p50 and p99, the server's peak memory, and
# the list latency at 1,000 vs 100,000 projects. Then exports every project as IATI XML
# from a fresh server: time, size and that server's peak memory.
#
# Usage: bench/run.sh            (needs oha from crates.io and wrk from Debian; installs them)
# Env:   BENCH_ROWS=100000 BENCH_DURATION=10s BENCH_CONNECTIONS=32
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${BENCH_ROWS:-100000}
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
PORT=${BENCH_PORT:-18090}
LIST_QUERY="limit=50&status=2"

command -v oha >/dev/null || cargo install oha --locked
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v taskset >/dev/null || { apt-get update -qq && apt-get install -y -qq util-linux; }
cargo build --release --quiet
BIN=$PWD/target/release/ssc-api

WORK=$(mktemp -d)
SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
# The load generator is one caller: no per-caller rate limit while measuring.
export SSC_DATA_DIR=$WORK/data SSC_BIND=127.0.0.1:$PORT RUST_LOG=warn SSC_RATE_LIMIT=0
BASE=http://127.0.0.1:$PORT

start_server() {
  taskset -c 0 "$BIN" serve >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do curl -fs "$BASE/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "server did not start" >&2; cat "$WORK/server.log" >&2; exit 1
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=; }
peak_memory_mb() { awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$SERVER_PID/status"; }

# oha against a GET URL; prints "req/s p50_ms p99_ms non_2xx".
oha_get() {
  taskset -c 1 oha -c "$CONNECTIONS" -z "$DURATION" --no-tui --output-format json \
    -H "Authorization: Bearer $TOKEN" "$1" >"$WORK/oha.json"
  python3 - "$WORK/oha.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
codes = r.get("statusCodeDistribution", {})
bad = sum(v for k, v in codes.items() if not k.startswith("2"))
p = r["latencyPercentiles"]
print(f'{r["summary"]["requestsPerSec"]:.0f} {p["p50"]*1000:.2f} {p["p99"]*1000:.2f} {bad}')
PY
}

# wrk POSTing unique valid projects; prints "req/s p50_ms p99_ms non_2xx".
wrk_post() {
  taskset -c 1 wrk -t1 -c "$CONNECTIONS" -d "$DURATION" -s bench/post.lua "$BASE/api/v1/projects" \
    -- "$WORK/project.json" "$TOKEN" >"$WORK/wrk.txt"
  python3 - "$WORK/wrk.txt" <<'PY'
import re, sys
line = [l for l in open(sys.argv[1]) if l.startswith("RESULT")][0]
v = dict(kv.split("=") for kv in line.split()[1:])
rps = int(v["requests"]) / (int(v["duration_us"]) / 1e6)
print(f'{rps:.0f} {int(v["p50_us"])/1000:.2f} {int(v["p99_us"])/1000:.2f} {int(v["non_success"]) + int(v["socket_errors"])}')
PY
}

report() { # name, "rps p50 p99 bad"
  read -r rps p50 p99 bad <<<"$2"
  printf '%-34s %10s req/s   p50 %7s ms   p99 %7s ms   non-2xx %s\n' "$1" "$rps" "$p50" "$p99" "$bad"
}

echo "== seeding 1,000 projects"
"$BIN" seed --demo >/dev/null
"$BIN" seed --synthetic 1000
start_server
TOKEN=$("$BIN" token --role admin --sub bench)
SMALL_LIST=$(oha_get "$BASE/api/v1/projects?$LIST_QUERY")
report "GET page of 50 (1,000 rows)" "$SMALL_LIST"
stop_server

echo "== seeding up to $ROWS projects"
"$BIN" seed --synthetic $((ROWS - 1000 - 12))
start_server
ID=$(curl -fs "$BASE/api/v1/projects?limit=1" -H "Authorization: Bearer $TOKEN" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
curl -fs "$BASE/api/v1/projects?limit=1&modality=bilateral_ssc&visibility=public" -H "Authorization: Bearer $TOKEN" \
  | python3 -c '
import json, sys
p = json.load(sys.stdin)["items"][0]
for k in ["id", "version", "created_at", "updated_at", "created_by", "updated_by", "review_status", "approved_version"]:
    p.pop(k)
p["code"] = "__CODE__"
p["iati_identifier"] = None
print(json.dumps(p))' >"$WORK/project.json"

BY_ID=$(oha_get "$BASE/api/v1/projects/$ID")
LIST=$(oha_get "$BASE/api/v1/projects?$LIST_QUERY")
POST=$(wrk_post)
PEAK=$(peak_memory_mb)
stop_server

# The IATI export of every project, on a fresh server: its peak memory is the export's.
start_server
EXPORT_START=$(date +%s.%N)
EXPORT_BYTES=$(curl -fs "$BASE/api/v1/iati/activities" -H "Authorization: Bearer $TOKEN" | wc -c)
EXPORT_SECONDS=$(python3 -c "import time; print(f'{time.time() - $EXPORT_START:.1f}')")
EXPORT_PEAK=$(peak_memory_mb)
stop_server

# An IATI import of 500 activities (about 1.5 MB) into an empty database, then again
# (every activity unchanged).
IMPORT_SOURCE=$WORK/import-source IMPORT_TARGET=$WORK/import-target
SSC_DATA_DIR=$IMPORT_SOURCE "$BIN" seed --synthetic 500 >/dev/null
SSC_DATA_DIR=$IMPORT_SOURCE taskset -c 0 "$BIN" serve >"$WORK/import-server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do curl -fs "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
IMPORT_TOKEN=$(SSC_DATA_DIR=$IMPORT_SOURCE "$BIN" token --role admin --sub bench)
curl -fs "$BASE/api/v1/iati/activities" -H "Authorization: Bearer $IMPORT_TOKEN" >"$WORK/500.xml"
stop_server
timed_import() {
  local start; start=$(date +%s.%N)
  SSC_DATA_DIR=$IMPORT_TARGET "$BIN" import iati "$WORK/500.xml" | tail -n 1 >&2
  python3 -c "import time; print(f'{time.time() - $start:.2f}')"
}
IMPORT_FIRST=$(timed_import)
IMPORT_AGAIN=$(timed_import)

echo
echo "ssc-api on SQLite, $ROWS projects; server on CPU 0, load on CPU 1; $CONNECTIONS connections, $DURATION each"
report "GET /projects/{id}" "$BY_ID"
report "GET /projects?$LIST_QUERY" "$LIST"
report "POST /projects" "$POST"
report "GET page of 50 (1,000 rows)" "$SMALL_LIST"
read -r _ small_p50 _ _ <<<"$SMALL_LIST"
read -r _ big_p50 _ _ <<<"$LIST"
python3 -c "print(f'list p50 at $ROWS rows / at 1,000 rows: {float(\"$big_p50\") / float(\"$small_p50\"):.2f}x')"
echo "server peak memory (VmHWM): $PEAK MB"
echo "IATI import of 500 activities ($(($(wc -c <"$WORK/500.xml") / 1024)) KiB): $IMPORT_FIRST s into an empty database, $IMPORT_AGAIN s again (target < 10 s on SQLite)"
echo "IATI export of $ROWS projects: $((EXPORT_BYTES / 1048576)) MiB in $EXPORT_SECONDS s, server peak memory $EXPORT_PEAK MB (target < 150 MB)"
echo "targets: GET by id >= 30000 req/s with p99 < 10 ms; page of 50 >= 3000 req/s; POST >= 5000 req/s; list ratio <= 1.5x; peak < 100 MB"
