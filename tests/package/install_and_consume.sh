#!/usr/bin/env bash
# install_and_consume.sh: checks the tlsan CMake package end to end.
#
# Installs the build tree into a temporary prefix, moves the prefix (the
# package must be relocatable), then configures, builds and runs
# examples/cmake-consumer against it with find_package(tlsan COMPONENTS
# module gtest): the runtime-only program (tlsan::runtime), `import tlsan;`
# (tlsan::tlsan), and two GoogleTest programs on tlsan::gtest_main, one
# passing, one whose leaking test must fail naming the test, the thread and
# its creator (also run through the consumer's own ctest), and a shared
# library built with tlsan::runtime that a program with tlsan (or under
# LD_PRELOAD=libtlsan.so) loads and a program without refuses, naming
# __tlsan_version_mismatch_check_v1. Then compiles and
# runs main.cpp with the installed bin/tlsan-c++ driver. The modules are
# compiled again by the consumer, with CXX_COMPILER (tlsan's compiler).
# Registered as the ctest `package.install_and_consume` by tests/CMakeLists.txt.
#
# Usage: install_and_consume.sh CMAKE BUILD_DIR [CXX_COMPILER]
# Exit status 0 when every step succeeds.
#
# Example:
#   tests/package/install_and_consume.sh "$(command -v cmake)" build/default \
#     /usr/bin/clang++-19
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  sed -n '10,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
  exit 2
fi
cmake=$1
build_dir=$(cd "$2" && pwd)
cxx=${3:-c++}
source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tlsan-package.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
unset TLSAN_OPTIONS

step() { printf '\n== %s\n' "$*"; }

step "install $build_dir into $tmp/staging"
"$cmake" --install "$build_dir" --prefix "$tmp/staging"

step "move the prefix to $tmp/prefix (relocatable)"
mv "$tmp/staging" "$tmp/prefix"

generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi

step "configure examples/cmake-consumer with find_package(tlsan)"
"$cmake" -S "$source_dir/examples/cmake-consumer" -B "$tmp/consumer" \
  ${generator[@]+"${generator[@]}"} \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_PREFIX_PATH="$tmp/prefix"

step "build it"
"$cmake" --build "$tmp/consumer" --verbose

step "run it"
"$tmp/consumer/consumer"

step "run the module program (import tlsan;)"
"$tmp/consumer/consumer_module"

step "run the passing tests (tlsan::gtest_main)"
"$tmp/consumer/consumer_tests_pass"

step "run the leaking tests: must fail, naming the test, thread and creator"
status=0
"$tmp/consumer/consumer_tests_leak" >"$tmp/leak.out" 2>&1 || status=$?
cat "$tmp/leak.out"
expect() {
  grep -qE "$1" "$tmp/leak.out" || { echo "missing in the output: $1" >&2; exit 1; }
}
[ "$status" -ne 0 ] || { echo "consumer_tests_leak exited with 0" >&2; exit 1; }
expect '^\[  FAILED  \] ConsumerLeak\.ForgetsItsWorker \('
expect '^\[       OK \] ConsumerLeak\.CleanAfterwards \('
expect "ThreadLeakSanitizer: test ConsumerLeak\.ForgetsItsWorker leaked 1 thread\(s\):"
expect "^  T[0-9]+ 'forgotten' .*created by start_forgotten_worker\(\) at .*leak_test\.cpp:[0-9]+"
expect '^\[  FAILED  \] 1 test, listed below:'

step "a shared library built with tlsan::runtime needs tlsan in its program"
plugin=$tmp/consumer/libconsumer_plugin.so
libtlsan_so=$(find "$tmp/prefix" -name libtlsan.so | head -n 1)
"$tmp/consumer/consumer_loader" "$plugin" | grep -qx "loader: answer 42" ||
  { echo "consumer_loader did not load $plugin" >&2; exit 1; }
LD_PRELOAD=$libtlsan_so "$tmp/consumer/consumer_loader_plain" "$plugin" |
  grep -qx "loader: answer 42" ||
  { echo "consumer_loader_plain did not load $plugin under LD_PRELOAD" >&2; exit 1; }
status=0
"$tmp/consumer/consumer_loader_plain" "$plugin" >"$tmp/plain.out" 2>&1 || status=$?
cat "$tmp/plain.out"
[ "$status" -eq 1 ] && grep -q "undefined symbol: __tlsan_version_mismatch_check_v1" "$tmp/plain.out" ||
  { echo "a program without tlsan loaded $plugin" >&2; exit 1; }

ctest=$(dirname "$cmake")/ctest
if [ -x "$ctest" ]; then
  step "the consumer's own ctest (the leaking test is WILL_FAIL)"
  "$ctest" --test-dir "$tmp/consumer" --output-on-failure
fi

step "compile the same program with the installed tlsan-c++ and run it"
TLSAN_CXX=$cxx "$tmp/prefix/bin/tlsan-c++" -fsanitize=thread-leak -g -O1 \
  -std=c++17 -o "$tmp/consumer-driver" \
  "$source_dir/examples/cmake-consumer/main.cpp"
"$tmp/consumer-driver"

step "ok"
