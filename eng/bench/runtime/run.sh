#!/usr/bin/env bash
# Figures for the runtime client (docs/performance-runtime.md): binary sizes per architecture of the raw-bytes Hello
# function and of the typed sample (Typed/: records through a source-generated System.Text.Json context);
# spawn → first /next and first /response against a C program doing the same GET/POST over raw sockets and against
# a NativeAOT `return 0;` (the start-up floor); where the typed sample's cold start goes, phase by phase; warm invoke
# round trips through the emulator for the AOT, Trimmed (ReadyToRun) and JIT builds; warm throughput with the
# environment serving 1, 8 and 32 invocations at once (Lambda Managed Instances); instructions executed at start-up and
# in the first invocation (valgrind's callgrind: figures the machine's load does not move). Prints markdown tables;
# asserts nothing (timings depend on the machine and its load, printed beside them). Needs valgrind and clang.
#
# Needs the packed SDK: ./eng/build.sh first, or point LAMBDASLIM_NUGET / LAMBDASLIM_VERSION at another pack.
# Knobs: BENCH_COLD_RUNS (default 30), BENCH_INVOKES (2000), BENCH_WARMUP (200). Arguments are passed on to the
# harness, e.g. --cold "Hello, older client=/path/to/bootstrap" to time another build in the same run.
# Everything is built in a temp folder that is removed afterwards.
set -euo pipefail
source "$(dirname "$0")/../../common.sh"
here="$repo_root/eng/bench/runtime"
nuget="${LAMBDASLIM_NUGET:-$repo_root/nuget}"
version="${LAMBDASLIM_VERSION:-$(cat "$repo_root/artifacts/package-version.txt")}"
work="$(mktemp -d /tmp/lambdaslim-bench-runtime.XXXXXX)"
trap 'rm -rf "$work"' EXIT
# The functions are built as a user builds them (bin/ beside the project): no artifacts layout from the caller.
unset ArtifactsPath

# Runs a build step quietly; on failure shows its output and stops.
quiet() { "$@" > "$work/step.log" 2>&1 || { cat "$work/step.log" >&2; echo "failed: $*" >&2; return 1; }; }

# A project folder outside the repository consuming the packed SDK, as a user's would.
workspace() {
  local dir="$work/$1"
  mkdir -p "$dir"
  printf '<configuration><packageSources><add key="local" value="%s" /></packageSources></configuration>\n' "$nuget" > "$dir/NuGet.config"
  printf '{ "msbuild-sdks": { "LambdaSlim.Sdk": "%s" } }\n' "$version" > "$dir/global.json"
  echo "$dir"
}

bytes() { stat -c %s "$1"; }
size() { awk -v b="$1" 'BEGIN { printf "%.2f MiB (%d bytes)", b / 1048576, b }'; }
folder_bytes() { find "$1" -type f ! -name '*.dbg' ! -name '*.pdb' ! -name '*.xml' -printf '%s\n' | paste -sd+ | bc; }

log "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); .NET SDK $(dotnet --version); $(date -u +%FT%TZ)"
log "Building Hello (AOT x86_64 + arm64, Trimmed, JIT), Typed (AOT x86_64 + arm64, phase-stamped), both with IlcDehydrate=false, a NativeAOT return 0 and the C baseline with LambdaSlim $version"
hello="$(workspace hello)"
cp -r "$repo_root/test-projects/Hello/." "$hello/"
rm -rf "$hello/bin" "$hello/obj"
typed="$(workspace typed)"
cp -r "$here/Typed/." "$typed/"
rm -rf "$typed/bin" "$typed/obj"
zero="$(workspace zero)"
cat > "$zero/Zero.csproj" <<'XML'
<Project Sdk="LambdaSlim.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <!-- The same build as a function, minus the runtime client: what .NET itself costs. -->
    <LambdaRuntimeClient>None</LambdaRuntimeClient>
  </PropertyGroup>
</Project>
XML
echo 'return 0;' > "$zero/Program.cs"

(cd "$hello" && quiet dotnet publish -p:PublishLambdaImage=true)
(cd "$hello" && quiet dotnet publish -p:PublishLambdaImage=true -p:LambdaArchitectures=x86_64 -p:LambdaPublishMode=Trimmed \
                      -p:LambdaOutputPath=bin/trimmed/)
(cd "$hello" && quiet dotnet build -c Release -o "$work/jit")
(cd "$typed" && quiet dotnet publish -p:PublishLambdaImage=true)
(cd "$typed" && quiet dotnet publish -p:PublishLambdaImage=true -p:LambdaArchitectures=x86_64 -p:BenchPhases=true \
                      -p:LambdaOutputPath=bin/phases/)
# Not the SDK's default: NativeAOT then skips "rehydrating" its compressed data at start, for a bigger binary.
for app in hello typed; do
  (cd "${!app}" && quiet dotnet publish -p:PublishLambdaImage=true -p:LambdaArchitectures=x86_64 -p:IlcDehydrate=false \
                      -p:LambdaOutputPath=bin/hydrated/)
