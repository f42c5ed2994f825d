#!/usr/bin/env bash
# The swirl CLI end to end: prove and verify, rejections with exit code 1,
# the refused CUDA backend, keccakf with --perms and --inputs, --metrics keys,
# then the contract of issue 15 (README.md, "The two commands"): exit 0
# proved/accepted, 1 rejected, 2 usage or input error, 3 environment failure,
# one-line messages naming the option, no partial output files.
# Usage: cli_test.sh <path to swirl>
set -u
swirl="$1"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
# CLI_TEST_KEEP_GOING=1 reports every failure (to see which checks an old
# binary fails) instead of stopping at the first.
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
  [ -n "${CLI_TEST_KEEP_GOING:-}" ] || exit 1
}

"$swirl" prove fib --params test-small --proof "$dir/fib.proof" --metrics "$dir/m.json" --check 2>"$dir/err" \
  || fail "prove fib"
grep -q 'stark_prove_excluding_trace' "$dir/err" || fail "no span tree on stderr"
for key in stark_prove_excluding_trace_time_ms prover.main_trace_commit_time_ms prover.rap_constraints_time_ms \
           prover.openings_time_ms rs_code_matrix_time_ms prover.main_trace_commit.merkle_tree_time_ms \
           prover.openings.whir.merkle_tree_time_ms round0_time_ms mle_rounds_time_ms \
           stacked_reduction_time_ms whir_time_ms logup_gkr_time_ms prover.rap_constraints.round0_time_ms \
           prover.rap_constraints.logup_gkr_time_ms prover.openings.whir_time_ms; do
  grep -q "\"$key\"" "$dir/m.json" || fail "metrics lack $key"
done
# Different spans never share a key; labels say what ran where.
grep -q '"merkle_tree_time_ms"' "$dir/m.json" && fail "metrics merge the commit's and WHIR's merkle_tree"
for label in air backend device threads params version; do
  grep -q "\"$label\"" "$dir/m.json" || fail "metrics lack the label $label"
done
grep -q '\[ [0-9.]*\(ms\|s\|µs\) | [0-9.]*% / [0-9.]*% \]' "$dir/err" || fail "span tree lacks [ time | self% / total% ]"
out="$("$swirl" verify fib --params test-small --proof "$dir/fib.proof" 2>"$dir/err")" || fail "verify fib exit code"
grep -q 'FibonacciAir: 2^8 rows' "$dir/err" || fail "verify does not say which heights it checked"
grep -q ' ms' "$dir/err" || fail "verify does not say how long it took"
[ "$out" = "accepted" ] || fail "verify fib printed '$out'"

# Other parameters than the proof's: rejected (exit 1).
"$swirl" verify fib --params test-small:2,8,2 --proof "$dir/fib.proof" >"$dir/out"
[ $? -eq 1 ] || fail "wrong params not rejected with exit 1"
grep -q '^rejected' "$dir/out" || fail "no rejection reason"

# A flipped byte in the middle: rejected (exit 1).
cp "$dir/fib.proof" "$dir/bad.proof"
size=$(stat -c %s "$dir/bad.proof")
printf '\x55' | dd of="$dir/bad.proof" bs=1 seek=$((size / 2)) conv=notrunc status=none
"$swirl" verify fib --params test-small --proof "$dir/bad.proof" >"$dir/out"
[ $? -eq 1 ] || fail "corrupted proof not rejected with exit 1"

