#!/usr/bin/python3
"""overhead_report.py: the analysis half of scripts/overhead-report.sh.

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
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

SCHEMA = "tlsan-overhead/1"

# The variants, in the order of every table and chart.
VARIANTS = [
    {"name": "plain",
     "description": "the benchmark without tlsan: bin/<family>_plain"},
    {"name": "tlsan",
     "description": "the static runtime, linked as tlsan-c++ "
                    "-fsanitize=thread-leak links it: bin/<family>_tlsan"},
    {"name": "tlsan-preload",
     "description": "the plain binary with LD_PRELOAD=lib/libtlsan.so"},
    {"name": "tsan",
     "description": "ThreadSanitizer (-fsanitize=thread), for contrast: "
                    "bin/<family>_tsan"},
]
VARIANT_NAMES = [v["name"] for v in VARIANTS]
TLSAN_VARIANTS = ["tlsan", "tlsan-preload"]

# Families measured only with the runtime (absolute times, no ratios).
LEAK_FAMILIES = {"leak_pass", "leak_scale"}

# Targets on ratios to plain (median, same run), for tlsan and
# tlsan-preload. Rows are "<family>/<benchmark name>[ [metric]]". Rows with
# several threads are judged on the CPU time of the whole process: on a
# loaded machine their wall time mostly measures the scheduler (both are in
# the report).
RATIO_TARGETS = [
    {"id": "mutex", "what": "uncontended mutex lock+unlock",
     "rows": ["sync/BM_MutexLockUnlock"], "max_ratio": 1.05},
    {"id": "condvar", "what": "condition variable ping-pong (process CPU)",
     "rows": ["sync/BM_CondvarPingPong/process_time/real_time"
              " [process CPU]"],
     "max_ratio": 1.05},
    {"id": "create_join", "what": "thread create+join (process CPU)",
     "rows": ["thread/BM_StdThreadCreateJoin/process_time/real_time"
              " [process CPU]",
              "thread/BM_PthreadCreateJoin/process_time/real_time"
              " [process CPU]"],
     "max_ratio": 1.05},
    # workers:2, one per core of the reference machine; workers:4 (more
    # workers than cores) is reported but too noisy to judge.
    {"id": "pool", "what": "thread pool, 100,000 tasks, 2 workers "
                           "(process CPU)",
     "rows": ["pool/BM_ThreadPool100kTasks/workers:2/process_time/real_time"
              " [process CPU]"],
     "max_ratio": 1.03},
    # The slow path of a busy mutex (a BlockingRegion, and the wait in
    # deadlock_check_ms slices of pthread_mutex_clocklock).
    {"id": "contended_mutex", "what": "contended mutex, 2 threads "
                                      "(process CPU)",
     "rows": ["contended/BM_ContendedMutex/process_time/real_time/threads:2"
              " [process CPU]"],
     "max_ratio": 1.10},
    {"id": "pipe_poll", "what": "pipe read/write, poll/epoll on a ready fd",
     "rows": ["io/BM_PipeWriteRead", "io/BM_PollReady",
              "io/BM_EpollWaitReady"],
     "max_ratio": 1.05},
]

# Leak pass rows (regular expressions on "<family>/<benchmark name>").
EXIT_10K_ROW = r"leak_scale/BM_ExitPass/leaked:10000/symbolize:0(/|$)"
PER_TEST_ROW = (r"leak_scale/BM_PerTestCheckNoLeak/background:0"
                r"/after_burst:0/in_test:1/join_after_start:%d(/|$)")
EXIT_ROWS = r"leak_scale/BM_ExitPass/leaked:(\d+)/symbolize:0(/|$)"
STACKS_ROW = r"leak_scale/BM_DistinctStacks/stacks:100/symbolize:%d(/|$)"
EXIT_10K_LIMIT_MS = 50.0
PER_TEST_LIMIT_US = 5.0
MEMORY_LIMIT_BYTES = 1024

UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


# ---- Reading the raw runs ---------------------------------------------------

def summary_note(stderr_path):
    """': <the run's sanitizer SUMMARY line>', or '' when there is none."""
    try:
        with open(stderr_path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if "SUMMARY:" in line:
                    return ": " + line.strip()
    except OSError:
        pass
    return ""


def read_manifest(raw_dir):
    """The runs overhead-report.sh made: one dict per line of manifest.tsv."""
    runs = []
    path = os.path.join(raw_dir, "manifest.tsv")
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) != len(header):
                continue
            runs.append(dict(zip(header, fields)))
    return runs


def metrics_of(name):
    """(metric label, JSON field) pairs reported for a benchmark name."""
    if "/manual_time" in name:
        return [("wall", "real_time")]  # timed by the benchmark itself
    if "/real_time" in name:
        metrics = [("wall", "real_time")]
        if "/process_time" in name:
            metrics.append(("process CPU", "cpu_time"))
        return metrics
    return [("CPU", "cpu_time")]


