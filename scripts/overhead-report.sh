#!/usr/bin/env bash
# overhead-report.sh: what tlsan costs a program, measured on this machine.
#
# Contract:
#   - Builds (unless --no-build) the benchmark variants of benchmarks/ with
#     the `default` preset, using the cmake printed by scripts/bootstrap.sh.
#   - Runs every benchmark in four variants: plain (bin/<family>_plain),
#     tlsan (bin/<family>_tlsan, the static runtime), tlsan-preload
#     (bin/<family>_plain with LD_PRELOAD=lib/libtlsan.so) and tsan
#     (bin/<family>_tsan, ThreadSanitizer, for contrast); the leak pass
#     benchmarks (leak_pass, leak_scale) in the tlsan variant only. Runs are
#     interleaved: each round runs each benchmark in every variant back to
#     back (one process per run, the order rotated), so that a change in the
#     machine's load hits all variants alike. Google Benchmark writes JSON
#     (--benchmark_format=json, --benchmark_min_time, one repetition per
#     process; the rounds are the repetitions).
#   - Runs bin/memory_report once (registry and depot footprint).
#   - Writes into --out (default build/default/overhead): overhead.md,
#     overhead.json and overhead.svg (made by scripts/overhead_report.py,
#     run with /usr/bin/python3), raw/ with every run's JSON and stderr, and
#     bin/, the copy of the binaries that ran (the build directory may be
#     rebuilt by someone else meanwhile).
#   - Never fails on timings: targets missed and spreads too wide to trust
#     are reported, as warnings, in the files. Exits non-zero only when the
#     build fails or no usable report could be written.
#   - --quick: a few seconds, for CI (the ctest overhead.quick): a subset of
#     benchmarks, one round, a tiny min_time, a small memory_report.
#
# Usage:
#   scripts/overhead-report.sh [--quick] [--out DIR] [--rounds N]
#       [--min-time SECONDS] [--no-build] [--build-dir DIR]
#
# Example:
#   scripts/overhead-report.sh            # full run: minutes on 2 cores
#   scripts/overhead-report.sh --quick --out /tmp/overhead
set -euo pipefail

readonly kRoot=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly kPython=/usr/bin/python3
# Families measured as ratios to plain, in report order.
readonly kRatioFamilies=(thread async sync contended latch io time pool)
# Families measured with the runtime only (absolute times).
readonly kLeakFamilies=(leak_pass leak_scale)
readonly kVariants=(plain tlsan tlsan-preload tsan)
# --quick: family:benchmark pairs (exact Google Benchmark names).
readonly kQuickBenchmarks=(
  thread:BM_PthreadCreateJoin/process_time/real_time
  sync:BM_MutexLockUnlock
  io:BM_PipeWriteRead
  leak_scale:BM_PerTestCheckNoLeak/background:0/after_burst:0/in_test:1/join_after_start:1/iterations:2000/manual_time
  leak_scale:BM_ExitPass/leaked:10/symbolize:0/real_time
)
readonly kRunTimeoutSeconds=900

log() { printf 'overhead-report: %s\n' "$*" >&2; }
die() { printf 'overhead-report: error: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '/^# Usage:/,/^# Example:/p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

quick=0
build=1
out=""
rounds=""
min_time=""
build_dir="$kRoot/build/default"
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1 ;;
    --out) out=${2:?--out needs a directory}; shift ;;
    --rounds) rounds=${2:?--rounds needs a number}; shift ;;
    --min-time) min_time=${2:?--min-time needs seconds}; shift ;;
    --no-build) build=0 ;;
    --build-dir) build_dir=${2:?--build-dir needs a directory}; shift ;;
    -h|--help) usage ;;
    *) log "unknown argument: $1"; usage ;;
  esac
  shift
done
if [ "$quick" -eq 1 ]; then
  : "${rounds:=1}" "${min_time:=0.01}"
  memory_args=(--threads 2000 --live 200)
  leak_rounds=1
else
  : "${rounds:=5}" "${min_time:=0.05}"
  memory_args=(--threads 1000000 --live 10000)
  leak_rounds=3
fi
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die "--rounds: not a positive number"
: "${out:=$build_dir/overhead}"
mkdir -p "$out"
out=$(cd "$out" && pwd)
readonly built_bin="$build_dir/bin"
readonly built_preload="$build_dir/lib/libtlsan.so"
readonly raw="$out/raw"
# The run uses a private copy of the binaries (bin/ beside the report): a
# concurrent build in the shared build directory must not swap them midway.
readonly bin="$out/bin"
readonly preload="$out/bin/libtlsan.so"

started=$(date +%s)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
git_rev=$(git -C "$kRoot" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$kRoot" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  git_rev="$git_rev (with uncommitted changes)"
fi

# ---- Build ------------------------------------------------------------------

targets=(tlsan_shared memory_report)
for family in "${kRatioFamilies[@]}"; do
  targets+=("${family}_plain" "${family}_tlsan" "${family}_tsan")
done
for family in "${kLeakFamilies[@]}"; do
  targets+=("${family}_plain" "${family}_tlsan")
done
if [ "$build" -eq 1 ]; then
  cmake=$("$kRoot/scripts/bootstrap.sh" | tail -n 1)
  [ -x "$cmake" ] || die "scripts/bootstrap.sh printed no cmake"
  cd "$kRoot"
  if [ ! -f "$build_dir/CMakeCache.txt" ]; then
    "$cmake" --preset default >&2
  fi
  # Only what the report runs: a concurrent build elsewhere in the tree
  # cannot break it.
  log "building ${#targets[@]} targets"
  "$cmake" --build --preset default --target "${targets[@]}" >&2 \
    || die "build failed"
fi
rm -rf "$bin"
mkdir -p "$bin"
for t in "${targets[@]}"; do
  case $t in
    tlsan_shared)
      [ -f "$built_preload" ] || die "missing $built_preload"
      cp "$built_preload" "$preload" ;;
    *)
      [ -x "$built_bin/$t" ] ||
        die "missing $built_bin/$t (build it, or drop --no-build)"
      cp "$built_bin/$t" "$bin/$t" ;;
  esac