# --backend cuda: where no device is (or swirl has no CUDA) it is refused
# (exit 2), never a host fallback; on a GPU machine it proves, and its proof
# bytes equal the CPU backend's.
"$swirl" prove fib --params test-small --backend cuda --proof "$dir/x.proof" 2>"$dir/err"
rc=$?
if [ $rc -eq 0 ]; then
  "$swirl" prove fib --params test-small --backend cpu --proof "$dir/y.proof" 2>/dev/null || fail "prove --backend cpu"
  cmp -s "$dir/x.proof" "$dir/y.proof" || fail "CUDA and CPU proofs differ"
  "$swirl" prove fib --params test-small --backend cuda --device 0 --proof "$dir/x0.proof" 2>/dev/null \
    || fail "prove --device 0"
  cmp -s "$dir/x0.proof" "$dir/y.proof" || fail "--device 0 proof differs"
  # An instance too large for the device (here: for a 1 MiB cap): exit 2,
  # the bytes asked and free named, no proof file.
  SWIRL_CUDA_MEMORY_LIMIT=1M "$swirl" prove keccakf --perms 8 --params app-100:18 --backend cuda \
    --proof "$dir/oom.proof" 2>"$dir/err"
  [ $? -eq 2 ] || fail "device out of memory not exit 2"
  grep -q 'does not fit the device.*requested' "$dir/err" || fail "device out of memory message: $(cat "$dir/err")"
  [ -e "$dir/oom.proof" ] && fail "an out-of-memory prove left a proof file"
  # A CUDA failure mid-proof (launch 40 made to fail): an environment
  # failure, exit 3, the kernel and call site named, no proof file.
  SWIRL_CUDA_FAIL_LAUNCH=40 "$swirl" prove keccakf --perms 8 --params app-100:18 --backend cuda \
    --proof "$dir/fault.proof" 2>"$dir/err"
  [ $? -eq 3 ] || fail "a CUDA failure mid-proof not exit 3"
  grep -q 'CUDA error.*@' "$dir/err" || fail "CUDA failure message: $(cat "$dir/err")"
  [ -e "$dir/fault.proof" ] && fail "a failed prove left a proof file"
else
  [ $rc -eq 2 ] || fail "--backend cuda not refused with exit 2 (rc $rc)"
  grep -q 'cannot prove here' "$dir/err" || fail "--backend cuda message"
  [ -e "$dir/x.proof" ] && fail "a refused prove left a proof file"
fi

# A CUDA device index that is not there (or given to the CPU backend), and
# a malformed SWIRL_DEVICE: exit 2, no proof file.
"$swirl" prove fib --params test-small --device 999 --proof "$dir/dev.proof" 2>"$dir/err"
[ $? -eq 2 ] || fail "--device 999 not refused with exit 2"
grep -q -- '--device 999' "$dir/err" || fail "--device message: $(cat "$dir/err")"
"$swirl" prove fib --params test-small --backend cpu --device 0 --proof "$dir/dev.proof" 2>/dev/null
[ $? -eq 2 ] || fail "--device with --backend cpu not refused"
SWIRL_DEVICE=x1 "$swirl" prove fib --params test-small --backend cuda --proof "$dir/dev.proof" 2>"$dir/err"
[ $? -eq 2 ] || fail "SWIRL_DEVICE=x1 not refused"
[ -e "$dir/dev.proof" ] && fail "a refused prove left a proof file"
# ... and ignored where the CPU backend proves.
SWIRL_DEVICE=x1 "$swirl" prove fib --params test-small --backend cpu --proof "$dir/dev.proof" 2>/dev/null \
  || fail "SWIRL_DEVICE stopped a CPU prove"

# keccakf: seeded inputs, then inputs from a file (2 states of zeros).
"$swirl" prove keccakf --perms 2 --params test-small:2,7,3 --proof "$dir/k.proof" 2>/dev/null || fail "prove keccakf"
[ "$("$swirl" verify keccakf --params test-small:2,7,3 --proof "$dir/k.proof" 2>/dev/null)" = "accepted" ] || fail "verify keccakf"
head -c 400 /dev/zero >"$dir/in.bin"
"$swirl" prove keccakf --inputs "$dir/in.bin" --params test-small:2,7,3 --proof "$dir/k2.proof" 2>/dev/null \
  || fail "prove keccakf --inputs"
