#!/usr/bin/env bash
# Figures for publishing a solution (docs/performance.md): the Shop sample (two functions, a shared library chain, an
# xunit project), both architectures — clean and no-op publish of the solution vs each function published alone, and
# how many times each referenced library was compiled in one solution publish.
# Needs ./eng/build.sh first (it uses the packed SDK). Prints markdown tables; asserts nothing.
set -euo pipefail
source "$(dirname "$0")/../common.sh"
version="$(cat "$repo_root/artifacts/package-version.txt")"
work="$(mktemp -d /tmp/lambdaslim-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

shop="$work/shop"
cp -r "$repo_root/test-projects/Shop" "$shop"
printf '<configuration><packageSources><add key="local" value="%s" /></packageSources></configuration>\n' "$repo_root/nuget" > "$shop/NuGet.config"
printf '{ "msbuild-sdks": { "LambdaSlim.Sdk": "%s" } }\n' "$version" > "$shop/global.json"
cd "$shop"
clean_tree() { find . -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +; }
# Seconds of one command; its output goes to $work/last.log.
seconds() { local s=$(date +%s.%N); "$@" > "$work/last.log" 2>&1; echo "$(date +%s.%N) - $s" | bc; }

log "Shop: solution publish vs each function alone, x86_64 + arm64 (LambdaSlim $version, load $(cut -d' ' -f1-3 /proc/loadavg))"
dotnet restore Shop.sln > /dev/null   # NuGet downloads are not what we measure
clean_tree; dotnet restore Shop.sln > /dev/null
sln_clean=$(seconds dotnet publish Shop.sln -p:PublishLambdaImage=true)
cp "$work/last.log" "$work/solution.log"
sln_noop=$(seconds dotnet publish Shop.sln -p:PublishLambdaImage=true)

clean_tree; dotnet restore Shop.sln > /dev/null
alone_clean=0; alone_noop=0
for function in Orders Receipts; do
  alone_clean=$(echo "$alone_clean + $(seconds dotnet publish "src/$function/$function.csproj" -p:PublishLambdaImage=true)" | bc)
done
for function in Orders Receipts; do
  alone_noop=$(echo "$alone_noop + $(seconds dotnet publish "src/$function/$function.csproj" -p:PublishLambdaImage=true)" | bc)
done

echo "| publish of both functions, both architectures | solution (s) | each function alone, summed (s) | solution / alone |"
echo "|---|---|---|---|"
printf '| clean | %.1f | %.1f | %.2f |\n' "$sln_clean" "$alone_clean" "$(echo "$sln_clean / $alone_clean" | bc -l)"
printf '| no-op | %.1f | %.1f | %.2f |\n' "$sln_noop" "$alone_noop" "$(echo "$sln_noop / $alone_noop" | bc -l)"

log "Compilations per project in one clean solution publish (\"X -> …/X.dll\" lines)"
echo "| project | compiled |"
echo "|---|---|"
for project in Shop.Text Shop.Pricing Orders Receipts Shop.Pricing.Tests; do
  # A function compiles once per architecture (linux-x64 and linux-arm64 folders); libraries are RID-agnostic.
  echo "| $project | $(grep -cE "^ +$project -> .*/$project\.dll$" "$work/solution.log" || true) |"
done
