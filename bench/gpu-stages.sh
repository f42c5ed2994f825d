#!/usr/bin/env bash
# One GPU call for the device stages: builds the CUDA tests and the stage
# tests, runs both (the stage tests compare every device stage with the CPU
# backend's), runs the stage benchmark (bench/cuda_stages.cpp), then plants
# one wrong value on the device twice -- in the LogUp input layer (every
# denominator + 1) and in one constraint (constraint 0's value + 1 in the
# interpreter) -- rebuilds and shows that each comparison fails.
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
       cmake --build "$BUILD" -j16 --target cuda_test backend_stages_test e2e_test swirl_bench_cuda_stages; } > "$OUT/build.log" 2>&1; then
  tail -40 "$OUT/build.log"; echo "BUILD FAILED"; exit 1
fi
echo "build: $(( $(date +%s) - t0 )) s"
"$BUILD/tests/cuda_test" --gtest_color=no > "$OUT/cuda_test.log" 2>&1; cuda_rc=$?
"$BUILD/tests/backend_stages_test" --gtest_color=no > "$OUT/stages.log" 2>&1; stages_rc=$?
"$BUILD/tests/e2e_test" --gtest_color=no > "$OUT/e2e.log" 2>&1; e2e_rc=$?
"$BUILD/bench/swirl_bench_cuda_stages" > "$OUT/bench_stages.log" 2>&1; bench_rc=$?
# The planted bugs (this copy of the tree only), one at a time.
plant() {  # file, sed expression, test filter, log name
  cp "$1" "$1.orig"
  sed -i "$2" "$1"
  if cmp -s "$1" "$1.orig"; then echo "0" > "$OUT/$4.planted"; else echo "1" > "$OUT/$4.planted"; fi
  cmake --build "$BUILD" -j16 --target backend_stages_test >> "$OUT/build.log" 2>&1
  "$BUILD/tests/backend_stages_test" --gtest_color=no --gtest_filter="$3" > "$OUT/$4.log" 2>&1
  echo $? > "$OUT/$4.rc"
  mv "$1.orig" "$1"
}
plant src/backend/cuda/logup_input.cu 's|den + air->den_base\[k\]}|den + air->den_base[k] + BabyBear4::one()}|' \
  'LogupGkrStage.BackendsAgreeWithCpu' planted_logup
plant src/backend/cuda/program_interp.cuh 's|acc\[i\] += l \* v\[i\];|acc[i] += l * (k == 0 ? v[i] + T(F::one()) : v[i]);|' \
  'ZerocheckStage.BackendsAgreeWithCpu' planted_constraint
cmake --build "$BUILD" -j16 --target backend_stages_test >> "$OUT/build.log" 2>&1
echo "==== cuda_test (rc $cuda_rc)"; grep -E "^\[==========\]|^\[  PASSED  \]|^\[  FAILED  \]" "$OUT/cuda_test.log"
echo "==== backend_stages_test (rc $stages_rc)"; grep -E "^\[==========\]|^\[  PASSED  \]|^\[  FAILED  \]|Failure" "$OUT/stages.log" | head -20
echo "==== e2e_test (rc $e2e_rc)"; grep -E "^\[==========\]|^\[  PASSED  \]|^\[  FAILED  \]" "$OUT/e2e.log"
echo "==== stage benchmark (rc $bench_rc)"; cat "$OUT/bench_stages.log"
planted_ok=1
for p in planted_logup planted_constraint; do
  echo "==== $p (must fail: rc $(cat "$OUT/$p.rc"), planted $(cat "$OUT/$p.planted"))"
  grep -E "^\[  FAILED  \]|^\[  PASSED  \]|Failure" "$OUT/$p.log" | head -4
  { [ "$(cat "$OUT/$p.rc")" -ne 0 ] && [ "$(cat "$OUT/$p.planted")" -eq 1 ]; } || planted_ok=0
done
[ $cuda_rc -eq 0 ] && [ $stages_rc -eq 0 ] && [ $e2e_rc -eq 0 ] && [ $bench_rc -eq 0 ] && [ $planted_ok -eq 1 ]