[ "$("$swirl" verify keccakf --params test-small:2,7,3 --proof "$dir/k2.proof" 2>/dev/null)" = "accepted" ] || fail "verify --inputs"
cmp -s "$dir/k.proof" "$dir/k2.proof" && fail "different inputs gave the same proof"
head -c 300 /dev/zero >"$dir/bad.bin"
"$swirl" prove keccakf --inputs "$dir/bad.bin" --params test-small:2,7,3 --proof "$dir/k3.proof" 2>/dev/null
[ $? -eq 2 ] || fail "--inputs of 300 bytes accepted"
"$swirl" prove keccakf --inputs "$dir/in.bin" --perms 3 --params test-small:2,7,3 --proof "$dir/k3.proof" 2>/dev/null
[ $? -eq 2 ] || fail "--perms disagreeing with --inputs accepted"

# --threads does not change the proof.
"$swirl" prove fib --params test-small --threads 1 --proof "$dir/fib1.proof" 2>/dev/null || fail "prove --threads 1"
cmp -s "$dir/fib.proof" "$dir/fib1.proof" || fail "--threads 1 changed the proof"

# The fixtures.
for air in interactions cached preprocessed preprocessed-cached self-interaction mixture; do
  "$swirl" prove "$air" --params test-small --log-height 3 --proof "$dir/$air.proof" 2>/dev/null || fail "prove $air"
  [ "$("$swirl" verify "$air" --params test-small --log-height 3 --proof "$dir/$air.proof" 2>/dev/null)" = "accepted" ] \
    || fail "verify $air"
done
"$swirl" prove nosuchair --params test-small --proof "$dir/n.proof" 2>/dev/null
[ $? -eq 2 ] || fail "unknown AIR accepted"

# ---- the contract (issue 15) -------------------------------------------------
# expect CODE [--] PATTERN CMD...: CMD exits CODE, its stderr+stdout is one line
# matching PATTERN and holds no raw library text.
expect() {
  local code="$1"
  shift
  [ "$1" = -- ] && shift
  local pattern="$1"
  shift
  "$@" >"$dir/out" 2>"$dir/err"
  local rc=$?
  cat "$dir/out" "$dir/err" >"$dir/all"
  [ "$rc" -eq "$code" ] || fail "exit $rc, not $code: $* ($(head -c 300 "$dir/all"))"
  [ "$(wc -l <"$dir/all")" -eq 1 ] || fail "not one line: $* ($(head -c 300 "$dir/all"))"
  grep -q -e "$pattern" "$dir/all" || fail "message of '$*' lacks '$pattern': $(cat "$dir/all")"
  if grep -q -e 'basic_filebuf\|max_size\|bad_alloc\|libgomp' "$dir/all"; then fail "raw library text: $(cat "$dir/all")"; fi
}
# no_output FILE...: none of the files exists, nor any temporary file.
no_output() {
  for f in "$@"; do [ -e "$f" ] && fail "a failed run left $f"; done
  if ls -A "$dir" | grep -q 'swirl-.*\.tmp'; then fail "a temporary file was left: $(ls -A "$dir")"; fi
}
P=(--params test-small)

# --threads and OMP_NUM_THREADS: 1..4 x hardware threads, checked up front.
expect 2 -- '--threads 100000' "$swirl" prove fib "${P[@]}" --threads 100000 --proof "$dir/t.proof"
expect 2 -- '--threads 20000' "$swirl" prove fib "${P[@]}" --threads 20000 --proof "$dir/t.proof"
expect 2 -- '--threads 0' "$swirl" prove fib "${P[@]}" --threads 0 --proof "$dir/t.proof"
expect 2 -- '--threads -3' "$swirl" verify fib "${P[@]}" --threads -3 --proof "$dir/fib.proof"
expect 2 OMP_NUM_THREADS env OMP_NUM_THREADS=100000 "$swirl" prove fib "${P[@]}" --proof "$dir/t.proof"
# (libgomp itself warns about a value it cannot parse, before swirl runs.)
OMP_NUM_THREADS=lots "$swirl" verify fib "${P[@]}" --proof "$dir/fib.proof" >"$dir/out" 2>&1
[ $? -eq 2 ] || fail "OMP_NUM_THREADS=lots not refused"
tail -1 "$dir/out" | grep -q "^swirl: OMP_NUM_THREADS='lots'" || fail "OMP_NUM_THREADS=lots message"
no_output "$dir/t.proof"
OMP_NUM_THREADS=2 "$swirl" prove fib "${P[@]}" --proof "$dir/t.proof" 2>/dev/null || fail "OMP_NUM_THREADS=2"
cmp -s "$dir/fib.proof" "$dir/t.proof" || fail "OMP_NUM_THREADS=2 changed the proof"
rm -f "$dir/t.proof"

