#!/usr/bin/env bash
# Runs every benchmark scenario against ChatService and the peers (Node socket.io 4.8, Flask-SocketIO on
# eventlet), the server pinned to one core and the load generator to the other, several runs interleaved,
# and prints a table of medians with the ratio ChatService / Node (docs/benchmarks.md).
#
#   bench/run.sh                 # full: 3 runs of every scenario on ChatService and Node, 1 on Flask
#   bench/run.sh --quick         # 1 run, shorter windows (about 6 minutes)
#   bench/run.sh --runs 5 --servers "cs node" --scenarios "fanout-max chatty-max"
#   bench/run.sh --summary bench/results/<dir>/results.jsonl   # only print the table again
#
# Options: --runs N, --flask-runs N, --servers "cs node flask", --scenarios "...", --server-cpu 0,
# --loadgen-cpu 1, --max-ws raw|clientwebsocket, --no-build, --cs-env "VAR=value ..." (environment of the
# ChatService process only, e.g. "DOTNET_GCGen0MaxBudget=0x1000000"). Results: bench/results/<timestamp>/results.jsonl (+ server logs).
# Loopback only; every server started here is stopped by PID (trap), every load run is bounded by timeout.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

quick=0
runs=""
flask_runs=""
servers="cs node flask"
scenarios="fanout-max fanout-fixed chatty chatty-max storm idle polling"
server_cpu=0
loadgen_cpu=1
build=1
summary_only=""
# The receive-bound max scenarios use the raw RFC 6455 client (ClientWebSocket costs the load generator's core
# more per frame than the servers spend); the others use ClientWebSocket. --max-ws clientwebsocket to compare.
max_ws=raw
cs_env=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --runs) runs=$2; shift ;;
    --flask-runs) flask_runs=$2; shift ;;
    --servers) servers=$2; shift ;;
    --scenarios) scenarios=$2; shift ;;
    --server-cpu) server_cpu=$2; shift ;;
    --loadgen-cpu) loadgen_cpu=$2; shift ;;
    --no-build) build=0 ;;
    --max-ws) max_ws=$2; shift ;;
    --cs-env) cs_env=$2; shift ;;
    --summary) summary_only=$2; shift ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

if [ -n "$summary_only" ]; then
  exec python3 "$repo/bench/summarize.py" "$summary_only"
fi

if [ "$quick" = 1 ]; then
  runs=${runs:-1}; flask_runs=${flask_runs:-1}; dur=5; warm=2
else
  runs=${runs:-3}; flask_runs=${flask_runs:-1}; dur=10; warm=3
fi

log() { echo "run.sh: $*" >&2; }
art="$repo/artifacts/bench"
out="$repo/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
results="$out/results.jsonl"

# --- setup ------------------------------------------------------------------------------------------
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "$build" = 1 ]; then
  log "building ChatService (Release) and the load generator"
  dotnet publish ChatService/ChatService.csproj -c Release -o "$art/chatservice" -v quiet -nologo >"$out/build.log" 2>&1 \
    || { log "ChatService build failed ($out/build.log)"; exit 1; }
  dotnet build bench/LoadGenerator/LoadGenerator.csproj -c Release -o "$art/loadgen" -v quiet -nologo >>"$out/build.log" 2>&1 \
    || { log "load generator build failed ($out/build.log)"; exit 1; }
fi
if [[ " $servers " == *" node "* ]] && [ ! -d bench/peers/node/node_modules/socket.io ]; then
  command -v npm >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm; }
  (cd bench/peers/node && npm ci --no-audit --no-fund --loglevel=error) || { log "npm ci failed"; exit 1; }
