#!/usr/bin/env bash
# Load benchmark for ssc-api (release build), on SQLite or on PostgreSQL.
#
# With the server pinned to CPU 0 and the load generator on CPU 1, 32 connections, 10 s
# each, measures: the actix-web ceiling (bench/ceiling.rs: a fixed 1 KB JSON answer, no
# database) and, side by side, GET a project by id (1,000 different ones in turn); GET a
# page of 50 with a filter; POST a valid project; the project statistics by country and
# by organisation (kept answers, and the first answer after a write); the list latency
# at 1,000 vs 100,000 projects; matching a demand against the catalogue (a capacity per
# ten projects), a recorded request's matches, and in reverse a capacity's (a request
# per two projects), each with one caller; a page of the public catalogue; the server's
# peak memory. Then,
# each on a fresh server: the CSV, XLSX and IATI XML exports of every project (time, rows
# per second, peak memory), the SEGIB and TOSSD reports of a year in CSV and XLSX (time,
# rows, peak memory; BENCH_REPORT_YEAR, default 2025), the seeding time, and (SQLite) an
# IATI import.
#
# Usage: bench/run.sh            (needs oha from crates.io and wrk from Debian; installs them)
# Env:   BENCH_ROWS=100000 BENCH_DURATION=10s BENCH_CONNECTIONS=32
#        BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/ssc_bench   both backends in
#        one run, SQLite then PostgreSQL, with PostgreSQL's figures as a share of SQLite's
#        at the end: an existing database, which the benchmark empties first (DROP SCHEMA
#        public). BENCH_BACKEND=sqlite|postgresql runs one of them only.
#        BENCH_BIN=path BENCH_CEILING=path   measure these binaries (e.g. an older build)
#        instead of building the release binary.
set -euo pipefail
cd "$(dirname "$0")/.."

# Both backends: this script once per backend, then the ratios the goals are stated in.
if [ -n "${BENCH_DATABASE_URL:-}" ] && [ -z "${BENCH_BACKEND:-}" ]; then
  RESULTS=$(mktemp)
  BENCH_BACKEND=sqlite BENCH_RESULTS=$RESULTS "$0"
  BENCH_BACKEND=postgresql BENCH_RESULTS=$RESULTS "$0"
  echo
  python3 - "$RESULTS" <<'PY'
import sys
figures = {}
for line in open(sys.argv[1]):
    backend, name, rps, p50, p99 = line.split()
    figures[(backend, name)] = (float(rps), float(p50), float(p99))
print("both backends, one run: PostgreSQL as a share of SQLite")
print(f'{"":24} {"SQLite req/s":>13} {"PostgreSQL req/s":>17} {"PG p99 ms":>10} {"PG / SQLite":>12}')
for name in ["ceiling", "get_by_id", "page_of_50", "post", "stats_country", "stats_organisation", "stats_execution", "matches"]:
    s, p = figures[("SQLite", name)], figures[("PostgreSQL", name)]
    print(f"{name:24} {s[0]:13.0f} {p[0]:17.0f} {p[2]:10.2f} {p[0] / s[0]:11.2f}x")
print()
print("one caller, latency in ms (matching goal: p50 < 30, p99 < 100 on both backends)")
print(f'{"":24} {"SQLite p50":>11} {"SQLite p99":>11} {"PG p50":>8} {"PG p99":>8}')
for name in ["matches_one", "request_matches_one", "reverse_matches_one", "catalogue_one"]:
    s, p = figures[("SQLite", name)], figures[("PostgreSQL", name)]
    print(f"{name:24} {s[1]:11.2f} {s[2]:11.2f} {p[1]:8.2f} {p[2]:8.2f}")
for backend in ["SQLite", "PostgreSQL"]:
    print(f'{backend} GET by id / its ceiling: {figures[(backend, "get_by_id")][0] / figures[(backend, "ceiling")][0]:.2f}x')
PY
  rm -f "$RESULTS"
  exit 0
fi

ROWS=${BENCH_ROWS:-100000}
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
PORT=${BENCH_PORT:-18090}
LIST_QUERY="limit=50&status=2"

