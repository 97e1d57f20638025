# checks.sh: what the GoogleTest check scripts (check_listener.sh,
# check_ignored.sh) share. Sourced, not run.
#
#   checks_begin PREFIX   a temporary directory $tmp (removed at exit),
#                         no TLSAN_GTEST, short sleeps between re-checks
#   run NAME CMD...       runs CMD: its output in $out ($tmp/NAME.out), its
#                         status in $status, NAME in $run
#   fail MESSAGE          counts a failed check, naming the current run
#   expect_status N       fails unless the last run exited with N
#   checks_end            with failures: prints every output, exits 1;
#                         otherwise prints "ok"
#
# Example:
#   . "$(dirname "${BASH_SOURCE[0]}")/checks.sh"
#   checks_begin tlsan-gtest
#   run plain "$program"; expect_status 0
#   checks_end

checks_begin() {
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  unset TLSAN_GTEST
  # Short sleeps between re-checks: leaking tests take less time to report.
  export TLSAN_OPTIONS=max_sleep_ms=10
  failures=0
  run=''
}

fail() {
  printf 'FAIL [%s]: %s\n' "$run" "$*"
  failures=$((failures + 1))
}

run() {
  run=$1
  shift
  printf '== %s: %s\n' "$run" "$*"
  out=$tmp/$run.out
  "$@" >"$out" 2>&1
  status=$?
}

expect_status() {
  [ "$status" -eq "$1" ] || fail "exit status $status, expected $1"
}

checks_end() {
  if [ "$failures" -ne 0 ]; then
    printf '\n%d check(s) failed; outputs:\n' "$failures"
    for f in "$tmp"/*.out; do
      printf '\n----- %s\n' "$(basename "$f" .out)"
      cat "$f"
    done
    exit 1
  fi
  printf '\nok\n'
}
