#!/usr/bin/env bash
# check_bad_options.sh: without exceptions, each bad option value prints
# exactly one line, "==PID==ERROR: ThreadLeakSanitizer: invalid value for
# option tlsan::<name>: <value> (expected ...)", and aborts (status 134).
# Registered as the ctest module.bad_option_no_exceptions.
# Usage: check_bad_options.sh PROGRAM   (bad_option_no_exceptions.cpp)
set -uo pipefail
[ $# -eq 1 ] || { sed -n '/^# Usage: /s/^# //p' "${BASH_SOURCE[0]}" >&2; exit 2; }
program=$1
failures=0
expect() {
  local option=$1 line=$2 out status
  out=$("$program" "$option" 2>&1)
  status=$?
  if [ "$status" -ne 134 ]; then
    printf 'FAIL %s: status %d, expected 134 (abort)\n%s\n' "$option" "$status" "$out"
    failures=$((failures + 1))
  elif ! [[ "$out" =~ ^==[0-9]+==ERROR:\ ThreadLeakSanitizer:\ (.*)$ ]] ||
       [ "${BASH_REMATCH[1]}" != "$line" ]; then
    printf 'FAIL %s: output is not the one error line\n  got:  %s\n  want: ==PID==ERROR: ThreadLeakSanitizer: %s\n' \
      "$option" "$out" "$line"
    failures=$((failures + 1))
  fi
}
expect max_retries "invalid value for option tlsan::max_retries: '-1' (expected 0 or more)"
expect max_sleep "invalid value for option tlsan::max_sleep: '-5 ms' (expected 0 ms or more)"
expect ignore_name "invalid value for option tlsan::ignore_name: '' (expected a non-empty pattern)"
expect exit_on_leak "invalid value for option tlsan::exit_on_leak: '0' (expected a status from 1 to 255)"
expect cleanup "invalid value for option tlsan::cleanup: an empty std::function (expected a function)"
expect ignore_if "invalid value for option tlsan::ignore_if: an empty std::function (expected a predicate)"
# A good run prints no error (the check above can fail).
out=$("$program" none 2>&1) || { echo "FAIL none: $out"; failures=$((failures + 1)); }
[ "$failures" -eq 0 ] && echo ok
exit $((failures != 0))