def row_key(family, name, metric, multi):
    key = family + "/" + name
    return key + " [" + metric + "]" if multi else key


def load_runs(raw_dir, runs, warnings):
    """Returns {row key: {"family", "name", "metric", "field", "samples":
    {variant: {round: ns}} (the metric's time), "cpu" and "real" (the same
    shape: CPU and wall time), "counters"}}."""
    rows = {}
    bad_exits = {}
    false_leaks = {}  # (family, name) -> [found, iterations, runs]
    for run in runs:
        path = os.path.join(raw_dir, run["file"])
        status = int(run.get("status", "0") or 0)
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            warnings.append("run %s (%s, round %s) produced no usable JSON "
                            "(exit status %d): %s" % (
                                run["bench"], run["variant"], run["round"],
                                status, e))
            continue
        if status != 0:
            key = (run["family"], run["variant"], status)
            bad_exits.setdefault(key, []).append(run)
        for b in doc.get("benchmarks", []):
            if b.get("run_type", "iteration") != "iteration":
                continue
            name = b["name"]
            if b.get("error_occurred"):
                warnings.append("%s/%s (%s, round %s): %s" % (
                    run["family"], name, run["variant"], run["round"],
                    b.get("error_message", "error")))
                continue
            scale = UNIT_NS.get(b.get("time_unit", "ns"), 1.0)
            metrics = metrics_of(name)
            for label, field in metrics:
                key = row_key(run["family"], name, label, len(metrics) > 1)
                row = rows.setdefault(key, {
                    "family": run["family"], "name": name, "metric": label,
                    "field": field, "samples": {}, "cpu": {}, "real": {},
                    "counters": {}})
                rnd = int(run["round"])
                row["samples"].setdefault(run["variant"], {})[rnd] = (
                    b[field] * scale)
                row["cpu"].setdefault(run["variant"], {})[rnd] = (
                    b["cpu_time"] * scale)
                row["real"].setdefault(run["variant"], {})[rnd] = (
                    b["real_time"] * scale)
                for c in ("leaked", "report_bytes", "items_per_second"):
                    if c in b:
                        row["counters"][c] = b[c]
                if b.get("false_leaks"):
                    fl = false_leaks.setdefault(
                        (run["family"], name), [0, 0, 0])
                    fl[0] += int(b["false_leaks"])
                    fl[1] += int(b.get("iterations", 0))
                    fl[2] += 1
    for (family, name), (found, iterations, nruns) in sorted(
            false_leaks.items()):
        warnings.append(
            "%s/%s: in %d of %d checks (%d run(s)) the scoped check reported "
            "a thread that the benchmark had joined: a join the runtime "
            "missed, not a leak" % (family, name, found, iterations, nruns))
    for (family, variant, status), bad in sorted(bad_exits.items()):
        note = summary_note(os.path.join(
            raw_dir, bad[0]["file"].replace(".json", ".stderr")))
        warnings.append(
            "%s_%s (%s) exited with status %d in %d run(s) (%s)%s" % (
                family, "plain" if variant == "tlsan-preload" else variant,
                variant, status, len(bad),
                ", ".join(sorted({r["bench"] for r in bad})), note))
    return rows


# ---- Statistics ---------------------------------------------------------------

def summary(values):
    values = sorted(values)
    if not values:
        return None
    return {"median": statistics.median(values), "min": values[0],
            "max": values[-1], "n": len(values)}


def analyze_ratio_row(row, spread_limit):
    """Median time per variant; paired per-round ratios to plain."""
    out = {"variants": {}, "warnings": []}
    wide = []
    plain = row["samples"].get("plain", {})
    for v in VARIANT_NAMES:
        samples = row["samples"].get(v)
        if not samples:
            continue
        entry = {"time_ns": summary(samples.values()),
                 "samples_ns": [samples[r] for r in sorted(samples)]}
        if v != "plain":
            ratios = [samples[r] / plain[r] for r in sorted(samples)
                      if r in plain and plain[r] > 0]
            ratio = summary(ratios)
            if ratio and plain:
                # Best-of ratio: the fastest run of each variant, the least
                # disturbed by other load (a cross-check on a busy machine).
                ratio["best_of"] = min(samples.values()) / min(plain.values())
            if ratio:
                ratio["spread"] = ((ratio["max"] - ratio["min"]) /
                                   ratio["median"])
                ratio["trusted"] = (ratio["n"] >= 2 and
                                    ratio["spread"] <= spread_limit)
                entry["ratio"] = ratio
                if ratio["n"] >= 2 and ratio["spread"] > spread_limit:
                    wide.append("%s %.0f%% (%.3f–%.3f)" % (
                        v, 100 * ratio["spread"], ratio["min"],
                        ratio["max"]))
        out["variants"][v] = entry
    if wide:
        out["warnings"].append(
            "%s: ratio spread over %.0f%%, too wide to trust: %s" % (
                short_name(row["key"]), 100 * spread_limit,
                ", ".join(wide)))
    return out


