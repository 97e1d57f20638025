#!/usr/bin/env bash
# check_listener.sh: checks the tlsan.gtest listener end to end, from the
# output and exit status of GoogleTest programs (see leaks_test.cpp for the
# tests and what each must do).
#
# Runs LEAKS (tlsan_gtest_leaks: clean_test + leaks_test, tlsan_gtest_main),
# CUSTOM (tlsan_gtest_custom: leaks_test, own main with
# install(check_failed_tests_too(), ignore_name("ignored-*"))) and NODEBUG
# (tlsan_gtest_nodebug: leaks_test built with -g0, tlsan_gtest_main) in
# several ways; SARIF files are validated by MULTITOOL (Microsoft's
# Sarif.Multitool) through tests/scenarios/Inputs/sarif_check.py:
#
#   | run                         | expected                                     |
#   |-----------------------------|----------------------------------------------|
#   | LEAKS                       | exactly the leaking tests fail, each failure  |
#   |                             | names test, T<n> 'name', creating function;   |
#   |                             | FailedTest not reported twice; the suite that |
#   |                             | leaks from SetUpTestSuite fails; status 1;    |
#   |                             | the at-exit report repeats none of them;     |
#   |                             | no "needs debug info" hint (built with -g)    |
#   | LEAKS --gtest_repeat=2      | the same, every leak reported in each         |
#   |       --gtest_shuffle       | iteration                                     |
#   | LEAKS, clean tests only     | status 0, no tlsan output                     |
#   | LEAKS death tests,          | status 0 (the child's threads are ignored)    |
#   |       threadsafe style      |                                              |
#   | TLSAN_GTEST=0 LEAKS         | only FailedTest (and the death test whose     |
#   |                             | child leaks: unprotected) fail                |
#   | LEAKS --tlsan_gtest=0       | the same (the flag beats TLSAN_GTEST=1)       |
#   | LEAKS --tlsan_gtest=maybe,  | status 1, one error line in the runtime's     |
#   |   TLSAN_GTEST=maybe LEAKS   | form (==PID==ERROR: ThreadLeakSanitizer: ...) |
#   | LEAKS --gtest_list_tests    | status 0, no tlsan output                     |
#   | CUSTOM (some tests)         | FailedTest reported; ignored-* ignored        |
#   | CUSTOM, install() first     | a WARNING line; the listener still works      |
#   | CUSTOM, a throwing filter   | the leaking test fails with an ERROR line:    |
#   |                             | "the leak check of test T failed: <why>"      |
#   | LEAKS, report_format=json   | each test's leak in the JSON file, with its   |
#   |                             | test                                         |
#   | LEAKS, report_format=sarif  | the SARIF file valid; each leaked thread's    |
#   |                             | result names its test                        |
#   | LEAKS --gtest_output=xml    | the suite's leak (SetUpTestSuite) in the XML, |
#   |       (and =json)           | as the suite's tlsan_leaked_threads property; |
#   |                             | a test's leak as that test's <failure>        |
#   | NODEBUG (a test, a suite)   | no "unknown file": located at the TEST; the   |
#   |                             | creator as function in module+0xoffset; the   |
#   |                             | hint "file:line needs debug info: build with  |
#   |                             | -g" once per failure                         |
#   | TLSAN_GTEST=0 NODEBUG       | the at-exit text report ends with the hint    |
#
# Registered as the ctest `gtest.listener` by tests/gtest/CMakeLists.txt.
# Usage: check_listener.sh LEAKS CUSTOM NODEBUG MULTITOOL
# Exit status 0 when every check passes; each failed check prints why.
#
# Example:
#   tests/gtest/check_listener.sh build/default/bin/tlsan_gtest_leaks \
#     build/default/bin/tlsan_gtest_custom build/default/bin/tlsan_gtest_nodebug \
#     ~/.local/share/tlsan-tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
set -uo pipefail

