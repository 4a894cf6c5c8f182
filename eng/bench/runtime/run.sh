#!/usr/bin/env bash
# Figures for the runtime client (docs/performance-runtime.md): the Hello function's binary size per architecture,
# spawn → first /response against a C program doing the same GET/POST over raw sockets, and warm invoke round trips
# through the emulator, for the AOT, Trimmed (ReadyToRun) and JIT builds of the same function. Prints markdown
# tables; asserts nothing (timings depend on the machine and its load, printed beside them).
#
# Needs the packed SDK: ./eng/build.sh first, or point LAMBDASLIM_NUGET / LAMBDASLIM_VERSION at another pack.
# Knobs: BENCH_COLD_RUNS (default 30), BENCH_INVOKES (2000), BENCH_WARMUP (200). Everything is built in a temp
# folder that is removed afterwards.
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
log "Building the Hello function (AOT x86_64 + arm64, Trimmed, JIT), a console hello and the C baseline with LambdaSlim $version"
hello="$(workspace hello)"
cp -r "$repo_root/test-projects/Hello/." "$hello/"
rm -rf "$hello/bin" "$hello/obj"
console="$(workspace console)"
cat > "$console/Console.csproj" <<'XML'
<Project Sdk="LambdaSlim.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <!-- The same build as a function, minus the runtime client: what .NET itself costs. -->
    <LambdaRuntimeClient>None</LambdaRuntimeClient>
  </PropertyGroup>
</Project>
XML
echo 'Console.Out.Write("hello\n");' > "$console/Program.cs"

(cd "$hello" && quiet dotnet publish -p:PublishLambdaImage=true)
(cd "$hello" && quiet dotnet publish -p:PublishLambdaImage=true -p:LambdaArchitectures=x86_64 -p:LambdaPublishMode=Trimmed \
                      -p:LambdaOutputPath=bin/trimmed/)
(cd "$hello" && quiet dotnet build -c Release -o "$work/jit")
(cd "$console" && quiet dotnet publish -p:PublishLambdaImage=true)
clang -O2 -o "$work/baseline" "$here/baseline.c"
# The harness lives in the repository: its build goes to our own temp artifacts, never the shared artifacts/.
ArtifactsPath="$work/artifacts" quiet dotnet build "$here/LambdaSlim.Bench" -c Release
bench="$work/artifacts/bin/LambdaSlim.Bench/release/LambdaSlim.Bench"

aot_x64="$hello/bin/Release/lambda/x86_64/bootstrap"
aot_arm64="$hello/bin/Release/lambda/arm64/bootstrap"
console_x64="$console/bin/Release/lambda/x86_64/bootstrap"
console_arm64="$console/bin/Release/lambda/arm64/bootstrap"
trimmed="$hello/bin/trimmed/x86_64/bootstrap"

log "Sizes (stripped; .dbg symbol files, .pdb and .xml docs not counted)"
echo "| program | x86_64 | arm64 |"
echo "|---|---:|---:|"
echo "| Hello function, AOT, default switches (bootstrap) | $(size "$(bytes "$aot_x64")") | $(size "$(bytes "$aot_arm64")") |"
echo "| console hello, AOT, same switches, no runtime client | $(size "$(bytes "$console_x64")") | $(size "$(bytes "$console_arm64")") |"
echo "| → the runtime client's share | $(size $(( $(bytes "$aot_x64") - $(bytes "$console_x64") ))) | $(size $(( $(bytes "$aot_arm64") - $(bytes "$console_arm64") ))) |"
echo "| Hello function, Trimmed ReadyToRun, self-contained (whole folder) | $(size "$(folder_bytes "$hello/bin/trimmed/x86_64")") | |"
echo "| Hello function, JIT: Hello.dll + LambdaSlim.Runtime.dll (plus the shared .NET runtime) | $(size $(( $(bytes "$work/jit/Hello.dll") + $(bytes "$work/jit/LambdaSlim.Runtime.dll") ))) | |"
echo "| C baseline (clang -O2, dynamic libc, not stripped) | $(size "$(bytes "$work/baseline")") | |"

log "Timings (x86_64; arm64 only runs under qemu here, which would time the emulator)"
dotnet_host="$(command -v dotnet)"
builds=(--cold "C baseline=$work/baseline" --cold "AOT=$aot_x64" --cold "Trimmed R2R=$trimmed" --cold "JIT=$dotnet_host,$work/jit/Hello.dll")
"$bench" --event "$hello/event.json" \
  --cold-runs "${BENCH_COLD_RUNS:-30}" --invokes "${BENCH_INVOKES:-2000}" --warmup "${BENCH_WARMUP:-200}" \
  --exit "/bin/true (C)=/bin/true" --exit "console hello, AOT=$console_x64" \
  "${builds[@]}" "${builds[@]/#--cold/--warm}"