done
(cd "$zero" && quiet dotnet publish -p:PublishLambdaImage=true)
clang -O2 -o "$work/baseline" "$here/baseline.c"
# The harness lives in the repository: its build goes to our own temp artifacts, never the shared artifacts/.
ArtifactsPath="$work/artifacts" quiet dotnet build "$here/LambdaSlim.Bench" -c Release
bench="$work/artifacts/bin/LambdaSlim.Bench/release/LambdaSlim.Bench"

aot_x64="$hello/bin/Release/lambda/x86_64/bootstrap"
aot_arm64="$hello/bin/Release/lambda/arm64/bootstrap"
typed_x64="$typed/bin/Release/lambda/x86_64/bootstrap"
typed_arm64="$typed/bin/Release/lambda/arm64/bootstrap"
typed_phases="$typed/bin/phases/x86_64/bootstrap"
hello_hydrated="$hello/bin/hydrated/x86_64/bootstrap"
typed_hydrated="$typed/bin/hydrated/x86_64/bootstrap"
zero_x64="$zero/bin/Release/lambda/x86_64/bootstrap"
zero_arm64="$zero/bin/Release/lambda/arm64/bootstrap"
trimmed="$hello/bin/trimmed/x86_64/bootstrap"
typed_event="$here/Typed/event.json"

log "Sizes (stripped; .dbg symbol files, .pdb and .xml docs not counted)"
echo "| program | x86_64 | arm64 |"
echo "|---|---:|---:|"
echo "| Hello function, AOT, default switches (bootstrap) | $(size "$(bytes "$aot_x64")") | $(size "$(bytes "$aot_arm64")") |"
echo "| Typed function, AOT, default switches (bootstrap) | $(size "$(bytes "$typed_x64")") | $(size "$(bytes "$typed_arm64")") |"
echo "| NativeAOT \`return 0;\`, same switches, no runtime client | $(size "$(bytes "$zero_x64")") | $(size "$(bytes "$zero_arm64")") |"
echo "| → Hello over \`return 0;\` (the runtime client and the handler) | $(size $(( $(bytes "$aot_x64") - $(bytes "$zero_x64") ))) | $(size $(( $(bytes "$aot_arm64") - $(bytes "$zero_arm64") ))) |"
echo "| Hello / Typed with IlcDehydrate=false (not the default) | $(size "$(bytes "$hello_hydrated")") / $(size "$(bytes "$typed_hydrated")") | |"
echo "| Hello function, Trimmed ReadyToRun, self-contained (whole folder) | $(size "$(folder_bytes "$hello/bin/trimmed/x86_64")") | |"
echo "| Hello function, JIT: Hello.dll + LambdaSlim.Runtime.dll (plus the shared .NET runtime) | $(size $(( $(bytes "$work/jit/Hello.dll") + $(bytes "$work/jit/LambdaSlim.Runtime.dll") ))) | |"
echo "| C baseline (clang -O2, dynamic libc, not stripped) | $(size "$(bytes "$work/baseline")") | |"

log "Timings (x86_64; arm64 only runs under qemu here, which would time the emulator)"
dotnet_host="$(command -v dotnet)"
"$bench" --event "$hello/event.json" \
  --cold-runs "${BENCH_COLD_RUNS:-30}" --invokes "${BENCH_INVOKES:-2000}" --warmup "${BENCH_WARMUP:-200}" \
  --exit "/bin/true (C)=/bin/true" --exit "NativeAOT return 0;=$zero_x64" \
  --cold "C baseline=$work/baseline" --cold "Hello AOT=$aot_x64" \
  --cold "Hello AOT, GC heap limit off=$aot_x64|env=LAMBDASLIM_DISABLE_GC_HEAP_LIMIT=true" \
  --cold "Hello AOT, IlcDehydrate false=$hello_hydrated" \
  --cold "Typed AOT=$typed_x64|event=$typed_event" --cold "Typed AOT, phase stamps=$typed_phases|event=$typed_event" \
  --cold "Typed AOT, IlcDehydrate false=$typed_hydrated|event=$typed_event" \
  --cold "Hello Trimmed R2R=$trimmed" --cold "Hello JIT=$dotnet_host,$work/jit/Hello.dll" \
  --warm "C baseline=$work/baseline" --warm "Hello AOT=$aot_x64" --warm "Typed AOT=$typed_x64|event=$typed_event" \
  --warm "Hello Trimmed R2R=$trimmed" --warm "Hello JIT=$dotnet_host,$work/jit/Hello.dll" \
  --throughput "Hello AOT=$aot_x64" --throughput "Typed AOT=$typed_x64|event=$typed_event" \
  --instructions "C baseline=$work/baseline" --instructions "Hello AOT=$aot_x64" \
  --instructions "Hello AOT, GC heap limit off=$aot_x64|env=LAMBDASLIM_DISABLE_GC_HEAP_LIMIT=true" \
  --instructions "Hello AOT, IlcDehydrate false=$hello_hydrated" \
  --instructions "Typed AOT=$typed_x64|event=$typed_event" --instructions "Typed AOT, IlcDehydrate false=$typed_hydrated|event=$typed_event" \
  "$@"
