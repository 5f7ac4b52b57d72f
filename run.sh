#!/usr/bin/env bash
# Runs DataStoryBot locally: Azurite (data under .data/azurite) and the local host on 127.0.0.1:${PORT:-7071}
# with the built-in analyst. Installs what is missing on the first run; later runs reuse it and the stored data.
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$REPO_ROOT"

require_dotnet
ensure_node_tools

PORT="${PORT:-7071}"
if port_open 10000 && port_open 10001 && port_open 10002; then
  log "Using the storage emulator already listening on 10000-10002."
else
  start_azurite "$REPO_ROOT/.data/azurite" 10000 10001 10002
  trap stop_azurite EXIT INT TERM
fi

log "Building the local host…"
dotnet build DataStoryBot.Local -c Release -nologo -v q -clp:ErrorsOnly
log "DataStoryBot on http://127.0.0.1:${PORT} (Ctrl+C stops it and Azurite)."
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
dotnet "DataStoryBot.Local/bin/Release/net10.0/DataStoryBot.Local.dll" --LocalHost:Port="$PORT" --BuiltIn:ContainerRoot="$REPO_ROOT/.data/containers" "$@"