# Outputs that cannot be files: refused before proving, nothing written.
expect 2 -- '--metrics /dev/full' "$swirl" prove fib "${P[@]}" --metrics /dev/full --proof "$dir/m1.proof"
no_output "$dir/m1.proof"
if [ -e /proc/version ]; then
  "$swirl" prove fib "${P[@]}" --metrics /proc/version --proof "$dir/m2.proof" >"$dir/out" 2>&1
  rc=$?
  [ $rc -eq 2 ] || [ $rc -eq 3 ] || fail "--metrics /proc/version exit $rc"
  grep -q -e '--metrics /proc/version' "$dir/out" || fail "--metrics /proc/version message: $(cat "$dir/out")"
  no_output "$dir/m2.proof"
fi
expect 2 -- '--proof '"$dir"' is a directory' "$swirl" prove fib "${P[@]}" --proof "$dir"
expect 2 -- '--proof '"$dir"' is a directory' "$swirl" verify fib "${P[@]}" --proof "$dir"
expect 2 -- '--metrics' "$swirl" prove fib "${P[@]}" --metrics "$dir/nodir/m.json" --proof "$dir/m3.proof"
no_output "$dir/m3.proof"
expect 2 -- '--proof' "$swirl" prove fib "${P[@]}" --proof "$dir/nodir/x.proof"
expect 2 'same file' "$swirl" prove fib "${P[@]}" --metrics "$dir/same" --proof "$dir/same"
no_output "$dir/same"
# An unwritable --proof of a long prove (keccakf, 1024 permutations) fails
# at once, before any proving (no span tree, well under the proving time).
start=$(date +%s)
expect 2 -- '--proof' "$swirl" prove keccakf --proof "$dir/nodir/k.proof"
[ $(( $(date +%s) - start )) -le 5 ] || fail "the unwritable --proof was reported late"
# A write that fails (file size limit: EFBIG) exits 3 and leaves nothing.
( trap '' XFSZ; ulimit -f 4; exec "$swirl" prove fib "${P[@]}" --proof "$dir/big.proof" ) >"$dir/out" 2>"$dir/err"
rc=$?
[ $rc -eq 3 ] || fail "failed write: exit $rc ($(tail -1 "$dir/err"))"
tail -1 "$dir/err" | grep -q -e "cannot write --proof $dir/big.proof" || fail "failed write message: $(tail -1 "$dir/err")"
no_output "$dir/big.proof"
( trap '' XFSZ; ulimit -f 4; exec "$swirl" prove fib "${P[@]}" --proof "$dir/ok.proof" --metrics "$dir/big.json" ) \
  >"$dir/out" 2>"$dir/err"
[ $? -eq 3 ] || fail "failed metrics write: exit not 3"
no_output "$dir/big.json" "$dir/ok.proof"
ls -A "$dir" | grep -q 'swirl-' && fail "temporary files left after success: $(ls -A "$dir")"

