#!/usr/bin/env bash
# Fails when a header or source includes a layer above its own (the layer
# table of docs/design.md). Run by scripts/test.sh; usage:
#   scripts/check-layering.sh [ROOT]      (default: the checkout this script is in)
#
# Ranks, bottom to top. A file may include its own layer and any layer of a
# lower rank; two layers of the same rank may not include each other.
#   0 util  1 field  2 crypto  3 poly  4 protocol  5 air
#   6 backend (the interface: include/swirl/backend/*.h, src/backend/*.cpp)
#   7 backend/cpu, backend/cuda (siblings)
#   8 prover, verifier (siblings; the verifier is backend-free, below)
#   9 backend/select (above both backends: include/swirl/backend/select.h,
#     src/backend/select.cpp)
#  10 tools, bench, examples, tests
# The verifier may include nothing of backend/ or prover/.
set -euo pipefail
root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
cd "$root"

# The layer of a path (a file, or an included "swirl/..." path).
layer_of() {
  local p="$1"
  p="${p#include/swirl/}"
  p="${p#src/}"
  p="${p#swirl/}"
  case "$p" in
    tools/* | bench/* | examples/* | tests/*) echo "top" ;;
    backend/select.h | backend/select.cpp) echo "backend/select" ;;
    backend/cpu/*) echo "backend/cpu" ;;
    backend/cuda/*) echo "backend/cuda" ;;
    backend/*) echo "backend" ;;
    */*) echo "${p%%/*}" ;;
    *) echo "unknown" ;;
  esac
}

rank_of() {
  case "$1" in
    util) echo 0 ;; field) echo 1 ;; crypto) echo 2 ;; poly) echo 3 ;; protocol) echo 4 ;; air) echo 5 ;;
    backend) echo 6 ;; backend/cpu | backend/cuda) echo 7 ;; prover | verifier) echo 8 ;;
    backend/select) echo 9 ;; top) echo 10 ;; *) echo -1 ;;
  esac
}

fail=0
checked=0
while IFS= read -r file; do
  from=$(layer_of "$file")
  from_rank=$(rank_of "$from")
  if [ "$from_rank" -lt 0 ]; then
    echo "layering: $file is in no layer of docs/design.md"
    fail=1
    continue
  fi
  checked=$((checked + 1))
  [ "$from" = top ] && continue
  # Quoted includes only: "swirl/<layer>/..." (public) and "<layer>/..." (src-private).
  while IFS=: read -r line inc; do
    to=$(layer_of "$inc")
    to_rank=$(rank_of "$to")
    [ "$to_rank" -lt 0 ] && continue  # a same-folder private header ("poseidon2_sliced.h")
    bad=""
    if [ "$to_rank" -gt "$from_rank" ]; then
      bad="includes the higher layer $to"
    elif [ "$to_rank" -eq "$from_rank" ] && [ "$to" != "$from" ]; then
      bad="includes its sibling layer $to"
    elif [ "$from" = verifier ] && { [ "$to" = prover ] || [[ "$to" == backend* ]]; }; then
      bad="(verifier) includes $to"
    fi
    if [ -n "$bad" ]; then
      echo "layering: $file:$line: $from $bad (\"$inc\")"
      fail=1
    fi
  done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file" |
           sed -E 's/^([0-9]+):[[:space:]]*#[[:space:]]*include[[:space:]]*"([^"]+)".*/\1:\2/')
done < <(find include/swirl src -type f \( -name '*.h' -o -name '*.cuh' -o -name '*.cpp' -o -name '*.cu' \) | sort)

if [ "$fail" -ne 0 ]; then
  echo "layering: FAILED (see docs/design.md, Layers)"
  exit 1
fi
echo "layering: $checked files, no upward include"
