#!/usr/bin/env python3
"""json_check.py: checks a tlsan JSON report from a scenario's RUN line.

Usage (as the lit substitution %json):
    %json FILE 'EXPRESSION'

Loads the last line of FILE that parses as JSON (FILE may hold other output
before it). When FILE does not exist, FILE.* must match exactly one file
(tlsan appends the pid to log_path), which is read instead. Then evaluates
the Python EXPRESSION with these names bound:

    r            the JSON document
    leaks        r["leaks"] (bound only when the document has "leaks")
    by_name(n)   the entries of leaks whose thread name is n (the entry's
                 "name", "thread_name", or "thread": {"name": ...})

Exit status: 0 when EXPRESSION is true; 1 when it is false, raises, or no
JSON was found (the document and the expression are printed to stderr);
2 on a usage error.

Example:
    // RUN: env TLSAN_OPTIONS=json=1:log_path=%t.json %run %t
    // RUN: %json %t.json 'len(leaks) == 1 and by_name("worker")'
"""
import glob
import json
import os
import sys


def fail(message, document=None, expression=None):
    print("json_check: " + message, file=sys.stderr)
    if expression is not None:
        print("expression: " + expression, file=sys.stderr)
    if document is not None:
        print("document:", file=sys.stderr)
        print(json.dumps(document, indent=2, sort_keys=True), file=sys.stderr)
    sys.exit(1)


def resolve(path):
    if os.path.exists(path):
        return path
    matches = sorted(glob.glob(glob.escape(path) + ".*"))
    if len(matches) != 1:
        fail("%s does not exist and %s.* matches %d files%s"
             % (path, path, len(matches),
                (": " + ", ".join(matches)) if matches else ""))
    return matches[0]


def last_json_line(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    for line in reversed(lines):
        line = line.strip()
        if not line:
            continue
        try:
            return json.loads(line)
        except ValueError:
            continue
    fail("no JSON line in %s" % path)


def thread_name(leak):
    if not isinstance(leak, dict):
        return None
    for key in ("name", "thread_name"):
        if key in leak:
            return leak[key]
    thread = leak.get("thread")
    if isinstance(thread, dict):
        return thread.get("name")
    return None


def main(argv):
    if len(argv) != 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    path, expression = argv[1], argv[2]
    r = last_json_line(resolve(path))
    scope = {"r": r, "json": json}
    if isinstance(r, dict) and "leaks" in r:
        leaks = r["leaks"]
        scope["leaks"] = leaks
        scope["by_name"] = lambda name: [
            leak for leak in leaks if thread_name(leak) == name]
    else:
        def by_name(name):
            raise KeyError("the document has no \"leaks\"")
        scope["by_name"] = by_name
    try:
        ok = eval(expression, scope)  # noqa: S307 - test helper
    except Exception as e:  # noqa: BLE001 - report any error as a failure
        fail("%s: %s" % (type(e).__name__, e), r, expression)
    if not ok:
        fail("expression is false", r, expression)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
