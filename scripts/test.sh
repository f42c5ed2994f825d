#!/usr/bin/env bash
# Installs what is missing, builds everything (host and, when nvcc is present,
# CUDA for sm_90) and runs the whole test suite. CUDA tests skip themselves
# when no GPU is present.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${SWIRL_PRESET:-ci}"
./scripts/install-deps.sh
./scripts/check-layering.sh
cmake --preset "$preset"
cmake --build --preset "$preset" -j "$(nproc)"
ctest --preset "$preset" -j "$(nproc)"
