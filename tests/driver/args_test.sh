#!/usr/bin/env bash
# args_test.sh: checks how bin/tlsan-c++ and bin/tlsan-cc rewrite their
# arguments, using a fake compiler that prints each argument it gets as
# [arg] on its own line. Needs no runtime: the drivers are copied into a
# scratch prefix with empty stand-ins for lib/libtlsan.a{,.syms},
# lib/tlsan_link_check.o and include/sanitizer/tlsan_link_check.h, and
# called through a symlink (the prefix comes from the resolved location).
#
# Usage: args_test.sh BIN_DIR    (the directory holding tlsan-c++, tlsan-cc)
# Exit status 0 when every case passes.
#
# Example:
#   tests/driver/args_test.sh build/default/bin
set -euo pipefail

if [ $# -ne 1 ]; then
  sed -n '8s/^# //p' "${BASH_SOURCE[0]}" >&2
  exit 2
fi
bin_dir=$(cd "$1" && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tlsan-driver.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
mkdir -p "$prefix/bin" "$prefix/lib" "$prefix/include/sanitizer" "$tmp/links"
cp "$bin_dir/tlsan-c++" "$bin_dir/tlsan-cc" "$prefix/bin/"
: >"$prefix/lib/libtlsan.a"
: >"$prefix/lib/libtlsan.a.syms"
: >"$prefix/lib/tlsan_link_check.o"
: >"$prefix/include/sanitizer/tlsan_link_check.h"
ln -s "$prefix/bin/tlsan-c++" "$tmp/links/tlsan-c++"
ln -s "$prefix/bin/tlsan-cc" "$tmp/links/tlsan-cc"
prefix=$(cd "$prefix" && pwd -P)

fake=$tmp/fake-compiler
cat >"$fake" <<'FAKE'
#!/bin/sh
echo "[compiler=$(basename "$0")]"
for a in "$@"; do printf '[%s]\n' "$a"; done
FAKE
chmod +x "$fake"
ln -s "$fake" "$tmp/fake-cc"

failures=0
# expect NAME EXPECTED_STATUS EXPECTED_OUTPUT -- DRIVER ARGS...
expect() {
  local name=$1 want_status=$2 want=$3
  shift 4
  local got status=0
  got=$(TLSAN_CXX=$fake TLSAN_CC=$tmp/fake-cc "$@" 2>&1) || status=$?
  if [ "$status" -ne "$want_status" ] || [ "$got" != "$want" ]; then
    failures=$((failures + 1))
    printf 'FAIL %s\n  status: got %d, want %d\n--- want\n%s\n--- got\n%s\n' \
      "$name" "$status" "$want_status" "$want" "$got"
  else
    printf 'ok   %s\n' "$name"
  fi
}

cxx=$tmp/links/tlsan-c++
cc=$tmp/links/tlsan-cc
compile_flags="[-fno-omit-frame-pointer]
[-fno-optimize-sibling-calls]
[-D__SANITIZE_THREAD_LEAK__=1]
[-isystem]
[$prefix/include]"
# After the user's arguments (a precompiled header's -include stays first).
link_check="[-include]
[$prefix/include/sanitizer/tlsan_link_check.h]"
link_items="[-Wl,--whole-archive]
[$prefix/lib/libtlsan.a]
[-Wl,--no-whole-archive]
[-Wl,--dynamic-list=$prefix/lib/libtlsan.a.syms]
[-lpthread]
[-ldl]
[-lgcc_s]"

expect "no thread-leak: arguments unchanged" 0 "[compiler=fake-compiler]
[-O2]
[-DMSG=a b]
[-fsanitize=address]
[x.cpp]" -- "$cxx" -O2 "-DMSG=a b" -fsanitize=address x.cpp

expect "link: runtime after all user arguments" 0 "[compiler=fake-compiler]
$compile_flags
[-g]
[main.cpp]
[-o]
[my prog]
$link_check
$link_items" -- "$cxx" -fsanitize=thread-leak -g main.cpp -o "my prog"

expect "compile only: list keeps address, no runtime" 0 "[compiler=fake-compiler]
$compile_flags
[-fsanitize=address]
[-c]
[x.cpp]
$link_check" -- "$cxx" -fsanitize=address,thread-leak -c x.cpp

for flag in -S -E -M -MM -fsyntax-only; do
  expect "$flag: no runtime" 0 "[compiler=fake-compiler]
$compile_flags
[$flag]
[x.cpp]
$link_check" -- "$cxx" -fsanitize=thread-leak "$flag" x.cpp
done

expect "-shared: no runtime, the link check object" 0 "[compiler=fake-compiler]
$compile_flags
[-shared]
[-fPIC]
[x.cpp]
[-o]
[libx.so]
$link_check
[$prefix/lib/tlsan_link_check.o]" -- "$cxx" -fsanitize=thread-leak -shared -fPIC x.cpp -o libx.so

expect "-fno-sanitize=thread-leak later: off, both dropped" 0 \
  "[compiler=fake-compiler]
[x.cpp]" -- "$cxx" -fsanitize=thread-leak -fno-sanitize=thread-leak x.cpp

expect "-fno-sanitize then -fsanitize: on" 0 "[compiler=fake-compiler]
$compile_flags
[-c]
[x.cpp]
$link_check" -- "$cxx" -fno-sanitize=thread-leak -fsanitize=thread-leak -c x.cpp

expect "-fno-sanitize list: rest passed on" 0 "[compiler=fake-compiler]
[-fsanitize=address]
[-fno-sanitize=undefined]
[-c]
[x.cpp]" -- "$cxx" -fsanitize=address,thread-leak \
  -fno-sanitize=thread-leak,undefined -c x.cpp

expect "-fno-sanitize=all turns it off" 0 "[compiler=fake-compiler]
[-fno-sanitize=all]
[-c]
[x.cpp]" -- "$cxx" -fsanitize=thread-leak -fno-sanitize=all -c x.cpp

tsan_error="tlsan-c++: error: -fsanitize=thread-leak cannot be combined with -fsanitize=thread (ThreadSanitizer already reports thread leaks)"
expect "thread + thread-leak in one list: refused" 1 "$tsan_error" -- \
  "$cxx" -fsanitize=thread,thread-leak x.cpp
expect "thread + thread-leak apart: refused" 1 "$tsan_error" -- \
  "$cxx" -fsanitize=thread -c x.cpp -fsanitize=thread-leak
expect "thread turned off again: accepted" 0 "[compiler=fake-compiler]
$compile_flags
[-fsanitize=thread]
[-c]
[x.cpp]
[-fno-sanitize=thread]
$link_check" -- \
  "$cxx" -fsanitize=thread -c x.cpp -fsanitize=thread-leak -fno-sanitize=thread

expect "tlsan-cc runs \$TLSAN_CC" 0 "[compiler=fake-cc]
$compile_flags
[x.c]
$link_check
$link_items" -- "$cc" -fsanitize=thread-leak x.c

# C++20 module units take no -include (nothing may precede `module;`).
printf '// a module unit\n/* comment */\nmodule;\n#include <vector>\nexport module m;\n' \
  >"$tmp/gmf.cpp"
printf 'export module m.part:impl [[deprecated]];\n' >"$tmp/iface.cc"
printf 'module m;\nint f() { return 1; }\n' >"$tmp/impl.cpp"
printf '#include <x.h>\nint module = 1;\n' >"$tmp/plain.cpp"
for src in "$tmp/gmf.cpp" "$tmp/iface.cc" "$tmp/impl.cpp"; do
  expect "module unit ${src##*/}: no -include" 0 "[compiler=fake-compiler]
$compile_flags
[-c]
[$src]" -- "$cxx" -fsanitize=thread-leak -c "$src"
done
expect "module unit by name (.cppm): no -include" 0 "[compiler=fake-compiler]
$compile_flags
[-c]
[m.cppm]" -- "$cxx" -fsanitize=thread-leak -c m.cppm
expect "-x c++-module: no -include" 0 "[compiler=fake-compiler]
$compile_flags
[-x]
[c++-module]
[-c]
[m.mod]" -- "$cxx" -fsanitize=thread-leak -x c++-module -c m.mod
expect "--precompile: no -include, no runtime" 0 "[compiler=fake-compiler]
$compile_flags
[--precompile]
[m.mod]" -- "$cxx" -fsanitize=thread-leak --precompile m.mod
printf -- '-x c++-module -fmodule-output=m.pcm\n' >"$tmp/m.modmap"
expect "response file naming c++-module: no -include" 0 "[compiler=fake-compiler]
$compile_flags
[@$tmp/m.modmap]
[-c]
[m.x]" -- "$cxx" -fsanitize=thread-leak "@$tmp/m.modmap" -c m.x
expect "a plain C++ file using the word module: -include" 0 "[compiler=fake-compiler]
$compile_flags
[-c]
[$tmp/plain.cpp]
$link_check" -- "$cxx" -fsanitize=thread-leak -c "$tmp/plain.cpp"

# Precompiling a header (no -c with gcc) is not a link.
expect "-x c++-header: a PCH, no runtime" 0 "[compiler=fake-compiler]
$compile_flags
[-x]
[c++-header]
[pch.hxx]
[-o]
[pch.hxx.gch]
$link_check" -- "$cxx" -fsanitize=thread-leak -x c++-header pch.hxx -o pch.hxx.gch
expect "a .hpp input: a PCH, no runtime" 0 "[compiler=fake-compiler]
$compile_flags
[pch.hpp]
[-o]
[pch.hpp.gch]
$link_check" -- "$cxx" -fsanitize=thread-leak pch.hpp -o pch.hpp.gch

# A header named as an option's value is not an input: this links.
expect "-include config.h: still a link" 0 "[compiler=fake-compiler]
$compile_flags
[-include]
[config.h]
[-MF]
[x.hpp]
[main.cpp]
$link_check
$link_items" -- "$cxx" -fsanitize=thread-leak -include config.h -MF x.hpp main.cpp

rm "$prefix/include/sanitizer/tlsan_link_check.h"
expect "missing link check header: clear error" 1 \
  "tlsan-c++: error: tlsan header not found: $prefix/include/sanitizer/tlsan_link_check.h" -- \
  "$cxx" -fsanitize=thread-leak -c x.cpp
: >"$prefix/include/sanitizer/tlsan_link_check.h"

rm "$prefix/lib/libtlsan.a.syms"
expect "missing runtime: clear error" 1 \
  "tlsan-c++: error: tlsan runtime not found: $prefix/lib/libtlsan.a.syms" -- \
  "$cxx" -fsanitize=thread-leak x.cpp

if [ "$failures" -ne 0 ]; then
  printf '%d case(s) failed\n' "$failures"
  exit 1
fi
echo "all cases passed"
