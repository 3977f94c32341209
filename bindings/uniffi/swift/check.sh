#!/usr/bin/env bash
# Checks the Swift package without a Swift toolchain (none exists for Debian):
#   1. the committed Swift sources, C header and module map equal what the pinned
#      uniffi-bindgen generates from the freshly built libreply_uniffi.so;
#   2. the header compiles as C with gcc;
#   3. every function the header declares is exported by the library (nm -D).
# `check.sh --update` rewrites the committed files instead of comparing them.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
"$HERE/../build-native.sh"
DEBUG=$ROOT/target/$(rustc -vV | sed -n 's/^host: //p')/debug
LIB=$DEBUG/libreply_uniffi.so
OUT=$ROOT/target/uniffi-swift
rm -rf "$OUT" && mkdir -p "$OUT"
"$DEBUG/uniffi-bindgen" generate --no-format --library "$LIB" --language swift --out-dir "$OUT"

# generated file -> committed place
pairs=("Reply.swift:Sources/Reply/Reply.swift" "ReplyFFI.h:ReplyFFI/include/ReplyFFI.h"
       "ReplyFFI.modulemap:ReplyFFI/include/module.modulemap")
status=0
for pair in "${pairs[@]}"; do
  generated=$OUT/${pair%%:*}; committed=$HERE/${pair#*:}
  if [ "${1:-}" = "--update" ]; then
    cp "$generated" "$committed"
  elif ! cmp -s "$generated" "$committed"; then
    echo "swift: ${pair#*:} is not what uniffi-bindgen generates (run bindings/uniffi/swift/check.sh --update)"
    status=1
  fi
done

HEADER=$HERE/ReplyFFI/include/ReplyFFI.h
# gcc does not know clang's nullability qualifiers.
echo '#include "ReplyFFI.h"' | gcc -x c -fsyntax-only -Wall -Werror -D_Nullable= -D_Nonnull= -I "$HERE/ReplyFFI/include" -

declared=$(grep -oE '\b(uniffi|ffi)_reply_uniffi_[A-Za-z0-9_]+' "$HEADER" | sort -u)
exported=$(nm -D --defined-only "$LIB" | awk '{print $3}' | sort -u)
missing=$(comm -23 <(echo "$declared") <(echo "$exported"))
if [ -n "$missing" ]; then
  echo "swift: the header declares functions the library does not export:"; echo "$missing"
  status=1
else
  echo "swift: the header compiles as C; all $(echo "$declared" | wc -l) functions it declares are exported"
fi
exit $status