def loglog_exponent(points):
    """Least-squares slope of log(t) against log(n)."""
    xs = [math.log(n) for n, t in points]
    ys = [math.log(t) for n, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx


# ---- Machine ----------------------------------------------------------------

def read_first(path, pattern):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = re.match(pattern, line)
                if m:
                    return m.group(1).strip()
    except OSError:
        pass
    return None


def compiler_version(build_dir):
    compiler = None
    if build_dir:
        compiler = read_first(os.path.join(build_dir, "CMakeCache.txt"),
                              r"CMAKE_CXX_COMPILER:\w+=(.*)")
    if not compiler:
        return None
    try:
        out = subprocess.run([compiler, "--version"], capture_output=True,
                             text=True, timeout=30).stdout
        return out.splitlines()[0].strip() if out else compiler
    except (OSError, subprocess.SubprocessError):
        return compiler


def git_revision():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        rev = subprocess.run(["git", "-C", root, "rev-parse", "--short",
                              "HEAD"], capture_output=True, text=True,
                             timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "-C", root, "status", "--porcelain",
                                "--untracked-files=no"], capture_output=True,
                               text=True, timeout=30).stdout.strip()
        return rev + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return None


def machine_info(build_dir, load_start, gb_context, git=None,
                 load_end_override=None):
    try:
        affinity = len(os.sched_getaffinity(0))
    except OSError:
        affinity = None
    try:
        with open("/proc/loadavg", encoding="utf-8") as f:
            load_end = " ".join(f.read().split()[:3])
    except OSError:
        load_end = None
    info = {
        "nproc": affinity or os.cpu_count(),
        "cpu_model": read_first("/proc/cpuinfo", r"model name\s*:\s*(.*)"),
        "cpu_mhz": gb_context.get("mhz_per_cpu"),
        "kernel": platform.release(),
        "os": read_first("/etc/os-release", r'PRETTY_NAME="?([^"]*)"?'),
        "compiler": compiler_version(build_dir),
        "glibc": os.confstr("CS_GNU_LIBC_VERSION")
                 if "CS_GNU_LIBC_VERSION" in os.confstr_names else None,
        "benchmark_library_build_type":
            gb_context.get("library_build_type"),
        "load_average_start": load_start,
        "load_average_end": load_end_override or load_end,
        "tlsan_options": os.environ.get("TLSAN_OPTIONS", ""),
        "git": git or git_revision(),
    }
    return info


# ---- Formatting ---------------------------------------------------------------

def fmt_time(ns):
    if ns is None:
        return "-"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return "%.3g %s" % (ns / scale, unit)
    return "%.3g ns" % ns


def fmt_ratio(r):
    if r >= 10:
        return "×%.0f" % r
    if r >= 2:
        return "×%.1f" % r
    return "×%.3f" % r


def fmt_ratio_cell(entry):
    t = fmt_time(entry["time_ns"]["median"])
    ratio = entry.get("ratio")
    if not ratio:
        return t
    cell = "%s %s" % (t, fmt_ratio(ratio["median"]))
    if ratio["n"] >= 2:
        cell += " [%s–%s]" % (fmt_ratio(ratio["min"])[1:],
                               fmt_ratio(ratio["max"])[1:])
        if not ratio["trusted"]:
            cell += " ⚠"
    return cell


def short_name(key):
    return key.replace("/BM_", "/").replace("/process_time", "")


def chart_label(key):
    """The chart's row label: no timing suffixes, metric kept."""
    name, _, metric = key.partition(" [")
    name = re.sub(r"/(real_time|process_time|manual_time|iterations:\d+)",
                  "", name.replace("/BM_", "/"))
    return name + (" [" + metric if metric else "")


# ---- The chart -----------------------------------------------------------------

COLORS = {"tlsan": "#1f77b4", "tlsan-preload": "#2ca02c", "tsan": "#d62728"}


