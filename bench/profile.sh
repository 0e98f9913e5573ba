#!/usr/bin/env bash
# Profiles ChatService under one load scenario (default fanout-max), pinned as in run.sh:
#   - dotnet-counters (System.Runtime: allocation rate, GC counts and pauses, thread pool, lock contention);
#   - perf stat: syscalls per second by kind (send/recv/epoll/futex) during the measured window;
#   - perf record (with DOTNET_PerfMapEnabled=1, so JIT-compiled frames have names): the CPU profile;
#   - the load generator's figures (delivered msgs/s), so every count can be divided per delivered message.
#
#   bench/profile.sh [--scenario fanout-max|chatty-max|...] [--seconds 10] [--no-perf-record] [--keep] [--allocations]
#                    [-- extra server args]
#   (--keep leaves perf.data and the JIT's perf map in the output folder, for `perf report` by hand;
#    --allocations traces the runtime's allocation ticks instead of perf record, and bench/AllocReport prints the
#    bytes allocated per sent message by type, with the stacks of the largest: allocations.txt)
#
# Output: bench/results/profile-<scenario>-<time>/ (counters.csv, perf-stat.txt, perf-top.txt, loadgen.json,
# summary.txt). Needs dotnet-counters (dotnet tool install -g dotnet-counters) and perf; each is skipped when absent.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
export PATH="$PATH:$HOME/.dotnet/tools"
scenario=fanout-max
seconds=10
warm=3
perf_record=1
keep=0
allocations=0
server_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --scenario) scenario=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --warmup) warm=$2; shift ;;
    --no-perf-record) perf_record=0 ;;
    --keep) keep=1 ;;
    --allocations) allocations=1; perf_record=0 ;;
    --) shift; server_args=("$@"); break ;;
    *) echo "profile.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

art="$repo/artifacts/bench"
[ -f "$art/chatservice/ChatService.dll" ] && [ -f "$art/loadgen/LoadGenerator.dll" ] || { echo "profile.sh: run bench/run.sh once first (it builds)" >&2; exit 1; }
out="$repo/bench/results/profile-$scenario-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out/db"
ulimit -n 65536 2>/dev/null || true
cs_limits="--EngineIO:Limits:MaxConnections=1000000 --EngineIO:Limits:MaxConnectionsPerAddress=1000000 --EngineIO:Limits:HandshakeBurstPerAddress=1000000 --EngineIO:Limits:HandshakesPerSecondPerAddress=1000000"
port=5795

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; [ -n "${server:-}" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT

# SERVER_ENV="DOTNET_TieredCompilation=0 …" passes runtime settings to the server only (experiments);
# LOADGEN_ARGS (default "--ws raw") goes to the load generator.
# shellcheck disable=SC2086
env ${SERVER_ENV:-} DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 taskset -c 0 dotnet "$art/chatservice/ChatService.dll" --urls "http://127.0.0.1:$port" \
  --Storage:SqlitePath="$out/db/chat.db" --Chat:RateLimit:Enabled=false --Logging:LogLevel:Default=Warning $cs_limits "${server_args[@]}" >"$out/server.log" 2>&1 &
server=$!
for _ in $(seq 1 150); do curl -sf -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.2; done

case "$scenario" in
  fanout-max|fanout-fixed) args="--clients 1000" ;;
  chatty|chatty-max) args="--rooms 100 --per-room 10" ;;
  polling) args="--rooms 20 --per-room 10" ;;
  idle) args="--clients 10000 --settle 8" ;;
  *) args="" ;;
esac
# shellcheck disable=SC2086
timeout 300 taskset -c 1 dotnet "$art/loadgen/LoadGenerator.dll" --scenario "$scenario" --url "http://127.0.0.1:$port" \
  --server-pid "$server" --server cs --warmup "$warm" --duration "$seconds" $args ${LOADGEN_ARGS:---ws raw} >"$out/loadgen.json" 2>"$out/loadgen.log" &
loadgen=$!

