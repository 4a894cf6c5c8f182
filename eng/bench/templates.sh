#!/usr/bin/env bash
# Figures for the templates (docs/performance.md): the lambdaslim-http template's function (LambdaSlim.Events) against
# the Hello sample — bootstrap and image size per architecture — and its cold start (spawn → first /response) beside
# the typed ApiGateway sample (hand-written event classes, the runtime benchmark's typed handler) and Hello, through
# the runtime benchmark harness (eng/bench/runtime), every function answering the apigw-v2 sample event. Prints
# markdown tables; asserts nothing (timings depend on the machine and its load, printed beside them).
#
# Needs the packed SDK and templates: ./eng/build.sh first. Knob: BENCH_COLD_RUNS (default 30). Everything is built
# in a temp folder that is removed afterwards.
set -euo pipefail
source "$(dirname "$0")/../common.sh"
work="$(mktemp -d /tmp/lambdaslim-bench-templates.XXXXXX)"
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/samples.sh"

log "Machine: $(nproc) cores; .NET SDK $(dotnet --version); LambdaSlim $version; $(date -u +%FT%TZ)"
log "Creating the lambdaslim-http function from the template package and publishing it, Hello and ApiGateway"
dotnet new install "$repo_root/nuget/LambdaSlim.Templates.$version.nupkg" --debug:custom-hive "$work/hive" > /dev/null
(cd "$work" && quiet dotnet new lambdaslim-http -n HttpTemplate --debug:custom-hive "$work/hive")
feed "$work/HttpTemplate"
http="$work/HttpTemplate/src/HttpTemplate"
hello="$(sample Hello)"
typed="$(sample ApiGateway)"
for dir in "$http" "$hello"; do (cd "$dir" && quiet dotnet publish -p:PublishLambdaImage=true); done
(cd "$typed" && quiet dotnet publish -p:PublishLambdaImage=true -p:LambdaArchitectures=x86_64)

log "Sizes (bootstrap stripped; image = the publish report's total of both layers)"
echo "| function | bootstrap x86_64 | bootstrap arm64 | image x86_64 compressed / uncompressed | image arm64 compressed / uncompressed |"
echo "|---|---:|---:|---:|---:|"
for row in "Hello (raw bytes)=$hello" "lambdaslim-http template (LambdaSlim.Events)=$http"; do
  name="${row%%=*}" dir="${row#*=}"
  echo "| $name | $(mib "$(bytes "$dir/bin/Release/lambda/x86_64/bootstrap")") | $(mib "$(bytes "$dir/bin/Release/lambda/arm64/bootstrap")") |" \
       "$(image_total "$dir/bin/Release/lambda/report.md" x86_64) | $(image_total "$dir/bin/Release/lambda/report.md" arm64) |"
done
echo "| ApiGateway sample (typed, hand-written event classes) | $(mib "$(bytes "$typed/bin/Release/lambda/x86_64/bootstrap")") | | | |"

log "Cold start, x86_64 (arm64 only runs under qemu here, which would time the emulator)"
clang -O2 -o "$work/baseline" "$repo_root/eng/bench/runtime/baseline.c"
"$(bench_harness)" --event "$repo_root/src/Events/Samples/apigw-v2.json" \
  --cold-runs "${BENCH_COLD_RUNS:-30}" \
  --cold "C baseline=$work/baseline" \
  --cold "Hello (raw bytes)=$hello/bin/Release/lambda/x86_64/bootstrap" \
  --cold "ApiGateway sample (typed, hand-written events)=$typed/bin/Release/lambda/x86_64/bootstrap" \
  --cold "lambdaslim-http template (LambdaSlim.Events)=$http/bin/Release/lambda/x86_64/bootstrap"
