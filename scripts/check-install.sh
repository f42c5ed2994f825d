#!/usr/bin/env bash
# The installed package as a user sees it: installs the configured build
# tree (default build/ci) into a temporary prefix, builds examples/ as a
# separate project with find_package(swirl REQUIRED) and runs the proving
# example. SWIRL_SKIP_PACKAGE_CHECK=1 skips it.
#   usage: scripts/check-install.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${SWIRL_SKIP_PACKAGE_CHECK:-0}" = 1 ]; then
  echo "check-install: skipped (SWIRL_SKIP_PACKAGE_CHECK=1)"
  exit 0
fi
build="${1:-build/ci}"
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix/usr" > "$prefix/install.log"
cmake -S examples -B "$prefix/examples" -DCMAKE_PREFIX_PATH="$prefix/usr" -DCMAKE_BUILD_TYPE=Release \
  > "$prefix/configure.log" || { cat "$prefix/configure.log"; exit 1; }
cmake --build "$prefix/examples" -j "$(nproc)" > "$prefix/build.log" || { tail -30 "$prefix/build.log"; exit 1; }
"$prefix/examples/swirl_example_prove_verify"
echo "check-install: find_package(swirl) consumer built and ran against $(find "$prefix/usr" -name 'libswirl*' | wc -l) installed libraries"
