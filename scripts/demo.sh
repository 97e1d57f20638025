#!/usr/bin/env bash
# demo.sh: builds tlsan with the `default` preset, then compiles every
# examples/*.c and examples/*.cpp with bin/tlsan-cc / bin/tlsan-c++
# -fsanitize=thread-leak and runs it, so you can read each tlsan report.
#
# Usage: scripts/demo.sh
# Expectations: examples named leak_* must exit non-zero (tlsan found a
# leaked thread); all others (ok_*) must exit 0. Exit status 0 when every
# example compiled, ran and met its expectation, 1 otherwise.
# The underlying compilers default to the preset's (clang-19); override
# with TLSAN_CC / TLSAN_CXX. TLSAN_OPTIONS is passed through unchanged.
#
# Example:
#   TLSAN_CXX=g++ scripts/demo.sh
set -euo pipefail

readonly kRunTimeoutSeconds=120

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CMAKE=$("$root/scripts/bootstrap.sh" | tail -n 1)

cd "$root"
"$CMAKE" --preset default
"$CMAKE" --build --preset default

build=$root/build/default
out_dir=$build/examples
mkdir -p "$out_dir"
export TLSAN_CC="${TLSAN_CC:-/usr/bin/clang-19}"
export TLSAN_CXX="${TLSAN_CXX:-/usr/bin/clang++-19}"

shopt -s nullglob
examples=(examples/*.c examples/*.cpp)
if [ "${#examples[@]}" -eq 0 ]; then
  echo "demo.sh: no examples/*.c or examples/*.cpp to run"
  exit 0
fi

failures=0
summary=()
for src in "${examples[@]}"; do
  file=$(basename "$src")
  name=${file%.*}
  case $file in
    *.c) driver=$build/bin/tlsan-cc ;;
    *) driver=$build/bin/tlsan-c++ ;;
  esac
  case $name in
    leak_*) expect="non-zero" ;;
    *) expect="0" ;;
  esac

  printf '\n===== %s (expect exit %s) =====\n' "$src" "$expect"
  if ! "$driver" -fsanitize=thread-leak -g -O1 -o "$out_dir/$name" "$src"; then
    summary+=("FAIL  $src: does not compile")
    failures=$((failures + 1))
    continue
  fi

  status=0
  timeout "$kRunTimeoutSeconds" "$out_dir/$name" || status=$?
  printf -- '----- %s exited with status %d\n' "$name" "$status"

  if [ "$status" -eq 124 ]; then
    verdict="FAIL  $src: timed out after ${kRunTimeoutSeconds}s"
  elif [ "$expect" = 0 ] && [ "$status" -eq 0 ]; then
    verdict="ok    $src: exit 0"
  elif [ "$expect" != 0 ] && [ "$status" -ne 0 ]; then
    verdict="ok    $src: exit $status (leak reported)"
  else
    verdict="FAIL  $src: exit $status, expected $expect"
  fi
  case $verdict in FAIL*) failures=$((failures + 1)) ;; esac
  summary+=("$verdict")
done

printf '\n===== summary =====\n'
printf '%s\n' "${summary[@]}"
if [ "$failures" -ne 0 ]; then
  printf 'demo.sh: %d of %d examples did not behave as expected\n' \
    "$failures" "${#examples[@]}"
  exit 1
fi
printf 'demo.sh: all %d examples behaved as expected\n' "${#examples[@]}"
