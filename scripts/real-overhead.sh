#!/usr/bin/env bash
# real-overhead.sh: what tlsan costs real programs, loaded with LD_PRELOAD
# (no rebuild): wall time of Debian's pigz, zstd, xz and pbzip2 compressing a
# generated file, plain against LD_PRELOAD=libtlsan.so.
#
# Contract:
#   - Generates the input once (--size MB, default 100: words and numbers
#     from a fixed seed, so every run and every machine compresses the same
#     bytes) and keeps it in --out.
#   - Checks each program once first (this is also the warm-up): plain and
#     LD_PRELOAD outputs must be byte-identical; records tlsan's verdict
#     (exit status, leaked threads from a JSON report). A mismatch is an
#     error: timings of a broken run mean nothing.
#   - Then --runs rounds (default 7). Each round runs every program plain
#     and LD_PRELOAD back to back, the order alternating from round to round
#     (plain first in odd rounds), so that a change in the machine's load
#     hits both alike. Timed runs write to /dev/null with default
#     TLSAN_OPTIONS (the report, if any, is part of the cost: a program
#     that leaks threads waits for the re-check schedule, ~0.4 s, and the
#     symbolizer).
#   - Prints a Markdown table: per program the median wall time of each
#     variant, the change of the medians, min-max of each variant, the
#     spread ((max - min) / median, of the noisier variant), and "noise"
#     when the spread exceeds the change. Writes it to --out/real-overhead.md
#     and every timing to --out/times.tsv (program, variant, round, seconds,
#     status).
#   - Needs an idle machine for meaningful figures: the load average at the
#     start and the end is printed with the table.
#
# Usage:
#   scripts/real-overhead.sh [--runs N] [--size MB] [--out DIR]
#       [--lib PATH] [--programs "pigz zstd xz pbzip2"]
#
# Example:
#   scripts/real-overhead.sh                        # ~15 min on 2 cores
#   scripts/real-overhead.sh --runs 3 --size 10 --programs "pigz zstd"
set -euo pipefail

readonly kRoot=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The commands measured: 2 worker threads each, output on stdout.
declare -A kCommand=(
  [pigz]="pigz -p 2 -c"
  [zstd]="zstd -T2 -q -c"
  [xz]="xz -T2 -1 -c"
  [pbzip2]="pbzip2 -p2 -c"
)

log() { printf 'real-overhead: %s\n' "$*" >&2; }
die() { printf 'real-overhead: error: %s\n' "$*" >&2; exit 1; }
usage() {
  sed -n '/^# Usage:/,/^# Example:/p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

runs=7
size=100
out="$kRoot/build/default/real-overhead"
lib="$kRoot/build/default/lib/libtlsan.so"
programs="pigz zstd xz pbzip2"
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=${2:?--runs needs a number}; shift ;;
    --size) size=${2:?--size needs megabytes}; shift ;;
    --out) out=${2:?--out needs a directory}; shift ;;
    --lib) lib=${2:?--lib needs the path of libtlsan.so}; shift ;;
    --programs) programs=${2:?--programs needs names}; shift ;;
    -h|--help) usage ;;
    *) log "unknown argument: $1"; usage ;;
  esac
  shift
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs: not a positive number"
[[ "$size" =~ ^[1-9][0-9]*$ ]] || die "--size: not a positive number"
[ -f "$lib" ] || die "no $lib (build the tlsan_shared target first)"
for p in $programs; do
  [ -n "${kCommand[$p]:-}" ] || die "unknown program $p (known: ${!kCommand[*]})"
  command -v "$p" >/dev/null || die "$p is not installed (scripts/bootstrap.sh)"
done
mkdir -p "$out"
out=$(cd "$out" && pwd)
# A private copy: a rebuild of the build tree must not swap it midway.
cp "$lib" "$out/libtlsan.so"
readonly preload="$out/libtlsan.so"

# ---- Input ------------------------------------------------------------------

input="$out/input-${size}MB.txt"
if [ ! -f "$input" ]; then
  log "generating $input"
  awk -v bytes=$((size * 1000 * 1000)) 'BEGIN {
    srand(1)
    split("thread leak join detach mutex pool worker queue signal exit " \
          "socket buffer stream block compress level window", w, " ")
    n = 0
    while (n < bytes) {
      line = w[int(rand() * 17) + 1] " " int(rand() * 100000) " " \
             w[int(rand() * 17) + 1] " " w[int(rand() * 17) + 1]
      print line
      n += length(line) + 1
    }
  }' > "$input.tmp"
  mv "$input.tmp" "$input"
