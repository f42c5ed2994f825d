#!/usr/bin/env bash
# Installs what is missing, builds the release configuration and runs the main
# job on the best backend present.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"
if [ -x build/release/tools/swirl ]; then
  ./build/release/tools/swirl prove keccakf --backend auto --proof build/release/keccakf.proof "$@"
  ./build/release/tools/swirl verify keccakf --proof build/release/keccakf.proof
else
  # Until the prover lands: the primitive benchmarks.
  ./build/release/bench/swirl_bench_primitives "$@"
fi
