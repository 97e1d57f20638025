#!/usr/bin/env bash
# lint.sh: clang-tidy-19 and clang-format-19 over the product code
# (runtime/ and instrumentation/), with the repository's .clang-tidy and
# .clang-format.
#
# Contract:
#   - Reads build/default/compile_commands.json (or --build-dir's): configure
#     first (`$CMAKE --preset default`); nothing is built.
#   - Never rewrites a file. clang-format is run in dry-run mode.
#   - Prints every finding, then a summary: findings per check and per file.
#     Exit status 0 when there are none, 1 when there are findings, 2 on a
#     usage or setup error.
#   - runtime/tlsan_flags.inc is not formatted (one flag per line by
#     design); headers are checked by clang-tidy through the .cpp files that
#     include them (HeaderFilterRegex in .clang-tidy).
#   - Part of scripts/test.sh through the ctest `lint.product` (zero findings).
#
# Usage:
#   scripts/lint.sh [--tidy-only | --format-only] [--build-dir DIR]
#                   [--jobs N] [FILE...]
#
# Example:
#   scripts/lint.sh                        # everything, summary at the end
#   scripts/lint.sh runtime/tlsan_symbolizer_process.cpp
set -euo pipefail

readonly kRoot=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly kTidy=clang-tidy-19
readonly kFormat=clang-format-19

log() { printf 'lint: %s\n' "$*" >&2; }
die() { printf 'lint: error: %s\n' "$*" >&2; exit 2; }
usage() {
  sed -n '/^# Usage:/,/^# Example:/p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

tidy=1
format=1
build_dir="$kRoot/build/default"
jobs=2
files=()
while [ $# -gt 0 ]; do
  case $1 in
    --tidy-only) format=0 ;;
    --format-only) tidy=0 ;;
    --build-dir) build_dir=${2:?--build-dir needs a directory}; shift ;;
    --jobs) jobs=${2:?--jobs needs a number}; shift ;;
    -h|--help) usage ;;
    -*) log "unknown argument: $1"; usage ;;
    *) files+=("$1") ;;
  esac
  shift
done
command -v "$kTidy" >/dev/null || die "$kTidy not found (scripts/bootstrap.sh)"
command -v "$kFormat" >/dev/null || die "$kFormat not found (scripts/bootstrap.sh)"
[ -f "$build_dir/compile_commands.json" ] ||
  die "no $build_dir/compile_commands.json: configure first"

cd "$kRoot"
if [ "${#files[@]}" -eq 0 ]; then
  mapfile -t files < <(ls runtime/*.cpp runtime/*.h instrumentation/*.cpp \
                          instrumentation/*.h 2>/dev/null)
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# ---- clang-tidy: .cpp files (headers through them) --------------------------
if [ "$tidy" -eq 1 ]; then
  printf '%s\n' "${files[@]}" | grep '\.cpp$' |
    xargs -r -P "$jobs" -I{} sh -c \
      '"$0" --quiet -p "$1" "$3" >"$2/tidy.$(echo "$3" | tr / _).log" 2>/dev/null || true' \
      "$kTidy" "$build_dir" "$out" {}
  # One finding per "file:line:col: warning: ... [check]" line; a header
  # seen through several .cpp files is counted once.
  cat "$out"/tidy.*.log 2>/dev/null |
    grep -E '^/.*:[0-9]+:[0-9]+: (warning|error): .*\[[^]]+\]$' |
    sed "s|^$kRoot/||" | sort -u >"$out/tidy.findings" || true
  cat "$out/tidy.findings"
fi

# ---- clang-format: dry run, one finding per line to change -----------------
if [ "$format" -eq 1 ]; then
  for f in "${files[@]}"; do
    case $f in *.inc) continue ;; esac
    "$kFormat" --dry-run "$f" 2>&1 |
      grep -E '^[^ ].*:[0-9]+:[0-9]+: (warning|error):' |
      sed -E 's/^([^:]*:[0-9]+):[0-9]+: .*/\1: warning: not formatted as .clang-format says [clang-format]/' |
      uniq
  done >"$out/format.findings" || true
  cat "$out/format.findings"
fi

# ---- Summary -----------------------------------------------------------------
cat "$out"/*.findings 2>/dev/null >"$out/all" || true
total=$(wc -l <"$out/all")
echo
echo "lint: $total finding(s)"
if [ "$total" -gt 0 ]; then
  echo "per check:"
  sed -E 's/.*\[([^]]+)\]$/\1/' "$out/all" | sort | uniq -c | sort -rn
  echo "per file:"
  cut -d: -f1 "$out/all" | sort | uniq -c | sort -rn
fi
[ "$total" -eq 0 ]
