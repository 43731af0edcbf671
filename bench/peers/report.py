"""The results of bench/run-peers: raw rows (JSON and CSV), the Markdown table with each
figure's ratio to the best peer, and the gnuplot data of latency against rate."""
import csv
import json
import os
import statistics
import subprocess

PERCENTILES = ("p50", "p99", "p999", "max")
# (column title, key of a summary row, True when a larger value is better, divisor):
# latencies are recorded in µs and shown in ms.
COLUMNS = [("msg/s", "msgs_per_s", True, 1), ("MB/s", "mb_per_s", True, 1)] + \
    [("ack %s ms" % p.replace("p999", "p99.9"), "produce_ack_us.%s" % p, False, 1000) for p in PERCENTILES] + \
    [("e2e %s ms" % p.replace("p999", "p99.9"), "e2e_us.%s" % p, False, 1000) for p in PERCENTILES] + \
    [("RSS idle MiB", "rss_idle_mib", False, 1), ("RSS loaded MiB", "rss_loaded_mib", False, 1),
     ("start-up ms", "startup_ms", False, 1)]


def flatten(run):
    """One loadgen answer plus the runner's measurements as a flat dict (a CSV row)."""
    row = {}
    for key, value in run.items():
        if isinstance(value, dict):
            for sub, v in value.items():
                row["%s.%s" % (key, sub)] = v
        else:
            row[key] = value
    return row


def summarize(runs):
    """Groups the repeated runs of one (workload, rate, system) and takes each figure's median.

    Returns rows in first-seen order; every numeric figure gets its median, and
    `spread.<key>` holds (min, max) over the repeats."""
    groups = {}
    for run in runs:
        key = (run["workload"], run["rate"], run["system"])
        groups.setdefault(key, []).append(flatten(run))
    out = []
    for (workload, rate, system), rows in groups.items():
        summary = {"workload": workload, "rate": rate, "system": system, "repeats": len(rows),
                   "problems": [r["problem"] for r in rows if "problem" in r]}
        for key in rows[0]:
            values = [r[key] for r in rows if isinstance(r.get(key), (int, float)) and not isinstance(r.get(key), bool)]
            if values and key not in summary:
                summary[key] = statistics.median(values)
                summary["spread." + key] = (min(values), max(values))
        out.append(summary)
    return out


def _fmt(value):
    if value is None:
        return "–"
    if value >= 100:
        return "{:,.0f}".format(value)
    return "{:.3g}".format(value)


def _range(row, key, divisor=1):
    low, high = row.get("spread." + key, (None, None))
    return "–" if low is None else "%s–%s" % (_fmt(low / divisor), _fmt(high / divisor))


def markdown(summaries):
    """One table per (workload, rate); each cell is the median and its ratio to the best peer."""
    lines = []
    tables = {}
    for s in summaries:
        tables.setdefault((s["workload"], s["rate"]), []).append(s)
    for (workload, rate), rows in tables.items():
        lines.append("### %s, %s" % (workload, "target {:,} msg/s".format(rate) if rate else "as fast as it goes"))
        lines.append("")
        lines.append("| system | " + " | ".join(c[0] for c in COLUMNS) + " |")
        lines.append("|---|" + "---|" * len(COLUMNS))
        for row in rows:
            cells = []
            for _, key, larger_better, divisor in COLUMNS:
                values = [r.get(key) for r in rows if r.get(key) is not None]
                value = row.get(key)
                best = (max if larger_better else min)(values) if values else None
                if value is None:
                    cells.append("–")
                elif not best:
                    cells.append(_fmt(value / divisor))
                else:
                    cells.append("%s (×%.2f)" % (_fmt(value / divisor), value / best))
            lines.append("| %s | %s |" % (row["system"], " | ".join(cells)))
        lines.append("")
        spread = ["%s: msg/s %s, e2e p99 %s ms" % (r["system"], _range(r, "msgs_per_s"), _range(r, "e2e_us.p99", 1000))
                  for r in rows if r["repeats"] > 1]
        if spread:
            lines.append("Spread over %d runs (min–max): %s." % (rows[0]["repeats"], "; ".join(spread)))
            lines.append("")
        errors = ["%s: %d sent, %d acknowledged, %d consumed, %d errors" % (
            r["system"], r.get("messages_sent", 0), r.get("messages_acked", 0), r.get("messages_consumed", 0),
            r.get("errors", 0)) for r in rows if r.get("problems")]
        if errors:
            lines.append("Runs that did not deliver everything (medians): %s." % "; ".join(errors))
            lines.append("")
    return "\n".join(lines)


def write_raw(runs, folder):
    with open(os.path.join(folder, "raw.json"), "w") as f:
        json.dump(runs, f, indent=2)
    rows = [flatten(r) for r in runs]
    keys = []
    for row in rows:
        keys += [k for k in row if k not in keys]
    with open(os.path.join(folder, "raw.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=keys)
        writer.writeheader()
        writer.writerows(rows)


def plot(summaries, workload, folder, png, script):
    """Writes one data file per system (rate, then ack and e2e p50/p99/p99.9) for one
    workload and runs gnuplot on them. Returns False when no run had a target rate,
    so there is nothing to plot."""
    systems = []
    # Rate 0 (as fast as possible) has no place on a log scale of rates.
    for s in sorted((s for s in summaries if s["workload"] == workload and s["rate"]), key=lambda s: s["rate"]):
        if s["system"] not in systems:
            systems.append(s["system"])
        with open(os.path.join(folder, s["system"] + ".dat"), "a") as f:
            f.write("%s %s\n" % (s["rate"], " ".join(str(s.get(k, "NaN")) for k in (
                "produce_ack_us.p50", "produce_ack_us.p99", "produce_ack_us.p999",
                "e2e_us.p50", "e2e_us.p99", "e2e_us.p999"))))
    if not systems:
        return False
    subprocess.run(["gnuplot", "-e", "datadir='%s'; systems='%s'; out='%s'" % (folder, " ".join(systems), png),
                    script], check=True)
    return True