def esc(text):
    return (str(text).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


def write_svg(path, ratio_rows, title):
    """A horizontal bar chart: per benchmark one bar per variant, from 1 (as
    fast as plain) to the median ratio, log scale, min-max whiskers."""
    bars = [v for v in VARIANT_NAMES if v != "plain"]
    label_w, plot_w, right_w = 440, 500, 60
    bar_h, gap = 9, 10
    group_h = bar_h * len(bars) + gap
    top, bottom = 58, 44
    height = top + bottom + group_h * max(1, len(ratio_rows))
    width = label_w + plot_w + right_w
    # The axis spans the medians; whiskers beyond it are clipped.
    values = [1.0]
    for row in ratio_rows:
        for v in bars:
            r = row["variants"].get(v, {}).get("ratio")
            if r:
                values.append(r["median"])
    lo = min(0.8, min(values) / 1.25)
    hi = max(1.5, max(values) * 1.3)
    llo, lhi = math.log10(lo), math.log10(hi)

    def x(ratio):
        ratio = min(max(ratio, lo), hi)
        return label_w + plot_w * (math.log10(ratio) - llo) / (lhi - llo)

    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">'
           % (width, height, width, height),
           '<rect x="0" y="0" width="%d" height="%d" fill="white"/>'
           % (width, height),
           '<text x="%d" y="18" font-size="14" font-weight="bold">%s</text>'
           % (10, esc(title)),
           '<text x="%d" y="34" fill="#555">time / plain time (median of '
           'paired rounds; whiskers: min–max, clipped to the axis; log scale;'
           ' left of 1: faster than plain)</text>' % 10]
    # Legend.
    lx = 10
    for v in bars:
        out.append('<rect x="%d" y="42" width="10" height="9" fill="%s"/>'
                   % (lx, COLORS[v]))
        out.append('<text x="%d" y="50">%s</text>' % (lx + 14, esc(v)))
        lx += 30 + 7 * len(v)
    # Grid: powers of ten and 1, 2, 5 steps.
    ticks = []
    for e in range(int(math.floor(llo)), int(math.ceil(lhi)) + 1):
        for m in (1, 2, 5):
            t = m * 10 ** e
            if lo <= t <= hi:
                ticks.append(t)
    for t in ticks:
        xt = x(t)
        out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" '
                   'stroke-width="%s"/>' % (
                       xt, top - 4, xt, height - bottom,
                       "#000" if t == 1 else "#ddd",
                       "1.2" if t == 1 else "1"))
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>' % (
            xt, height - bottom + 14, ("%g" % t)))
    out.append('<text x="%d" y="%d" text-anchor="middle" fill="#555">ratio '
               'to plain</text>' % (label_w + plot_w // 2,
                                     height - bottom + 30))
    # The interceptor targets (1.05; the pool's is 1.03).
    xt = x(1.05)
    out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#999" '
               'stroke-dasharray="3,3"/>' % (xt, top - 4, xt,
                                              height - bottom))
    out.append('<text x="%.1f" y="%d" font-size="9" fill="#777">target '
               '1.05</text>' % (xt + 2, top - 6))
    for i, row in enumerate(ratio_rows):
        gy = top + i * group_h
        if i % 2 == 0:
            out.append('<rect x="0" y="%d" width="%d" height="%d" '
                       'fill="#f5f5f5"/>' % (gy - gap // 2, width, group_h))
        out.append('<text x="%d" y="%.1f" text-anchor="end">%s</text>' % (
            label_w - 8, gy + group_h / 2, esc(chart_label(row["key"]))))
        for j, v in enumerate(bars):
            r = row["variants"].get(v, {}).get("ratio")
            if not r:
                continue
            y = gy + j * bar_h
            x0, x1 = x(1.0), x(r["median"])
            out.append('<rect x="%.1f" y="%d" width="%.1f" height="%d" '
                       'fill="%s"><title>%s %s: %.3f (%.3f–%.3f)</title>'
                       '</rect>' % (min(x0, x1), y, max(abs(x1 - x0), 1),
                                    bar_h - 1, COLORS[v],
                                    esc(short_name(row["key"])), v,
                                    r["median"], r["min"], r["max"]))
            if r["n"] >= 2:
                ym = y + (bar_h - 1) / 2
                out.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" '
                           'stroke="#333"/>' % (x(r["min"]), ym, x(r["max"]),
                                                ym))
            # Right of the bar, of its whisker and of the 1 line.
            lx = max(x0, x1, x(r["max"]) if r["n"] >= 2 else x1) + 3
            out.append('<text x="%.1f" y="%d" font-size="9">%s</text>' % (
                lx, y + bar_h - 1, esc(fmt_ratio(r["median"]))))
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


# ---- Verdicts --------------------------------------------------------------------

def ratio_verdicts(rows_by_key):
    verdicts = []
    for t in RATIO_TARGETS:
        entry = {"id": t["id"], "what": t["what"],
                 "target": "ratio <= %.2f" % t["max_ratio"],
                 "rows": [], "verdict": {}}
        for v in TLSAN_VARIANTS + ["tsan"]:
            worst = None
            best_of = None
            trusted = True
            for key in t["rows"]:
                row = rows_by_key.get(key)
                r = row and row["variants"].get(v, {}).get("ratio")
                if not r:
                    continue
                if worst is None or r["median"] > worst:
                    worst = r["median"]
                if "best_of" in r and (best_of is None or
                                       r["best_of"] > best_of):
                    best_of = r["best_of"]
                trusted = trusted and (r["trusted"] or r["n"] < 2)
            if worst is None:
                entry["verdict"][v] = {"status": "not measured"}
            else:
                status = "met" if worst <= t["max_ratio"] else "missed"
                entry["verdict"][v] = {"status": status, "worst_ratio": worst,
                                       "worst_best_of": best_of,
                                       "trusted": trusted}
        entry["rows"] = [k for k in t["rows"] if k in rows_by_key]
        verdicts.append(entry)
    return verdicts


def find_row(rows, pattern):
    for r in rows:
        if re.match(pattern, r["key"]):
            return r
    return None


def leak_verdicts(leak_rows):
    out = []
    row = find_row(leak_rows, EXIT_10K_ROW)
    if row:
        # Judged on CPU time: the pass (symbolize=0, no retries) runs on the
        # calling thread only and never sleeps, so its CPU time is what it
        # costs on an idle machine; wall time also counts the other loads.
        ms = row["cpu_ns"]["median"] / 1e6
        out.append({"id": "exit_10k",
                    "what": "10,000 leaked threads classified "
                            "(exit pass, symbolize=0; CPU time)",
                    "target": "<= %g ms" % EXIT_10K_LIMIT_MS,
                    "measured": "%.1f ms CPU (%.1f ms wall)" % (
                        ms, row["wall_ns"]["median"] / 1e6),
                    "status": "met" if ms <= EXIT_10K_LIMIT_MS else "missed"})
    # Judged on a test whose thread had started before it was joined (a
    # join right after the create is the racier case for the runtime: if it
    # misses the join, the check classifies and reports a false leak, which
    # the warnings then count).
    row = find_row(leak_rows, PER_TEST_ROW % 1)
    racy = find_row(leak_rows, PER_TEST_ROW % 0)
    if row:
        us = row["wall_ns"]["median"] / 1e3
        out.append({"id": "per_test",
                    "what": "per-test check, no leak (scope begin, scoped "
                            "check, scope end; the test created and joined "
                            "one thread)",
                    "target": "<= %g µs" % PER_TEST_LIMIT_US,
                    "measured": "%.2f µs wall%s" % (
                        us, "; %.2f µs when the test joins at once" % (
                            racy["wall_ns"]["median"] / 1e3)
                        if racy else ""),
                    "status": "met" if us <= PER_TEST_LIMIT_US else "missed"})
    points = []
    for r in leak_rows:
        m = re.match(EXIT_ROWS, r["key"])
        if m and int(m.group(1)) >= 10:
            points.append((int(m.group(1)), r["cpu_ns"]["median"]))
    if len(points) >= 3:
        k = loglog_exponent(points)
        per = ", ".join("%d: %.1f µs" % (n, t / n / 1e3)
                        for n, t in sorted(points))
        out.append({"id": "linear",
                    "what": "exit pass linear in leaked threads "
                            "(symbolize=0; CPU time)",
                    "target": "time ∝ threads (log-log slope <= 1.15)",
                    "measured": "slope %.2f; per thread %s" % (k, per),
                    "status": "met" if k is not None and k <= 1.15
                              else "missed"})
    return out


def memory_verdicts(mem):
    if not mem:
        return []
    out = []
    # A slot is the unit of registry memory; the measured delta (mapped
    # bytes / live threads) is 0 when the live threads fit in chunks
    # already mapped, so the larger of the two counts.
    per_thread = (max(mem["registry_bytes_per_live_thread"],
                      mem["bytes_per_registry_slot"]) +
                  mem["sizeof_thread_context_tls"])
    out.append({"id": "per_live_thread",
                "what": "memory per live thread beyond its captured stack "
                        "(registry slot + TLS context)",
                "target": "<= %d bytes" % MEMORY_LIMIT_BYTES,
                "measured": "%.0f bytes (%d-byte record, %d bytes per slot, "
                            "%d bytes TLS)" % (
                                per_thread, mem["sizeof_thread_record"],
                                mem["bytes_per_registry_slot"],
                                mem["sizeof_thread_context_tls"]),
                "status": "met" if per_thread <= MEMORY_LIMIT_BYTES
                          else "missed"})
    churn = mem["after_churn"]
    start = mem["start"]
    bounded = (churn["registry_slots_used"] <= 4 * mem["batch"] + 8 and
               churn["registry_bytes_mapped"] <=
               max(start["registry_bytes_mapped"],
                   (4 * mem["batch"] + 8) * mem["bytes_per_registry_slot"]
                   + 65536) and
               churn["depot_stacks"] <= mem["creation_sites"] + 4)
    stale = churn["registry_live"] - start["registry_live"]
    out.append({"id": "bounded_churn",
                "what": "bounded after churn (%s threads created and joined, "
                        "%d at a time, from %d call sites)" % (
                            "{:,}".format(mem["threads_churned"]),
                            mem["batch"], mem["creation_sites"]),
                "target": "registry slots ~ peak live threads; depot ~ "
                          "creation sites",
                "measured": "%d slots used, %d KiB mapped; depot %d stacks, "
                            "%d bytes%s" % (
                                churn["registry_slots_used"],
                                churn["registry_bytes_mapped"] // 1024,
                                churn["depot_stacks"], churn["depot_bytes"],
                                "; %d record(s) of joined threads never "
                                "released" % stale if stale > 0 else ""),
                "status": "met" if bounded else "missed"})
    return out


# ---- analyze -------------------------------------------------------------------

def cmd_analyze(args):
    warnings = []
    runs = read_manifest(args.raw)
    if not runs:
        print("overhead_report: no runs in %s/manifest.tsv" % args.raw,
              file=sys.stderr)
        return 1
    gb_context = {}
    for run in runs:
        try:
            with open(os.path.join(args.raw, run["file"]),
                      encoding="utf-8") as f:
                gb_context = json.load(f).get("context", {})
            break
        except (OSError, ValueError):
            continue
    rows = load_runs(args.raw, runs, warnings)

    ratio_rows, leak_rows = [], []
    order = {}
    for i, run in enumerate(runs):
        order.setdefault(run["family"], i)
    for key in sorted(rows, key=lambda k: (order.get(rows[k]["family"], 0),
                                           k)):
        row = rows[key]
        row["key"] = key
        if row["family"] in LEAK_FAMILIES:
            leak_rows.append(row)  # absolute times, below
            continue
        res = analyze_ratio_row(row, args.spread_limit)
        warnings.extend(res["warnings"])
        ratio_rows.append({"key": key, "family": row["family"],
                           "name": row["name"], "metric": row["metric"],
                           "variants": res["variants"]})

    # Leak pass rows: wall and CPU time of the tlsan variant.
    leak_out = []
    for row in leak_rows:
        walls = list(row["real"].get("tlsan", {}).values())
        cpus = list(row["cpu"].get("tlsan", {}).values())
        if not walls:
            continue
        leak_out.append({"key": row["key"], "family": row["family"],
                         "name": row["name"], "variant": "tlsan",
                         "wall_ns": summary(walls), "cpu_ns": summary(cpus),
                         "counters": row["counters"]})
    rows_by_key = {r["key"]: r for r in ratio_rows}

    memory = None
    if args.memory and os.path.exists(args.memory):
        try:
            with open(args.memory, encoding="utf-8") as f:
                memory = json.load(f)
        except (OSError, ValueError) as e:
            warnings.append("memory_report output unusable: %s" % e)
    elif args.memory:
        warnings.append("memory_report produced no output (%s)" % args.memory)
    if args.memory and args.memory_status:
        note = summary_note(
            os.path.join(os.path.dirname(args.memory), "memory.stderr"))
        warnings.append("memory_report exited with status %d%s" % (
            args.memory_status, note))

    sym = None
    s0 = find_row(leak_out, STACKS_ROW % 0)
    s1 = find_row(leak_out, STACKS_ROW % 1)
    if s0 and s1:
        sym = {"stacks": 100,
               "symbolize_cost_ns": s1["wall_ns"]["median"] -
                                    s0["wall_ns"]["median"]}

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
        "machine": machine_info(args.build_dir, args.load_start, gb_context,
                                args.git, args.load_end),
        "variants": VARIANTS,
        "benchmarks": ratio_rows,
        "leak_pass": leak_out,
        "symbolization": sym,
        "memory": memory,
        "targets": ratio_verdicts(rows_by_key),
        "leak_targets": leak_verdicts(leak_out),
        "memory_targets": memory_verdicts(memory),
        "warnings": warnings,
    }
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "overhead.json"), "w",
              encoding="utf-8") as f:
        json.dump(doc, f, indent=1, sort_keys=False)
        f.write("\n")
    title = "tlsan overhead (%s run, %s, %s CPUs)" % (
        args.mode, doc["machine"]["cpu_model"] or "?",
        doc["machine"]["nproc"])
    write_svg(os.path.join(args.out, "overhead.svg"), ratio_rows, title)
    write_markdown(os.path.join(args.out, "overhead.md"), doc)
    for w in warnings:
        print("overhead_report: warning: " + w, file=sys.stderr)
    return 0


