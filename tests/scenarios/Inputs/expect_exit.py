#!/usr/bin/env python3
"""expect_exit.py CODE CMD ARGS...: run CMD, pass its output through, and
fail unless it exits with status CODE (lit's `not` only checks non-zero)."""
import subprocess
import sys

want = int(sys.argv[1])
proc = subprocess.run(sys.argv[2:])
if proc.returncode != want:
    sys.stderr.write("expect_exit: %r exited with %d, expected %d\n"
                     % (sys.argv[2:], proc.returncode, want))
    sys.exit(1)
