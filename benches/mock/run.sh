#!/usr/bin/env bash
# Requests per second on loopback: reply-mock (release build) against Prism
# mocking the same spec, under the same fixed load (crates/reply-harness's
# `load`: N keep-alive connections for T seconds), for a list (GetContacts)
# and a create (CreateContact). A benchmark, run by `just bench`, never a test.
# A second reply-mock runs with its console off (`--no-console`), so each case
# also says what the console's request log costs when nobody watches it, and a
# third, also off, measures how far apart two servers doing the same work land
# (the noise floor that cost has to be read against).
# Prints one line per measurement, then per case the figures and the ratios.
#
#   benches/mock/run.sh                     # 16 connections, 10 s per measurement
#   BENCH_CONNECTIONS=32 BENCH_SECONDS=20 benches/mock/run.sh
#
# Prism (@stoplight/prism-cli, pinned in package.json/package-lock.json) is
# installed here with `npm ci` on first use. Both servers log nothing per
# request (reply-mock `quiet`, Prism `-v error`), and reply-mock runs without
# rate limits, as Prism has none. Each measurement follows a 2 s warm-up.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
spec="${REPLY_OPENAPI_SPEC:-$root/../shared/reply-api/openapi.yaml}"
connections="${BENCH_CONNECTIONS:-16}"
seconds="${BENCH_SECONDS:-10}"
bin="$root/target/x86_64-unknown-linux-gnu/release"

cargo build --release -q -p reply-mock -p reply-harness --bin reply-mock --bin load
[ -x "$here/node_modules/.bin/prism" ] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
mock_port="$(free_port)"
quiet_port="$(free_port)"
control_port="$(free_port)"
prism_port="$(free_port)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

"$bin/reply-mock" --port "$mock_port" --config "$here/mock.json" >/dev/null 2>&1 &
pids+=($!)
"$bin/reply-mock" --port "$quiet_port" --config "$here/mock.json" --no-console >/dev/null 2>&1 &
pids+=($!)
"$bin/reply-mock" --port "$control_port" --config "$here/mock.json" --no-console >/dev/null 2>&1 &
pids+=($!)
"$here/node_modules/.bin/prism" mock "$spec" -h 127.0.0.1 -p "$prism_port" -v error >/dev/null 2>&1 &
pids+=($!)

# Prism reads the 1.9 MB spec before it listens; give it a minute.
wait_for() {
    for _ in $(seq 600); do
        curl -s -o /dev/null -H 'Authorization: Bearer mock-personal-key' "$1" && return 0
        sleep 0.1
    done
    echo "bench: nothing answers at $1" >&2
    return 1
}
wait_for "http://127.0.0.1:$mock_port/__mock/health"
wait_for "http://127.0.0.1:$quiet_port/__mock/health"
wait_for "http://127.0.0.1:$control_port/__mock/health"
wait_for "http://127.0.0.1:$prism_port/v3/whoami"

# A full first page for the list: 25 contacts (the mocks start empty; Prism answers its example).
for port in "$mock_port" "$quiet_port" "$control_port"; do
    for i in $(seq 25); do
        curl -sf -o /dev/null -X POST -H 'Authorization: Bearer mock-personal-key' -H 'Content-Type: application/json' \
            -d "{\"email\": \"seed-$i@example.com\", \"firstName\": \"Seed\"}" "http://127.0.0.1:$port/v3/contacts"
    done
done

# load URL METHOD [BODY] [SECONDS]: the load's result line.
load() {
    local args=(--url "$1" --method "$2" --connections "$connections" --seconds "${4:-$seconds}")
    [ -n "${3:-}" ] && args+=(--body "$3")
    "$bin/load" "${args[@]}"
}
rate() { grep -Eo '^[0-9]+' <<<"$1"; }