def write_markdown(path, doc):
    m = doc["machine"]
    s = doc["settings"]
    lines = []
    add = lines.append
    add("# tlsan overhead report")
    add("")
    elapsed = doc.get("elapsed_seconds")
    add("%s run of `scripts/overhead-report.sh`%s, %s (UTC); %d round(s), "
        "variants interleaved, `--benchmark_min_time=%s`%s." % (
            "Quick (CI smoke)" if doc["mode"] == "quick" else "Full",
            " --quick" if doc["mode"] == "quick" else "",
            doc["generated"], s["rounds"] or 0, s["min_time_s"],
            ", took %dm%02ds" % divmod(int(elapsed), 60) if elapsed else ""))
    add("")
    add("| machine | |")
    add("|---|---|")
    add("| CPU | %s × %s |" % (m["nproc"], m["cpu_model"]))
    add("| kernel | Linux %s (%s) |" % (m["kernel"], m["os"]))
    add("| compiler | %s |" % m["compiler"])
    add("| libc | %s |" % m["glibc"])
    add("| load average | %s at start, %s at end |" % (
        m["load_average_start"], m["load_average_end"]))
    add("| source | %s |" % m["git"])
    if m.get("tlsan_options"):
        add("| TLSAN_OPTIONS | `%s` |" % m["tlsan_options"])
    add("")
    add("Variants: " + "; ".join("**%s**: %s" % (v["name"], v["description"])
                                 for v in doc["variants"]) + ".")
    add("")
    add("![ratio to plain per benchmark and variant](overhead.svg)")
    add("")
    add("## Interceptors: time per iteration and ratio to plain")
    add("")
    add("Median time per iteration; ×ratio to plain = median of the per-round "
        "paired ratios, [min–max] over rounds; ⚠: spread over %.0f%%, too "
        "wide to trust. Time is wall time for `/real_time` benchmarks, the "
        "benchmark thread's CPU time otherwise; `/process_time` rows also "
        "show the CPU time of the whole process (all its threads)."
        % (100 * s["spread_limit"]))
    if (s["rounds"] or 0) < 2:
        add("")
        add("One round: no spread, and no verdict to trust. A quick run only "
            "shows that the harness works.")
    add("")
    add("| benchmark | time | " + " | ".join(VARIANT_NAMES) + " |")
    add("|---|---|" + "---|" * len(VARIANT_NAMES))
    for row in doc["benchmarks"]:
        cells = []
        for v in VARIANT_NAMES:
            e = row["variants"].get(v)
            cells.append(fmt_ratio_cell(e) if e else "-")
        add("| %s | %s | %s |" % (short_name(row["key"]).split(" [")[0],
                                  row["metric"], " | ".join(cells)))
    add("")
    add("## Targets")
    add("")
    add("| target | what | tlsan | tlsan-preload | tsan (contrast) |")
    add("|---|---|---|---|---|")
    for t in doc["targets"]:
        cells = []
        for v in TLSAN_VARIANTS + ["tsan"]:
            vd = t["verdict"].get(v, {})
            if "worst_ratio" not in vd:
                cells.append(vd.get("status", "-"))
                continue
            text = fmt_ratio(vd["worst_ratio"])
            if v != "tsan":
                text = ("**%s** " % vd["status"]) + text
                if not vd["trusted"]:
                    text += " ⚠"
                if vd.get("worst_best_of") is not None:
                    text += " (best-of %s)" % fmt_ratio(vd["worst_best_of"])
            cells.append(text)
        add("| %s | %s | %s |" % (t["target"], t["what"], " | ".join(cells)))
    for t in doc["leak_targets"] + doc["memory_targets"]:
        add("| %s | %s | **%s** %s | | |" % (t["target"], t["what"],
                                             t["status"], t["measured"]))
    add("")
    add("The worst row of each target counts; the verdict is on the median "
        "ratio. Best-of: the fastest run of the variant over the fastest run "
        "of plain, a cross-check that a busy machine disturbs less.")
    add("")
    if doc["leak_pass"]:
        add("## Leak pass (tlsan, static runtime)")
        add("")
        add("Median wall time per check [min–max over rounds], CPU time of "
            "the checking thread beside it. `ExitPass`: the stages of the "
            "at-exit check with N leaked threads blocked on a latch "
            "(`__tlsan_check`, no retries, text report); `PerTestCheckNoLeak`:"
            " scope begin, scoped check, scope end; `DistinctStacks`: 100 "
            "leaked threads created at 100 call sites.")
        add("")
        add("| benchmark | wall | [min–max] | CPU | leaked |")
        add("|---|---|---|---|---|")
        for r in doc["leak_pass"]:
            w = r["wall_ns"]
            manual = "/manual_time" in r["key"]  # CPU time includes untimed
            add("| %s | %s | [%s–%s] | %s | %s |" % (
                short_name(r["key"]), fmt_time(w["median"]),
                fmt_time(w["min"]), fmt_time(w["max"]),
                "-" if manual else fmt_time(r["cpu_ns"]["median"]),
                "{:,.0f}".format(r["counters"]["leaked"])
                if "leaked" in r["counters"] else "-"))
        if doc.get("symbolization"):
            add("")
            add("Symbolizing 100 distinct creation stacks (llvm-symbolizer "
                "started by the check, report formatted): %s more than the "
                "same check with symbolize=0." % fmt_time(
                    doc["symbolization"]["symbolize_cost_ns"]))
        add("")
    mem = doc.get("memory")
    if mem:
        add("## Memory (`memory_report`)")
        add("")
        add("| what | value |")
        add("|---|---|")
        add("| shadow record (`sizeof(ThreadRecord)`) | %d bytes |"
            % mem["sizeof_thread_record"])
        add("| registry slot (record + pthread_t lookup entry) | %d bytes, "
            "mapped %d slots at a time, %s slots at most |" % (
                mem["bytes_per_registry_slot"], mem["registry_chunk_slots"],
                "{:,}".format(mem["registry_max_slots"])))
        add("| per-thread TLS (`ThreadContext`) | %d bytes |"
            % mem["sizeof_thread_context_tls"])
        add("| per live thread, %s live | registry %.0f bytes, depot %.2f "
            "bytes; process RSS %.0f bytes (thread stack, TLS, glibc "
            "included) |" % (
                "{:,}".format(mem["live_threads"]),
                mem["registry_bytes_per_live_thread"],
                mem["depot_bytes_per_live_thread"],
                mem["rss_bytes_per_live_thread"]))
        for key, label in (("start", "at start"),
                           ("after_churn", "after churn"),
                           ("with_live", "with the live threads"),
                           ("end", "at end")):
            f = mem[key]
            add("| %s | registry %d slots used / %d mapped (%d KiB), %d live;"
                " depot %d stacks, %d bytes; RSS %d KiB |" % (
                    label, f["registry_slots_used"],
                    f["registry_slots_mapped"],
                    f["registry_bytes_mapped"] // 1024, f["registry_live"],
                    f["depot_stacks"], f["depot_bytes"], f["rss_kib"]))
        add("| churn | %s threads created and joined, %d at a time, in %.1f s"
            " (%.1f µs each) |" % (
                "{:,}".format(mem["threads_churned"]), mem["batch"],
                mem["churn_seconds"],
                mem["churn_seconds"] * 1e6 / max(1, mem["threads_churned"])))
        add("")
    if doc["warnings"]:
        add("## Warnings")
        add("")
        for w in doc["warnings"]:
            add("- " + w)
        add("")
    add("Raw Google Benchmark JSON of every run: `raw/` beside this file; "
        "the binaries that ran: `bin/`; all numbers: `overhead.json`.")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