fi
if [[ " $servers " == *" flask "* ]] && ! /usr/bin/python3 -c "import flask_socketio, eventlet" 2>/dev/null; then
  log "installing Debian's python3-flask-socketio and python3-eventlet"
  apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-flask-socketio python3-eventlet >/dev/null \
    || { log "could not install Flask-SocketIO; skipping flask"; servers=${servers//flask/}; }
fi

{
  echo "{\"meta\":true,\"date\":\"$(date -u +%FT%TZ)\",\"commit\":\"$(git rev-parse --short HEAD)\",\"nproc\":$(nproc),\"cpu\":\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\",\"dotnet\":\"$(dotnet --version)\",\"node\":\"$(node --version 2>/dev/null)\",\"python\":\"$(/usr/bin/python3 --version 2>&1 | cut -d' ' -f2)\",\"quick\":$quick,\"runs\":$runs,\"loadavg\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
} >>"$results"

# --- servers ------------------------------------------------------------------------------------------
server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  server_pid=""
}
trap 'stop_server; exit 130' INT TERM
trap 'stop_server' EXIT

# The admission limits (docs/security.md) are lifted like the chat rate limits: the load generator opens up to
# 10,100 connections from 64 loopback addresses (polling: all from 127.0.0.1), beyond the per-address defaults.
cs_limits="--EngineIO:Limits:MaxConnections=1000000 --EngineIO:Limits:MaxConnectionsPerAddress=1000000 --EngineIO:Limits:HandshakeBurstPerAddress=1000000 --EngineIO:Limits:HandshakesPerSecondPerAddress=1000000"
port=5700
start_server() { # start_server <name> <logfile>: sets server_pid and port
  port=$((port + 1))
  [ "$port" -gt 5790 ] && port=5701
  local name=$1 logf=$2
  case "$name" in
    cs)
      local db; db=$(mktemp -d "$out/db.XXXX")
      # shellcheck disable=SC2086
      env $cs_env taskset -c "$server_cpu" dotnet "$art/chatservice/ChatService.dll" --urls "http://127.0.0.1:$port" \
        --Storage:SqlitePath="$db/chat.db" --Chat:RateLimit:Enabled=false --Logging:LogLevel:Default=Warning $cs_limits >"$logf" 2>&1 &
      server_pid=$! ;;
    node)
      (cd bench/peers/node && exec taskset -c "$server_cpu" node server.mjs --port "$port") >"$logf" 2>&1 &
      server_pid=$! ;;
    flask)
      (cd bench/peers/flask && exec taskset -c "$server_cpu" /usr/bin/python3 app.py --port "$port") >"$logf" 2>&1 &
      server_pid=$! ;;
  esac
  for _ in $(seq 1 150); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/health" && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  log "$name did not start (see $logf)"
  stop_server
  return 1
}

scenario_args() { # the load generator's arguments per scenario
  case "$1" in
    fanout-max) echo "--clients 1000 --window 32 --warmup $warm --duration $dur --timeout 240 --ws $max_ws" ;;
    fanout-fixed) echo "--clients 1000 --rate 20 --warmup $warm --duration $dur --timeout 240" ;;
    chatty) echo "--rooms 100 --per-room 10 --rate 1 --warmup $warm --duration $dur --timeout 240" ;;
    chatty-max) echo "--rooms 100 --per-room 10 --warmup $warm --duration $dur --timeout 240 --ws $max_ws" ;;
    storm) echo "--clients 5000 --concurrency 200 --timeout 240" ;;
    idle) echo "--clients 10000 --concurrency 200 --settle 5 --timeout 240" ;;
    polling) echo "--rooms 20 --per-room 10 --warmup $warm --duration $dur --timeout 240" ;;
  esac
}

# --- runs (interleaved: run r, scenario s, every server; the server order rotates per run) -----------
read -ra server_list <<<"$servers"
total_start=$(date +%s)
for run in $(seq 1 "$runs"); do
  for scenario in $scenarios; do
    n=${#server_list[@]}
    for k in $(seq 0 $((n - 1))); do
      name=${server_list[$(((k + run - 1) % n))]}
      if [ "$name" = flask ] && [ "$run" -gt "$flask_runs" ]; then continue; fi
      logf="$out/$name-$scenario-$run.log"
      start_server "$name" "$logf" || { echo "{\"scenario\":\"$scenario\",\"server\":\"$name\",\"run\":$run,\"failed\":\"server did not start\"}" >>"$results"; continue; }
      load=$(cut -d' ' -f1 /proc/loadavg)
      log "run $run/$runs  $scenario  $name  (loadavg $load)"
      # shellcheck disable=SC2046
      line=$(timeout 300 taskset -c "$loadgen_cpu" dotnet "$art/loadgen/LoadGenerator.dll" --scenario "$scenario" \
        --url "http://127.0.0.1:$port" --server-pid "$server_pid" --server "$name" $(scenario_args "$scenario") \
        2>>"$out/loadgen.log" | tail -1)
      [ -n "$line" ] || line="{\"failed\":\"load generator gave no result\",\"scenario\":\"$scenario\",\"server\":\"$name\"}"
      echo "${line%\}},\"run\":$run,\"loadavg_start\":$load}" >>"$results"
      stop_server
      rm -rf "$out"/db.*
      sleep 1
    done
  done
done
log "done in $(( $(date +%s) - total_start )) s; results in $results"
python3 "$repo/bench/summarize.py" "$results" | tee "$out/table.md"
