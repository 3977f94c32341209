#!/usr/bin/env bash
# Schemathesis against reply-mock: every operation of the spec, positive and
# negative cases (examples, coverage and fuzzing phases), bounded by an example
# count and a hard time limit. Exits non-zero on any failure.
#
#   tests/schemathesis/run.sh            # uses `st` from PATH (pip install "schemathesis==4.32.5")
#   ST_EXAMPLES=5 tests/schemathesis/run.sh
#
# Needs the debug reply-mock binary (`cargo build -p reply-mock`). The spec is
# $REPLY_OPENAPI_SPEC, else ../shared/reply-api/openapi.yaml. mock.json serves the
# "coming soon" operations (refused with an undocumented 501 by default), so that
# every documented operation is checked. hooks.py corrects
# four defects of the description, schemathesis.toml declares TestWebhook's
# documented 502; both say why.
#
# Checks: all of schemathesis's, except `positive_data_acceptance`. It demands a
# 2xx/404/409 for every schema-valid request, but Reply refuses some of those
# with a 400 for reasons the schema does not encode: `top` above the documented
# page maximum of 1000 (stated in prose, not as a `maximum`), integers beyond
# 64 bits, and missing items that Reply reports as a 400 business rejection
# (`DeleteSequence` documents "runtime maps a missing sequence here").
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
spec="${REPLY_OPENAPI_SPEC:-$root/../shared/reply-api/openapi.yaml}"
mock="${REPLY_MOCK_BIN:-$root/target/x86_64-unknown-linux-gnu/debug/reply-mock}"
examples="${ST_EXAMPLES:-2}"
limit="${ST_TIME_LIMIT:-300}"

[ -x "$mock" ] || { echo "schemathesis: $mock is missing; run \`cargo build -p reply-mock\`" >&2; exit 2; }
command -v st >/dev/null || { echo "schemathesis: \`st\` is not installed (pip install \"schemathesis==4.32.5\")" >&2; exit 2; }

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log="$(mktemp)"
"$mock" --port "$port" --config "$here/mock.json" >"$log" 2>&1 &
mock_pid=$!
trap 'kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/__mock/health" >/dev/null && break
    kill -0 "$mock_pid" 2>/dev/null || { echo "schemathesis: reply-mock exited:" >&2; cat "$log" >&2; exit 2; }
    sleep 0.1
done

started=$(date +%s)
status=0
output="$(mktemp)"
PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" SCHEMATHESIS_HOOKS=hooks timeout "$limit" \
    st --config-file "$here/schemathesis.toml" run "$spec" \
    --url "http://127.0.0.1:$port" \
    -H "Authorization: Bearer mock-personal-key" \
    --mode all --phases examples,coverage,fuzzing \
    --max-examples "$examples" --seed 1 --no-shrink --workers 2 \
    --generation-with-security-parameters false --generation-database none \
    --exclude-checks positive_data_acceptance \
    2>&1 | tee "$output" || status=$?
elapsed=$(( $(date +%s) - started ))
cases="$(grep -Eo '[0-9]+ generated' "$output" | tail -1 || true)"
tested="$(grep -Eo 'Tested: [0-9]+' "$output" | grep -Eo '[0-9]+' || true)"
rm -f "$output"
if [ "$status" -eq 124 ]; then
    echo "schemathesis: FAILED, over the ${limit}s limit (${elapsed}s)"
elif [ "$status" -ne 0 ]; then
    echo "schemathesis: FAILED (exit $status), ${cases:-no} cases in ${elapsed}s"
else
    echo "schemathesis: passed, ${tested:-?} operations, ${cases} cases (positive and negative) in ${elapsed}s"
fi
exit "$status"