# --perms and --inputs.
for n in 0 -1; do expect 2 -- "--perms $n is outside" "$swirl" prove keccakf --perms "$n" --proof "$dir/kx.proof"; done
expect 2 -- '--perms 1000000 is outside' "$swirl" prove keccakf --perms 1000000 --proof "$dir/kx.proof"
expect 2 -- '--perms 600000 makes KeccakAir a trace of 2^24 rows' "$swirl" prove keccakf --perms 600000 --proof "$dir/kx.proof"
expect 2 -- '--perms is only for keccakf' "$swirl" prove fib --perms 4 --proof "$dir/kx.proof"
expect 2 -- '--log-height does not apply' "$swirl" prove keccakf --log-height 4 --proof "$dir/kx.proof"
expect 2 -- '--log-height 25 is outside' "$swirl" prove fib --log-height 25 --proof "$dir/kx.proof"
expect 2 -- '--log-height -1 is outside' "$swirl" verify fib --log-height -1 --proof "$dir/fib.proof"
: >"$dir/empty.bin"
expect 2 -- "--inputs $dir/empty.bin is empty" "$swirl" prove keccakf --inputs "$dir/empty.bin" --proof "$dir/kx.proof"
expect 2 -- "--inputs $dir is a directory" "$swirl" prove keccakf --inputs "$dir" --proof "$dir/kx.proof"
expect 2 -- "--inputs $dir/none.bin" "$swirl" prove keccakf --inputs "$dir/none.bin" --proof "$dir/kx.proof"
expect 2 -- "--proof $dir/none.proof" "$swirl" verify fib --proof "$dir/none.proof"
no_output "$dir/kx.proof"
# Host memory: an estimate beyond MemAvailable fails early (exit 3).
start=$(date +%s)
expect 3 'not enough host memory.*--perms 699050' "$swirl" prove keccakf --perms 699050 --params app-100:24 \
  --proof "$dir/kx.proof"
[ $(( $(date +%s) - start )) -le 5 ] || fail "the memory estimate came late"
no_output "$dir/kx.proof"

# libgomp failing to create threads (address space too small for 1 GiB
# stacks) exits 3, an environment failure, never 1; no partial output.
( ulimit -v 2000000; OMP_STACKSIZE=1G exec "$swirl" prove fib "${P[@]}" --threads 8 --proof "$dir/g.proof" ) \
  >"$dir/out" 2>"$dir/err"
rc=$?
[ $rc -eq 3 ] || fail "thread-creation failure: exit $rc ($(tail -2 "$dir/err"))"
no_output "$dir/g.proof"

# verify takes prove's shaping options and checks the proof against them.
expect 1 'has 2^8 rows in the proof; --log-height 9 expects 2^9 rows' \
  "$swirl" verify fib "${P[@]}" --log-height 9 --proof "$dir/fib.proof"
"$swirl" verify fib "${P[@]}" --log-height 8 --proof "$dir/fib.proof" >"$dir/out" 2>"$dir/err" || fail "--log-height 8"
grep -q 'checked against --log-height 8' "$dir/err" || fail "verify does not say it checked --log-height"
"$swirl" prove keccakf --perms 2 --params test-small:2,7,3 --threads 2 --proof "$dir/k2p.proof" 2>/dev/null || fail "k2p"
[ "$("$swirl" verify keccakf --perms 2 --params test-small:2,7,3 --threads 2 --proof "$dir/k2p.proof" 2>/dev/null)" \
  = accepted ] || fail "verify with prove's --perms"
expect 1 'KeccakAir) has 2^6 rows in the proof; --perms 3 expects 2^7 rows' \
  "$swirl" verify keccakf --perms 3 --params test-small:2,7,3 --proof "$dir/k2p.proof"
[ "$("$swirl" verify keccakf --inputs "$dir/in.bin" --params test-small:2,7,3 --proof "$dir/k2.proof" 2>/dev/null)" \
  = accepted ] || fail "verify with prove's --inputs"
expect 1 'self-interaction\|SelfInteraction' "$swirl" verify self-interaction "${P[@]}" --log-height 4 \
  --proof "$dir/self-interaction.proof"

