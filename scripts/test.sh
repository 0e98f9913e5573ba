#!/usr/bin/env bash
# Runs every test. Installs what the tests need when missing, then prints one line
# "tests: N passed, M failed" taken from the TRX results, and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

dotnet test ChatService.sln -c Release --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
status=$?

trx=$(find "$results" -name '*.trx' | head -1)
if [ -z "$trx" ]; then
  echo "tests: 0 passed, 1 failed"
  exit 1
fi
passed=$(grep -o 'passed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
failed=$(grep -o 'failed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
if [ "$status" -ne 0 ] || [ "${failed:-0}" -ne 0 ]; then
  exit 1
fi
