# reply-sdk tasks, run through `./dev RECIPE` (which installs the tools first).
# `./dev test` is the README's test command and what CI runs.
set shell := ["bash", "-euo", "pipefail", "-c"]

export CARGO_TERM_COLOR := "never"

# List the recipes.
default:
    @just --list

# The main job: a full outreach workflow against an embedded mock (no key, no network).
demo:
    ./dev demo

# Regenerate every generated file from ../shared/reply-api/openapi.yaml (or $REPLY_OPENAPI_SPEC).
codegen:
    cargo run -q -p reply-codegen

# Fail if a generated file differs from what the generator writes.
codegen-check:
    cargo run -q -p reply-codegen -- --check

# Every test in every language, the benches' smoke run, the packages installed as users do, then the bounded reliability runs.
test: test-rust test-mcp test-python test-node bench-smoke test-kotlin test-swift test-schemathesis test-console test-install test-reliability

# The mock's web console driven in headless Chromium (Debian's chromium) after a scenario
# (its screenshots go to a temporary folder; `console-screenshots` keeps them for the README).
test-console shots="":
    cargo build -q --locked -p reply-mock --bin reply-mock
    cd crates/reply-mock/console-test && SCREENSHOTS_DIR={{shots}} REPLY_MOCK_BIN={{justfile_directory()}}/target/x86_64-unknown-linux-gnu/debug/reply-mock CHROMIUM=/usr/bin/chromium npm test

# The same test, rewriting the README's screenshots, crates/reply-mock/docs/console-*.png.
console-screenshots: (test-console justfile_directory() / "crates/reply-mock/docs")

# Every artifact users install, from release builds, into dist/ (wheel, sdist, npm tarballs, Maven repository, crates).
dist:
    scripts/dist.sh

# Install dist/ outside the checkout (fresh venv, npm folder, Maven and Cargo projects) and run each quickstart.
test-install: dist
    cargo build -q --locked -p reply-mock
    tests/install/run.sh

# Formatting, lints, the generated-file check, and the Rust suites (incl. the 1,614-example conformance suite).
test-rust: codegen-check
    cargo fmt --all -- --check
    cargo clippy -q --workspace --all-targets -- -D warnings
    cargo test --locked
    RUSTDOCFLAGS="-D warnings" cargo doc -q --no-deps --locked -p reply-core -p reply-client -p reply-mock -p reply-cli -p reply-mcp

# Chaos at full size: 10,000 contacts imported and 2,000 enrolled through a faulty mock.
chaos:
    cargo run -q --release -p reply-harness --bin chaos -- --contacts 10000 --enrol 2000

# The bounded chaos run CI does.
chaos-ci:
    cargo run -q -p reply-harness --bin chaos -- --contacts 1000 --enrol 200

# 5,000 mixed operations from 4 tasks sharing one client against scaled limits.
quota-load:
    cargo run -q --release -p reply-harness --bin quota-load -- --operations 5000 --tasks 4

# The shared-budget runs add a Python and a Node worker: they need the Python package
# installed in the venv and the Node module built (test-python and test-node do both).
quota-load-ci:
    cargo run -q -p reply-harness --bin quota-load -- --operations 600 --tasks 4
    cargo run -q -p reply-harness --bin quota-load -- --operations 900 --tasks 2 --processes 4 --python python --node {{justfile_directory()}}/node
    cargo run -q -p reply-harness --bin quota-load -- --operations 800 --tasks 2 --processes 4 --kill-redis

# One user's budget shared through Redis by 4 Rust, 1 Python and 1 Node processes, then with Redis killed mid-way.
quota-load-redis:
    cargo run -q --release -p reply-harness --bin quota-load -- --operations 6000 --tasks 2 --processes 4 --python python --node {{justfile_directory()}}/node
    cargo run -q --release -p reply-harness --bin quota-load -- --operations 5000 --tasks 2 --processes 4 --kill-redis

# The fuzz targets (fuzz/fuzz_targets/).
fuzz_targets := "problem models page job request params"

# Write the seed corpus (fuzz/corpus/<target>/) from the spec's 1,614 examples; inputs found earlier are kept.
fuzz-seed:
    cargo run -q -p reply-codegen -- --fuzz-corpus fuzz/corpus

# Fuzz every target for SECONDS each, from the seed corpus (libFuzzer through cargo-fuzz; stable Rust with RUSTC_BOOTSTRAP).
fuzz seconds="300": fuzz-seed
    for t in {{fuzz_targets}}; do RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir fuzz -O "$t" "fuzz/corpus/$t" -- -max_total_time={{seconds}}; done

