#!/usr/bin/env bash
# One GPU call for a commit-path change: bench/gpu-prove.sh --full --quick
# (whole ctest with the CUDA tests, cuda_test, CLI prove cuda/cpu +
# compare), the commit benchmark's phases, the warm bench of 7 proofs,
# then one planted bug: the zeros around in-place traces left unwritten
# must make CudaBackend.TracesLoadedTogetherCommitInPlace fail (restored
# afterwards). Usage: OUT=dir bash bench/gpu-commit-check.sh
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$ROOT/gpu-commit-out}
BUILD=${BUILD:-$ROOT/build/gpu}
mkdir -p "$OUT"
cd "$ROOT"
bash bench/gpu-prove.sh --full --quick > "$OUT/gp.txt" 2>&1; gp=$?
sed -n '/^build:/,/^┝━ prover.main_trace_commit/p' "$OUT/gp.txt" | grep -v "^transport\|load_proving\|load_traces" | head -30
grep -E "stark_prove_excluding_trace \[" "$OUT/gp.txt" | head -2
"$BUILD/bench/swirl_bench_cuda" > "$OUT/commit_bench.txt" 2>&1
grep -E "rs|merkle|stacked_commit|message|ntt|overlap" "$OUT/commit_bench.txt" | head -24
"$BUILD/tools/swirl" bench keccakf --perms 1024 --params app-100:21 --backend cuda --proofs 7 --warmup 2 \
  > "$OUT/bench.txt" 2>&1
grep -E "^prover|^stark_prove|proofs/s" "$OUT/bench.txt" | head -20
# The planted bug.
F=src/backend/cuda/commit.cu
cp "$F" "$OUT/commit.cu.orig"
sed -i 's/^  zero(covered, total);$/  \/\/ planted: zero(covered, total);/' "$F"
if grep -q "planted: zero" "$F" && cmake --build "$BUILD" --target cuda_test > "$OUT/plant_build.log" 2>&1; then
  "$BUILD/tests/cuda_test" --gtest_filter='CudaBackend.TracesLoadedTogether*' > "$OUT/plant.log" 2>&1
  echo "planted bug (tail zeros unwritten): cuda_test rc $? (non-zero expected)"; grep -E "^\[  (PASSED|FAILED) " "$OUT/plant.log" | head -3
else
  echo "planted bug: could not plant or build"
fi
cp "$OUT/commit.cu.orig" "$F"
cmake --build "$BUILD" --target cuda_test > /dev/null 2>&1
"$BUILD/tests/cuda_test" --gtest_filter='CudaBackend.TracesLoadedTogether*' > "$OUT/control.log" 2>&1
echo "control (restored): cuda_test rc $?"
exit $gp
