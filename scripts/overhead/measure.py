"""What was measured: the raw runs of overhead-report.sh (manifest.tsv and
one Google Benchmark JSON file per run), the memory report, and the machine.

Rows are keyed "<family>/<benchmark name>[ [metric]]" (row_key); short_name
is the key as tables show it.
"""
import json
import os
import platform
import re
import subprocess

from .config import UNIT_NS

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


def short_name(key):
    return key.replace("/BM_", "/").replace("/process_time", "")


def benchmark_context(raw_dir, runs):
    """Google Benchmark's "context" (CPU MHz, library build type) of the
    first run whose JSON is readable, or {}."""
    for run in runs:
        try:
            with open(os.path.join(raw_dir, run["file"]),
                      encoding="utf-8") as f:
                return json.load(f).get("context", {})
        except (OSError, ValueError):
            continue
    return {}


def load_memory(memory_path, memory_status, warnings):
    """memory_report's JSON document, or None (with a warning) when it is
    missing or unusable; a warning too when memory_report failed."""
    memory = None
    if memory_path and os.path.exists(memory_path):
        try:
            with open(memory_path, encoding="utf-8") as f:
                memory = json.load(f)
        except (OSError, ValueError) as e:
            warnings.append("memory_report output unusable: %s" % e)
    elif memory_path:
        warnings.append("memory_report produced no output (%s)" % memory_path)
    if memory_path and memory_status:
        note = summary_note(
            os.path.join(os.path.dirname(memory_path), "memory.stderr"))
        warnings.append("memory_report exited with status %d%s" % (
            memory_status, note))
    return memory


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
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
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
