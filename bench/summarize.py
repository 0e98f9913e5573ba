#!/usr/bin/env python3
"""Prints the markdown table of medians (and the ratio ChatService / Node) of a bench/run.sh results.jsonl."""
import json
import statistics
import sys

# (scenario, metric, label, better): better is "higher" or "lower"; target is the goal vs Node.
FIGURES = [
    ("fanout-max", "delivered_per_s", "fan-out max: delivered msgs/s", "higher", "≥ 4×"),
    ("fanout-max", "delivered_per_cpu_s", "fan-out max: delivered msgs per server CPU-s", "higher", ""),
    ("fanout-max", "p99_ms", "fan-out max: p99 ms (window 32)", "lower", ""),
    ("fanout-fixed", "p50_ms", "fan-out 20 msg/s (20k deliveries/s): p50 ms", "lower", ""),
    ("fanout-fixed", "p99_ms", "fan-out 20 msg/s: p99 ms", "lower", "≤ 1×"),
    ("fanout-fixed", "max_ms", "fan-out 20 msg/s: max ms", "lower", ""),
    ("fanout-fixed", "server_cpu_pct", "fan-out 20 msg/s: server CPU %", "lower", ""),
    ("chatty", "p50_ms", "chatty 100×10 @1 msg/s: p50 ms", "lower", ""),
    ("chatty", "p99_ms", "chatty 100×10 @1 msg/s: p99 ms", "lower", "≤ 1×"),
    ("chatty", "max_ms", "chatty 100×10 @1 msg/s: max ms", "lower", ""),
    ("chatty", "server_cpu_pct", "chatty 100×10 @1 msg/s: server CPU %", "lower", ""),
    ("chatty-max", "sent_per_s", "chatty max: msgs/s (sent)", "higher", "≥ 3×"),
    ("chatty-max", "delivered_per_s", "chatty max: delivered msgs/s", "higher", ""),
    ("chatty-max", "delivered_per_cpu_s", "chatty max: delivered per server CPU-s", "higher", ""),
    ("storm", "connects_per_s", "storm 5,000 (200 in flight): connects/s", "higher", "≥ 2×"),
    ("storm", "connects_per_cpu_s", "storm: connects per server CPU-s", "higher", ""),
    ("idle", "kb_per_conn", "idle 10,000: server KiB per connection", "lower", "≤ ½"),
    ("idle", "rss_mb", "idle 10,000: server RSS MiB", "lower", ""),
    ("polling", "delivered_per_s", "polling 200 (20×10, closed loop): delivered msgs/s", "higher", ""),
    ("polling", "p50_ms", "polling: p50 ms", "lower", ""),
    ("polling", "p99_ms", "polling: p99 ms", "lower", ""),
    ("fanout-max", "server_peak_rss_mb", "fan-out max: server peak RSS MiB", "lower", ""),
    ("chatty-max", "server_peak_rss_mb", "chatty max: server peak RSS MiB", "lower", ""),
]
SERVERS = [("cs", "ChatService"), ("node", "Node socket.io"), ("flask", "Flask-SocketIO")]


def main(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        try:
            rows.append(json.loads(line))
        except ValueError:
            continue
    meta = [r for r in rows if r.get("meta")]
    data = [r for r in rows if not r.get("meta")]
    for r in data:
        cpu = r.get("server_cpu_pct")
        if cpu:
            if r.get("delivered_per_s") is not None:
                r["delivered_per_cpu_s"] = round(r["delivered_per_s"] / (cpu / 100))
            if r.get("connects_per_s") is not None:
                r["connects_per_cpu_s"] = round(r["connects_per_s"] / (cpu / 100))

    def values(scenario, server, metric):
        return [
            r[metric]
            for r in data
            if r.get("scenario") == scenario and r.get("server") == server and "failed" not in r
            and isinstance(r.get(metric), (int, float))
        ]

    def fmt(v):
        if v is None:
            return "—"
        if abs(v) >= 1000:
            return f"{v:,.0f}"
        if abs(v) >= 100:
            return f"{v:.0f}"
        return f"{v:.3g}" if abs(v) < 10 else f"{v:.1f}"

    if meta:
        m = meta[0]
        print(f"<!-- {m.get('date')} commit {m.get('commit')}; {m.get('cpu')}, {m.get('nproc')} cores; "
              f"dotnet {m.get('dotnet')}, node {m.get('node')}, python {m.get('python')}; runs {m.get('runs')}"
              f"{' (quick)' if m.get('quick') else ''}; loadavg at start {m.get('loadavg')} -->")
    print("| figure | " + " | ".join(label for _, label in SERVERS) + " | ChatService / Node | target |")
    print("|---|" + "---:|" * len(SERVERS) + "---:|---|")
    for scenario, metric, label, better, target in FIGURES:
        medians = {}
        cells = []
        for key, _ in SERVERS:
            vs = values(scenario, key, metric)
            med = statistics.median(vs) if vs else None
            medians[key] = med
            cells.append(fmt(med) + (f" ({len(vs)})" if len(vs) > 1 else ""))
        cs, node = medians.get("cs"), medians.get("node")
        ratio = f"{cs / node:.2f}×" if cs is not None and node not in (None, 0) else "—"
        print(f"| {label} | " + " | ".join(cells) + f" | {ratio} | {target} |")

    errors = [r for r in data if r.get("errors") or r.get("disconnects") or "failed" in r]
    if errors:
        print("\nRuns with errors:")
        for r in errors:
            print(f"- {r.get('scenario')} / {r.get('server')} run {r.get('run')}: errors {r.get('errors')}, "
                  f"disconnects {r.get('disconnects')}{', FAILED: ' + r['failed'] if 'failed' in r else ''}"
                  f"{' — ' + '; '.join(r.get('error_samples', [])[:2]) if r.get('error_samples') else ''}")
    loads = [r.get("loadavg_start") for r in data if isinstance(r.get("loadavg_start"), (int, float))]
    if loads:
        print(f"\n1-minute load average at the start of each run: min {min(loads)}, median {statistics.median(loads)}, max {max(loads)} "
              "(2 cores; other work on the machine shows as server CPU % well under 100 in the max scenarios).")


if __name__ == "__main__":
    main(sys.argv[1])
