#!/usr/bin/env bash
# The layering check passes on the tree and fails on a planted upward
# include (a field/ header including prover/) and a planted sibling include
# (the verifier including the CPU backend).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
check="$root/scripts/check-layering.sh"
"$check" "$root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plant() {  # file line
  rm -rf "$tmp/t" && mkdir -p "$tmp/t" && cp -r "$root/include" "$root/src" "$tmp/t/"
  echo "$2" >> "$tmp/t/$1"
  if out=$("$check" "$tmp/t" 2>&1); then
    echo "layering_test: a planted '$2' in $1 was not caught"; exit 1
  fi
  grep -q "$1" <<<"$out" || { echo "layering_test: the failure does not name $1: $out"; exit 1; }
}
plant include/swirl/field/babybear.h '#include "swirl/prover/prover.h"'
plant src/verifier/verifier.cpp '#include "swirl/backend/cpu/cpu_backend.h"'
plant src/backend/cpu/cpu_backend.cpp '#include "swirl/backend/cuda/memory.h"'
echo "layering_test: passed (tree clean, 3 planted includes caught)"
