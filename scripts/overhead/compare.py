"""The numbers made from the measured rows: per-variant medians, paired
per-round ratios to plain with their spread, the leak pass's wall and CPU
times, and the verdicts on the targets of config.py.
"""
import math
import re
import statistics

from .config import (EXIT_10K_LIMIT_MS, EXIT_10K_ROW, EXIT_ROWS,
                     LEAK_FAMILIES, MEMORY_LIMIT_BYTES, PER_TEST_LIMIT_US,
                     PER_TEST_ROW, RATIO_TARGETS, STACKS_ROW, TLSAN_VARIANTS,
                     VARIANT_NAMES)
from .measure import short_name

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


def split_rows(rows, runs, spread_limit, warnings):
    """(ratio rows, leak pass rows) from load_runs' rows, in the order the
    families ran. Ratio rows: analyze_ratio_row per variant. Leak pass rows:
    wall and CPU time of the tlsan variant."""
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
        res = analyze_ratio_row(row, spread_limit)
        warnings.extend(res["warnings"])
        ratio_rows.append({"key": key, "family": row["family"],
                           "name": row["name"], "metric": row["metric"],
                           "variants": res["variants"]})

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
    return ratio_rows, leak_out


def symbolization_cost(leak_out):
    """What symbolizing 100 distinct stacks adds to the leak pass, or None."""
    s0 = find_row(leak_out, STACKS_ROW % 0)
    s1 = find_row(leak_out, STACKS_ROW % 1)
    if not (s0 and s1):
        return None
    return {"stacks": 100,
            "symbolize_cost_ns": s1["wall_ns"]["median"] -
                                 s0["wall_ns"]["median"]}


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