echo "reply-mock vs Prism $(node -p "require('$here/node_modules/@stoplight/prism-cli/package.json').version"), ${connections} connections, ${seconds}s per measurement"
failed=0
create='{"email": "bench-{n}-TARGET@example.com", "firstName": "Bench", "lastName": "Load"}'
# Prism answers every list with its one-item example; `top=1` asks reply-mock for
# the same one item (it still filters and pages all 25), the default page shows 25.
for case in "GetContacts(top=1) GET /v3/contacts?top=1" "GetContacts(page) GET /v3/contacts" \
    "CreateContact POST /v3/contacts"; do
    read -r name method path <<<"$case"
    body=""
    [ "$method" = POST ] && body="$create"
    declare -A result=()
    for target in reply-mock no-console prism; do
        port="$mock_port"
        [ "$target" = no-console ] && port="$quiet_port"
        [ "$target" = prism ] && port="$prism_port"
        url="http://127.0.0.1:$port$path"
        load "$url" "$method" "${body//TARGET/warm-$target}" 2 >/dev/null || true
        line="$(load "$url" "$method" "${body//TARGET/$target}")" || failed=1
        result[$target]="$(rate "$line")"
        printf '  %-18s %-10s %s\n' "$name" "$target" "$line"
    done
    ratio="$(python3 -c "print(f'{${result[reply-mock]} / max(${result[prism]}, 1):.1f}')")"
    console="$(python3 -c "print(f'{${result[reply-mock]} / max(${result[no-console]}, 1):.3f}')")"
    echo "$name: reply-mock ${result[reply-mock]} req/s, Prism ${result[prism]} req/s, ratio ${ratio}x;" \
        "console off ${result[no-console]} req/s (on/off ${console})"
    unset result
done
# The console's cost on its own: one measurement each is within this machine's
# run-to-run noise, so the lightest request (`top=1`, where a fixed cost per
# request shows most) and CreateContact (the case that keeps the largest bodies
# in the log) run in interleaved rounds, the order rotating (9 rounds: each
# server in each place 3 times): the console on, off, and off again on the
# control server. on/off is the cost; control/off the noise floor of the same
# comparison.
rounds="${BENCH_CONSOLE_ROUNDS:-9}"
for case in "GetContacts(top=1) GET /v3/contacts?top=1" "CreateContact POST /v3/contacts"; do
    read -r name method path <<<"$case"
    declare -A rates=([reply-mock]="" [no-console]="" [control]="")
    for round in $(seq "$rounds"); do
        order=(reply-mock no-console control reply-mock no-console)
        for target in "${order[@]:$((round % 3)):3}"; do
            port="$mock_port"
            [ "$target" = no-console ] && port="$quiet_port"
            [ "$target" = control ] && port="$control_port"
            body=""
            [ "$method" = POST ] && body="${create//TARGET/round-$round}"
            line="$(load "http://127.0.0.1:$port$path" "$method" "$body" 4)" || failed=1
            rates[$target]+="$(rate "$line") "
        done
    done
    python3 - "$name" "${rates[reply-mock]}" "${rates[no-console]}" "${rates[control]}" <<'SUMMARY'
import statistics, sys
name = sys.argv[1]
on, off, control = ([float(x) for x in arg.split()] for arg in sys.argv[2:])
def ratio(a, b):
    per_round = [x / y for x, y in zip(a, b)]
    return (f"{statistics.median(a) / statistics.median(b):.3f} (per round {min(per_round):.3f} to"
            f" {max(per_round):.3f}, median {statistics.median(per_round):.3f})")
print(f"console cost, {name}, {len(on)} interleaved rounds of 4 s: median on {statistics.median(on):.0f} req/s,"
      f" off {statistics.median(off):.0f}, off again (control) {statistics.median(control):.0f};"
      f" on/off {ratio(on, off)}; noise floor, control/off {ratio(control, off)}")
SUMMARY
    unset rates
done
# A figure that includes refusals or transport errors is no figure.
[ "$failed" -eq 0 ] || { echo "bench: some answers were not 2xx (see the status counts above)" >&2; exit 1; }
