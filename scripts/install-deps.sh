#!/usr/bin/env bash
# Installs what swirl needs from Debian/Ubuntu packages, skipping whatever is
# already present (the GPU machine has everything and no network).
#   build:    cmake (>= 3.25), ninja, g++ (C++20), OpenMP (libgomp, with g++)
#   libs:     GoogleTest, CLI11, nlohmann-json, fmt
#   optional: the CUDA toolkit (nvcc); only looked for, never required
#   fuzzing:  clang, libFuzzer and libomp, only with SWIRL_FUZZ_DEPS=1
#             (scripts/fuzz.sh sets it)
# SWIRL_SKIP_INSTALL=1 skips it (a machine set up by hand); apt's own output
# goes to a log that is printed only when apt fails.
set -euo pipefail
if [ "${SWIRL_SKIP_INSTALL:-0}" = 1 ]; then
  echo "install-deps: skipped (SWIRL_SKIP_INSTALL=1)"
  exit 0
fi

have_header() { # header path relative to an include dir
  for d in /usr/include /usr/local/include; do [ -e "$d/$1" ] && return 0; done
  return 1
}
have_cmake_pkg() { # CMake package config name
  for d in /usr/lib/cmake /usr/share/cmake /usr/lib/x86_64-linux-gnu/cmake /usr/lib/aarch64-linux-gnu/cmake \
           /usr/local/lib/cmake /usr/share; do
    for m in "$d/$1" "$d/$1"-*; do [ -d "$m" ] && return 0; done
  done
  return 1
}

missing=()
command -v cmake >/dev/null || missing+=(cmake)
command -v ninja >/dev/null || missing+=(ninja-build)
command -v g++ >/dev/null || missing+=(g++)
command -v git >/dev/null || missing+=(git)
{ have_header gtest/gtest.h && have_cmake_pkg GTest; } || missing+=(libgtest-dev)
have_header CLI/CLI.hpp || missing+=(libcli11-dev)
{ have_header nlohmann/json.hpp && have_cmake_pkg nlohmann_json; } || missing+=(nlohmann-json3-dev)
{ have_header fmt/format.h && have_cmake_pkg fmt; } || missing+=(libfmt-dev)
if [ "${SWIRL_FUZZ_DEPS:-0}" = 1 ]; then
  command -v clang++ >/dev/null || missing+=(clang)
  # libFuzzer: part of clang's runtime libraries (libclang-rt-dev on Debian 12).
  fuzzer_lib=""
  command -v clang++ >/dev/null && fuzzer_lib="$(clang++ -print-file-name=libclang_rt.fuzzer-x86_64.a 2>/dev/null)"
  { [ -n "$fuzzer_lib" ] && [ -e "$fuzzer_lib" ]; } || ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a \
    >/dev/null 2>&1 || missing+=(libclang-rt-dev)
  ls /usr/lib/llvm-*/lib/libomp.so >/dev/null 2>&1 || missing+=(libomp-dev)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: everything present"
else
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  log=$(mktemp)
  { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; } > "$log" 2>&1 ||
    { cat "$log"; rm -f "$log"; echo "install-deps: apt-get failed" >&2; exit 1; }
  rm -f "$log"
fi

# cmake must be new enough for the presets.
ver=$(cmake --version | head -1 | awk '{print $3}')
if [ "$(printf '%s\n3.25\n' "$ver" | sort -V | head -1)" != "3.25" ]; then
  echo "install-deps: cmake $ver is older than 3.25" >&2
  exit 1
fi

if command -v nvcc >/dev/null || [ -x /usr/local/cuda/bin/nvcc ]; then
  echo "install-deps: CUDA toolkit found (the CUDA backend will be built)"
else
  echo "install-deps: no CUDA toolkit; building the host backend only"
fi
