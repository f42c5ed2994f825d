#!/usr/bin/env bash
# The swirl CLI end to end: prove and verify, rejections with exit code 1,
# the refused CUDA backend, keccakf with --perms and --inputs, --metrics keys.
# Usage: cli_test.sh <path to swirl>
set -u
swirl="$1"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$swirl" prove fib --params test-small --proof "$dir/fib.proof" --metrics "$dir/m.json" --check 2>"$dir/err" \
  || fail "prove fib"
grep -q 'stark_prove_excluding_trace' "$dir/err" || fail "no span tree on stderr"
for key in stark_prove_excluding_trace_time_ms prover.main_trace_commit_time_ms prover.rap_constraints_time_ms \
           prover.openings_time_ms rs_code_matrix_time_ms merkle_tree_time_ms round0_time_ms mle_rounds_time_ms \
           stacked_reduction_time_ms whir_time_ms logup_gkr_time_ms prover.rap_constraints.round0_time_ms \
           prover.rap_constraints.logup_gkr_time_ms prover.openings.whir_time_ms; do
  grep -q "\"$key\"" "$dir/m.json" || fail "metrics lack $key"
done
out="$("$swirl" verify fib --params test-small --proof "$dir/fib.proof")" || fail "verify fib exit code"
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

# The CUDA backend cannot prove yet: refused (exit 2), never a host fallback.
"$swirl" prove fib --params test-small --backend cuda --proof "$dir/x.proof" 2>"$dir/err"
[ $? -eq 2 ] || fail "--backend cuda not refused"
grep -q 'cannot prove yet' "$dir/err" || fail "--backend cuda message"

# keccakf: seeded inputs, then inputs from a file (2 states of zeros).
"$swirl" prove keccakf --perms 2 --params test-small:2,7,3 --proof "$dir/k.proof" 2>/dev/null || fail "prove keccakf"
[ "$("$swirl" verify keccakf --params test-small:2,7,3 --proof "$dir/k.proof")" = "accepted" ] || fail "verify keccakf"
head -c 400 /dev/zero >"$dir/in.bin"
"$swirl" prove keccakf --inputs "$dir/in.bin" --params test-small:2,7,3 --proof "$dir/k2.proof" 2>/dev/null \
  || fail "prove keccakf --inputs"
[ "$("$swirl" verify keccakf --params test-small:2,7,3 --proof "$dir/k2.proof")" = "accepted" ] || fail "verify --inputs"
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
  [ "$("$swirl" verify "$air" --params test-small --log-height 3 --proof "$dir/$air.proof")" = "accepted" ] \
    || fail "verify $air"
done
"$swirl" prove nosuchair --params test-small --proof "$dir/n.proof" 2>/dev/null
[ $? -eq 2 ] || fail "unknown AIR accepted"
echo "cli_test: ok"
