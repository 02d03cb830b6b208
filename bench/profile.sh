#!/usr/bin/env bash
# Where a request's time goes on PostgreSQL: round trips per request (the server's sends
# to the database, counted with strace) and a CPU profile of the server under load (perf).
#
# Usage: bench/profile.sh            against the database bench/run.sh left behind
# Env:   PROFILE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/ssc_bench (required: a
#        database with projects, e.g. the one bench/run.sh seeded)
#        PROFILE_BIN=path (default target/release/ssc-api)  PROFILE_SECONDS=5
# Needs strace and perf (apt-get install strace linux-perf) and oha.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${PROFILE_BIN:-$PWD/target/release/ssc-api}
SECONDS_EACH=${PROFILE_SECONDS:-5}
PORT=${PROFILE_PORT:-18091}
BASE=http://127.0.0.1:$PORT
WORK=$(mktemp -d)
SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
export DATABASE_URL=$PROFILE_DATABASE_URL SSC_BIND=127.0.0.1:$PORT RUST_LOG=warn SSC_RATE_LIMIT=0 \
  SSC_JWT_SECRET=bench-secret-that-is-long-enough-for-hs256 SSC_DATA_DIR=$WORK/data
taskset -c 0 "$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do curl -fs "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
TOKEN=$("$BIN" token --role admin --sub bench)
AUTH="Authorization: Bearer $TOKEN"
ID=$(curl -fs "$BASE/api/v1/projects?limit=1" -H "$AUTH" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
curl -fs "$BASE/api/v1/projects?limit=1&modality=bilateral_ssc&visibility=public" -H "$AUTH" | python3 -c '
import json, sys
p = json.load(sys.stdin)["items"][0]
for k in ["id", "version", "created_at", "updated_at", "created_by", "updated_by", "review_status", "approved_version"]:
    p.pop(k)
p["code"] = "__CODE__"
p["iati_identifier"] = None
print(json.dumps(p))' >"$WORK/project.json"

# Sends to the database per request: strace counts the server's sendto calls (libpq
# sends each round trip's messages in one) over N sequential requests.
per_request() { # name, then a command run N times
  local name=$1; shift
  local n=200
  strace -f -qq -e trace=sendto -o "$WORK/strace.txt" -p "$SERVER_PID" &
  local tracer=$!
  sleep 0.5
  for i in $(seq 1 $n); do "$@" "$i" >/dev/null; done
  kill "$tracer"; wait "$tracer" 2>/dev/null || true
  # libpq sends each round trip's messages with one sendto (over TLS too, as here by
  # default); the server's HTTP answers go out with write/writev.
  local sends; sends=$(grep -c 'sendto(' "$WORK/strace.txt" || true)
  python3 -c "import sys; print(f'{sys.argv[1]}: {$sends / $n:.1f} round trips to the database per request')" "$name"
}
get_by_id() { curl -fs "$BASE/api/v1/projects/$ID" -H "$AUTH"; }
page() { curl -fs "$BASE/api/v1/projects?limit=50&status=2" -H "$AUTH"; }
post() { sed "s/__CODE__/PROFILE-$$-$1/" "$WORK/project.json" | curl -fs -X POST "$BASE/api/v1/projects" -H "$AUTH" -H 'Content-Type: application/json' --data-binary @-; }
per_request "GET /projects/{id}" get_by_id
per_request "GET /projects?limit=50&status=2" page
per_request "POST /projects" post

# Where the CPU goes under load (32 connections, the load on CPU 1): the whole machine,
# the server and PostgreSQL's backends (and whatever else runs), by command and symbol.
profile() { # name, then the load command
  local name=$1; shift
  perf record -q -a -g -o "$WORK/perf.data" -- sleep "$SECONDS_EACH" >/dev/null 2>&1 &
  local recorder=$!
  "$@" >"$WORK/load.txt" 2>&1
  wait "$recorder" || true
  echo "== $name: $(grep -m1 -E 'Requests/sec|^RESULT' "$WORK/load.txt" | xargs)"
  echo "-- share of all samples by command (other engineers' builds included)"
  perf report -q -i "$WORK/perf.data" --no-children --sort comm --percent-limit 2 -g none 2>/dev/null \
    | grep '%' | head -8
  for comm in postgres tokio-rt-worker "actix-rt|system"; do
    echo "-- $comm: top symbols (share of all samples)"
    perf report -q -i "$WORK/perf.data" --no-children --comms "$comm" --sort dso,symbol \
      --percent-limit 0.5 -g none 2>/dev/null | grep '%' | head -12
  done
}
profile "GET /projects?limit=50&status=2" taskset -c 1 oha -c 32 -z "${SECONDS_EACH}s" --no-tui -H "$AUTH" "$BASE/api/v1/projects?limit=50&status=2"
profile "GET /projects/{id}" taskset -c 1 oha -c 32 -z "${SECONDS_EACH}s" --no-tui -H "$AUTH" "$BASE/api/v1/projects/$ID"
profile "POST /projects" taskset -c 1 wrk -t1 -c32 -d"${SECONDS_EACH}s" -s bench/post.lua "$BASE/api/v1/projects" -- "$WORK/project.json" "$TOKEN"
