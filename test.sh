#!/usr/bin/env bash
# Runs every test: installs what the tests need, starts one Azurite on free ports for all integration tests,
# runs the .NET tests, the infrastructure checks and the browser tests, and stops what it started.
# Arguments go to `dotnet test` (e.g. --filter, --logger). The Node tools install while the solution builds, once; the
# browser tests run after the .NET tests, not beside them: under load they then see job stages they do not expect
# (the keyboard test heard "Saving charts, dataset and narrative" when run beside them on a busy machine).
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$REPO_ROOT"

require_dotnet
# The story-quality suite reads real datasets that Debian's python3-statsmodels ships (vega-datasets come from npm).
ensure_debian_packages python3-statsmodels

TMP_DIR="$(mktemp -d)"
cleanup() { stop_azurite; rm -rf "$TMP_DIR"; }
trap cleanup EXIT INT TERM

status=0
# The Node tools (npm ci when package-lock.json changed) install while the solution builds: the build needs none.
ensure_node_tools >"$TMP_DIR/npm.log" 2>&1 &
NPM_PID=$!
log "Building the solution…"
build_status=0
dotnet build DataStoryBot.sln -c Release -nologo -v q -clp:ErrorsOnly >"$TMP_DIR/build.log" 2>&1 || build_status=$?
npm_status=0
wait "$NPM_PID" || npm_status=$?
cat "$TMP_DIR/npm.log" >&2
[ $npm_status -eq 0 ] || { log "Installing the Node tools failed."; exit $npm_status; }
if [ $build_status -ne 0 ]; then
  cat "$TMP_DIR/build.log"; log "The build failed."; exit $build_status
fi

BLOB=$(free_port); QUEUE=$(free_port); TABLE=$(free_port)
start_azurite "$TMP_DIR/azurite" "$BLOB" "$QUEUE" "$TABLE" memory
export DSB_TEST_STORAGE="$(azurite_connection_string "$BLOB" "$QUEUE" "$TABLE")"

dotnet test DataStoryBot.sln -c Release --no-build -nologo --logger "console;verbosity=normal" --results-directory "$TMP_DIR/results" "$@" 2>&1 | tee "$TMP_DIR/test.log" || status=$?

if [ -x scripts/bicep-check.sh ]; then
  scripts/bicep-check.sh || status=$?
fi

# The web page in a real browser (chromium + playwright-core), against the same Azurite, on storage of its own;
# the local host it starts was built above.
browser_status=0
DSB_BROWSER_NO_BUILD=1 scripts/browser-tests.sh 2>&1 | tee "$TMP_DIR/browser.log" || browser_status=$?
[ $browser_status -eq 0 ] || status=$browser_status

count() { { grep -Eo "$1: +[0-9]+" "$TMP_DIR/test.log" || true; } | awk '{ n += $2 } END { print n + 0 }'; }
node_count() { { grep -Eo "^# $1 [0-9]+" "$TMP_DIR/browser.log" || true; } | awk '{ n += $3 } END { print n + 0 }'; }
passed=$(( $(count Passed) + $(node_count pass) )); failed=$(( $(count Failed) + $(node_count fail) )); skipped=$(( $(count Skipped) + $(node_count skipped) ))
# A crashed test host aborts the run: the tests it had not reached are neither passed nor failed, so say so.
aborted=$( { grep -c "Test Run Aborted" "$TMP_DIR/test.log" || true; } )
if [ "$aborted" -gt 0 ]; then
  echo "dotnet test: the run was aborted (the test host crashed); the counts below miss the tests it never reached" >&2
  failed=$(( failed + aborted )); status=1
fi
# The browser suite failing before its first test (host not starting, say) reports no counts: say so.
if [ $browser_status -ne 0 ] && [ "$(node_count fail)" -eq 0 ]; then
  echo "browser tests: failed before reporting (see their log above)" >&2
  failed=$(( failed + 1 ))
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit $status