# ---- validate -------------------------------------------------------------------

def cmd_validate(args):
    errors = []
    d = args.dir

    def need(cond, message):
        if not cond:
            errors.append(message)
        return cond

    doc = None
    try:
        with open(os.path.join(d, "overhead.json"), encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        errors.append("overhead.json: %s" % e)
    if doc is not None:
        need(doc.get("schema") == SCHEMA, "overhead.json: schema is not %s"
             % SCHEMA)
        need([v.get("name") for v in doc.get("variants", [])] ==
             VARIANT_NAMES, "overhead.json: variants are not %s"
             % VARIANT_NAMES)
        machine = doc.get("machine", {})
        for k in ("nproc", "cpu_model", "kernel", "compiler"):
            need(machine.get(k), "overhead.json: machine.%s missing" % k)
        rows = doc.get("benchmarks", [])
        need(rows, "overhead.json: no benchmarks")
        for row in rows:
            vs = row.get("variants", {})
            need(set(vs) <= set(VARIANT_NAMES),
                 "%s: unknown variant in %s" % (row.get("key"), sorted(vs)))
            if not need("plain" in vs, "%s: no plain time" % row.get("key")):
                continue
            for v, e in vs.items():
                t = e.get("time_ns", {})
                need(isinstance(t.get("median"), (int, float)) and
                     t["median"] > 0, "%s/%s: no median time" % (
                         row.get("key"), v))
                if v == "plain":
                    continue
                r = e.get("ratio")
                if need(r, "%s/%s: no ratio" % (row.get("key"), v)):
                    need(r["min"] <= r["median"] <= r["max"],
                         "%s/%s: ratio min/median/max out of order"
                         % (row.get("key"), v))
        need(isinstance(doc.get("targets"), list),
             "overhead.json: targets missing")
        need(isinstance(doc.get("warnings"), list),
             "overhead.json: warnings missing")
    try:
        with open(os.path.join(d, "overhead.md"), encoding="utf-8") as f:
            md = f.read()
        need(md.startswith("# tlsan overhead report"),
             "overhead.md: no title")
        need("| benchmark | time | plain | tlsan | tlsan-preload | tsan |"
             in md, "overhead.md: no benchmark table")
        need("overhead.svg" in md, "overhead.md: does not show the chart")
        if doc is not None:
            for row in doc.get("benchmarks", []):
                need(short_name(row["key"]).split(" [")[0] in md,
                     "overhead.md: no row for %s" % row["key"])
    except OSError as e:
        errors.append("overhead.md: %s" % e)
    try:
        root = ElementTree.parse(os.path.join(d, "overhead.svg")).getroot()
        need(root.tag.endswith("svg"), "overhead.svg: root is not <svg>")
        need(len(root.findall("{http://www.w3.org/2000/svg}rect")) > 1,
             "overhead.svg: no bars")
    except (OSError, ElementTree.ParseError) as e:
        errors.append("overhead.svg: %s" % e)
    for e in errors:
        print("overhead_report: invalid: " + e, file=sys.stderr)
    if not errors:
        print("overhead_report: %s: overhead.json, overhead.md, overhead.svg "
              "are well-formed" % d)
    return 1 if errors else 0


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