fi

# ---- Check (and warm up) ----------------------------------------------------

declare -A verdict
for p in $programs; do
  read -r -a cmd <<< "${kCommand[$p]}"
  rm -f "$out/check-$p.log".*
  "${cmd[@]}" < "$input" > "$out/check-$p.plain"
  status=0
  env LD_PRELOAD="$preload" \
    TLSAN_OPTIONS="report_format=json:log_path=$out/check-$p.log" \
    "${cmd[@]}" < "$input" > "$out/check-$p.tlsan" || status=$?
  cmp -s "$out/check-$p.plain" "$out/check-$p.tlsan" ||
    die "$p: output differs under LD_PRELOAD"
  leaked=0
  for f in "$out/check-$p.log".*; do
    [ -f "$f" ] || continue
    leaked=$(tail -n 1 "$f" | grep -o '"leaked":[0-9]*' | cut -d: -f2)
  done
  verdict[$p]="status $status, $leaked leaked"
  rm -f "$out/check-$p.plain" "$out/check-$p.tlsan"
  log "$p: output identical; ${verdict[$p]}"
done

# ---- Timed rounds -----------------------------------------------------------

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
times="$out/times.tsv"
printf 'program\tvariant\tround\tseconds\tstatus\n' > "$times"
run_one() {  # program variant round
  local p=$1 variant=$2 round=$3 start end status=0
  local -a cmd
  read -r -a cmd <<< "${kCommand[$p]}"
  start=$EPOCHREALTIME
  if [ "$variant" = plain ]; then
    "${cmd[@]}" < "$input" > /dev/null 2> "$out/last.stderr" || status=$?
  else
    env LD_PRELOAD="$preload" "${cmd[@]}" < "$input" > /dev/null \
      2> "$out/last.stderr" || status=$?
  fi
  end=$EPOCHREALTIME
  printf '%s\t%s\t%d\t%s\t%d\n' "$p" "$variant" "$round" \
    "$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')" \
    "$status" >> "$times"
}
for round in $(seq 1 "$runs"); do
  log "round $round of $runs"
  for p in $programs; do
    if [ $((round % 2)) -eq 1 ]; then
      run_one "$p" plain "$round"; run_one "$p" preload "$round"
    else
      run_one "$p" preload "$round"; run_one "$p" plain "$round"
    fi
  done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- Table ------------------------------------------------------------------

stats() {  # program variant -> "median min max"
  awk -F'\t' -v p="$1" -v v="$2" '$1 == p && $2 == v { print $4 }' "$times" |
    sort -n | awk '{ x[NR] = $1 } END {
      m = NR % 2 ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2
      printf "%.2f %.2f %.2f", m, x[1], x[NR] }'
}
{
  echo "Wall time, $size MB generated text, \`-c > /dev/null\`, $runs runs per"
  echo "variant, interleaved (order alternating per round); load average"
  echo "$load_start at the start, $load_end at the end; $(nproc) CPUs."
  if [ "$runs" -lt 3 ]; then
    echo
    echo "**Fewer than 3 runs: the spread says nothing; do not quote these.**"
  fi
  echo
  echo "| program | plain median (s) | LD_PRELOAD median (s) | change | plain min-max | LD_PRELOAD min-max | spread | tlsan's verdict |"
  echo "|---|---|---|---|---|---|---|---|"
  for p in $programs; do
    read -r pm pmin pmax <<< "$(stats "$p" plain)"
    read -r lm lmin lmax <<< "$(stats "$p" preload)"
    awk -v p="$p" -v cmd="${kCommand[$p]% -c}" -v pm="$pm" -v pmin="$pmin" \
        -v pmax="$pmax" -v lm="$lm" -v lmin="$lmin" -v lmax="$lmax" \
        -v verdict="${verdict[$p]}" 'BEGIN {
      change = (lm - pm) / pm * 100
      ps = (pmax - pmin) / pm * 100; ls = (lmax - lmin) / lm * 100
      spread = ps > ls ? ps : ls
      noise = (spread > (change < 0 ? -change : change)) ? " (noise)" : ""
      printf "| `%s` | %.2f | %.2f | %+.1f%%%s | %.2f-%.2f | %.2f-%.2f | " \
             "%.0f%% | %s |\n", cmd, pm, lm, change, noise, pmin, pmax, \
             lmin, lmax, spread, verdict }'
  done
} | tee "$out/real-overhead.md"
log "table: $out/real-overhead.md; every run: $times"
