#!/usr/bin/env bash
# check_ignored.sh: the ignores given to tlsan::gtest::init() hold for the
# whole process, the runtime's at-exit check included.
#
# Runs PROGRAM (tlsan_gtest_ignored: ignored_test.cpp, whose one test leaks
# a thread created by app::(anonymous namespace)::Background::Start, and
# whose main() passes tlsan::ignore_creator("Background::Start") to init()
# unless given --no_ignore):
#
#   | run                          | expected                                    |
#   |------------------------------|---------------------------------------------|
#   | PROGRAM                      | the test passes; status 0; no tlsan output  |
#   | PROGRAM, verbosity=1         | the at-exit check ran: 0 leaked threads     |
#   | PROGRAM --no_ignore          | the test fails, naming the creator; status  |
#   |                              | 1 (GoogleTest's; the at-exit check does not |
#   |                              | report the thread again)                    |
#   | PROGRAM --no_ignore          | no listener: the at-exit check reports the  |
#   |         --tlsan_gtest=0      | thread; status 23 (the exitcode flag)       |
#
# Registered as the ctest `gtest.ignored_at_exit` by tests/gtest/CMakeLists.txt.
# Usage: check_ignored.sh PROGRAM
# Exit status 0 when every check passes; each failed check prints why.
#
# Example:
#   tests/gtest/check_ignored.sh build/default/bin/tlsan_gtest_ignored
set -uo pipefail

if [ $# -ne 1 ]; then
  sed -n '/^# Usage:/s/^# //p' "${BASH_SOURCE[0]}" >&2
  exit 2
fi
program=$1
. "$(dirname "${BASH_SOURCE[0]}")/checks.sh"
checks_begin tlsan-ignored

expect() { grep -qE -- "$1" "$out" || fail "no line matching: $1"; }
expect_none() { grep -qE -- "$1" "$out" && fail "a line matches: $1"; }

readonly creator='app::\(anonymous namespace\)::Background::Start\(\)'

run ignored "$program"
expect_status 0
expect '^\[       OK \] Background\.LeaksItsThread'
expect_none 'ThreadLeakSanitizer'

run ignored_verbose env TLSAN_OPTIONS=max_sleep_ms=10:verbosity=1 "$program"
expect_status 0
expect 'ThreadLeakSanitizer: leak check done: 0 leaked thread\(s\)'
expect_none 'ERROR: ThreadLeakSanitizer'

run not_ignored "$program" --no_ignore
expect_status 1
expect '^\[  FAILED  \] Background\.LeaksItsThread'
expect "ThreadLeakSanitizer: test Background\.LeaksItsThread leaked 1 thread\(s\):"
expect "created by $creator"
expect_none 'leaked at exit'

run at_exit_only "$program" --no_ignore --tlsan_gtest=0
expect_status 23
expect '^\[       OK \] Background\.LeaksItsThread'
expect 'ERROR: ThreadLeakSanitizer: 1 thread\(s\) leaked at exit'
expect "in $creator"

checks_end