command -v oha >/dev/null || cargo install oha --locked
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v taskset >/dev/null || { apt-get update -qq && apt-get install -y -qq util-linux; }
if [ -z "${BENCH_BIN:-}" ]; then
  cargo build --release --quiet --bin ssc-api --example ceiling
fi
BIN=${BENCH_BIN:-$PWD/target/release/ssc-api}
CEILING=${BENCH_CEILING:-$PWD/target/release/examples/ceiling}

WORK=$(mktemp -d)
SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
# The load generator is one caller: no per-caller rate limit while measuring.
export SSC_DATA_DIR=$WORK/data SSC_BIND=127.0.0.1:$PORT RUST_LOG=warn SSC_RATE_LIMIT=0
# The public catalogue is measured too.
export SSC_CATALOGUE_PUBLIC=true
BASE=http://127.0.0.1:$PORT
BACKEND=SQLite
if [ -n "${BENCH_DATABASE_URL:-}" ] && [ "${BENCH_BACKEND:-}" != sqlite ]; then
  BACKEND=PostgreSQL
  command -v psql >/dev/null || { apt-get update -qq && apt-get install -y -qq postgresql-client; }
  psql "$BENCH_DATABASE_URL" -q -c "DROP SCHEMA IF EXISTS public CASCADE" -c "CREATE SCHEMA public"
  export DATABASE_URL=$BENCH_DATABASE_URL SSC_JWT_SECRET=bench-secret-that-is-long-enough-for-hs256
fi

