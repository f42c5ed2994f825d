#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer, clang, ASan + UBSan) of the proof
# decoder + verifier, the verifying- and proving-key decoders and the CLI's --inputs
# reader (fuzz/). Builds in build/fuzz, generates the seed corpora from valid
# proofs and keys (build/fuzz/seeds), runs each pass for SECONDS seconds
# (default 60) keeping what it finds in build/fuzz/corpus, and exits 1 on any
# crash, leak, hang or sanitizer report (the input is saved under
# build/fuzz/artifacts; replay it with the harness, then add it to
# fuzz/regressions/<harness>/).
# Passes: proof_verify over the five small AIR sets (inputs up to 32 KiB, so
# mutation stays fast), proof_verify_keccakf over the keccak-f proof alone
# (300 KiB inputs, about 100 executions a second), vk_decode (keys up to
# 8 KiB: the keccak-f key is 280 KiB), pk_decode (proving keys of the small
# sets with their checksum appended by the harness, up to 32 KiB) and inputs.
#   scripts/fuzz.sh [SECONDS] [JOBS]   JOBS parallel fuzzing processes per harness (default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
jobs="${2:-1}"
SWIRL_FUZZ_DEPS=1 ./scripts/install-deps.sh
build="$PWD/build/fuzz"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE=-O2 -DSWIRL_FUZZ=ON -DSWIRL_CUDA=OFF \
  -DSWIRL_BUILD_TESTS=OFF -DSWIRL_BUILD_TOOLS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target fuzz_proof_verify fuzz_vk_decode fuzz_pk_decode fuzz_inputs

seeds="$build/seeds"
if [ ! -f "$seeds/.done" ] || [ ! -d "$seeds/pk_decode" ]; then
  rm -rf "$seeds"
  mkdir -p "$seeds/proof_verify" "$seeds/proof_verify_keccakf" "$seeds/vk_decode" "$seeds/pk_decode" "$seeds/inputs"
  SWIRL_FUZZ_WRITE_SEEDS="$seeds/proof_verify" "$build/fuzz/fuzz_proof_verify" -runs=0 2>&1 | grep '^seed' || true
  mv "$seeds/proof_verify/keccakf.seed" "$seeds/proof_verify_keccakf/"
  SWIRL_FUZZ_WRITE_SEEDS="$seeds/vk_decode" "$build/fuzz/fuzz_vk_decode" -runs=0 2>&1 | grep '^seed' || true
  SWIRL_FUZZ_WRITE_SEEDS="$seeds/pk_decode" "$build/fuzz/fuzz_pk_decode" -runs=0 2>&1 | grep '^seed' || true
  head -c 200 /dev/zero >"$seeds/inputs/zero1"
  head -c 400 /dev/urandom >"$seeds/inputs/random2"
  head -c 300 /dev/zero >"$seeds/inputs/bad300"
  touch "$seeds/.done"
fi

mkdir -p "$build/artifacts" "$build/logs"
status=0
for pass in proof_verify proof_verify_keccakf vk_decode pk_decode inputs; do
  h="${pass%_keccakf}"
  mkdir -p "$build/corpus/$pass"
  log="$build/logs/$pass.log"
  extra=()
  [ "$jobs" -gt 1 ] && extra=(-jobs="$jobs" -workers="$jobs")
  case "$pass" in
    proof_verify) extra+=(-max_len=32768) ;;
    vk_decode) extra+=(-max_len=8192) ;;
    pk_decode) extra+=(-max_len=32768) ;;
  esac
  # (libFuzzer's -jobs workers write fuzz-N.log into the working directory.)
  if ! (cd "$build/logs" && exec "$build/fuzz/fuzz_$h" -max_total_time="$secs" -timeout=20 -rss_limit_mb=3072 -print_final_stats=1 \
       -artifact_prefix="$build/artifacts/$pass-" "${extra[@]}" "$build/corpus/$pass" "$seeds/$pass") >"$log" 2>&1; then
    echo "fuzz: $pass FAILED (log $log, inputs under $build/artifacts)"
    tail -30 "$log"
    status=1
  fi
  if [ "$jobs" -gt 1 ]; then
    cat "$build/logs"/fuzz-*.log >>"$log" 2>/dev/null || true
    rm -f "$build/logs"/fuzz-*.log
  fi
  execs=$(grep -h 'stat::number_of_executed_units' "$log" | awk '{s += $2} END {print s + 0}')
  cov=$(grep -h -o 'cov: [0-9]*' "$log" | tail -1)
  ft=$(grep -h -o 'ft: [0-9]*' "$log" | tail -1)
  echo "fuzz: $pass ${secs}s x $jobs: $execs executions, $cov, $ft, corpus $(ls "$build/corpus/$pass" | wc -l) files"
done
exit $status
