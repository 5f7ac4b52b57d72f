#!/usr/bin/env bash
# Builds and lints infra/main.bicep with the Bicep CLI shipped in the NuGet package
# Azure.Bicep.CommandLine.linux-x64 (offline: no registry modules are used).
# Fails on any error AND on any warning or info diagnostic.
# Usage: scripts/bicep-check.sh            (from anywhere inside the repository)
#        BICEP_OUT=DIR scripts/bicep-check.sh   keeps the compiled ARM JSON in DIR (default: tools/bicep-out)
set -euo pipefail

BICEP_VERSION="0.49.2"
PACKAGE_ID="azure.bicep.commandline.linux-x64"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

nuget_root="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
bicep="$nuget_root/$PACKAGE_ID/$BICEP_VERSION/tools/bicep"

if [[ ! -x "$bicep" ]]; then
  # A throwaway project under the git-ignored tools/ folder that only downloads the package.
  # Its own empty Directory.*.props stop the repository's central package management from applying.
  restore_dir="$repo_root/tools/bicep-restore"
  mkdir -p "$restore_dir"
  printf '<Project />\n' > "$restore_dir/Directory.Build.props"
  printf '<Project />\n' > "$restore_dir/Directory.Build.targets"
  printf '<Project />\n' > "$restore_dir/Directory.Packages.props"
  cat > "$restore_dir/bicep-restore.csproj" <<CSPROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Azure.Bicep.CommandLine.linux-x64" Version="[$BICEP_VERSION]" />
  </ItemGroup>
</Project>
CSPROJ
  echo "bicep-check: restoring Azure.Bicep.CommandLine.linux-x64 $BICEP_VERSION" >&2
  dotnet restore "$restore_dir/bicep-restore.csproj" --nologo --verbosity quiet >&2
  if [[ ! -f "$bicep" ]]; then
    echo "bicep-check: $bicep not found after restore" >&2
    exit 1
  fi
  chmod +x "$bicep"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 BICEP_TRACING_ENABLED=false
echo "bicep-check: $("$bicep" --version)" >&2

out_dir="${BICEP_OUT:-$repo_root/tools/bicep-out}"
mkdir -p "$out_dir"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

status=0
# bicep prints diagnostics as "path(line,col) : Warning rule: message" on stderr.
if ! "$bicep" build infra/main.bicep --outfile "$out_dir/main.json" 2>>"$log"; then status=1; fi
# Lint every Bicep file, so a module's diagnostics are seen even if main.bicep stops using it.
while IFS= read -r -d '' file; do
  if ! "$bicep" lint "$file" 2>>"$log"; then status=1; fi
done < <(find infra -name '*.bicep' -print0 | sort -z)

if [[ -s "$log" ]]; then
  cat "$log" >&2
fi
if grep -Eq ': (Error|Warning|Info) ' "$log"; then
  echo "bicep-check: FAILED: diagnostics reported (warnings count as failures)" >&2
  exit 1
fi
if [[ $status -ne 0 ]]; then
  echo "bicep-check: FAILED: bicep exited non-zero" >&2
  exit 1
fi
echo "bicep-check: OK (build and lint clean, ARM JSON in ${out_dir#$repo_root/})"