start_server() {
  taskset -c 0 "$BIN" serve >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do curl -fs "$BASE/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "server did not start" >&2; cat "$WORK/server.log" >&2; exit 1
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=; }
peak_memory_mb() { awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$SERVER_PID/status"; }

# oha against a GET URL (with $2 connections, default $CONNECTIONS; options after $2 go to
# oha, e.g. --urls-from-file when $1 is a file of URLs); prints
# "req/s p50_ms p99_ms non_2xx".
oha_get() {
  taskset -c 1 oha -c "${2:-$CONNECTIONS}" -z "$DURATION" --no-tui --output-format json \
    -H "Authorization: Bearer $TOKEN" "${@:3}" "$1" >"$WORK/oha.json"
  python3 - "$WORK/oha.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
codes = r.get("statusCodeDistribution", {})
bad = sum(v for k, v in codes.items() if not k.startswith("2"))
p = r["latencyPercentiles"]
print(f'{r["summary"]["requestsPerSec"]:.0f} {p["p50"]*1000:.2f} {p["p99"]*1000:.2f} {bad}')
PY
}

# oha POSTing one JSON body again and again (with $3 connections, default $CONNECTIONS);
# prints "req/s p50_ms p99_ms non_2xx".
oha_post_json() {
  taskset -c 1 oha -c "${3:-$CONNECTIONS}" -z "$DURATION" --no-tui --output-format json -m POST \
    -T application/json -D "$2" -H "Authorization: Bearer $TOKEN" "$1" >"$WORK/oha.json"
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
# For the comparison of both backends: key, "rps p50 p99 bad".
record() {
  [ -n "${BENCH_RESULTS:-}" ] || return 0
  read -r rps p50 p99 _ <<<"$2"
  echo "$BACKEND $1 $rps $p50 $p99" >>"$BENCH_RESULTS"
}

echo "== the actix-web ceiling"
taskset -c 0 "$CEILING" "127.0.0.1:$PORT" >"$WORK/ceiling.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do curl -fs "$BASE/ceiling" >/dev/null 2>&1 && break; sleep 0.1; done
TOKEN=none
CEILING_LINE=$(oha_get "$BASE/ceiling")
stop_server

# Seconds `seed --synthetic N` reports.
seed_seconds() { "$BIN" seed --synthetic "$1" | awk '/created in/ {print $(NF-1)}'; }

echo "== seeding 1,000 projects"
"$BIN" seed --demo >/dev/null
"$BIN" seed --synthetic 1000
start_server
TOKEN=$("$BIN" token --role admin --sub bench)
SMALL_LIST=$(oha_get "$BASE/api/v1/projects?$LIST_QUERY")
report "GET page of 50 (1,000 rows)" "$SMALL_LIST"
stop_server

echo "== seeding up to $ROWS projects"
SEED_ROWS=$((ROWS - 1000 - 12))
SEED_SECONDS=$(seed_seconds $SEED_ROWS)
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

# GET by id reads 1,000 different projects (the newest, in a shuffled order), not one
# again and again: on PostgreSQL the reads by id arriving together go as one statement
# (db::point_reads), which one id read by every connection would flatter.
python3 - "$BASE" "$TOKEN" >"$WORK/by_id_urls.txt" <<'PY'
import json, random, sys, urllib.parse, urllib.request
base, token = sys.argv[1], sys.argv[2]
ids, cursor = [], None
while len(ids) < 1000:
    url = f"{base}/api/v1/projects?limit=200"
    if cursor:
        url += "&cursor=" + urllib.parse.quote(cursor)
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    page = json.load(urllib.request.urlopen(request))
    ids += [item["id"] for item in page["items"]]
    cursor = page.get("next_cursor")
    if not cursor:
        break
random.Random(7).shuffle(ids)
for id in ids[:1000]:
    print(f"{base}/api/v1/projects/{id}")
PY
BY_ID=$(oha_get "$WORK/by_id_urls.txt" "" --urls-from-file)
LIST=$(oha_get "$BASE/api/v1/projects?$LIST_QUERY")
POST=$(wrk_post)
# Matching: the catalogue (a capacity per ten projects) searched for a realistic demand
# (words of the synthetic texts, two sectors, a target, a format, a country).
echo '{"sectors": ["31120", "31166"], "sdg_targets": ["2.4"], "formats": ["training_course"], "languages": ["es"], "country": "BO", "text": "Riego por goteo y manejo de suelos y semillas para pequeños productores afectados por la sequía"}' >"$WORK/demand.json"
MATCHES=$(oha_post_json "$BASE/api/v1/capacities/matches" "$WORK/demand.json")
# A search is one person waiting for an answer: its latency is measured with one caller
# (with 32 at once, the p50 measures the queue in front of one core).
MATCHES_ONE=$(oha_post_json "$BASE/api/v1/capacities/matches" "$WORK/demand.json" 1)
# The same ranking for a recorded request (the newest), and in reverse the open requests
# (a request per two projects) that an active capacity (the newest) could serve.
first_id() {
  curl -fs "$BASE/api/v1/$1" -H "Authorization: Bearer $TOKEN" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])'
}
REQUEST_ID=$(first_id "cooperation-requests?limit=1")
CAPACITY_ID=$(first_id "capacities?limit=1&status=active")
REQUEST_MATCHES_ONE=$(oha_get "$BASE/api/v1/cooperation-requests/$REQUEST_ID/matches" 1)
REVERSE_MATCHES_ONE=$(oha_get "$BASE/api/v1/capacities/$CAPACITY_ID/matches" 1)
# A first page of the public catalogue (no token needed; SSC_CATALOGUE_PUBLIC).
CATALOGUE_ONE=$(oha_get "$BASE/catalogue" 1)
STATS_COUNTRY=$(oha_get "$BASE/api/v1/stats/projects?group_by=country")
STATS_ORG=$(oha_get "$BASE/api/v1/stats/projects?group_by=organisation")
# The execution figures (budget, contributions, activities' costs, transactions) by
# country: the widest grouping (a project in each of its countries).
STATS_EXECUTION=$(oha_get "$BASE/api/v1/stats/execution?group_by=country")
# The first answer after a write computes the statistics: median of 5, in ms.
# `$1`: a label for the projects written, `$2`: the statistics asked.
first_after_write() {
  for i in 1 2 3 4 5; do
    sed "s/__CODE__/STATS-$1-$i/" "$WORK/project.json" | curl -fs -o /dev/null -X POST "$BASE/api/v1/projects" \
      -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary @-
    curl -fs -o /dev/null -w '%{time_total}\n' "$BASE/api/v1/stats/$2" -H "Authorization: Bearer $TOKEN"
  done | sort -n | awk 'NR == 3 {printf "%.1f", $1 * 1000}'
}
STATS_COUNTRY_FRESH=$(first_after_write country "projects?group_by=country")
STATS_ORG_FRESH=$(first_after_write organisation "projects?group_by=organisation")
STATS_EXECUTION_FRESH=$(first_after_write execution "execution?group_by=country")
PEAK=$(peak_memory_mb)
stop_server

