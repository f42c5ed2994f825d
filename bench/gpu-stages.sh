#!/usr/bin/env bash
# One GPU call for the device stages: builds the CUDA tests and the stage
# tests, runs both (the stage tests compare every device stage with the CPU
# backend's), then plants one wrong value in the device LogUp input layer
# (every denominator + 1), rebuilds and shows that the comparison fails.
# Logs under $OUT; a short table last. Usage: bash bench/gpu-stages.sh
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$ROOT/gpu-stages-out}
BUILD=${BUILD:-$ROOT/build/gpu}
mkdir -p "$OUT"
cd "$ROOT"
t0=$(date +%s)
if ! { cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSWIRL_CUDA=ON \
         -DCMAKE_CUDA_ARCHITECTURES=90 -DSWIRL_WERROR=ON &&
       cmake --build "$BUILD" -j16 --target cuda_test backend_stages_test e2e_test; } > "$OUT/build.log" 2>&1; then
  tail -40 "$OUT/build.log"; echo "BUILD FAILED"; exit 1
fi
echo "build: $(( $(date +%s) - t0 )) s"
"$BUILD/tests/cuda_test" --gtest_color=no > "$OUT/cuda_test.log" 2>&1; cuda_rc=$?
"$BUILD/tests/backend_stages_test" --gtest_color=no > "$OUT/stages.log" 2>&1; stages_rc=$?
"$BUILD/tests/e2e_test" --gtest_color=no > "$OUT/e2e.log" 2>&1; e2e_rc=$?
# The planted bug (this copy of the tree only).
sed -i 's|den + air.den_base\[in.dst\]}|den + air.den_base[in.dst] + BabyBear4::one()}|' src/backend/cuda/logup_input.cu
grep -c "BabyBear4::one()}" src/backend/cuda/logup_input.cu > "$OUT/planted.txt"
cmake --build "$BUILD" -j16 --target backend_stages_test >> "$OUT/build.log" 2>&1
"$BUILD/tests/backend_stages_test" --gtest_color=no --gtest_filter='LogupGkrStage.BackendsAgreeWithCpu' > "$OUT/planted.log" 2>&1
planted_rc=$?
git -C "$ROOT" checkout -- src/backend/cuda/logup_input.cu 2>/dev/null || true
echo "==== cuda_test (rc $cuda_rc)"; grep -E "^\[==========\]|^\[  PASSED  \]|^\[  FAILED  \]" "$OUT/cuda_test.log"
echo "==== backend_stages_test (rc $stages_rc)"; grep -E "^\[==========\]|^\[  PASSED  \]|^\[  FAILED  \]|Failure" "$OUT/stages.log" | head -20
echo "==== e2e_test (rc $e2e_rc)"; grep -E "^\[==========\]|^\[  PASSED  \]|^\[  FAILED  \]" "$OUT/e2e.log"
echo "==== planted device bug (must fail: rc $planted_rc, planted lines $(cat "$OUT/planted.txt"))"
grep -E "^\[  FAILED  \]|^\[  PASSED  \]|Failure" "$OUT/planted.log" | head -5
[ $cuda_rc -eq 0 ] && [ $stages_rc -eq 0 ] && [ $e2e_rc -eq 0 ] && [ $planted_rc -ne 0 ]
