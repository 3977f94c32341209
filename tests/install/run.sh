#!/usr/bin/env bash
# Installs what `./dev dist` put in dist/ the way users do, in folders outside the
# checkout, and runs each language's README quickstart there against reply-mock:
#   Python  a fresh venv, `pip install dist/python/*.whl`
#   Node    a fresh folder, `npm install dist/node/reply-sdk-<version>.tgz`; ESM, CommonJS
#           and TypeScript (`tsc --strict`, then run)
#   Kotlin  a fresh Maven project depending on io.reply:reply-sdk from dist/maven
#   Rust    a fresh Cargo project depending on the unpacked dist/crates/*.crate
# Nothing here imports from the checkout but the README texts and the mock binary.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dist="$root/dist"
host="$(rustc -vV | sed -n 's/^host: //p')"
mock_bin="$root/target/$host/debug/reply-mock"
[ -x "$mock_bin" ] || { echo "install: build reply-mock first (cargo build -p reply-mock)" >&2; exit 2; }
[ -d "$dist/python" ] || { echo "install: run ./dev dist first" >&2; exit 2; }
work="$(mktemp -d)"
mock_pid=""
cleanup() { [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# The code block of FILE's LANG that follows the first line containing MARKER.
block() { python3 - "$@" <<'PY'
import re, sys
path, lang, marker = sys.argv[1:4]
text = open(path).read()
text = text[text.index(marker):]
print(re.search(r"```" + lang + r"\n(.*?)```", text, re.S).group(1), end="")
PY
}

"$mock_bin" --port 0 --quiet >"$work/mock.out" 2>"$work/mock.err" &
mock_pid=$!
for _ in $(seq 100); do grep -q listening "$work/mock.out" 2>/dev/null && break; sleep 0.1; done
export REPLY_API_KEY=mock-personal-key
REPLY_BASE_URL="$(sed -n 's/.*listening on //p' "$work/mock.out")"
export REPLY_BASE_URL
[ -n "$REPLY_BASE_URL" ] || { echo "install: reply-mock did not start" >&2; cat "$work/mock.err" >&2; exit 1; }

# Each run must print its "no such" / "not found" line: every quickstart ends by asking for
# something missing, so the line shows the whole program ran.
passed=0
expect_ran() {
  grep -qi "no such \|not found" "$1" || { echo "install: $2 did not finish:" >&2; cat "$1" >&2; echo "install: $passed passed, 1 failed"; exit 1; }
  passed=$((passed + 1)); echo "install: $2 ok"
}

echo "install: Python wheel"
python3 -m venv "$work/py"
"$work/py/bin/pip" install -q "$dist"/python/*.whl
block "$root/python/README.md" python "## Quickstart" >"$work/quickstart.py"
(cd "$work" && "$work/py/bin/python" quickstart.py >"$work/py.out")
expect_ran "$work/py.out" "Python quickstart (wheel)"

echo "install: npm tarball"
mkdir "$work/node" && cd "$work/node"
npm init -y -q >/dev/null
npm install -q --no-audit --no-fund "$dist"/node/reply-sdk-[0-9]*.tgz "typescript@$(node -p "require('$root/node/package.json').devDependencies.typescript")" \
  "@types/node@$(node -p "require('$root/node/package.json').devDependencies['@types/node']")" >/dev/null
block "$root/node/README.md" js "<!-- quickstart" >quickstart.mjs
node quickstart.mjs >esm.out && expect_ran esm.out "Node quickstart (ESM)"
# CommonJS: the same program with require() and an async main.
{ sed -nE "s/^import \{(.*)\} from '(.*)';$/const {\1} = require('\2');/p" quickstart.mjs; echo "(async () => {"
  grep -v "^import " quickstart.mjs; echo "})().catch((e) => { console.error(e); process.exit(1); });"; } >quickstart.cjs
node quickstart.cjs >cjs.out && expect_ran cjs.out "Node quickstart (CommonJS)"
cp quickstart.mjs quickstart.mts
cat >tsconfig.json <<'JSON'
{ "compilerOptions": { "strict": true, "module": "nodenext", "moduleResolution": "nodenext", "target": "es2022",
                       "types": ["node"], "outDir": "out", "skipLibCheck": false }, "files": ["quickstart.mts"] }
JSON
npx tsc -p tsconfig.json
node out/quickstart.mjs >ts.out && expect_ran ts.out "Node quickstart (TypeScript, tsc --strict)"

echo "install: Kotlin jar from dist/maven"
mkdir -p "$work/kotlin/src/main/kotlin" && cd "$work/kotlin"
version="$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$root/bindings/uniffi/kotlin/pom.xml" | head -1)"
kotlin_version="$(sed -n 's|.*<kotlin.version>\(.*\)</kotlin.version>|\1|p' "$root/bindings/uniffi/kotlin/pom.xml")"
block "$root/bindings/uniffi/kotlin/README.md" kotlin "## Example" >src/main/kotlin/ReadmeExample.kt
cat >src/main/kotlin/Main.kt <<'KT'
package io.reply.sdk.example

import kotlinx.coroutines.runBlocking

fun main() = runBlocking {
    example(System.getenv("REPLY_API_KEY"), System.getenv("REPLY_BASE_URL")).forEach(::println)
}
KT
cat >pom.xml <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId><artifactId>quickstart</artifactId><version>1</version>
  <properties><kotlin.compiler.jvmTarget>17</kotlin.compiler.jvmTarget><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
  <repositories><repository><id>dist</id><url>file://$dist/maven</url></repository></repositories>
  <dependencies>
    <dependency><groupId>io.reply</groupId><artifactId>reply-sdk</artifactId><version>$version</version></dependency>
  </dependencies>
  <build>
    <sourceDirectory>src/main/kotlin</sourceDirectory>
    <plugins>
      <plugin><groupId>org.jetbrains.kotlin</groupId><artifactId>kotlin-maven-plugin</artifactId><version>$kotlin_version</version>
        <executions><execution><id>compile</id><goals><goal>compile</goal></goals></execution></executions></plugin>
      <plugin><groupId>org.codehaus.mojo</groupId><artifactId>exec-maven-plugin</artifactId><version>3.6.2</version>
        <configuration><mainClass>io.reply.sdk.example.MainKt</mainClass></configuration></plugin>
    </plugins>
  </build>
</project>
POM
mvn -B -ntp -q compile exec:java >kotlin.out
expect_ran kotlin.out "Kotlin quickstart (jar)"

echo "install: Rust crates from dist/crates"
mkdir -p "$work/rust/crates" && cd "$work/rust"
for crate in "$dist"/crates/*.crate; do tar -xzf "$crate" -C crates; done
core_version="$(ls crates | sed -n 's/^reply-core-//p')"
cat >Cargo.toml <<TOML
[package]
name = "quickstart"
version = "0.1.0"
edition = "2024"

[dependencies]
reply-client = "$core_version"
futures-util = "0.3"
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }

# The packaged crates stand in for crates.io's (as after publishing).
[patch.crates-io]
reply-core = { path = "crates/reply-core-$core_version" }
reply-client = { path = "crates/reply-client-$core_version" }
TOML
mkdir src && block "$root/README.md" rust "<!-- rust quickstart" >src/main.rs
# The workspace's lock file pins the same dependency versions, and its target
# directory already holds them built, so only the packaged crates compile here.
cp "$root/Cargo.lock" .
CARGO_TARGET_DIR="$root/target" CARGO_BUILD_TARGET="$host" cargo run -q >rust.out
expect_ran rust.out "Rust quickstart (packaged crates)"
echo "install: $passed passed, 0 failed"