# Rows of a CSV (less its header) or of an XLSX's sheet (less its header).
count_rows() {
  python3 - "$1" <<'PY'
import csv, re, sys, zipfile
path = sys.argv[1]
if path.endswith(".csv"):
    print(sum(1 for _ in csv.reader(open(path, newline=""))) - 1)
else:
    with zipfile.ZipFile(path) as book:
        print(len(re.findall(rb"<row[ >]", book.read("xl/worksheets/sheet1.xml"))) - 1)
PY
}

# A download of `$1` (a path of the API) as `$2` (csv or xlsx), on a fresh server:
# "seconds rows peak_mb bytes".
timed_download() {
  start_server
  local start; start=$(date +%s.%N)
  curl -fs "$BASE$1" -H "Authorization: Bearer $TOKEN" -o "$WORK/download.$2"
  local seconds; seconds=$(python3 -c "import time; print(f'{time.time() - $start:.2f}')")
  echo "$seconds $(count_rows "$WORK/download.$2") $(peak_memory_mb) $(wc -c <"$WORK/download.$2")"
  stop_server
}
CSV_EXPORT=$(timed_download "/api/v1/projects/export?format=csv" csv)
XLSX_EXPORT=$(timed_download "/api/v1/projects/export?format=xlsx" xlsx)

# The yearly reports over every project (the synthetic ones carry activities, costs and
# transactions, and the rates of their years), each on a fresh server.
REPORT_YEAR=${BENCH_REPORT_YEAR:-2025}
SEGIB_CSV=$(timed_download "/api/v1/reports/segib?year=$REPORT_YEAR&format=csv" csv)
SEGIB_XLSX=$(timed_download "/api/v1/reports/segib?year=$REPORT_YEAR&format=xlsx" xlsx)
TOSSD_CSV=$(timed_download "/api/v1/reports/tossd?year=$REPORT_YEAR&format=csv" csv)
TOSSD_XLSX=$(timed_download "/api/v1/reports/tossd?year=$REPORT_YEAR&format=xlsx" xlsx)

# The IATI export of every project, on a fresh server: its peak memory is the export's.
start_server
EXPORT_START=$(date +%s.%N)
EXPORT_BYTES=$(curl -fs "$BASE/api/v1/iati/activities" -H "Authorization: Bearer $TOKEN" | wc -c)
EXPORT_SECONDS=$(python3 -c "import time; print(f'{time.time() - $EXPORT_START:.1f}')")
EXPORT_PEAK=$(peak_memory_mb)
stop_server

# An IATI import of 500 activities (about 1.5 MB) into an empty database, then again
# (every activity unchanged). SQLite only: it needs two databases.
if [ "$BACKEND" = SQLite ]; then
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
fi

record ceiling "$CEILING_LINE"
record get_by_id "$BY_ID"
record page_of_50 "$LIST"
record post "$POST"
record stats_country "$STATS_COUNTRY"
record stats_organisation "$STATS_ORG"
record stats_execution "$STATS_EXECUTION"
record matches "$MATCHES"
record matches_one "$MATCHES_ONE"
record request_matches_one "$REQUEST_MATCHES_ONE"
record reverse_matches_one "$REVERSE_MATCHES_ONE"
record catalogue_one "$CATALOGUE_ONE"

