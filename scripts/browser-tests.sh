#!/usr/bin/env bash
# Browser tests of the web page (web-tests/*.test.mjs): Debian's chromium driven by playwright-core against the
# local host with the built-in analyst. Uses the Azurite of DSB_TEST_STORAGE (test.sh exports it) or starts one.
#   scripts/browser-tests.sh                 run the suite
#   scripts/browser-tests.sh --screenshots   also refresh docs/screenshot-*.png
# DSB_SKIP_BROWSER_TESTS=1 skips the suite; DSB_BROWSER_NO_BUILD=1 uses the local host as built (test.sh builds the
# solution first, then runs this beside the .NET tests). The host keeps its sessions, keys, health results and blobs in
# tables and containers of its own, so the .NET tests on the same Azurite never see them.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"

if [ "${DSB_SKIP_BROWSER_TESTS:-0}" = "1" ]; then
  log "Browser tests skipped (DSB_SKIP_BROWSER_TESTS=1)."; exit 0
fi

SCREENSHOTS=""
for arg in "$@"; do
  case "$arg" in
    --screenshots) SCREENSHOTS="$REPO_ROOT/docs" ;;
    *) log "Unknown option: $arg"; exit 2 ;;
  esac
done

require_dotnet
ensure_node_tools
CHROMIUM="${DSB_CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] || ensure_debian_packages chromium

WORK="$(mktemp -d)"
HOST_PID=""
cleanup() {
  if [ -n "$HOST_PID" ] && kill -0 "$HOST_PID" 2>/dev/null; then
    kill "$HOST_PID" 2>/dev/null || true
    wait "$HOST_PID" 2>/dev/null || true
  fi
  stop_azurite
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

STORAGE="${DSB_TEST_STORAGE:-}"
if [ -z "$STORAGE" ]; then
  BLOB=$(free_port); QUEUE=$(free_port); TABLE=$(free_port)
  start_azurite "$WORK/azurite" "$BLOB" "$QUEUE" "$TABLE" memory
  STORAGE="$(azurite_connection_string "$BLOB" "$QUEUE" "$TABLE")"
fi

if [ "${DSB_BROWSER_NO_BUILD:-0}" != "1" ]; then
  log "Building the local host…"
  dotnet build DataStoryBot.Local -c Release -nologo -v q -clp:ErrorsOnly >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
fi

PORT=$(free_port)
SUFFIX="$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
HUB="web$SUFFIX"
dotnet "DataStoryBot.Local/bin/Release/net10.0/DataStoryBot.Local.dll" \
  --Storage:ConnectionString="$STORAGE" --LocalHost:Port="$PORT" --LocalHost:TaskHub="$HUB" \
  --Storage:SessionsTable="ws$SUFFIX" --Storage:IdempotencyTable="wi$SUFFIX" --Storage:HealthTable="wh$SUFFIX" \
  --Storage:UploadsContainer="wup-$SUFFIX" --Storage:ArtifactsContainer="war-$SUFFIX" \
  --BuiltIn:ContainerRoot="$WORK/containers" --Logging:LogLevel:Default=Warning >"$WORK/host.log" 2>&1 &
HOST_PID=$!

URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 120); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/health" 2>/dev/null || true)
  [ "$code" = "200" ] || [ "$code" = "503" ] && break
  if ! kill -0 "$HOST_PID" 2>/dev/null; then
    log "The local host exited; its log:"; tail -50 "$WORK/host.log" >&2; exit 1
  fi
  sleep 0.5
done
[ "$code" = "200" ] || [ "$code" = "503" ] || { log "The local host did not answer /api/health within 60 s."; tail -50 "$WORK/host.log" >&2; exit 1; }
log "Local host on $URL (task hub $HUB); running the browser tests…"

status=0
DSB_WEB_URL="$URL" DSB_CHROMIUM="$CHROMIUM" DSB_WEB_SCREENSHOTS="${SCREENSHOTS:-$WORK/screenshots}" \
  node --test --test-concurrency=1 web-tests/ || status=$?
if [ $status -ne 0 ]; then
  log "Browser tests failed; the last lines of the host's log:"; tail -30 "$WORK/host.log" >&2
fi
exit $status
