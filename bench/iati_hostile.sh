#!/usr/bin/env bash
# Hostile IATI files against the import: for each case, the answer, its time and the
# server's peak memory (VmHWM of a fresh server per case, so each peak is that case's),
# then the same file through `ssc-api import iati` (time and maximum RSS). Goals: every
# case answered (refused or imported) in time linear in its size, peak memory under
# 200 MB, /healthz answering while an import runs.
#
# Cases: billion laughs and an external entity (a DOCTYPE: refused unread), 100,000
# nested elements, a 40 MiB text, a root of 200,000 attributes, a 40 MiB attribute value,
# 50 MiB of empty activities (3.3 million), and an activity naming 24,000 organisations.
#
# Usage: bench/iati_hostile.sh      Env: BENCH_PORT=18197, BENCH_CASES="laughs tiny" to
# run some cases only, BENCH_BIN=target/debug/ssc-api to measure another build.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${BENCH_PORT:-18197}
CASES=${BENCH_CASES:-"laughs external nesting text attributes attribute tiny organisations"}
if [ -z "${BENCH_BIN:-}" ]; then
    cargo build --release --quiet
fi
BIN=$(realpath "${BENCH_BIN:-target/release/ssc-api}")

WORK=$(mktemp -d)
SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
export SSC_BIND=127.0.0.1:$PORT RUST_LOG=warn SSC_RATE_LIMIT=0
BASE=http://127.0.0.1:$PORT

# Write the file of case $1 to $2.
generate() {
    python3 - "$1" "$2" <<'PY'
import sys
case, path = sys.argv[1], sys.argv[2]
MiB = 1024 * 1024
head = '<?xml version="1.0" encoding="UTF-8"?>\n'
activity = ('<iati-activity xml:lang="en"><iati-identifier>XM-BENCH-1</iati-identifier>'
            '<title><narrative>{title}</narrative></title>{more}'
            '<activity-date iso-date="2024-01-01" type="1"/><activity-date iso-date="2024-12-31" type="3"/>'
            '<recipient-country code="BO"/><sector code="31166"/></iati-activity>')
with open(path, "w") as f:
    if case == "laughs":
        entities = '<!ENTITY l0 "lol">' + "".join(
            f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10))
        f.write(head + f'<!DOCTYPE lolz [{entities}]><iati-activities version="2.03">'
                + activity.format(title="&l9;", more="") + "</iati-activities>")
    elif case == "external":
        f.write(head + '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><iati-activities version="2.03">'
                + activity.format(title="&xxe;", more="") + "</iati-activities>")
    elif case == "nesting":
        n = 100_000
        f.write(head + '<iati-activities version="2.03">'
                + activity.format(title="Deep", more="<x>" * n + "</x>" * n) + "</iati-activities>")
    elif case == "text":
        f.write(head + '<iati-activities version="2.03">'
                + activity.format(title="a" * (40 * MiB), more="") + "</iati-activities>")
    elif case == "attributes":
        attributes = "".join(f' a{n}=""' for n in range(200_000))
        f.write(head + f'<iati-activities version="2.03"{attributes}/>')
    elif case == "attribute":
        f.write(head + '<iati-activities version="2.03">'
                + activity.format(title="Long", more=f'<tag code="{"a" * (40 * MiB)}"/>') + "</iati-activities>")
    elif case == "tiny":
        opening, closing = head + '<iati-activities version="2.03">', "</iati-activities>"
        empty = "<iati-activity/>"
        f.write(opening + empty * ((50 * MiB - len(opening) - len(closing) - 64) // len(empty)) + closing)
    elif case == "organisations":
        orgs = "".join(f'<participating-org role="4" type="21"><narrative>Org {n}</narrative></participating-org>'
                       for n in range(24_000))
        f.write(head + '<iati-activities version="2.03">'
                + activity.format(title="Many", more=orgs) + "</iati-activities>")
PY
}

printf '%-14s %9s  %-40s %8s %9s %12s | %8s %9s\n' case size "HTTP answer" seconds "peak MB" "healthz ms" "CLI s" "CLI MB"
for case in $CASES; do
    file=$WORK/$case.xml
    generate "$case" "$file"
    size=$(du -h "$file" | cut -f1)
    rm -rf "$WORK/data" && export SSC_DATA_DIR=$WORK/data
    "$BIN" migrate >/dev/null
    TOKEN=$("$BIN" token --role admin --sub bench)
    "$BIN" serve >"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 100); do curl -fs "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
    # /healthz asked a second into the import: does the server still answer?
    ( sleep 1; curl -s -o /dev/null -w '%{time_total}' --max-time 30 "$BASE/healthz" >"$WORK/healthz" ) &
    PROBE=$!
    answer=$(curl -s --max-time 600 -X POST "$BASE/api/v1/iati/imports" \
        -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/xml' \
        --data-binary "@$file" -w ' HTTP %{http_code} %{time_total}' \
        | python3 -c 'import sys,json
text = sys.stdin.read(); body, _, tail = text.rpartition(" HTTP "); code, seconds = tail.split()
print(seconds, end=" ")
try:
    d = json.loads(body)
    print(code, d.get("detail") or "%s act, %s made, %s skipped" % (d["activities"], d["created"], d["skipped"]))
except Exception:
    print(code, body[:60])')
    seconds=${answer%% *}; answer=${answer#* }
    wait "$PROBE" || true
    healthz=$(python3 -c "print(f'{float(open(\"$WORK/healthz\").read() or 0) * 1000:.0f}')")
    peak=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$SERVER_PID/status")
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
    rm -rf "$WORK/data" && "$BIN" migrate >/dev/null
    /usr/bin/time -o "$WORK/time" -f '%e %M' "$BIN" import iati "$file" >/dev/null 2>&1 || true
    read -r cli_seconds cli_kb < <(tail -1 "$WORK/time")
    printf '%-14s %9s  %-40.40s %8s %9s %12s | %8s %9s\n' "$case" "$size" "$answer" "$seconds" "$peak" "$healthz" \
        "${cli_seconds:-?}" "$(( ${cli_kb:-0} / 1024 ))"
    rm -f "$file"
done
