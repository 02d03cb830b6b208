#!/usr/bin/env bash
# Webhook benchmark (release build), on SQLite or on PostgreSQL, delivering to a local
# receiver (bench/webhook_receiver.rs, which counts each webhook-id and the latency from
# the change to its receipt):
#   1. throughput: a backlog of changes (a synthetic seed made while the server was
#      stopped, so it waits in the outbox) delivered as fast as the server can:
#      deliveries per second;
#   2. latency: organisations created at a steady rate with a healthy receiver: the
#      percentiles of the time from each change to its receipt;
#   3. the receiver down for a minute while changes keep coming, then back: every event
#      delivered, how long it took, and none taken twice.
#
# Usage: bench/webhooks.sh          (needs python3 and curl)
# Env:   BENCH_SEED=2000 (projects in the backlog; each brings a few organisations too)
#        BENCH_RATE=100 (changes per second in 2 and 3)  BENCH_DOWN=60 (seconds, in 3)
#        BENCH_DATABASE_URL=postgres://…  run on PostgreSQL: an existing database, which
#        the benchmark empties first (DROP SCHEMA public)
set -euo pipefail
cd "$(dirname "$0")/.."

SEED=${BENCH_SEED:-2000}
RATE=${BENCH_RATE:-100}
DOWN=${BENCH_DOWN:-60}
PORT=${BENCH_PORT:-18091}
RECEIVER_PORT=${BENCH_RECEIVER_PORT:-18092}

command -v taskset >/dev/null || { apt-get update -qq && apt-get install -y -qq util-linux; }
cargo build --release --quiet --bin ssc-api --example webhook_receiver
BIN=$PWD/target/release/ssc-api
RECEIVER_BIN=$PWD/target/release/examples/webhook_receiver

WORK=$(mktemp -d)
SERVER_PID= RECEIVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  [ -n "$RECEIVER_PID" ] && kill "$RECEIVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
export SSC_DATA_DIR=$WORK/data SSC_BIND=127.0.0.1:$PORT RUST_LOG=warn SSC_RATE_LIMIT=0 \
  SSC_WEBHOOK_ALLOW_HTTP=true SSC_WEBHOOK_ALLOW_PRIVATE=true \
  SSC_WEBHOOK_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
BASE=http://127.0.0.1:$PORT
RECEIVER=http://127.0.0.1:$RECEIVER_PORT
CONTROL=http://127.0.0.1:$((RECEIVER_PORT + 1))
BACKEND=SQLite
if [ -n "${BENCH_DATABASE_URL:-}" ]; then
  BACKEND=PostgreSQL
  psql "$BENCH_DATABASE_URL" -q -c "DROP SCHEMA IF EXISTS public CASCADE" -c "CREATE SCHEMA public"
  export DATABASE_URL=$BENCH_DATABASE_URL SSC_JWT_SECRET=bench-secret-that-is-long-enough-for-hs256
fi

# The server on CPU 0, the receiver and the load on CPU 1.
start_server() {
  taskset -c 0 "$BIN" serve >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do curl -fs "$BASE/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "server did not start" >&2; cat "$WORK/server.log" >&2; exit 1
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=; }
stats() { curl -fs "$CONTROL/stats"; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d' + sys.argv[1]))" "$1"; }
# Wait until the receiver has taken $1 events (at most $2 seconds).
wait_taken() {
  local deadline=$((SECONDS + $2))
  while [ "$(stats | field "['taken']")" -lt "$1" ]; do
    [ $SECONDS -lt $deadline ] || { echo "only $(stats | field "['taken']") of $1 taken" >&2; return 1; }
    sleep 0.2
  done
}
# Changes in the feed (the events a directorate subscription receives).
feed_length() {
  local total=0 after="" page
  while :; do
    page=$(curl -fs -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/changes?limit=200${after:+&after=$after}")
    total=$((total + $(echo "$page" | field "['items'].__len__()")))
    [ "$(echo "$page" | field "['has_more']")" = "True" ] || break
    after=$(echo "$page" | field "['next_cursor']")
  done
  echo $total
}
organisations_at_rate() { # $1 seconds at $RATE a second, each create paced, 8 at a time
  taskset -c 1 python3 - "$BASE/api/v1/organisations" "$TOKEN" "$RATE" "$1" <<'PY'
import concurrent.futures, json, sys, time, urllib.request
url, token, rate, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
body = json.dumps({"name": "Organismo de prueba", "organisation_type": "10", "country_code": "AR"}).encode()
def create(_):
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        assert response.status == 201
start = time.time()
with concurrent.futures.ThreadPoolExecutor(8) as pool:
    futures = []
    for n in range(rate * seconds):
        time.sleep(max(0, start + n / rate - time.time()))
        futures.append(pool.submit(create, n))
    for f in futures:
        f.result()
PY
}

taskset -c 1 "$RECEIVER_BIN" "$RECEIVER_PORT" &
RECEIVER_PID=$!
TOKEN=$("$BIN" token --role admin --sub bench --ttl 2h)
start_server
curl -fs -X POST -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
  -d "{\"url\": \"$RECEIVER/hook\"}" "$BASE/api/v1/webhooks" >/dev/null
stop_server

echo "== webhooks on $BACKEND ($(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg))"
# 1. A backlog in the outbox, delivered at once.
"$BIN" seed --synthetic "$SEED" >/dev/null
started=$(date +%s.%N)
start_server
events=$(feed_length)
wait_taken "$events" 600
elapsed=$(python3 -c "print(f'{$(stats | field "['last_unix_ms']") / 1000 - $started:.2f}')")
echo "throughput: $events events waiting in the outbox, the last taken ${elapsed}s after the server started;" \
  "$(stats | field "['per_second']" | cut -d. -f1) deliveries/s between the first receipt and the last"

# 2. Latency from each change to its receipt, at a steady rate.
curl -fs -X POST "$CONTROL/reset" >/dev/null
organisations_at_rate 20
wait_taken $((RATE * 20)) 60
sleep 2
s=$(stats)
echo "latency at $RATE changes/s for 20 s ($(echo "$s" | field "['taken']") events): p50 $(echo "$s" | field "['latency_ms']['p50']" | cut -c1-6) ms," \
  "p90 $(echo "$s" | field "['latency_ms']['p90']" | cut -c1-6) ms, p99 $(echo "$s" | field "['latency_ms']['p99']" | cut -c1-6) ms," \
  "max $(echo "$s" | field "['latency_ms']['max']" | cut -c1-6) ms"

# 3. The receiver down for a while, changes going on meanwhile.
curl -fs -X POST "$CONTROL/reset" >/dev/null
curl -s -X POST "$CONTROL/down?seconds=$DOWN" >/dev/null || true
down_at=$SECONDS
organisations_at_rate 20
expected=$((RATE * 20))
wait_taken "$expected" $((DOWN + 600))
sleep 3
s=$(stats)
echo "receiver down ${DOWN}s: $(echo "$s" | field "['taken']") of $expected events taken, all by $((SECONDS - down_at - 3))s after it went down;" \
  "taken twice: $(echo "$s" | field "['after_success']"); most requests for one event: $(echo "$s" | field "['max_per_event']")"
grep -i "panic\|error\|warn" "$WORK/server.log" | sort | uniq -c | sort -rn | head -8 || true
