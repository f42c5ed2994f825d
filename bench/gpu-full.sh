#!/usr/bin/env bash
# The whole-project check on the GPU machine, one call: the CUDA check
# (bench/gpu-check.sh: build, cuda_test, CUDA benchmark), then every test of
# the build, the keccak-f main job through the CLI on the host's cores, and
# the host phase benchmarks. Logs under $OUT; a short table last.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$ROOT/gpu-check-out}
BUILD=${BUILD:-$ROOT/build/gpu}
mkdir -p "$OUT"
cd "$ROOT"
bash bench/gpu-check.sh > "$OUT/gpu-check.txt" 2>&1; check_rc=$?
cmake --build "$BUILD" -j16 > "$OUT/build-all.log" 2>&1 || { tail -30 "$OUT/build-all.log"; echo "BUILD FAILED"; exit 1; }
(cd "$BUILD" && ctest -j8 --output-on-failure > "$OUT/ctest.log" 2>&1); ctest_rc=$?
export OMP_WAIT_POLICY=passive
"$BUILD/tools/swirl" prove keccakf --backend auto --proof "$OUT/keccakf.proof" --metrics "$OUT/keccakf.metrics.json" \
  > "$OUT/prove.log" 2>&1; prove_rc=$?
"$BUILD/tools/swirl" verify keccakf --proof "$OUT/keccakf.proof" > "$OUT/verify.log" 2>&1; verify_rc=$?
"$BUILD/bench/swirl_bench_batch_constraints" 1024 > "$OUT/batch_constraints.log" 2>&1
echo "==== gpu-check (rc $check_rc)"; sed -n '/==== cuda_test summary/,$p' "$OUT/gpu-check.txt"
echo "==== ctest (rc $ctest_rc)"; grep -E "tests passed|tests failed|\*\*\*Failed|Total Test" "$OUT/ctest.log"
echo "==== keccakf main job (prove rc $prove_rc, verify rc $verify_rc: $(cat "$OUT/verify.log"))"
grep -E "^(stark_prove|  prover\.|    (rs_code|merkle|round0|mle|stacked|whir|logup))|^backend" "$OUT/prove.log"
echo "==== batch constraints bench"; tail -2 "$OUT/batch_constraints.log"
[ $check_rc -eq 0 ] && [ $ctest_rc -eq 0 ] && [ $prove_rc -eq 0 ] && [ $verify_rc -eq 0 ]