# One long run of one target (release, -O), e.g. `./dev fuzz-long models 3600`, its log in fuzz/logs/TARGET.log.
fuzz-long target seconds="3600": fuzz-seed
    mkdir -p fuzz/logs
    RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir fuzz -O "{{target}}" "fuzz/corpus/{{target}}" -- -max_total_time={{seconds}} -print_final_stats=1 2>&1 | tee "fuzz/logs/{{target}}.log"

# Benchmarks (not tests): the SDK beside what a careful user would write instead, side by side
# in interleaved rounds, each variant's spread and the ratio to the best baseline printed.
bench: bench-client bench-mock bench-python bench-node bench-memory

# The Rust client's per-request overhead against raw reqwest: three runs of 11 paired rounds.
bench-client:
    for run in 1 2 3; do cargo bench -q --locked -p reply-client --bench overhead; done

# reply-mock against Prism on the same spec (Prism from npm, pinned in benches/mock).
bench-mock:
    benches/mock/run.sh

# The bench server (realistic contacts written on the fly) and the Rust streaming walk, release builds.
bench-build:
    cargo build -q --locked --release -p reply-client --example bench_server --example bench_stream

bench-build-python:
    cd python && maturin develop -q --locked --release

bench-build-node:
    cd node && npm run -s build:release

# Python: 100,000 contacts (1,000 per page), the SDK beside httpx + json and httpx + orjson, named members and full dicts.
bench-python: bench-build bench-build-python
    cd python && python bench/bench_contacts.py

# Node: 100,000 contacts (1,000 per page), the SDK beside fetch and undici.request, sequential and one page ahead.
bench-node: bench-build bench-build-node
    cd node && node bench/paging.mjs

# Peak RSS streaming 1,000,000 contacts in Rust, Python and Node beside the baselines, and the cost of loading each library.
bench-memory: bench-build bench-build-python bench-build-node
    python benches/memory.py

# What CI runs: every bench above on a few thousand contacts or requests, debug builds, to prove they still run.
# The figures of a smoke run mean nothing.
bench-smoke:
    cargo build -q --locked -p reply-client --example bench_server --example bench_stream
    BENCH_SMOKE=1 cargo test -q --locked -p reply-client --bench overhead
    cd python && python bench/bench_contacts.py --smoke
    cd node && node bench/paging.mjs --smoke
    python benches/memory.py --smoke

# `reply mcp --mock` driven by the official Python MCP client (PyPI `mcp`): tools against the spec,
# calls, errors, --read-only, the key kept out; every input schema checked as JSON Schema 2020-12.
test-mcp:
    cargo build -q --locked -p reply-cli
    python -m pytest -q -p no:cacheprovider tests/mcp

# The Python package: build the native module into the venv, run pytest (sync + async) and pyright.
test-python:
    cargo build -q --locked -p reply-mock
    cd python && maturin develop -q --locked
    cd python && python -m pytest -q
    cd python && pyright reply examples

# The npm package: build the native module, run node's test runner and tsc --strict.
test-node:
    cargo build -q --locked -p reply-mock
    cargo test -q --locked -p reply-node
    cd node && npm run -s build
    cd node && npm test
    cd node && npm run -s typecheck

# Kotlin: the uniffi crate's own tests, then Maven builds the jar and runs JUnit against reply-mock.
test-kotlin:
    cargo test -q --locked -p reply-uniffi
    cd bindings/uniffi/kotlin && mvn -B -ntp verify

# Swift (no toolchain here): header compiles as C, every declared symbol is exported, sources current.
test-swift:
    bindings/uniffi/swift/check.sh
    bash -n bindings/uniffi/swift/build-xcframework.sh

# Schemathesis against reply-mock with the official spec: all 375 operations, positive and negative cases.
test-schemathesis:
    cargo build -q --locked -p reply-mock --bin reply-mock
    tests/schemathesis/run.sh

# The longer schemathesis run: 20 examples per operation instead of CI's 2 (several minutes).
schemathesis-long:
    cargo build -q --locked -p reply-mock --bin reply-mock
    ST_EXAMPLES=20 ST_TIME_LIMIT=1500 tests/schemathesis/run.sh

# Bounded chaos, quota load and fuzzing runs.
test-reliability: chaos-ci quota-load-ci fuzz-ci

fuzz-ci: fuzz-seed
    for t in {{fuzz_targets}}; do RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir fuzz --dev -s none "$t" "fuzz/corpus/$t" -- -max_total_time=20; done

fmt:
    cargo fmt --all

lint:
    cargo clippy --all-targets -- -D warnings
