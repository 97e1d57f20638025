#!/usr/bin/python3
"""overhead_report.py: the analysis half of scripts/overhead-report.sh.
The command line of the package scripts/overhead/: measure (read the runs)
-> compare (medians, ratios, verdicts) -> render (the three files).

Reads the raw Google Benchmark JSON files that overhead-report.sh wrote (one
per process run: one benchmark, one variant, one round) and its manifest,
and writes, into the output directory:

  overhead.json  every number, with each variant named (plain, tlsan,
                 tlsan-preload, tsan) and the machine it ran on;
  overhead.md    the same as tables: per benchmark the median time of each
                 variant and its ratio to plain with the min-max spread, the
                 targets and their verdicts, the leak pass, memory, warnings;
  overhead.svg   a horizontal bar chart of the ratios (log scale).

How the numbers are made:
  * time: real (wall) time for benchmarks registered with UseRealTime (their
    name contains "/real_time"), the benchmark thread's CPU time otherwise;
    benchmarks with MeasureProcessCPUTime get a second row with the
    process's CPU time. The leak pass is reported in wall time (what an exit
    or a test pays), with its CPU time beside it.
  * ratio to plain: each round ran every variant of a benchmark back to
    back, so each round gives one paired ratio (variant / plain); the report
    shows the median of those and their min-max. A spread (max - min) wider
    than --spread-limit (10%) of the median is flagged as too wide to trust.
    Beside it, the best-of ratio (fastest run of the variant / fastest run
    of plain), which a busy machine disturbs less.
  * targets: the worst row of each target, on the median ratio; rows with
    several threads are judged on the process's CPU time.

Contract: Python 3 standard library only; run with /usr/bin/python3. Never
runs a benchmark itself. Exit status 0, or 1 when the input is unusable
(analyze) or the output is malformed (validate).

Usage:
  overhead_report.py analyze --raw DIR --out DIR [--mode quick|full]
      [--build-dir DIR] [--memory FILE] [--memory-status N]
      [--elapsed SECONDS] [--rounds N] [--git REVISION]
      [--load-start "1.0 2.0 3.0"] [--load-end "1.0 2.0 3.0"]
      [--min-time S] [--spread-limit 0.10]
  overhead_report.py validate DIR

Example:
  /usr/bin/python3 scripts/overhead_report.py validate build/default/overhead
"""
import argparse
import datetime
import sys

from overhead import compare, measure, render, validate
from overhead.config import SCHEMA, VARIANTS


def cmd_analyze(args):
    warnings = []
    runs = measure.read_manifest(args.raw)
    if not runs:
        print("overhead_report: no runs in %s/manifest.tsv" % args.raw,
              file=sys.stderr)
        return 1
    gb_context = measure.benchmark_context(args.raw, runs)
    rows = measure.load_runs(args.raw, runs, warnings)
    ratio_rows, leak_out = compare.split_rows(rows, runs, args.spread_limit,
                                              warnings)
    memory = measure.load_memory(args.memory, args.memory_status, warnings)
    rows_by_key = {r["key"]: r for r in ratio_rows}
    doc = {
        "schema": SCHEMA,
        "generated": datetime.datetime.now(datetime.timezone.utc)
                     .isoformat(timespec="seconds"),
        "mode": args.mode,
        "elapsed_seconds": args.elapsed,
        "settings": {"rounds": args.rounds, "min_time_s": args.min_time,
                     "spread_limit": args.spread_limit,
                     "interleaving": "per round, each benchmark runs in every "
                                     "variant back to back (rotated order), "
                                     "one process per run"},
        "machine": measure.machine_info(args.build_dir, args.load_start,
                                        gb_context, args.git, args.load_end),
        "variants": VARIANTS,
        "benchmarks": ratio_rows,
        "leak_pass": leak_out,
        "symbolization": compare.symbolization_cost(leak_out),
        "memory": memory,
        "targets": compare.ratio_verdicts(rows_by_key),
        "leak_targets": compare.leak_verdicts(leak_out),
        "memory_targets": compare.memory_verdicts(memory),
        "warnings": warnings,
    }
    render.write_report(args.out, doc)
    for w in warnings:
        print("overhead_report: warning: " + w, file=sys.stderr)
    return 0


def cmd_validate(args):
    return validate.validate(args.dir)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("analyze", help="raw runs -> overhead.{json,md,svg}")
    a.add_argument("--raw", required=True)
    a.add_argument("--out", required=True)
    a.add_argument("--mode", choices=("quick", "full"), default="full")
    a.add_argument("--build-dir")
    a.add_argument("--memory")
    a.add_argument("--memory-status", type=int, default=0)
    a.add_argument("--elapsed", type=float)
    a.add_argument("--rounds", type=int)
    a.add_argument("--min-time", type=float)
    a.add_argument("--load-start")
    a.add_argument("--load-end", help="default: /proc/loadavg now")
    a.add_argument("--git", help="source revision the binaries were built "
                                 "from (default: the current one)")
    a.add_argument("--spread-limit", type=float, default=0.10)
    a.set_defaults(func=cmd_analyze)
    v = sub.add_parser("validate", help="check that a report is well-formed")
    v.add_argument("dir")
    v.set_defaults(func=cmd_validate)
    args = parser.parse_args()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
