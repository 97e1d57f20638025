"""overhead: the analysis behind scripts/overhead-report.sh, in three parts.

  measure   what the runs measured: the raw Google Benchmark JSON files and
            the manifest overhead-report.sh wrote, the memory report, and the
            machine they ran on; rows keyed "<family>/<benchmark>[ [metric]]".
  compare   the numbers made from them: per-variant medians, paired ratios to
            plain with their spread, leak pass times, and the verdicts on
            the targets (config.py).
  render    overhead.json, overhead.md and overhead.svg from the document
            compare built; validate checks that the three are well-formed.

Data moves one way: measure -> compare -> render. scripts/overhead_report.py
is the command line (analyze, validate) that strings them together.
Contract: Python 3 standard library only; run with /usr/bin/python3.
"""