echo
echo "ssc-api on $BACKEND, $ROWS projects (load average $(cut -d' ' -f1-3 /proc/loadavg)); server on CPU 0, load on CPU 1; $CONNECTIONS connections, $DURATION each"
report "actix-web ceiling (1 KB JSON)" "$CEILING_LINE"
report "GET /projects/{id}" "$BY_ID"
read -r ceiling_rps _ _ _ <<<"$CEILING_LINE"
read -r by_id_rps _ _ _ <<<"$BY_ID"
python3 -c "print(f'GET /projects/{{id}} / ceiling: {$by_id_rps / $ceiling_rps:.2f}x (target >= 0.25x, p99 < 5 ms on SQLite, < 10 ms on PostgreSQL)')"
report "GET /projects?$LIST_QUERY" "$LIST"
report "POST /projects" "$POST"
report "GET page of 50 (1,000 rows)" "$SMALL_LIST"
read -r _ small_p50 _ _ <<<"$SMALL_LIST"
read -r _ big_p50 _ _ <<<"$LIST"
python3 -c "print(f'list p50 at $ROWS rows / at 1,000 rows: {float(\"$big_p50\") / float(\"$small_p50\"):.2f}x')"
report "POST /capacities/matches ($((ROWS / 10)) capacities)" "$MATCHES"
report "POST /capacities/matches, one caller" "$MATCHES_ONE"
report "GET /cooperation-requests/{id}/matches, one caller" "$REQUEST_MATCHES_ONE"
report "GET /capacities/{id}/matches ($((ROWS / 2)) requests), one caller" "$REVERSE_MATCHES_ONE"
echo "matching targets (one caller, each of the three): p50 < 30 ms, p99 < 100 ms"
report "GET /catalogue (first page), one caller" "$CATALOGUE_ONE"
report "GET /stats/projects?group_by=country" "$STATS_COUNTRY"
report "GET /stats/projects?group_by=organisation" "$STATS_ORG"
report "GET /stats/execution?group_by=country" "$STATS_EXECUTION"
echo "first statistics answer after a write (computed, median of 5): country $STATS_COUNTRY_FRESH ms, organisation $STATS_ORG_FRESH ms, execution by country $STATS_EXECUTION_FRESH ms (target p50 < 50 ms)"
echo "server peak memory (VmHWM): $PEAK MB"
echo "seed --synthetic $SEED_ROWS: $SEED_SECONDS s (target < 60 s for 100,000)"
read -r csv_s csv_rows csv_peak csv_bytes <<<"$CSV_EXPORT"
python3 -c "print(f'CSV export: {$csv_rows} rows, {$csv_bytes / 1048576:.0f} MiB in {$csv_s} s = {$csv_rows / $csv_s:.0f} rows/s, server peak memory $csv_peak MB (target >= 50,000 rows/s, < 150 MB)')"
read -r xlsx_s _ xlsx_peak xlsx_bytes <<<"$XLSX_EXPORT"
python3 -c "print(f'XLSX export: {$xlsx_bytes / 1048576:.0f} MiB in {$xlsx_s} s = {$ROWS / $xlsx_s:.0f} rows/s, server peak memory $xlsx_peak MB (target < 150 MB)')"
for report in "SEGIB CSV:$SEGIB_CSV" "SEGIB XLSX:$SEGIB_XLSX" "TOSSD CSV:$TOSSD_CSV" "TOSSD XLSX:$TOSSD_XLSX"; do
  read -r seconds rows peak bytes <<<"${report#*:}"
  python3 -c "print(f'${report%%:*} report of $REPORT_YEAR over $ROWS projects: {$rows} rows, {$bytes / 1048576:.1f} MiB in {$seconds} s, server peak memory $peak MB (targets < 10 s, < 150 MB)')"
done
if [ "$BACKEND" = SQLite ]; then
  echo "IATI import of 500 activities ($(($(wc -c <"$WORK/500.xml") / 1024)) KiB): $IMPORT_FIRST s into an empty database, $IMPORT_AGAIN s again (target < 10 s on SQLite)"
fi
echo "IATI export of $ROWS projects: $((EXPORT_BYTES / 1048576)) MiB in $EXPORT_SECONDS s, server peak memory $EXPORT_PEAK MB (target < 150 MB)"
echo "targets: GET by id >= 0.25x the ceiling; page of 50 >= 3000 req/s; POST >= 5000 req/s; list ratio <= 1.5x; statistics p50 < 50 ms; peak < 100 MB"
