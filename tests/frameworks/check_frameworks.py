#!/usr/bin/env python3
"""check_frameworks.py: checks the Catch2 / doctest listener end to end.

Runs LEAKS (clean test cases + Leaks.ForgottenWorker, which leaks a thread
named '<framework>-leak') and CLEAN (the clean test cases only):

  | run                          | expected                                   |
  |------------------------------|--------------------------------------------|
  | LEAKS, console reporter      | status != 0; one failure, naming           |
  |                              | Leaks.ForgottenWorker, located at the      |
  |                              | source line marked "creation site"; the    |
  |                              | report once (no second at-exit report)     |
  | LEAKS, XML reporter          | the failed test cases are exactly          |
  |                              | [Leaks.ForgottenWorker], the others pass;  |
  |                              | its failure names the thread '<fw>-leak',  |
  |                              | its creator start_forgotten_worker() at    |
  |                              | the creation site, and the test case       |
  | LEAKS, TLSAN_<FW>=0          | the listener is off: it reports nothing;   |
  |                              | the at-exit check reports the thread       |
  |                              | '<fw>-leak' and exits with 23              |
  | CLEAN                        | status 0, no tlsan output                  |

Registered as the ctests frameworks.catch2 and frameworks.doctest by
tests/frameworks/CMakeLists.txt; run on an installed tlsan by
tests/package/consume_cxx17.sh frameworks.
Usage: check_frameworks.py catch2|doctest LEAKS CLEAN LEAKS_SOURCE
(LEAKS_SOURCE: the file with the line marked "creation site").
Exit status 0 when every check passes; each failed check prints why.
"""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET

LEAKING = "Leaks.ForgottenWorker"
CLEAN_CASES = {"Clean.JoinsItsThread", "Clean.PartsJoinTheirThreads"}

failures = 0


def fail(run, why, output=None):
    global failures
    failures += 1
    print(f"FAIL [{run}]: {why}")
    if output is not None:
        print("----- output -----\n" + output + "\n------------------")


def run(cmd, env_extra=None):
    env = dict(os.environ)
    env.pop("TLSAN_CATCH2", None)
    env.pop("TLSAN_DOCTEST", None)
    env["TLSAN_OPTIONS"] = "max_sleep_ms=10"  # leaks report sooner
    env.update(env_extra or {})
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=100)
    return p.returncode, p.stdout


def creation_line(source):
    with open(source) as f:
        for number, text in enumerate(f, 1):
            if "// creation site" in text:
                return number
    sys.exit(f"{source}: no line marked '// creation site'")


def xml_results(xml_text):
    """{test case name: (failed?, text of its failures)} from the XML
    reporter of Catch2 (-r xml) or doctest (--reporters=xml)."""
    start = xml_text.find("<?xml")
    root = ET.fromstring(xml_text[start:xml_text.rfind(">") + 1])
    out = {}
    for tc in root.iter("TestCase"):
        catch2 = tc.find("OverallResult")
        doctest = tc.find("OverallResultsAsserts")
        if catch2 is not None:
            failed = catch2.get("success") != "true"
        else:
            failed = doctest is None or doctest.get("test_case_success") != "true"
        text = "".join("".join(e.itertext())
                       for e in tc.iter() if e.tag in ("Failure", "Message"))
        out[tc.get("name")] = (failed, text)
    return out


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ("catch2", "doctest"):
        print(next(l for l in __doc__.splitlines() if l.startswith("Usage")),
              file=sys.stderr)
        return 2
    fw, leaks, clean, source = sys.argv[1:]
    thread = f"'{fw}-leak'"
    site = f"{os.path.basename(source)}:{creation_line(source)}"
    xml = ["-r", "xml"] if fw == "catch2" else ["--reporters=xml"]
    off = {"TLSAN_CATCH2" if fw == "catch2" else "TLSAN_DOCTEST": "0"}

    # LEAKS, console reporter (Catch2 wraps lines: only the headline and
    # the location are checked here, the rest in the XML report).
    name = "leaks"
    status, out = run([leaks])
    if status == 0:
        fail(name, "exit status 0, expected a failure", out)
    headline = f"ThreadLeakSanitizer: test case {LEAKING} leaked 1 thread(s):"
    if out.count(headline) != 1:
        fail(name, f"expected once: {headline!r}", out)
    # The failure is located at the creation site (Catch2: "file:line:
    # FAILED:", doctest: "file:line: ERROR: ThreadLeakSanitizer...").
    if not any(site + ": FAILED:" in l or site + ": ERROR: " in l
               for l in out.splitlines()):
        fail(name, f"no failure located at {site}", out)
    # Reported once: not again by the at-exit check.
    if out.count("==ERROR: ThreadLeakSanitizer") != 1:
        fail(name, "the leak report is not there exactly once", out)

    # LEAKS, XML reporter: which test cases failed, and what the failure
    # says.
    name = "leaks xml"
    status, out = run([leaks] + xml)
    try:
        results = xml_results(out)
    except ET.ParseError as e:
        fail(name, f"unreadable XML report: {e}", out)
        results = {}
    failed = sorted(n for n, (f, _) in results.items() if f)
    if failed != [LEAKING]:
        fail(name, f"failed test cases {failed}, expected [{LEAKING}]", out)
    missing = (CLEAN_CASES | {LEAKING}) - set(results)
    if missing:
        fail(name, f"test cases not run: {sorted(missing)}", out)
    text = results.get(LEAKING, (False, ""))[1]
    summary = [l for l in text.splitlines()
               if thread in l and "created by" in l]
    if not any("start_forgotten_worker()" in l and site in l
               and f"during test {LEAKING}" in l for l in summary):
        fail(name, f"no summary of {thread} naming start_forgotten_worker() "
             f"at {site} during test {LEAKING}", out)

    # LEAKS with the listener off: no test case fails; the runtime's at-exit
    # check reports the thread (naming the test case) with its exit code.
    name = "leaks, listener off"
    status, out = run([leaks], off)
    if headline in out:
        fail(name, "the listener reported although switched off", out)
    if status != 23 or "leaked at exit" not in out or thread not in out:
        fail(name, f"status {status}; expected 23 and the at-exit report "
             f"naming {thread}", out)

    # CLEAN: passes, silently.
    name = "clean"
    status, out = run([clean])
    if status != 0:
        fail(name, f"exit status {status}, expected 0", out)
    if "ThreadLeakSanitizer" in out:
        fail(name, "tlsan output in a clean run", out)

    if failures:
        print(f"{failures} check(s) failed")
        return 1
    print(f"frameworks.{fw}: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
