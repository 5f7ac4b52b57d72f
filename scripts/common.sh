#!/usr/bin/env bash
# Shared by run.sh, test.sh and .ci/run: install what is missing, start and stop Azurite.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AZURITE_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

log() { printf '[datastorybot] %s\n' "$*" >&2; }

require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    log "The .NET 10 SDK is required (dotnet was not found on PATH)."; exit 1
  fi
}

# Node tools from the lockfile: azurite, vega-datasets, playwright-core. Re-installed when package-lock.json changes:
# its hash is kept in node_modules/.dsb-lock.sha256 (a fresh checkout's newer file time alone is no change). A
# node_modules that is a link (a git worktree sharing another checkout's) is never reinstalled through: npm ci would
# empty the folder it points to.
ensure_node_tools() {
  if ! command -v npm >/dev/null 2>&1; then
    log "Node.js 20+ with npm is required (npm was not found on PATH)."; exit 1
  fi
  local modules="$REPO_ROOT/node_modules" lock="$REPO_ROOT/package-lock.json" want have=""
  want=$(sha256sum "$lock" | cut -d' ' -f1)
  [ -f "$modules/.dsb-lock.sha256" ] && have=$(cat "$modules/.dsb-lock.sha256")
  if [ -d "$modules/azurite" ]; then
    [ "$have" = "$want" ] && return 0
    # Installed before the hash was kept: the file times decide, as they used to.
    if [ -z "$have" ] && [ -f "$modules/.package-lock.json" ] && ! [ "$lock" -nt "$modules/.package-lock.json" ]; then
      return 0
    fi
  fi
  if [ -L "$modules" ]; then
    if [ -d "$modules/azurite" ]; then
      log "node_modules links to $(readlink "$modules") and may not match package-lock.json; not reinstalling through the link."
      return 0
    fi
    log "node_modules links to $(readlink "$modules"), which holds no Node tools: run npm ci there."; exit 1
  fi
  log "Installing Node tools (npm ci)…"
  (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  printf '%s\n' "$want" >"$modules/.dsb-lock.sha256"
}

# Debian packages, installed only when missing (needs root or sudo).
ensure_debian_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "Installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

azurite_connection_string() {
  local blob=$1 queue=$2 table=$3
  printf 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=%s;BlobEndpoint=http://127.0.0.1:%s/devstoreaccount1;QueueEndpoint=http://127.0.0.1:%s/devstoreaccount1;TableEndpoint=http://127.0.0.1:%s/devstoreaccount1;' \
    "$AZURITE_KEY" "$blob" "$queue" "$table"
}

# start_azurite DATA_DIR BLOB QUEUE TABLE [memory] — starts Azurite in the background and waits until it answers.
# With "memory" (the test runs) it keeps its data in memory only (--inMemoryPersistence) and DATA_DIR holds just its log:
# the same Azurite, without writing every blob, queue message and table row to disk (the integration classes ran ~20%
# faster, docs/benchmarks.md "Test run time"). run.sh keeps its data on disk.
start_azurite() {
  local dir=$1 blob=$2 queue=$3 table=$4 persistence=(--location "$1")
  [ "${5:-}" = "memory" ] && persistence=(--inMemoryPersistence)
  mkdir -p "$dir"
  "$REPO_ROOT/node_modules/.bin/azurite" --silent "${persistence[@]}" --skipApiVersionCheck --loose \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" --tableHost 127.0.0.1 --tablePort "$table" \
    >"$dir/azurite.log" 2>&1 &
  AZURITE_PID=$!
  for _ in $(seq 1 100); do
    if port_open "$blob" && port_open "$queue" && port_open "$table"; then
      log "Azurite is up (blob $blob, queue $queue, table $table; data in ${5:+memory, log in }$dir)."
      return 0
    fi
    if ! kill -0 "$AZURITE_PID" 2>/dev/null; then
      log "Azurite exited; its log:"; cat "$dir/azurite.log" >&2; return 1
    fi
    sleep 0.1
  done
  log "Azurite did not start within 10 s; its log:"; cat "$dir/azurite.log" >&2
  return 1
}

stop_azurite() {
  if [ -n "${AZURITE_PID:-}" ] && kill -0 "$AZURITE_PID" 2>/dev/null; then
    kill "$AZURITE_PID" 2>/dev/null || true
    wait "$AZURITE_PID" 2>/dev/null || true
  fi
}
