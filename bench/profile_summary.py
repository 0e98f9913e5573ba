#!/usr/bin/env python3
"""Divides what bench/profile.sh observed by the delivered messages: allocations, GCs, syscalls per message."""
import csv
import json
import statistics
import sys
from pathlib import Path

out = Path(sys.argv[1])
lg = {}
for line in (out / "loadgen.json").read_text().splitlines():
    try:
        lg = json.loads(line)
    except ValueError:
        pass
delivered = lg.get("delivered_per_s") or 0
sent = lg.get("sent_per_s") or 0
print(f"scenario {lg.get('scenario')}: delivered {delivered:,.0f}/s, sent {sent:,.1f}/s, p50 {lg.get('p50_ms')} ms, "
      f"p99 {lg.get('p99_ms')} ms, server CPU {lg.get('server_cpu_pct')} %, peak RSS {lg.get('server_peak_rss_mb')} MiB, "
      f"loadgen CPU {lg.get('loadgen_cpu_pct')} %, errors {lg.get('errors')}")

def per_msg(rate):
    return rate / delivered if delivered else float("nan")

counters = out / "counters.csv"
if counters.exists():
    series = {}
    with counters.open() as f:
        for row in csv.reader(f):
            if len(row) < 5 or row[0] == "Timestamp":
                continue
            try:
                series.setdefault(row[2], []).append(float(row[4]))
            except ValueError:
                pass
    def mean(name):
        for key, values in series.items():
            if key.startswith(name):
                # drop the first sample (partial interval)
                vs = values[1:] or values
                return statistics.mean(vs)
        return float("nan")
    alloc = mean("dotnet.gc.heap.total_allocated")
    print(f"allocated: {alloc / 1e6:,.1f} MB/s = {per_msg(alloc):,.0f} B per delivered message"
          + (f" = {alloc / sent:,.0f} B per sent message" if sent else ""))
    for gen in ("gen0", "gen1", "gen2"):
        print(f"GC {gen}: {mean('dotnet.gc.collections ({collection} / 1 sec)[gc.heap.generation=' + gen):.2f}/s")
    print(f"GC pause: {100 * mean('dotnet.gc.pause.time'):.1f} % of wall time")
    print(f"lock contentions: {mean('dotnet.monitor.lock_contentions'):,.1f}/s")
    wi = mean("dotnet.thread_pool.work_item.count")
    print(f"thread-pool work items: {wi:,.0f}/s = {per_msg(wi):.2f} per delivered message; "
          f"threads {mean('dotnet.thread_pool.thread.count'):.0f}, queue {mean('dotnet.thread_pool.queue.length'):.1f}")
    user, system = mean("dotnet.process.cpu.time (s / 1 sec)[cpu.mode=user]"), mean("dotnet.process.cpu.time (s / 1 sec)[cpu.mode=system]")
    print(f"CPU: user {100 * user:.0f} %, system (kernel) {100 * system:.0f} %")

stat = out / "perf-stat.txt"
if stat.exists():
    window = None
    rows = []
    for line in stat.read_text().splitlines():
        parts = line.split(",")
        if len(parts) > 3 and parts[0].strip().isdigit():
            rows.append((parts[2], int(parts[0])))
    # perf stat ran for (duration - 1) seconds
    window = max(1.0, (lg.get("duration_s") or 10) - 1)
    print(f"syscalls and context switches per delivered message (perf stat over {window:.0f} s):")
    for name, count in rows:
        print(f"  {name}: {count / window:,.0f}/s = {per_msg(count / window):.3f} per delivered message")

for name in ("perf-dso.txt", "perf-top.txt"):
    p = out / name
    if p.exists():
        print(f"--- {name}")
        print("\n".join(p.read_text().splitlines()[:45]))
