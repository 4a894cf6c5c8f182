#!/usr/bin/env bash
# Figures for publishing (docs/performance.md): publish wall time for both architectures (clean and no-op),
# bootstrap size per architecture and mode, and the effect of each default switch on size and start time.
# Needs ./eng/build.sh first (it uses the packed SDK). Prints markdown tables; asserts nothing.
set -euo pipefail
source "$(dirname "$0")/../common.sh"
version="$(cat "$repo_root/artifacts/package-version.txt")"
work="$(mktemp -d /tmp/lambdaslim-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

workspace() { # NAME SAMPLE -> a copy of the sample consuming the packed SDK
  local dir="$work/$1"
  cp -r "$repo_root/test-projects/$2" "$dir"
  rm -rf "$dir/bin" "$dir/obj"
  printf '<configuration><packageSources><add key="local" value="%s" /></packageSources></configuration>\n' "$repo_root/nuget" > "$dir/NuGet.config"
  printf '{ "msbuild-sdks": { "LambdaSlim.Sdk": "%s" } }\n' "$version" > "$dir/global.json"
  echo "$dir"
}
seconds() { local s=$(date +%s.%N); "$@" > /dev/null; echo "$(date +%s.%N) - $s" | bc; }
mb() { echo "scale=2; $(stat -c %s "$1") / 1048576" | bc; }

log "Publish wall time, Hello, both architectures (LambdaSlim $version)"
hello="$(workspace hello Hello)"
cd "$hello"
dotnet restore > /dev/null   # NuGet downloads are not what we measure
clean=$(seconds dotnet publish -p:PublishLambdaImage=true)
noop=$(seconds dotnet publish -p:PublishLambdaImage=true)
echo "| publish | wall time (s) |"
echo "|---|---|"
printf '| clean, x86_64 + arm64 | %.1f |\n| no-op | %.1f |\n' "$clean" "$noop"

log "bootstrap size per architecture and mode (Hello function)"
aot_x64=$(mb bin/Release/lambda/x86_64/bootstrap); aot_arm=$(mb bin/Release/lambda/arm64/bootstrap)
dotnet publish -p:PublishLambdaImage=true -p:LambdaPublishMode=Trimmed > /dev/null
folder_mb() { echo "scale=2; $(find "$1" -type f ! -name '*.dbg' ! -name '*.pdb' -printf '%s\n' | paste -sd+ | bc) / 1048576" | bc; }
echo "| mode | x86_64 (MB) | arm64 (MB) |"
echo "|---|---|---|"
echo "| Aot: bootstrap | $aot_x64 | $aot_arm |"
echo "| Trimmed: whole app folder | $(folder_mb bin/Release/lambda/x86_64) | $(folder_mb bin/Release/lambda/arm64) |"

log "Effect of each default switch (x86_64, AOT): function size, and start time of a console hello"
console="$(workspace console Hello)"
cat > "$console/Program.cs" <<'CS'
System.Console.Out.Write("hello\n");
CS
sed -i 's|</PropertyGroup>|  <LambdaRuntimeClient>None</LambdaRuntimeClient>\n  </PropertyGroup>|' "$console/Hello.csproj"
echo "| variant | function bootstrap (MB) | console bootstrap (MB) | console start, mean ± σ (ms) |"
echo "|---|---|---|---|"
for variant in "defaults" "OptimizationPreference=Speed" "EventSourceSupport=true" "UseSystemResourceKeys=true" \
               "StackTraceSupport=false" "InvariantGlobalization=false"; do
  args=(-p:PublishLambdaImage=true -p:LambdaArchitectures=x86_64)
  [[ $variant != defaults ]] && args+=("-p:$variant")
  sizes=()
  for dir in "$hello" "$console"; do
    (cd "$dir" && rm -rf obj/Release bin/Release && dotnet publish "${args[@]}" > /dev/null)
    sizes+=("$(mb "$dir/bin/Release/lambda/x86_64/bootstrap")")
  done
  start=$(hyperfine -N --warmup 3 --runs 30 --export-json "$work/h.json" "$console/bin/Release/lambda/x86_64/bootstrap" > /dev/null \
          && python3 -c "import json;r=json.load(open('$work/h.json'))['results'][0];print(f\"{r['mean']*1000:.2f} ± {r['stddev']*1000:.2f}\")")
  echo "| $variant | ${sizes[0]} | ${sizes[1]} | $start |"
done
