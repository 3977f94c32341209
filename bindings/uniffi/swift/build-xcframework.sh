#!/usr/bin/env bash
# Builds ReplyFFI.xcframework (the Rust engine as a static library for macOS and
# iOS) and, for a release, the zip and Package.swift that SwiftPM downloads.
# Runs on a Mac with Xcode and rustup only; no Swift toolchain exists on the
# project's Linux machines, so this script is not run by CI there.
#
#   bindings/uniffi/swift/build-xcframework.sh
#       local build: bindings/uniffi/swift/ReplyFFI.xcframework, then `swift build`
#   bindings/uniffi/swift/build-xcframework.sh --release-url https://example.org/ReplyFFI.xcframework.zip
#       also dist/swift/ReplyFFI.xcframework.zip and dist/swift/Package.swift, whose
#       binary target names that URL and the zip's checksum
set -euo pipefail
[ "$(uname -s)" = Darwin ] || { echo "build-xcframework: needs macOS with Xcode" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
cd "$ROOT"
url=""
[ "${1:-}" = --release-url ] && url="${2:?--release-url takes the URL the zip will be served from}"

targets="aarch64-apple-darwin x86_64-apple-darwin aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios"
rustup target add $targets
for t in $targets; do
  # The crate builds cdylib + lib; an app links a static library.
  cargo rustc --locked --release -p reply-uniffi --target "$t" --crate-type staticlib
done
mkdir -p target/apple/macos target/apple/ios-sim
lipo -create target/aarch64-apple-darwin/release/libreply_uniffi.a \
             target/x86_64-apple-darwin/release/libreply_uniffi.a -output target/apple/macos/libreply_uniffi.a
lipo -create target/aarch64-apple-ios-sim/release/libreply_uniffi.a \
             target/x86_64-apple-ios/release/libreply_uniffi.a -output target/apple/ios-sim/libreply_uniffi.a
headers="$HERE/ReplyFFI/include"
rm -rf "$HERE/ReplyFFI.xcframework"
xcodebuild -create-xcframework \
  -library target/apple/macos/libreply_uniffi.a -headers "$headers" \
  -library target/aarch64-apple-ios/release/libreply_uniffi.a -headers "$headers" \
  -library target/apple/ios-sim/libreply_uniffi.a -headers "$headers" \
  -output "$HERE/ReplyFFI.xcframework"
(cd "$HERE" && swift build)

if [ -n "$url" ]; then
  out="$ROOT/dist/swift"
  rm -rf "$out" && mkdir -p "$out"
  (cd "$HERE" && zip -qry "$out/ReplyFFI.xcframework.zip" ReplyFFI.xcframework)
  checksum=$(cd "$HERE" && swift package compute-checksum "$out/ReplyFFI.xcframework.zip")
  # The released manifest: the same package, its binary target fetched by URL and checksum.
  sed "s|.binaryTarget(name: \"ReplyFFI\", path: \"ReplyFFI.xcframework\")|.binaryTarget(name: \"ReplyFFI\", url: \"$url\", checksum: \"$checksum\")|" \
    "$HERE/Package.swift" >"$out/Package.swift"
  grep -q "checksum: \"$checksum\"" "$out/Package.swift" || { echo "build-xcframework: Package.swift has no binary target to rewrite" >&2; exit 1; }
  echo "dist/swift: ReplyFFI.xcframework.zip (checksum $checksum) and Package.swift"
fi
