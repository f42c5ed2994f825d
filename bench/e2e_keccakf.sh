#!/usr/bin/env bash
# End-to-end benchmark: the keccak-f example (default 1024 permutations,
# app-100:21) proved by the swirl CLI, then verified. Prints the span tree,
# the metrics JSON, wall time and peak RSS (GNU time).
# Usage: bench/e2e_keccakf.sh [build dir (default build/release)] [extra `swirl prove` args]
set -euo pipefail
build="${1:-build/release}"
shift || true
swirl="$build/tools/swirl"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
uptime
/usr/bin/time -v "$swirl" prove keccakf --backend auto --proof "$out/keccakf.proof" --metrics "$out/metrics.json" "$@" \
  2> >(grep -v -E '^\s+(Average|Major|Minor|Voluntary|Involuntary|Swaps|File system|Socket|Signals|Page size|Exit status|Percent)' >&2)
cat "$out/metrics.json"
time "$swirl" verify keccakf --proof "$out/keccakf.proof"