done

# ---- Run --------------------------------------------------------------------

rm -rf "$raw"
mkdir -p "$raw"
manifest="$raw/manifest.tsv"
printf 'family\tvariant\tround\tbench\tfile\tstatus\tseconds\n' >"$manifest"

# A Google Benchmark filter matching exactly `name`.
exact_filter() {
  printf '^%s$' "$(printf '%s' "$1" | sed 's/[][\.*^$+?(){}|]/\\&/g')"
}

run_count=0
# run_one FAMILY VARIANT ROUND BENCHMARK
run_one() {
  local family=$1 variant=$2 round=$3 bench=$4
  local exe
  local -a env_vars=()
  case $variant in
    plain) exe="$bin/${family}_plain" ;;
    tlsan) exe="$bin/${family}_tlsan" ;;
    tlsan-preload) exe="$bin/${family}_plain"; env_vars=("LD_PRELOAD=$preload") ;;
    tsan) exe="$bin/${family}_tsan" ;;
  esac
  run_count=$((run_count + 1))
  local file
  file=$(printf '%s.%s.r%d.%04d.json' "$family" "$variant" "$round" \
           "$run_count")
  local status=0 t0 t1
  t0=$(date +%s.%N)
  env "${env_vars[@]}" timeout "$kRunTimeoutSeconds" "$exe" \
    --benchmark_filter="$(exact_filter "$bench")" \
    --benchmark_min_time="$min_time" --benchmark_repetitions=1 \
    --benchmark_format=json \
    --benchmark_context="variant=$variant,round=$round" \
    >"$raw/$file" 2>"$raw/${file%.json}.stderr" || status=$?
  t1=$(date +%s.%N)
  printf '%s\t%s\t%d\t%s\t%s\t%d\t%.2f\n' "$family" "$variant" "$round" \
    "$bench" "$file" "$status" "$(awk "BEGIN { print $t1 - $t0 }")" \
    >>"$manifest"
}

# The benchmarks to run: "family<TAB>name" lines.
benchmarks=()
if [ "$quick" -eq 1 ]; then
  for fb in "${kQuickBenchmarks[@]}"; do
    benchmarks+=("${fb%%:*}"$'\t'"${fb#*:}")
  done
else
  for family in "${kRatioFamilies[@]}"; do
    mapfile -t names < <("$bin/${family}_plain" --benchmark_list_tests)
    for name in "${names[@]}"; do
      [ -n "$name" ] || continue
      # X/real_time is skipped when X/process_time/real_time exists: that
      # run reports both the wall time and the process's CPU time.
      if [[ "$name" == */real_time && "$name" != */process_time/real_time ]] &&
         printf '%s\n' "${names[@]}" |
           grep -qxF "${name%/real_time}/process_time/real_time"; then
        continue
      fi
      benchmarks+=("$family"$'\t'"$name")
    done
  done
  for family in "${kLeakFamilies[@]}"; do
    while IFS= read -r name; do
      [ -n "$name" ] && benchmarks+=("$family"$'\t'"$name")
    done < <("$bin/${family}_tlsan" --benchmark_list_tests)
  done
fi

is_leak_family() {
  local f
  for f in "${kLeakFamilies[@]}"; do [ "$f" = "$1" ] && return 0; done
  return 1
}

log "${#benchmarks[@]} benchmarks, $rounds round(s), min_time ${min_time}s," \
    "into $out"
for ((round = 1; round <= rounds; round++)); do
  log "round $round/$rounds"
  index=0
  for entry in "${benchmarks[@]}"; do
    family=${entry%%$'\t'*}
    name=${entry#*$'\t'}
    index=$((index + 1))
    if is_leak_family "$family"; then
      if [ "$round" -le "$leak_rounds" ]; then
        run_one "$family" tlsan "$round" "$name"
      fi
      continue
    fi
    # Rotate the order of the variants from one benchmark and round to the
    # next, so that no variant always runs first (or right after another).
    n=${#kVariants[@]}
    for ((k = 0; k < n; k++)); do
      run_one "$family" "${kVariants[$(((k + round + index) % n))]}" \
        "$round" "$name"
    done
  done
done

memory_json="$raw/memory.json"
log "memory_report ${memory_args[*]}"
memory_status=0
"$bin/memory_report" "${memory_args[@]}" --json "$memory_json" \
  >"$raw/memory.stdout" 2>"$raw/memory.stderr" || memory_status=$?

# ---- Analyze ----------------------------------------------------------------

elapsed=$(($(date +%s) - started))
"$kPython" "$kRoot/scripts/overhead_report.py" analyze \
  --raw "$raw" --out "$out" --mode "$([ "$quick" -eq 1 ] && echo quick || echo full)" \
  --build-dir "$build_dir" --memory "$memory_json" --elapsed "$elapsed" \
  --memory-status "$memory_status" --rounds "$rounds" --git "$git_rev" \
  --min-time "$min_time" --load-start "$load_start"
log "done in ${elapsed}s: $out/overhead.md, overhead.json, overhead.svg"