if [ $# -ne 4 ]; then
  sed -n '/^# Usage: /s/^# //p' "${BASH_SOURCE[0]}" >&2
  exit 2
fi
leaks=$1
custom=$2
nodebug=$3
multitool=$4
sarif_check=$(dirname "${BASH_SOURCE[0]}")/../scenarios/Inputs/sarif_check.py
readonly hint='file:line needs debug info: build with -g'

. "$(dirname "${BASH_SOURCE[0]}")/checks.sh"
checks_begin tlsan-gtest

# Tests with a result line "[  FAILED  ] Name[, where ...] (N ms)", sorted,
# one per line (each once).
failed_tests() {
  sed -n 's/^\[  FAILED  \] \([^ ,]*\)\(, where .*\)\{0,1\} ([0-9]* ms)$/\1/p' "$out" |
    sort -u
}
passed_tests() {
  sed -n 's/^\[       OK \] \([^ ,]*\)\(, where .*\)\{0,1\} ([0-9]* ms)$/\1/p' "$out" |
    sort -u
}

# expect_failed NAME...: exactly these tests failed.
expect_failed() {
  local expected actual
  expected=$(printf '%s\n' "$@" | sort -u)
  actual=$(failed_tests)
  [ "$actual" = "$expected" ] ||
    fail "failed tests differ (expected < > actual):$(printf '\n')$(diff <(echo "$expected") <(echo "$actual"))"
}

expect_passed() {
  local t
  for t in "$@"; do
    passed_tests | grep -qxF "$t" || fail "$t did not pass"
  done
}

# The output of test NAME: from its [ RUN ] line to its result line (the
# first iteration's, or the Nth with a second argument).
block() {
  awk -v name="$1" -v want="${2:-1}" '
    $0 == "[ RUN      ] " name { n++; if (n == want) on = 1 }
    on { print }
    on && (index($0, "[  FAILED  ] " name) == 1 || index($0, "[       OK ] " name) == 1) { on = 0 }
  ' "$out"
}

# expect_leak_failure TEST THREAD_NAME CREATOR: TEST's output has the
# listener's failure naming the test, T<n> 'THREAD_NAME' and CREATOR, at a
# location in leaks_test.cpp.
expect_leak_failure() {
  local b
  b=$(block "$1")
  grep -qF "ThreadLeakSanitizer: test $1 leaked 1 thread(s):" <<<"$b" ||
    fail "$1: no failure naming the test"
  grep -qE "^  T[0-9]+ '$2' \(tid=[0-9]+\)" <<<"$b" ||
    fail "$1: the failure does not name T<n> '$2'"
  grep -qF "created by $3" <<<"$b" ||
    fail "$1: the failure does not name the creating function $3"
  grep -qE "leaks_test\.cpp:[0-9]+: Failure" <<<"$b" ||
    fail "$1: the failure is not located in leaks_test.cpp"
  grep -qF "during test $1" <<<"$b" ||
    fail "$1: the failure does not say the thread was created during $1"
}

# count STRING: how many lines of the output contain STRING.
count() { grep -cF -- "$1" "$out"; }

readonly leaking_tests=(
  Leaks.ForgottenWorker
  Leaks.GrandchildThread
  FailedTest.FailsAndLeaks
  Ignored.LeakIgnoredByName
  Counts/ParamLeaks.MaybeLeaks/1
  TypedLeaks/1.LeaksForLong
)
readonly passing_tests=(
  Clean.JoinsItsThread Clean.DetachedThreadThatFinishes
  Sizes/ParamClean.JoinsEveryThread/0 Sizes/ParamClean.JoinsEveryThread/1
  TypedClean/0.JoinsItsThread TypedClean/1.JoinsItsThread
  Leaks.CleanAfterLeak
  SuiteStopsItsThread.UsesTheSuiteThread
  SuiteLeaksItsThread.UsesTheSuiteThread SuiteLeaksItsThread.AlsoPasses
  Counts/ParamLeaks.MaybeLeaks/0 TypedLeaks/0.LeaksForLong
  ListenerDeathTest.ChildThatLeaksExitsWithItsOwnStatus
  ListenerDeathTest.ChildDies
  Flags.TlsanFlagIsRemovedFromArgv
)
readonly suite_failure='ThreadLeakSanitizer: test suite SuiteLeaksItsThread leaked 1 thread(s) created outside its tests'

check_default_run() {
  expect_status 1
  expect_failed "${leaking_tests[@]}"
  expect_passed "${passing_tests[@]}"
  expect_leak_failure Leaks.ForgottenWorker leak-worker '(anonymous namespace)::start_forgotten_worker(char const*)'
  expect_leak_failure Leaks.GrandchildThread grandchild 'Leaks_GrandchildThread_Test::TestBody()'
  expect_leak_failure Ignored.LeakIgnoredByName ignored-worker '(anonymous namespace)::start_forgotten_worker'
  expect_leak_failure Counts/ParamLeaks.MaybeLeaks/1 param-worker '(anonymous namespace)::start_forgotten_worker'
  expect_leak_failure TypedLeaks/1.LeaksForLong typed-worker '(anonymous namespace)::start_forgotten_worker'
  # The test that failed by itself: its own failure only.
  local b
  b=$(block FailedTest.FailsAndLeaks)
  grep -qF 'this test fails on purpose' <<<"$b" || fail "FailedTest: its own failure is missing"
  grep -qF 'ThreadLeakSanitizer' <<<"$b" && fail "FailedTest: reported twice (by tlsan too)"
  # The suite whose SetUpTestSuite leaked: its tests pass, the suite fails.
  grep -qF "$suite_failure" "$out" || fail "no failure for the suite SuiteLeaksItsThread"
  grep -qE "^  T[0-9]+ 'suite-leaked' .*created by \(anonymous namespace\)::start_forgotten_worker" "$out" ||
    fail "the suite failure does not name T<n> 'suite-leaked' and its creator"
  grep -qxF '[  FAILED  ] SuiteLeaksItsThread: SetUpTestSuite or TearDownTestSuite' "$out" ||
    fail "GoogleTest does not list the suite SuiteLeaksItsThread as failed"
  grep -qF 'test suite SuiteStopsItsThread' "$out" && fail "SuiteStopsItsThread reported"
  grep -qF "'background'" "$out" && fail "the environment's background thread was reported"
  # Reported once: a thread a test was failed for is not reported again by
  # the runtime's at-exit check, which names the test of the others (the
  # failed test's own leak: failed tests are not checked).
  local at_exit
  at_exit=$(sed -n '/ThreadLeakSanitizer: [0-9]* thread(s) leaked at exit/,$p' "$out")
  grep -qF 'created during test FailedTest.FailsAndLeaks' <<<"$at_exit" ||
    fail "the at-exit report does not name the test of an unchecked thread"
  grep -qF 'created during test Leaks.' <<<"$at_exit" &&
    fail "the at-exit report repeats a thread a test was already failed for"
  grep -qF "$hint" "$out" && fail "the debug-info hint in a program built with -g"
  grep -qF 'unknown file' "$out" && fail "a failure located in 'unknown file'"
}

run default "$leaks"
check_default_run

run repeat_shuffle "$leaks" --gtest_repeat=2 --gtest_shuffle
expect_status 1
expect_failed "${leaking_tests[@]}"
expect_passed "${passing_tests[@]}"
for t in "${leaking_tests[@]}"; do
  [ "$t" = FailedTest.FailsAndLeaks ] && continue
  [ "$(count "ThreadLeakSanitizer: test $t leaked")" -eq 2 ] ||
    fail "$t: not reported once per iteration"
done
[ "$(count "$suite_failure")" -eq 2 ] || fail "suite leak not reported once per iteration"
grep -qF "Note: Randomizing tests' orders with a seed of" "$out" || fail "not shuffled"
expect_leak_failure Leaks.ForgottenWorker leak-worker '(anonymous namespace)::start_forgotten_worker'

clean_filter='Clean.*:Sizes/ParamClean.*:TypedClean/*:Leaks.CleanAfterLeak:SuiteStopsItsThread.*:Counts/ParamLeaks.MaybeLeaks/0:TypedLeaks/0.*:ListenerDeathTest.*:Flags.*'
run clean_only "$leaks" --gtest_filter="$clean_filter"
expect_status 0
expect_failed
grep -q ThreadLeakSanitizer "$out" && fail "tlsan output in a clean run"

run death_threadsafe "$leaks" --gtest_filter='ListenerDeathTest.*' --gtest_death_test_style=threadsafe
expect_status 0
expect_passed ListenerDeathTest.ChildThatLeaksExitsWithItsOwnStatus ListenerDeathTest.ChildDies

# Off, the listener does not protect death-test children either: the child
# that leaks a thread gets the at-exit check's status 23.
run env_off env TLSAN_GTEST=0 "$leaks"
expect_status 1
expect_failed FailedTest.FailsAndLeaks ListenerDeathTest.ChildThatLeaksExitsWithItsOwnStatus
grep -qF 'ThreadLeakSanitizer: test' "$out" && fail "the listener ran with TLSAN_GTEST=0"

run flag_off env TLSAN_GTEST=1 "$leaks" --tlsan_gtest=0
expect_status 1
expect_failed FailedTest.FailsAndLeaks ListenerDeathTest.ChildThatLeaksExitsWithItsOwnStatus
expect_passed Flags.TlsanFlagIsRemovedFromArgv
grep -qF 'ThreadLeakSanitizer: test' "$out" && fail "the listener ran with --tlsan_gtest=0"

# Error texts: one line each, in the runtime's form (==PID==ERROR:
# ThreadLeakSanitizer: <problem> <subject>: '<value>' (expected ...)).
run flag_bad "$leaks" --tlsan_gtest=maybe
expect_status 1
grep -qxE "==[0-9]+==ERROR: ThreadLeakSanitizer: invalid value for flag '--tlsan_gtest' in the command line: 'maybe' \(expected 0, 1, true, false, yes, no, on or off\)" "$out" ||
  fail "no error line for a bad flag value"

run env_bad env TLSAN_GTEST=maybe "$leaks"
expect_status 1
grep -qxE "==[0-9]+==ERROR: ThreadLeakSanitizer: invalid value for variable 'TLSAN_GTEST' in the environment: 'maybe' \(expected 0, 1, true, false, yes, no, on or off\)" "$out" ||
  fail "no error line for a bad TLSAN_GTEST"

run list "$leaks" --gtest_list_tests
expect_status 0
grep -q ThreadLeakSanitizer "$out" && fail "tlsan output while listing tests"
grep -qF 'MaybeLeaks/1' "$out" || fail "tests not listed"

run custom "$custom" --gtest_filter='FailedTest.*:Ignored.*:Leaks.ForgottenWorker'
expect_status 1
expect_failed FailedTest.FailsAndLeaks Leaks.ForgottenWorker
expect_passed Ignored.LeakIgnoredByName
grep -qF 'the tlsan listener is not installed' "$out" && fail "install() returned false"
b=$(block FailedTest.FailsAndLeaks)
grep -qF 'this test fails on purpose' <<<"$b" || fail "FailedTest: its own failure is missing"
grep -qF 'ThreadLeakSanitizer: test FailedTest.FailsAndLeaks leaked 1 thread(s):' <<<"$b" ||
  fail "check_failed_tests_too(): the failed test's leak is not reported"
expect_leak_failure Leaks.ForgottenWorker leak-worker '(anonymous namespace)::start_forgotten_worker'

# install() before InitGoogleTest(): a warning line; the listener works.
run install_first env CUSTOM_MAIN_INSTALL_FIRST=1 "$custom" --gtest_filter='Leaks.ForgottenWorker'
expect_status 1
expect_failed Leaks.ForgottenWorker
grep -qxE '==[0-9]+==WARNING: ThreadLeakSanitizer: tlsan::gtest::install\(\) called before testing::InitGoogleTest\(\): call it after, so that its failures reach every printer' "$out" ||
  fail "install_first: no warning line"

# A check that fails (a filter throws): the test fails with an error line.
run check_error env CUSTOM_MAIN_THROWING_FILTER=1 "$custom" --gtest_filter='Leaks.ForgottenWorker:Leaks.CleanAfterLeak'
expect_status 1
expect_failed Leaks.ForgottenWorker
expect_passed Leaks.CleanAfterLeak
block Leaks.ForgottenWorker | grep -qxE '==[0-9]+==ERROR: ThreadLeakSanitizer: the leak check of test Leaks.ForgottenWorker failed: the filter fails on purpose' ||
  fail "check_error: no error line naming the test and the reason"

# report_format=json with a log directory: each test's leak is also in the
# JSON file, with its test's name; GoogleTest's failure message stays.
mkdir -p "$tmp/json"
run json_sink env TLSAN_OPTIONS=report_format=json:log_path="$tmp/json/" \
  "$leaks" --gtest_filter='Leaks.ForgottenWorker:Clean.*'
expect_status 1
expect_failed Leaks.ForgottenWorker
expect_leak_failure Leaks.ForgottenWorker leak-worker '(anonymous namespace)::start_forgotten_worker'
json_files=("$tmp"/json/tlsan.*)
[ -f "${json_files[0]}" ] || fail "json_sink: no report in $tmp/json"
python3 - "${json_files[@]}" <<'PY' || fail "json_sink: the test's leak is not in the JSON report"
import json, sys
reports = [json.loads(line) for path in sys.argv[1:] for line in open(path)]
leaks = [l for r in reports for l in r["leaks"]]
ok = any(l["test"] == "Leaks.ForgottenWorker" and l["name"] == "leak-worker"
         and l["description"] for l in leaks)
sys.exit(0 if ok else 1)
PY
grep -q '^{"tool":"ThreadLeakSanitizer"' "$out" && fail "json_sink: JSON on stderr"

# report_format=sarif: the same run's SARIF file is valid (the validator's
# verdict, through sarif_check.py) and each leaked thread's result names its
# test; GoogleTest's failure message stays.
mkdir -p "$tmp/sarif"
run sarif_sink env TLSAN_OPTIONS=report_format=sarif:log_path="$tmp/sarif/" \
  "$leaks" --gtest_filter='Leaks.*:Counts/ParamLeaks.*:Clean.*'
expect_status 1
expect_failed Leaks.ForgottenWorker Leaks.GrandchildThread Counts/ParamLeaks.MaybeLeaks/1
expect_leak_failure Leaks.ForgottenWorker leak-worker '(anonymous namespace)::start_forgotten_worker'
sarif_files=("$tmp"/sarif/tlsan.*)
if [ ! -f "${sarif_files[0]}" ]; then
  fail "sarif_sink: no report in $tmp/sarif"
else
  python3 "$sarif_check" --multitool "$multitool" "${sarif_files[@]}" >"$tmp/sarif_check.out" 2>&1 ||
    fail "sarif_sink: the SARIF file is not valid: $(cat "$tmp/sarif_check.out")"
  # One log, one run per report (a test's check each), one result each.
  grep -q '^sarif: runs=3 results=3 rules=thread-leak levels=error errors=0$' "$tmp/sarif_check.out" ||
    fail "sarif_sink: not one run and one result per leaking test: $(cat "$tmp/sarif_check.out")"
  python3 - "${sarif_files[@]}" <<'PY' || fail "sarif_sink: a leaked thread's result does not name its test"
import json, sys
want = {"Leaks.ForgottenWorker": "leak-worker",
        "Leaks.GrandchildThread": "grandchild",
        "Counts/ParamLeaks.MaybeLeaks/1": "param-worker"}
found = {}
for path in sys.argv[1:]:
    for run in json.load(open(path))["runs"]:
        for r in run["results"]:
            found[r.get("properties", {}).get("test")] = r["message"]["text"]
for test, name in want.items():
    text = found.get(test, "")
    if "'%s'" % name not in text or "during test " + test not in text:
        sys.exit("%s: %r" % (test, found.get(test)))
sys.exit(0 if len(found) == len(want) else "extra results: %r" % found)
PY
fi

# --gtest_output=xml: a test's leak is that test's <failure>; the suite's
# (SetUpTestSuite) is the suite's property tlsan_leaked_threads, since
# GoogleTest writes no suite-level failure there (see <tlsan/gtest.h>).
run xml_output "$leaks" --gtest_filter='SuiteLeaksItsThread.*:SuiteStopsItsThread.*:Leaks.ForgottenWorker' \
  --gtest_output=xml:"$tmp/gtest.xml"
expect_status 1
python3 - "$tmp/gtest.xml" <<'PY' || fail "xml_output: the leaks are not in GoogleTest's XML"
import re, sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = {s.get("name"): s for s in root.iter("testsuite")}
prop = suites["SuiteLeaksItsThread"].get("tlsan_leaked_threads", "")
if not (prop.startswith("ThreadLeakSanitizer: test suite SuiteLeaksItsThread leaked 1 thread(s)")
        and re.search(r"\n  T[0-9]+ 'suite-leaked' \(tid=[0-9]+\), .*created by "
                      r"\(anonymous namespace\)::start_forgotten_worker", prop)):
    sys.exit("suite property: %r" % prop)
if "tlsan_leaked_threads" in suites["SuiteStopsItsThread"].attrib:
    sys.exit("SuiteStopsItsThread has a leak property")
case = suites["Leaks"].find("testcase[@name='ForgottenWorker']")
failure = case.find("failure") if case is not None else None
if failure is None or "'leak-worker'" not in failure.get("message", ""):
    sys.exit("Leaks.ForgottenWorker: no <failure> naming its thread")
PY
run json_output "$leaks" --gtest_filter='SuiteLeaksItsThread.*' --gtest_output=json:"$tmp/gtest.json"
expect_status 1
python3 - "$tmp/gtest.json" <<'PY' || fail "json_output: the suite's leak is not in GoogleTest's JSON"
import json, sys
suites = {s["name"]: s for s in json.load(open(sys.argv[1]))["testsuites"]}
prop = suites["SuiteLeaksItsThread"].get("tlsan_leaked_threads", "")
sys.exit(0 if "'suite-leaked'" in prop else "suite property: %r" % prop)
PY

# Built without -g: no "unknown file" (located at the TEST), the creator as
# function in module+offset, and the hint once per failure.
run nodebug "$nodebug" --gtest_filter='Leaks.ForgottenWorker:SuiteLeaksItsThread.*'
expect_status 1
expect_failed Leaks.ForgottenWorker
b=$(block Leaks.ForgottenWorker)
grep -qE "created by \(anonymous namespace\)::start_forgotten_worker\(char const\*\) in [^ ,]*/tlsan_gtest_nodebug\+0x[0-9a-f]+, during test Leaks.ForgottenWorker" <<<"$b" ||
  fail "nodebug: the thread's line does not give the creator's module+offset"
[ "$(grep -cxF "  $hint" <<<"$b")" -eq 1 ] ||
  fail "nodebug: the test's failure does not say once that file:line needs -g"
[ "$(grep -cF "$hint" <<<"$b")" -eq 1 ] || fail "nodebug: the hint is repeated"
grep -qE "leaks_test\.cpp:[0-9]+: Failure" <<<"$b" ||
  fail "nodebug: the failure is not located at the test in leaks_test.cpp"
grep -qF 'unknown file' "$out" && fail "nodebug: a failure located in 'unknown file'"
grep -qF "$suite_failure" "$out" || fail "nodebug: no failure for the suite SuiteLeaksItsThread"
[ "$(grep -cF "$hint" "$out")" -eq 2 ] ||
  fail "nodebug: not one hint per failure (test, suite)"

# The runtime's own text report (at exit, listener off) ends with the hint.
run nodebug_at_exit env TLSAN_GTEST=0 "$nodebug" --gtest_filter='Leaks.ForgottenWorker'
expect_status 23
grep -A2 -xF "$hint" "$out" | grep -q '^SUMMARY: ThreadLeakSanitizer: 1 leaked thread' ||
  fail "nodebug_at_exit: the at-exit report does not end with the hint"
[ "$(grep -cF "$hint" "$out")" -eq 1 ] || fail "nodebug_at_exit: the hint is not said once"

checks_end
