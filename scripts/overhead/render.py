"""The report's three files from the document compare built:
overhead.json (every number), overhead.md (tables, targets, warnings) and
overhead.svg (a horizontal bar chart of the ratios, log scale).
"""
import json
import math
import os
import re

from .config import TLSAN_VARIANTS, VARIANT_NAMES
from .measure import short_name

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


class Chart:
    """The geometry of the ratio chart: per benchmark one bar per variant,
    log scale; the axis spans the medians (and 0.8-1.5 at least)."""

    label_w, plot_w, right_w = 440, 500, 60
    bar_h, gap = 9, 10
    top, bottom = 58, 44

    def __init__(self, ratio_rows):
        self.bars = [v for v in VARIANT_NAMES if v != "plain"]
        self.group_h = self.bar_h * len(self.bars) + self.gap
        self.height = (self.top + self.bottom +
                       self.group_h * max(1, len(ratio_rows)))
        self.width = self.label_w + self.plot_w + self.right_w
        # The axis spans the medians; whiskers beyond it are clipped.
        values = [1.0]
        for row in ratio_rows:
            for v in self.bars:
                r = row["variants"].get(v, {}).get("ratio")
                if r:
                    values.append(r["median"])
        self.lo = min(0.8, min(values) / 1.25)
        self.hi = max(1.5, max(values) * 1.3)
        self.llo, self.lhi = math.log10(self.lo), math.log10(self.hi)

    def x(self, ratio):
        ratio = min(max(ratio, self.lo), self.hi)
        return self.label_w + self.plot_w * (
            math.log10(ratio) - self.llo) / (self.lhi - self.llo)


def svg_head(c, title):
    """The document, its title, subtitle and legend."""
    width, height = c.width, c.height
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
    for v in c.bars:
        out.append('<rect x="%d" y="42" width="10" height="9" fill="%s"/>'
                   % (lx, COLORS[v]))
        out.append('<text x="%d" y="50">%s</text>' % (lx + 14, esc(v)))
        lx += 30 + 7 * len(v)
    return out


def svg_grid(c):
    """Grid lines at 1, 2, 5 steps of powers of ten; the target line."""
    top, bottom, height = c.top, c.bottom, c.height
    out = []
    ticks = []
    for e in range(int(math.floor(c.llo)), int(math.ceil(c.lhi)) + 1):
        for m in (1, 2, 5):
            t = m * 10 ** e
            if c.lo <= t <= c.hi:
                ticks.append(t)
    for t in ticks:
        xt = c.x(t)
        out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" '
                   'stroke-width="%s"/>' % (
                       xt, top - 4, xt, height - bottom,
                       "#000" if t == 1 else "#ddd",
                       "1.2" if t == 1 else "1"))
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>' % (
            xt, height - bottom + 14, ("%g" % t)))
    out.append('<text x="%d" y="%d" text-anchor="middle" fill="#555">ratio '
               'to plain</text>' % (c.label_w + c.plot_w // 2,
                                     height - bottom + 30))
    # The interceptor targets (1.05; the pool's is 1.03).
    xt = c.x(1.05)
    out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#999" '
               'stroke-dasharray="3,3"/>' % (xt, top - 4, xt,
                                              height - bottom))
    out.append('<text x="%.1f" y="%d" font-size="9" fill="#777">target '
               '1.05</text>' % (xt + 2, top - 6))
    return out


def svg_bars(c, i, row):
    """Benchmark i: its band, label, and one bar (and whisker) per variant."""
    x, bar_h = c.x, c.bar_h
    out = []
    gy = c.top + i * c.group_h
    if i % 2 == 0:
        out.append('<rect x="0" y="%d" width="%d" height="%d" '
                   'fill="#f5f5f5"/>' % (gy - c.gap // 2, c.width, c.group_h))
    out.append('<text x="%d" y="%.1f" text-anchor="end">%s</text>' % (
        c.label_w - 8, gy + c.group_h / 2, esc(chart_label(row["key"]))))
    for j, v in enumerate(c.bars):
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
    return out


def write_svg(path, ratio_rows, title):
    """A horizontal bar chart: per benchmark one bar per variant, from 1 (as
    fast as plain) to the median ratio, log scale, min-max whiskers."""
    c = Chart(ratio_rows)
    out = svg_head(c, title) + svg_grid(c)
    for i, row in enumerate(ratio_rows):
        out.extend(svg_bars(c, i, row))
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def write_report(out_dir, doc):
    """Writes overhead.json, overhead.svg and overhead.md into out_dir."""
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "overhead.json"), "w",
              encoding="utf-8") as f:
        json.dump(doc, f, indent=1, sort_keys=False)
        f.write("\n")
    title = "tlsan overhead (%s run, %s, %s CPUs)" % (
        doc["mode"], doc["machine"]["cpu_model"] or "?",
        doc["machine"]["nproc"])
    write_svg(os.path.join(out_dir, "overhead.svg"), doc["benchmarks"], title)
    write_markdown(os.path.join(out_dir, "overhead.md"), doc)


def md_header(doc, add):
    """Title, run settings, machine table, variants and the chart."""
    m = doc["machine"]
    s = doc["settings"]
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

def md_benchmarks(doc, add):
    """The table of interceptor benchmarks: times and ratios."""
    s = doc["settings"]
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

def md_targets(doc, add):
    """The targets and their verdicts per variant."""
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

def md_leak_pass(doc, add):
    """The leak pass: wall and CPU time per check."""
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

def md_memory(doc, add):
    """memory_report's footprint figures."""
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

def md_warnings_and_footer(doc, add):
    """Warnings, then where the raw data is."""
    if doc["warnings"]:
        add("## Warnings")
        add("")
        for w in doc["warnings"]:
            add("- " + w)
        add("")
    add("Raw Google Benchmark JSON of every run: `raw/` beside this file; "
        "the binaries that ran: `bin/`; all numbers: `overhead.json`.")

def write_markdown(path, doc):
    lines = []
    for section in (md_header, md_benchmarks, md_targets, md_leak_pass,
                    md_memory, md_warnings_and_footer):
        section(doc, lines.append)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
