#!/usr/bin/env bash
# Builds what the Kotlin and Swift libraries are made from: libreply_uniffi.so,
# the pinned uniffi-bindgen (its own workspace, see tools/uniffi-bindgen) and
# the reply-mock server the tests start. With an output directory it also
# generates the Kotlin sources there and stages the library for the jar
# (JNA finds it on the class path under linux-x86-64/).
# REPLY_NATIVE_PROFILE=release stages an optimised library (what a released jar
# carries, `./dev dist`); the default is the debug build the tests use.
# Usage: build-native.sh [OUT_DIR]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
TARGET=$ROOT/target/$(rustc -vV | sed -n 's/^host: //p')
DEBUG=$TARGET/debug
cargo build --locked -p reply-uniffi -p reply-mock
cargo build --locked --manifest-path tools/uniffi-bindgen/Cargo.toml --target-dir target
LIB=$DEBUG/libreply_uniffi.so
if [ "${REPLY_NATIVE_PROFILE:-debug}" = release ]; then
  cargo build --locked --release -p reply-uniffi
  LIB=$TARGET/release/libreply_uniffi.so
fi
if [ $# -ge 1 ]; then
  OUT=$1
  rm -rf "$OUT/generated-sources/uniffi" "$OUT/generated-resources/uniffi"
  "$DEBUG/uniffi-bindgen" generate --no-format --library "$LIB" \
    --language kotlin --out-dir "$OUT/generated-sources/uniffi"
  mkdir -p "$OUT/generated-resources/uniffi/linux-x86-64"
  cp "$LIB" "$OUT/generated-resources/uniffi/linux-x86-64/"
fi
