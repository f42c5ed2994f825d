#!/usr/bin/env bash
# Installs what is missing, builds the release configuration, proves the
# keccak-f example (1024 permutations, app-100:21) on the best backend
# present and verifies the proof. Extra arguments go to `swirl prove`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset release
# Only the CLI (and what it links), not the tests and benchmarks.
cmake --build --preset release -j "$(nproc)" --target swirl_cli
./build/release/tools/swirl prove keccakf --backend auto --proof build/release/keccakf.proof \
  --metrics build/release/keccakf.metrics.json "$@"
./build/release/tools/swirl verify keccakf --proof build/release/keccakf.proof
