#!/usr/bin/env python3
"""sarif_check.py: validates SARIF logs with Microsoft's SARIF multitool.

Usage: sarif_check.py --multitool PATH FILE...
For each FILE, runs `Sarif.Multitool validate` on a copy named *.sarif (the
validator skips other names, saying so only in a note) against the SARIF
2.1.0 schema and the multitool's rules and prints one line to FileCheck:
  sarif: runs=N results=M rules=thread-leak,... levels=error,... errors=E
followed by every error the validator found. Exit status 1 if a file is not
JSON, cannot be validated, or has an error (warnings do not fail).
Example (lit): %sarif %t.dir/* | %FileCheck %s --check-prefix=SARIF
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile


def validate(multitool, path):
    """The validator's error messages for `path`."""
    with tempfile.TemporaryDirectory() as tmp:
        # The validator skips, with only a note, a file whose name does not
        # end in .sarif (tlsan's are <log_path>.<pid>): validate a copy.
        copy = os.path.join(tmp, "report.sarif")
        shutil.copyfile(path, copy)
        out = os.path.join(tmp, "validation.sarif")
        proc = subprocess.run([multitool, "validate", copy, "-o", out,
                               "--level", "Error;Warning;Note"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True,
                              env=dict(os.environ,
                                       DOTNET_CLI_TELEMETRY_OPTOUT="1"))
        if not os.path.exists(out):
            sys.exit("sarif_check: %s did not validate %s:\n%s"
                     % (multitool, path, proc.stdout))
        with open(out) as f:
            results = json.load(f)["runs"][0].get("results", [])
    errors = []
    for r in results:
        if r.get("ruleId") == "WRN997.InvalidTarget" or "InvalidTarget" in str(r):
            errors.append("the validator did not read the file")
            continue
        if r.get("level", "warning") != "error":
            continue
        args = r.get("message", {}).get("arguments", [])
        errors.append("%s %s" % (r.get("ruleId"), " ".join(map(str, args))))
    return errors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--multitool", required=True)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    if not os.access(args.multitool, os.X_OK):
        sys.exit("sarif_check: no SARIF validator at %s: run "
                 "scripts/bootstrap.sh" % args.multitool)
    # The validator can come back with no findings at all (under heavy load
    # it was seen to): a log with a known schema error must be flagged
    # first, or nothing it says about the real logs counts.
    with tempfile.TemporaryDirectory() as tmp:
        control = os.path.join(tmp, "control.sarif")
        with open(control, "w") as f:
            json.dump({"version": "2.1.0", "runs": [{"tool": {"driver": {
                "name": "control"}}, "results": [], "not_a_property": 1}]},
                f)
        if not any(validate(args.multitool, control) for _ in range(2)):
            sys.exit("sarif_check: the validator flags nothing in a log "
                     "with a schema error: its verdicts cannot be trusted")
    failed = False
    for path in args.files:
        with open(path) as f:
            text = f.read()
        try:
            log = json.loads(text)
        except json.JSONDecodeError as e:
            print("sarif: %s is not one JSON document: %s" % (path, e))
            failed = True
            continue
        runs = log.get("runs", [])
        results = [r for run in runs for r in run.get("results", [])]
        rules = sorted({r.get("ruleId", "?") for r in results})
        levels = sorted({r.get("level", "?") for r in results})
        errors = validate(args.multitool, path)
        print("sarif: runs=%d results=%d rules=%s levels=%s errors=%d"
              % (len(runs), len(results), ",".join(rules), ",".join(levels),
                 len(errors)))
        for e in errors:
            print("  error: " + e)
        failed |= bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
