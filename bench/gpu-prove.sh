#!/usr/bin/env bash
# One GPU call for the whole proof on the device: builds the tests and the
# CLI, runs the CUDA tests, the stage tests (every device stage against the
# CPU's) and the end-to-end tests (CudaProofs: CUDA proof bytes == CPU proof
# bytes, reference files, 100 identical proofs), then the main job through
# the CLI on the CUDA backend (prove, verify, the CPU backend's proof
# compared byte for byte) and `swirl bench` on the CUDA backend (median of
# warm runs per span). Logs under $OUT; a short table last.
# With --sanitize, compute-sanitizer's memcheck and racecheck run one small
# proof each. A copy of the reference vectors under build/ref (carried to
# the device) is used when present.
# With --full every target is built and the whole ctest suite runs (the CLI
# tests included) instead of the three test binaries.
# Usage: bash bench/gpu-prove.sh [--quick] [--sanitize] [--full]   (--quick: no bench)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$ROOT/gpu-prove-out}
BUILD=${BUILD:-$ROOT/build/gpu}
PERMS=${PERMS:-1024}
PARAMS=${PARAMS:-app-100:21}
mkdir -p "$OUT"
cd "$ROOT"
QUICK=0; SANITIZE=0; FULL=0
for a in "$@"; do case "$a" in --quick) QUICK=1 ;; --sanitize) SANITIZE=1 ;; --full) FULL=1 ;; esac; done
TARGETS="--target cuda_test backend_stages_test e2e_test swirl_cli swirl_bench_cuda_stages swirl_bench_cuda"
[ $FULL -eq 1 ] && TARGETS=""
t0=$(date +%s)
if ! { cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSWIRL_CUDA=ON \
         -DCMAKE_CUDA_ARCHITECTURES=90 -DSWIRL_WERROR=ON &&
       cmake --build "$BUILD" -j16 $TARGETS; } > "$OUT/build.log" 2>&1; then
  tail -40 "$OUT/build.log"; echo "BUILD FAILED"; exit 1
fi
echo "build: $(( $(date +%s) - t0 )) s"
export OMP_WAIT_POLICY=passive
[ -d "$ROOT/build/ref/e2e" ] && export SWIRL_REF_DIR="$ROOT/build/ref"
run() {  # name, timeout, command...
  local name=$1 limit=$2; shift 2
  local s=$(date +%s)
  timeout "$limit" "$@" > "$OUT/$name.log" 2>&1; local rc=$?
  echo "$rc" > "$OUT/$name.rc"
  echo "$name: rc $rc, $(( $(date +%s) - s )) s"
}
if [ $FULL -eq 1 ]; then
  (cd "$BUILD" && run ctest 400 ctest -j8 --output-on-failure)
fi
run cuda_test 120 "$BUILD/tests/cuda_test" --gtest_color=no
if [ $FULL -eq 0 ]; then
  run stages 180 "$BUILD/tests/backend_stages_test" --gtest_color=no
  run e2e 300 "$BUILD/tests/e2e_test" --gtest_color=no
fi
SW="$BUILD/tools/swirl"
run prove_cuda 120 "$SW" prove keccakf --perms "$PERMS" --params "$PARAMS" --backend cuda --proof "$OUT/cuda.proof" \
  --metrics "$OUT/cuda.metrics.json"
run verify 120 "$SW" verify keccakf --perms "$PERMS" --params "$PARAMS" --proof "$OUT/cuda.proof"
run prove_cpu 120 "$SW" prove keccakf --perms "$PERMS" --params "$PARAMS" --backend cpu --proof "$OUT/cpu.proof"
cmp -s "$OUT/cuda.proof" "$OUT/cpu.proof"; same=$?
if [ $SANITIZE -eq 1 ]; then
  for tool in memcheck racecheck; do
    run "sanitize_$tool" 200 compute-sanitizer --tool "$tool" --error-exitcode 9 "$SW" prove fib --params test-small \
      --backend cuda --proof "$OUT/san.proof"
    run "sanitize_keccak_$tool" $([ $tool = memcheck ] && echo 150 || echo 60) compute-sanitizer --tool "$tool" --error-exitcode 9 "$SW" prove keccakf --perms 8 \
      --params app-100:16 --backend cuda --proof "$OUT/san2.proof"
  done
