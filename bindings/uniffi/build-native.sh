#!/usr/bin/env bash
# Builds what the Kotlin and Swift libraries are made from: libreply_uniffi.so,
# the pinned uniffi-bindgen (its own workspace, see tools/uniffi-bindgen) and
# the reply-mock server the tests start. With an output directory it also
# generates the Kotlin sources there and stages the library for the jar
# (JNA finds it on the class path under linux-x86-64/).
# Usage: build-native.sh [OUT_DIR]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
DEBUG=$ROOT/target/$(rustc -vV | sed -n 's/^host: //p')/debug
cargo build --locked -p reply-uniffi -p reply-mock
cargo build --locked --manifest-path tools/uniffi-bindgen/Cargo.toml --target-dir target
if [ $# -ge 1 ]; then
  OUT=$1
  rm -rf "$OUT/generated-sources/uniffi" "$OUT/generated-resources/uniffi"
  "$DEBUG/uniffi-bindgen" generate --no-format --library "$DEBUG/libreply_uniffi.so" \
    --language kotlin --out-dir "$OUT/generated-sources/uniffi"
  mkdir -p "$OUT/generated-resources/uniffi/linux-x86-64"
  cp "$DEBUG/libreply_uniffi.so" "$OUT/generated-resources/uniffi/linux-x86-64/"
fi
