# reply-sdk tasks. `just test` is the README's test command and what CI runs.
set shell := ["bash", "-euo", "pipefail", "-c"]

export CARGO_TERM_COLOR := "never"

# List the recipes.
default:
    @just --list

# The main job: a full outreach workflow against an embedded mock (no key, no network).
demo:
    cargo run --release -p reply-cli -- demo

# Regenerate every generated file from ../shared/reply-api/openapi.yaml (or $REPLY_OPENAPI_SPEC).
codegen:
    cargo run -q -p reply-codegen

# Fail if a generated file differs from what the generator writes.
codegen-check:
    cargo run -q -p reply-codegen -- --check

# Every test in every language.
test: test-rust

# Formatting, lints, the generated-file check, and the Rust suites (incl. the 1,614-example conformance suite).
test-rust: codegen-check
    cargo fmt --all -- --check
    cargo clippy -q --all-targets -- -D warnings
    cargo test --locked

fmt:
    cargo fmt --all

lint:
    cargo clippy --all-targets -- -D warnings