# A verdict that cannot be written is not a verdict: exit 3.
"$swirl" verify fib "${P[@]}" --proof "$dir/fib.proof" >/dev/full 2>"$dir/err"
[ $? -eq 3 ] || fail "verify >/dev/full: exit not 3"
grep -q 'standard output' "$dir/err" || fail "verify >/dev/full message"

# Keys on disk: keygen writes the verifying key, verify --vk uses it instead
# of key generation (and says so); a key for other parameters, a file that
# is not a key, or a key of other AIRs are refused or rejected.
"$swirl" keygen preprocessed "${P[@]}" --vk "$dir/pp.vk" >/dev/null 2>"$dir/err" || fail "keygen preprocessed"
grep -q 'bytes' "$dir/err" || fail "keygen does not report the key size"
"$swirl" prove preprocessed "${P[@]}" --proof "$dir/pp.proof" >/dev/null 2>&1 || fail "prove preprocessed"
[ "$("$swirl" verify preprocessed "${P[@]}" --proof "$dir/pp.proof" --vk "$dir/pp.vk" 2>"$dir/err")" = accepted ] \
  || fail "verify --vk"
grep -q 'key read from' "$dir/err" || fail "verify --vk does not say the key was read"
expect 2 'other parameters' "$swirl" verify preprocessed --params test-small:2,8,2 --proof "$dir/pp.proof" \
  --vk "$dir/pp.vk"
expect 2 -- '--vk .*not a verifying key' "$swirl" verify preprocessed "${P[@]}" --proof "$dir/pp.proof" \
  --vk "$dir/pp.proof"
"$swirl" keygen fib "${P[@]}" --vk "$dir/fib.vk" >/dev/null 2>&1 || fail "keygen fib"
expect 1 'rejected' "$swirl" verify preprocessed "${P[@]}" --proof "$dir/pp.proof" --vk "$dir/fib.vk"
expect 2 -- '--vk' "$swirl" keygen fib "${P[@]}" --vk "$dir/nodir/x.vk"
[ -e "$dir/nodir" ] && fail "keygen left a partial output"
expect 2 'neither given' "$swirl" keygen fib "${P[@]}"

# Proving keys on disk: keygen --pk writes one, prove --pk proves with it
# instead of key generation (the same proof bytes, and it says so); a
# truncated file, a key of other parameters or other AIRs are refused (2).
"$swirl" keygen preprocessed "${P[@]}" --pk "$dir/pp.pk" >/dev/null 2>"$dir/err" || fail "keygen --pk"
grep -q 'proving key' "$dir/err" || fail "keygen --pk does not report the key"
"$swirl" prove preprocessed "${P[@]}" --pk "$dir/pp.pk" --proof "$dir/pp2.proof" >/dev/null 2>"$dir/err" \
  || fail "prove --pk"
grep -q 'key read' "$dir/err" || fail "prove --pk does not say the key was read"
cmp -s "$dir/pp.proof" "$dir/pp2.proof" || fail "prove --pk gave other proof bytes"
head -c 200 "$dir/pp.pk" >"$dir/short.pk"
expect 2 -- '--pk .*not a usable proving key' "$swirl" prove preprocessed "${P[@]}" --pk "$dir/short.pk" \
  --proof "$dir/pp3.proof"
expect 2 'other parameters' "$swirl" prove preprocessed --params test-small:2,8,2 --pk "$dir/pp.pk" \
  --proof "$dir/pp3.proof"
expect 2 'other AIRs' "$swirl" prove fib "${P[@]}" --pk "$dir/pp.pk" --proof "$dir/pp3.proof"
[ -e "$dir/pp3.proof" ] && fail "a refused prove --pk left a proof file"
expect 2 'same file' "$swirl" keygen fib "${P[@]}" --vk "$dir/same.key" --pk "$dir/same.key"

# Throughput mode: several proofs with two in flight, each verified and
# compared; figures per span on stderr, the verdict on stdout, JSON on request.
out="$("$swirl" bench fib "${P[@]}" --proofs 3 --jobs 2 --warmup 1 --json "$dir/bench.json" 2>"$dir/err")" \
  || fail "bench fib exit code"
