#!/usr/bin/env bash
# Runs every test on a fresh machine (the README's test command; .ci/run calls it).
#
#   1. installs what the tests need when it is missing (system packages, npm packages);
#   2. runs `dotnet test ChatService.sln -c Release` with a TRX logger (extra arguments are passed on,
#      e.g. scripts/test.sh --filter "TestCategory!=Node");
#   3. prints exactly one line "tests: N passed, M failed" computed from the TRX counters
#      (errors, timeouts and aborted tests count as failed);
#   4. exits non-zero on any failure, on a failed build, or when no TRX was produced.
#
# Idempotent, and fast when everything is installed (it only checks binaries and a lock-file stamp).
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

log() { echo "test.sh: $*" >&2; }

# --- 1a. System packages ------------------------------------------------------------------------
# One line per binary the tests need: "<binary> <apt package(s)>". A package is installed only when
# its binary is missing (apt-get update runs at most once). The Redis and PostgreSQL tests start their
# own servers from these packages (PostgreSQL's binaries live under /usr/lib/postgresql/<ver>/bin, so
# its line names one of them by path).
apt_requirements=(
  "node nodejs"
  "npm npm"
  "chromium chromium"
  "redis-server redis-server"
  "/usr/sbin/nginx nginx-light"
  "/usr/lib/postgresql/*/bin/initdb postgresql"
)

have_bin() { # a command on the PATH, or a path pattern that matches an executable file
  if [[ "$1" == /* ]]; then
    compgen -G "$1" >/dev/null
  else
    command -v "$1" >/dev/null 2>&1
  fi
}

missing_pkgs=()
for req in "${apt_requirements[@]}"; do
  read -r bin pkgs <<<"$req"
  if ! have_bin "$bin"; then
    # shellcheck disable=SC2206
    missing_pkgs+=($pkgs)
  fi
done
if [ "${#missing_pkgs[@]}" -gt 0 ]; then
  log "installing missing system packages: ${missing_pkgs[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  if ! { $sudo apt-get update && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing_pkgs[@]}"; }; then
    log "could not install ${missing_pkgs[*]}"
  fi
fi

if ! command -v dotnet >/dev/null 2>&1; then
  log "the .NET SDK (dotnet, version 10) is required: https://dot.net/download"
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

# --- 1b. npm packages for the end-to-end tests ---------------------------------------------------
# `npm ci` when node_modules is absent or stale (package.json or package-lock.json changed since the
# last install: a stamp with their hash lives inside node_modules).
npm_dirs=(
  "ChatService.Tests/EndToEnd/js"
)
for dir in "${npm_dirs[@]}"; do
  [ -f "$dir/package-lock.json" ] || continue
  stamp="$dir/node_modules/.installed-from"
  want=$(cat "$dir/package.json" "$dir/package-lock.json" | sha256sum | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    log "npm ci in $dir"
    if (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error); then
      echo "$want" >"$stamp"
    else
      log "npm ci failed in $dir (the Node end-to-end tests will fail)"
    fi
  fi
done

# --- 2. Run the tests ----------------------------------------------------------------------------
results="$repo/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet test ChatService.sln -c Release \
  --logger "trx;LogFilePrefix=results" \
  --results-directory "$results" "$@"
status=$?

# --- 3. Count from the TRX files (one per test project) -----------------------------------------
shopt -s nullglob
trx_files=("$results"/*.trx)
if [ "${#trx_files[@]}" -eq 0 ]; then
  log "no TRX produced (dotnet test exit code $status)"
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

counter() { # counter <attribute> <file>: value of <Counters attribute="N"> or 0
  grep -o '<Counters [^>]*>' "$2" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]\+' || echo 0
}
passed=0
failed=0
for trx in "${trx_files[@]}"; do
  passed=$((passed + $(counter passed "$trx")))
  for attr in failed error timeout aborted; do
    failed=$((failed + $(counter "$attr" "$trx")))
  done
done

echo "tests: $passed passed, $failed failed"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  log "dotnet test exited with code $status although no test failed (build error or test host crash?)"
fi
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then
  exit 1
fi
exit 0
