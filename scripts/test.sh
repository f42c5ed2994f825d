#!/usr/bin/env bash
# Installs what is missing, builds everything (host and, when nvcc is present,
# CUDA for sm_90) and runs the whole test suite. CUDA tests skip themselves
# when no GPU is present. Then the installed package is built against as a
# user would (scripts/check-install.sh; SWIRL_SKIP_PACKAGE_CHECK=1 skips it),
# and a short fuzz pass (scripts/fuzz.sh, SWIRL_FUZZ_SECONDS per pass, default
# 25, four passes; 0 skips it) when clang and libFuzzer are present or apt can
# install them.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${SWIRL_PRESET:-ci}"
./scripts/install-deps.sh
./scripts/check-layering.sh
cmake --preset "$preset"
cmake --build --preset "$preset" -j "$(nproc)"
ctest --preset "$preset" -j "$(nproc)"
./scripts/check-install.sh "build/$preset"

fuzz_seconds="${SWIRL_FUZZ_SECONDS:-25}"
if [ "$fuzz_seconds" != 0 ]; then
  if SWIRL_FUZZ_DEPS=1 ./scripts/install-deps.sh >/dev/null 2>&1; then
    ./scripts/fuzz.sh "$fuzz_seconds"
  else
    echo "test: clang / libFuzzer absent and not installable here: no fuzz pass"
  fi
fi