fi
if [ $QUICK -eq 0 ]; then
  run stage_bench 200 "$BUILD/bench/swirl_bench_cuda_stages"
  run commit_bench 120 "$BUILD/bench/swirl_bench_cuda"
  for j in 2 4; do
    run "bench_jobs$j" 120 "$SW" bench keccakf --perms "$PERMS" --params "$PARAMS" --backend cuda --proofs 16 --warmup 1 --jobs $j
  done
  run bench 240 "$SW" bench keccakf --perms "$PERMS" --params "$PARAMS" --backend cuda --proofs 7 --warmup 2 \
    --json "$OUT/bench.json"
fi
summary() { grep -E "^\[==========\]|^\[  PASSED  \]|^\[  FAILED  \]|^\[  SKIPPED \]" "$OUT/$1.log" | head -20; }
echo "==== cuda_test (rc $(cat "$OUT/cuda_test.rc"))"; summary cuda_test
if [ $FULL -eq 1 ]; then
  echo "==== ctest (rc $(cat "$OUT/ctest.rc"))"
  grep -E "tests passed|tests failed|\*\*\*Failed|Total Test" "$OUT/ctest.log"
  echo "skipped: $(grep -c 'Skipped' "$OUT/ctest.log")"; grep -E "\(Skipped\)" "$OUT/ctest.log" | head -5
else
  echo "==== backend_stages_test (rc $(cat "$OUT/stages.rc"))"; summary stages
  grep -E "Failure|error" "$OUT/stages.log" | head -10
  echo "==== e2e_test (rc $(cat "$OUT/e2e.rc"))"; summary e2e
  grep -E "Failure|differs" -A3 "$OUT/e2e.log" | head -20
fi
echo "==== keccakf $PERMS $PARAMS on cuda: prove rc $(cat "$OUT/prove_cuda.rc"), verify: $(tail -1 "$OUT/verify.log"), cpu proof identical: $([ $same -eq 0 ] && echo yes || echo NO)"
cat "$OUT/prove_cuda.log" | head -60
for tool in memcheck racecheck keccak_memcheck keccak_racecheck; do
  [ -f "$OUT/sanitize_$tool.log" ] && { echo "==== compute-sanitizer $tool (rc $(cat "$OUT/sanitize_$tool.rc"))"; grep -E "ERROR SUMMARY|RACECHECK SUMMARY|Error|error" "$OUT/sanitize_$tool.log" | head -8; }
done
if [ -f "$OUT/stage_bench.log" ]; then echo "==== stage bench (rc $(cat "$OUT/stage_bench.rc"))"; head -8 "$OUT/stage_bench.log"; fi
if [ -f "$OUT/commit_bench.log" ]; then echo "==== commit bench (rc $(cat "$OUT/commit_bench.rc"))"; grep -E "Poseidon2|D2D|rs|merkle|stacked_commit|transport|overlap" "$OUT/commit_bench.log"; fi
for j in 2 4; do [ -f "$OUT/bench_jobs$j.log" ] && { echo "==== $j jobs in flight"; grep -E "proofs/s|^stark_prove" "$OUT/bench_jobs$j.log"; }; done
if [ -f "$OUT/bench.log" ]; then echo "==== bench (rc $(cat "$OUT/bench.rc"))"; cat "$OUT/bench.log" | head -70; fi
tests_ok() {
  if [ $FULL -eq 1 ]; then [ "$(cat "$OUT/ctest.rc")" -eq 0 ]; else
    [ "$(cat "$OUT/stages.rc")" -eq 0 ] && [ "$(cat "$OUT/e2e.rc")" -eq 0 ]; fi
}
[ "$(cat "$OUT/cuda_test.rc")" -eq 0 ] && tests_ok && [ "$(cat "$OUT/prove_cuda.rc")" -eq 0 ] && [ $same -eq 0 ]
