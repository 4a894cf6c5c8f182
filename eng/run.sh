#!/usr/bin/env bash
# The main job, end to end on a fresh Debian 12 machine: install what is missing, build and pack the SDK and the
# lambdaslim tool, publish the Hello sample to a Lambda image for x86_64 and arm64 (from a folder outside the
# repository, as a user would), invoke each architecture's image locally, and print the response, the size
# report and the deploy lines.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$repo_root"

./eng/install-prereqs.sh
# eng/test.sh has just built and packed everything when it calls this script.
if [[ ${LAMBDASLIM_PREBUILT:-} != 1 ]]; then
  ./eng/build.sh
fi
version="$(cat artifacts/package-version.txt)"

log "Installing the lambdaslim tool $version"
tools="$repo_root/artifacts/tools"
rm -rf "$tools"
dotnet tool install LambdaSlim.Cli --tool-path "$tools" --add-source "$repo_root/nuget" --version "$version" > /dev/null
lambdaslim="$tools/lambdaslim"

work="$(mktemp -d /tmp/lambdaslim-run.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cp -r test-projects/Hello "$work/hello"
cd "$work/hello"
printf '<configuration><packageSources><add key="lambdaslim" value="%s" /></packageSources></configuration>\n' "$repo_root/nuget" > NuGet.config
printf '{ "msbuild-sdks": { "LambdaSlim.Sdk": "%s" } }\n' "$version" > global.json

log "dotnet publish -p:PublishLambdaImage=true   (in $work/hello)"
dotnet publish -p:PublishLambdaImage=true

image=bin/Release/lambda/image
for arch in x86_64 arm64; do
  log "lambdaslim invoke ($arch)"
  if [[ -d $image ]]; then
    "$lambdaslim" invoke "$image" --arch "$arch" --event event.json
  else
    "$lambdaslim" invoke "bin/Release/lambda/$arch/bootstrap" --event event.json
  fi
  echo
done

if [[ -f bin/Release/lambda/report.md ]]; then
  log "Size report and deploy lines"
  cat bin/Release/lambda/report.md
fi
log "Done: the Hello function was published for x86_64 and arm64 and answered on both."
