#!/usr/bin/env bash
# selftest.sh: readme_examples.py on tests/readme/fixture.md, whose blocks
# are one of each kind: it must fail, name the broken C++ block (its fence
# at fixture.md:19, the compiler's error at fixture.md:20) and the copy that
# differs from its file, skip the fragment, and count 1 compiled, 1 skipped.
# Registered as the ctest readme.examples_selftest by tests/CMakeLists.txt.
# Usage: selftest.sh SOURCE_DIR BUILD_DIR
set -uo pipefail
[ $# -eq 2 ] || { echo "usage: selftest.sh SOURCE_DIR BUILD_DIR" >&2; exit 2; }
here=$(dirname "${BASH_SOURCE[0]}")
out=$(python3 "$here/readme_examples.py" "$1" "$2" tests/readme/fixture.md 2>&1)
status=$?
echo "$out"
fail() { echo "selftest: FAIL: $*" >&2; exit 1; }
[ "$status" -eq 1 ] || fail "exit status $status, expected 1"
# What the output must hold: the broken block, at its fence and at the
# compiler's error; the copy that differs; the fragment skipped; the counts.
expected=(
  "^FAIL tests/readme/fixture.md:19: the cpp block does not compile"
  "^tests/readme/fixture.md:20:[0-9]*: error: .undeclared."
  "^FAIL tests/readme/fixture.md:26: the block differs from tests/readme/fixture.md"
  "^tests/readme/fixture.md:12: skipped, a fragment: shows one call only"
  "1 C/C++ blocks compiled (1 linked into programs), 1 fragments skipped, 0 blocks equal to their repository file; 2 failed"
)
for pattern in "${expected[@]}"; do
  grep -q -- "$pattern" <<<"$out" || fail "no line matching: $pattern"
done
echo "selftest: OK"
