"""Checks that a report directory holds a well-formed overhead.json,
overhead.md and overhead.svg (the ctest overhead.quick runs it). Never
judges the numbers.
"""
import json
import os
import sys
import xml.etree.ElementTree as ElementTree

from .config import SCHEMA, VARIANT_NAMES
from .measure import short_name

def validate(d):
    """0 when d holds a well-formed report, else 1 (each problem on
    stderr)."""
    errors = []

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
