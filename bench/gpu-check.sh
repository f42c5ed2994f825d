#!/usr/bin/env bash
# One GPU check for the CUDA backend, for one call on the GPU machine:
# builds (Release, sm_90, -j16), runs the CUDA tests, runs the CUDA benchmark
# (with the CPU stacked_commit for the root comparison), writes logs under
# $OUT (default ./gpu-check-out) and prints a short table last.
#   usage: bash bench/gpu-check.sh        (from the repository root)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$ROOT/gpu-check-out}
BUILD=${BUILD:-$ROOT/build/gpu}
mkdir -p "$OUT"
cd "$ROOT"
{
  echo "commit: $(cat "$ROOT/.commit" 2>/dev/null || git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm,temperature.gpu,utilization.gpu --format=csv
  nproc
} > "$OUT/machine.txt" 2>&1

t0=$(date +%s)
if ! { cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSWIRL_CUDA=ON \
         -DCMAKE_CUDA_ARCHITECTURES=90 -DSWIRL_WERROR=ON &&
       cmake --build "$BUILD" -j16 --target cuda_test swirl_bench_cuda swirl_bench_cuda_constraint_eval; } > "$OUT/build.log" 2>&1; then
  tail -40 "$OUT/build.log"
  echo "BUILD FAILED"
  exit 1
fi
echo "build: $(( $(date +%s) - t0 )) s"

t0=$(date +%s)
"$BUILD/tests/cuda_test" --gtest_color=no > "$OUT/cuda_test.log" 2>&1
test_rc=$?
echo "cuda_test: rc $test_rc, $(( $(date +%s) - t0 )) s"
grep -E "^\[  FAILED  \]|Failure|error" "$OUT/cuda_test.log" | head -40

t0=$(date +%s)
"$BUILD/bench/swirl_bench_cuda" --cpu --json "$OUT/bench.json" > "$OUT/bench.log" 2>&1
bench_rc=$?
echo "bench: rc $bench_rc, $(( $(date +%s) - t0 )) s"

t0=$(date +%s)
"$BUILD/bench/swirl_bench_cuda_constraint_eval" > "$OUT/constraint_eval.log" 2>&1
eval_rc=$?
echo "constraint eval bench: rc $eval_rc, $(( $(date +%s) - t0 )) s"

echo "==== cuda_test summary"
grep -E "^\[==========\]|^\[  PASSED  \]|^\[  SKIPPED \] [0-9]|^\[  FAILED  \]" "$OUT/cuda_test.log"
echo "==== benchmark"
cat "$OUT/bench.log"
echo "==== constraint evaluation (keccak-f)"
cat "$OUT/constraint_eval.log"
[ $test_rc -eq 0 ] && [ $bench_rc -eq 0 ]
