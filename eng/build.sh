#!/usr/bin/env bash
# Builds the solution (Release) and packs LambdaSlim.Sdk, LambdaSlim.Events, LambdaSlim.AspNetCore, LambdaSlim.Templates and the
# lambdaslim tool into nuget/, all with the same version.
# Every run gets a unique version (VersionPrefix from eng/Versions.props + a time-based suffix, or
# $LAMBDASLIM_VERSION_SUFFIX), so nothing ever consumes a stale copy from a NuGet cache. The version is written to
# artifacts/package-version.txt for the tests and eng/run.sh.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$repo_root"

suffix="${LAMBDASLIM_VERSION_SUFFIX:-dev.$(date -u +%Y%m%d%H%M%S)}"
version="$(dotnet msbuild src/Sdk/LambdaSlim.Sdk.csproj -getProperty:PackageVersion -p:VersionSuffix="$suffix")"

log "Building LambdaSlim $version"
dotnet build LambdaSlim.Sdk.sln -c Release -p:VersionSuffix="$suffix" -nologo -clp:NoSummary

log "Packing into nuget/"
rm -f nuget/LambdaSlim.*.nupkg
for project in src/Sdk/LambdaSlim.Sdk.csproj src/Events/LambdaSlim.Events.csproj src/AspNetCore/LambdaSlim.AspNetCore.csproj \
               src/Templates/LambdaSlim.Templates.csproj \
               src/Cli/LambdaSlim.Cli/LambdaSlim.Cli.csproj; do
  dotnet pack "$project" -c Release --no-build -p:VersionSuffix="$suffix" -nologo
done

mkdir -p artifacts
echo "$version" > artifacts/package-version.txt
ls -l nuget/*.nupkg
echo "LambdaSlim $version packed into $repo_root/nuget"
