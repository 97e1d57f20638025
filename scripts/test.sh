#!/usr/bin/env bash
# test.sh: configures, builds and tests tlsan with the `default` workflow
# preset (CMakePresets.json), after scripts/bootstrap.sh has made sure the
# toolchain is present.
#
# Usage: scripts/test.sh [--fresh]
#   --fresh   reconfigure build/default from scratch (default: incremental)
# Exit status: the workflow's (non-zero when configure, build or a test fails).
#
# Example:
#   scripts/test.sh && echo "all green"
set -euo pipefail

usage() { sed -n '6,8s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

fresh=()
for arg in "$@"; do
  case $arg in
    --fresh) fresh=(--fresh) ;;
    -h|--help) usage; exit 0 ;;
    *) printf 'test.sh: error: unknown argument: %s\n' "$arg" >&2
       usage >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CMAKE=$("$root/scripts/bootstrap.sh" | tail -n 1)

cd "$root"
exec "$CMAKE" --workflow --preset default ${fresh[@]+"${fresh[@]}"}
