#!/usr/bin/env bash
# Runs every test: installs what the tests need, starts one Azurite on free ports for all integration tests,
# runs the .NET tests and the infrastructure checks, and stops what it started.
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$REPO_ROOT"

require_dotnet
ensure_node_tools
# The story-quality suite reads real datasets that Debian's python3-statsmodels ships (vega-datasets come from npm).
ensure_debian_packages python3-statsmodels

TMP_DIR="$(mktemp -d)"
cleanup() { stop_azurite; rm -rf "$TMP_DIR"; }
trap cleanup EXIT INT TERM

BLOB=$(free_port); QUEUE=$(free_port); TABLE=$(free_port)
start_azurite "$TMP_DIR/azurite" "$BLOB" "$QUEUE" "$TABLE"
export DSB_TEST_STORAGE="$(azurite_connection_string "$BLOB" "$QUEUE" "$TABLE")"

status=0
dotnet test DataStoryBot.sln -c Release -nologo --logger "console;verbosity=normal" --results-directory "$TMP_DIR/results" "$@" 2>&1 | tee "$TMP_DIR/test.log" || status=$?

if [ -x scripts/bicep-check.sh ]; then
  scripts/bicep-check.sh || status=$?
fi

# The web page in a real browser (chromium + playwright-core), against the same Azurite.
scripts/browser-tests.sh 2>&1 | tee "$TMP_DIR/browser.log" || status=$?

count() { { grep -Eo "$1: +[0-9]+" "$TMP_DIR/test.log" || true; } | awk '{ n += $2 } END { print n + 0 }'; }
node_count() { { grep -Eo "^# $1 [0-9]+" "$TMP_DIR/browser.log" || true; } | awk '{ n += $3 } END { print n + 0 }'; }
passed=$(( $(count Passed) + $(node_count pass) )); failed=$(( $(count Failed) + $(node_count fail) )); skipped=$(( $(count Skipped) + $(node_count skipped) ))
# A crashed test host aborts the run: the tests it had not reached are neither passed nor failed, so say so.
aborted=$( { grep -c "Test Run Aborted" "$TMP_DIR/test.log" || true; } )
if [ "$aborted" -gt 0 ]; then
  echo "dotnet test: the run was aborted (the test host crashed); the counts below miss the tests it never reached" >&2
  failed=$(( failed + aborted )); status=1
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit $status