echo "$out" | grep -q '^3 proofs in .* proofs/s; all accepted, all identical$' || fail "bench verdict: $out"
grep -q 'prover.openings.whir.merkle_tree' "$dir/err" || fail "bench does not list the spans"
for key in proofs_per_second wall_ms all_identical all_accepted spans labels median_ms; do
  grep -q "\"$key\"" "$dir/bench.json" || fail "bench JSON lacks $key"
done
expect 2 -- '--jobs 0' "$swirl" bench fib "${P[@]}" --jobs 0
expect 2 -- '--proofs 0' "$swirl" bench fib "${P[@]}" --proofs 0
expect 2 -- '--json' "$swirl" bench fib "${P[@]}" --json "$dir/nodir/b.json"
# --devices spreads the jobs over CUDA devices round robin: malformed lists,
# a list with --device, and a list where the CPU backend proves are refused.
expect 2 "'x' is not a device index" "$swirl" bench fib "${P[@]}" --backend cuda --devices 0,x
expect 2 'given twice' "$swirl" bench fib "${P[@]}" --backend cuda --devices 0,0
expect 2 'give one of them' "$swirl" bench fib "${P[@]}" --devices 0 --device 0
expect 2 'CPU backend proves here' "$swirl" bench fib "${P[@]}" --backend cpu --devices all
if ! "$swirl" prove fib "${P[@]}" --backend cuda --proof "$dir/c.proof" >/dev/null 2>&1; then
  expect 2 -- '--backend cuda' "$swirl" bench fib "${P[@]}" --backend cuda
  expect 2 -- '--backend cuda' "$swirl" bench fib "${P[@]}" --backend cuda --devices all
else
  # Every device present, one job each unless told: the proofs verify and
  # are identical across devices; a device that is not there, or fewer jobs
  # than devices, is refused.
  out="$("$swirl" bench fib "${P[@]}" --backend cuda --devices all --jobs 4 --proofs 8 --json "$dir/dev.json" 2>"$dir/err")" \
    || fail "bench --devices all exit code: $(cat "$dir/err")"
  echo "$out" | grep -q '^8 proofs in .* all accepted, all identical$' || fail "bench --devices all verdict: $out"
  grep -q '"proofs_per_device"' "$dir/dev.json" || fail "bench JSON lacks proofs_per_device"
  "$swirl" bench fib "${P[@]}" --backend cuda --devices 0 --proofs 2 >/dev/null 2>&1 || fail "bench --devices 0"
  expect 2 'device(s) present' "$swirl" bench fib "${P[@]}" --backend cuda --devices 0,999
  ndev=$(nvidia-smi -L 2>/dev/null | wc -l)
  if [ "$ndev" -ge 2 ]; then
    expect 2 'give every device a job' "$swirl" bench fib "${P[@]}" --backend cuda --devices all --jobs 1
  fi
fi

# Parse errors: exit 2 with CLI11's message on one line (never 109 or 106).
expect 2 'not expected' "$swirl" verify fib --bogus 3 --proof "$dir/fib.proof"
expect 2 'air is required' "$swirl" prove
expect 2 'swirl:' "$swirl" prove fib --threads many --proof "$dir/kx.proof"
expect 2 'swirl:' "$swirl"
"$swirl" --help >/dev/null || fail "--help exit"
expect 2 -- '--backend gpu' "$swirl" prove fib --backend gpu --proof "$dir/kx.proof"
expect 2 "unknown AIR 'nosuchair'" "$swirl" verify nosuchair --proof "$dir/fib.proof"
expect 2 "unknown --params 'nope'" "$swirl" verify fib --params nope --proof "$dir/fib.proof"
[ "$failures" -eq 0 ] || { echo "cli_test: $failures failures"; exit 1; }
echo "cli_test: ok"
