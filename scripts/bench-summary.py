#!/usr/bin/env python3
"""Summarises bench.sh's last lines ("bench: java_s=... numpy_s=... ratio=..."), one a line on stdin:
prints "bench-summary: LABELS... runs=N java_s=MIN/MEDIAN/MAX numpy_s=... ratio=..." (a figure that
some run skipped shows as n/a), then the errors the runs ended with, then tasks= and task_ms= spreads."""
import statistics
import sys


def spread(values, counts=False):
    if not values:
        return "n/a"
    if counts:
        # counts (tasks): whole numbers, not "1.32e+03"; a median between two counts keeps its ".5"
        return "/".join("%g" % v if v != int(v) else "%d" % v
                        for v in (min(values), statistics.median(values), max(values)))
    return "%.3g/%.3g/%.3g" % (min(values), statistics.median(values), max(values))


def floats(runs, key):
    values = []
    for run in runs:
        try:
            values.append(float(run.get(key, "")))
        except ValueError:
            pass
    return values


def main():
    runs = [dict(f.split("=", 1) for f in line.split()[1:] if "=" in f) for line in sys.stdin if line.strip()]
    parts = ["bench-summary:"] + sys.argv[1:] + ["runs=%d" % len(runs)]
    for key in ("java_s", "numpy_s", "ratio"):
        parts.append("%s=%s" % (key, spread(floats(runs, key))))
    for key in ("java_error", "numpy_error"):
        parts.append("%s=%s" % (key, ",".join(sorted({run.get(key, "?") for run in runs}))))
    parts.append("tasks=%s" % spread(floats(runs, "tasks"), counts=True))
    parts.append("task_ms=%s" % spread(floats(runs, "task_ms")))
    print(" ".join(parts))


main()
