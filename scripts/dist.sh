#!/usr/bin/env bash
# Builds every artifact a user installs into dist/, from release builds:
#   dist/python/  the abi3 wheel (CPython 3.9+, manylinux x86_64) and the sdist
#   dist/node/    the npm tarball (native module for linux-x64-gnu inside) and the
#                 linux-x64-gnu platform package napi-rs publishes beside it
#   dist/maven/   a Maven repository: the Kotlin jar (release native library inside),
#                 its sources jar and pom
#   dist/crates/  reply-core, reply-client, reply-mock, reply-mcp and reply-cli as .crate files
# Run through `./dev dist` (which installs maturin and node_modules first).
# tests/install/run.sh installs these outside the checkout and runs each quickstart.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
rm -rf dist && mkdir -p dist/python dist/node dist/maven dist/crates

echo "dist: Python wheel and sdist"
(cd python && maturin build -q --locked --release --out ../dist/python && maturin sdist --out ../dist/python)

echo "dist: npm packages"
(cd node && npm run -s build:release)
# The platform package layout napi-rs publishes (node/npm/<platform>/, made here and not
# committed), from package.json's napi.targets: a target added there and built adds one.
rm -rf node/npm
(cd node && npx napi create-npm-dirs >/dev/null && npx napi artifacts --output-dir . >/dev/null)
for platform in node/npm/*/; do (cd "$platform" && npm pack -q --pack-destination "$root/dist/node" >/dev/null); done
(cd node && npm pack -q --pack-destination ../dist/node >/dev/null)

echo "dist: Kotlin jar, sources jar and pom (a Maven repository in dist/maven)"
(cd bindings/uniffi/kotlin && mvn -B -ntp -q -DskipTests -Dnative.profile=release deploy \
  -DaltDeploymentRepository="dist::file://$root/dist/maven")

echo "dist: Rust crates (dependency order; cargo packages local dependencies together)"
cargo package -q --locked --no-verify --allow-dirty -p reply-core -p reply-client -p reply-mock -p reply-mcp -p reply-cli
cp target/package/reply-{core,client,mock,mcp,cli}-*.crate dist/crates/

find dist -type f \( -name '*.whl' -o -name '*.tar.gz' -o -name '*.tgz' -o -name '*.jar' -o -name '*.crate' \) \
  -printf '%P\t%s bytes\n' | sort