# Idle: a heap dump (it forces a full GC) once the 10,000 connections are up: what each connection keeps.
if [ "$scenario" = idle ]; then
  for _ in $(seq 1 1200); do [ "$(grep -c "clients ready" "$out/loadgen.log" 2>/dev/null)" -ge 2 ] && break; sleep 0.1; done
  sleep 1
  grep VmRSS "/proc/$server/status" >"$out/gcdump.txt"
  dotnet-gcdump collect -p "$server" -o "$out/heap.gcdump" >/dev/null 2>&1
  grep VmRSS "/proc/$server/status" >>"$out/gcdump.txt"
  dotnet-gcdump report "$out/heap.gcdump" 2>/dev/null >"$out/gcdump-report.txt"
  head -3 "$out/gcdump-report.txt" >>"$out/gcdump.txt"
  echo "top types by bytes:" >>"$out/gcdump.txt"
  grep -E '^ +[0-9,]+ +[0-9,]+ ' "$out/gcdump-report.txt" | sort -t' ' -k1,1 | awk '{b=$1; gsub(",","",b); print b "\t" $0}' | sort -rn | cut -f2- | head -30 >>"$out/gcdump.txt"
  wait "$loadgen"
  cat "$out/loadgen.json" "$out/gcdump.txt"
  rm -rf "$out/db" "$out/heap.gcdump"
  exit 0
fi
# Wait until the clients are connected and the warm-up is under way, then observe the measured window.
for _ in $(seq 1 600); do grep -q "clients ready" "$out/loadgen.log" 2>/dev/null && break; sleep 0.1; done
sleep "$warm"
window=$((seconds - 1))
if command -v dotnet-counters >/dev/null; then
  timeout $((window + 5)) dotnet-counters collect -p "$server" --refresh-interval 1 --format csv -o "$out/counters.csv" \
    --counters System.Runtime >/dev/null 2>&1 &
  pids+=($!)
fi
if command -v perf >/dev/null; then
  perf stat -x, -e 'raw_syscalls:sys_enter,syscalls:sys_enter_sendmsg,syscalls:sys_enter_sendto,syscalls:sys_enter_write,syscalls:sys_enter_writev,syscalls:sys_enter_recvmsg,syscalls:sys_enter_recvfrom,syscalls:sys_enter_read,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_futex,context-switches' \
    -p "$server" -o "$out/perf-stat.txt" -- sleep "$window" &
  pids+=($!)
  if [ "$perf_record" = 1 ]; then
    perf record -F 499 -g -p "$server" -o "$out/perf.data" -- sleep "$window" >/dev/null 2>&1 &
    pids+=($!)
  fi
fi
if [ "$allocations" = 1 ]; then
  if command -v dotnet-trace >/dev/null; then
    timeout $((window + 20)) dotnet-trace collect -p "$server" --providers Microsoft-Windows-DotNETRuntime:0x1:5 \
      --duration "00:00:00:$(printf %02d "$window")" -o "$out/alloc.nettrace" >/dev/null 2>&1 &
    pids+=($!)
  else
    echo "profile.sh: --allocations needs dotnet-trace (dotnet tool install -g dotnet-trace)" >&2
  fi
fi
wait "$loadgen"
for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
pids=()

if [ "$perf_record" = 1 ] && [ -f "$out/perf.data" ]; then
  perf report -i "$out/perf.data" --no-children -g none --percent-limit 0.7 --sort dso,sym --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | head -80 >"$out/perf-top.txt"
  perf report -i "$out/perf.data" --no-children -g none --sort dso --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | head -20 >"$out/perf-dso.txt"
  if [ "$keep" = 1 ]; then
    cp "/tmp/perf-$server.map" "$out/" 2>/dev/null
    echo "perf report -i $out/perf.data   (JIT map: /tmp/perf-$server.map)" >"$out/perf-data.txt"
  else
    rm -f "$out/perf.data" "/tmp/perf-$server.map" "/tmp/perfinfo-$server.map"
  fi
fi
rm -rf "$out/db"
if [ -f "$out/alloc.nettrace" ]; then
  dotnet build "$repo/bench/AllocReport/AllocReport.csproj" -c Release -o "$art/allocreport" -v quiet -nologo >/dev/null 2>&1
  # Messages sent during the traced window: the report divides by them.
  sent=$(python3 - "$out/loadgen.json" "$window" <<'PY'
import json, sys
sent = 1
for line in open(sys.argv[1]):
    try:
        figures = json.loads(line)
    except ValueError:
        continue
    if figures.get("sent_per_s"):
        sent = max(1, round(figures["sent_per_s"] * float(sys.argv[2])))
print(sent)
PY
)
  dotnet "$art/allocreport/AllocReport.dll" "$out/alloc.nettrace" --per "$sent" --unit "sent message" >"$out/allocations.txt" 2>&1
  [ "$keep" = 1 ] || rm -f "$out/alloc.nettrace" "$out/alloc.etlx"
fi
python3 "$repo/bench/profile_summary.py" "$out" | tee "$out/summary.txt"
[ -f "$out/allocations.txt" ] && { echo "--- allocations per sent message (allocations.txt)"; head -16 "$out/allocations.txt"; }
