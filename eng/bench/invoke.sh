#!/usr/bin/env bash
# Figures for the CLI (docs/performance.md): `lambdaslim invoke` wall time on the Hello image, first run (unpack
# into an empty cache) and cached, per architecture. Needs ./eng/build.sh first (the packed SDK and tool).
# Prints a markdown table; asserts nothing.
set -euo pipefail
source "$(dirname "$0")/../common.sh"
version="$(cat "$repo_root/artifacts/package-version.txt")"
work="$(mktemp -d /tmp/lambdaslim-bench-invoke.XXXXXX)"
trap 'rm -rf "$work"' EXIT

dotnet tool install LambdaSlim.Cli --tool-path "$work/tools" --add-source "$repo_root/nuget" --version "$version" > /dev/null
cp -r "$repo_root/test-projects/Hello" "$work/hello"
cd "$work/hello"
printf '<configuration><packageSources><add key="local" value="%s" /></packageSources></configuration>\n' "$repo_root/nuget" > NuGet.config
printf '{ "msbuild-sdks": { "LambdaSlim.Sdk": "%s" } }\n' "$version" > global.json
dotnet publish -p:PublishLambdaImage=true > /dev/null

runs=10
export LAMBDASLIM_CACHE_DIR="$work/cache"
median_ms() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { local s e; s=$(date +%s%N); "$@" > /dev/null 2>&1; e=$(date +%s%N); echo $(((e - s) / 1000000)); }

echo "LambdaSlim $version; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| lambdaslim invoke, Hello image | first run: unpack + invoke, median of $runs (ms) | cached, median of $runs (ms) |"
echo "|---|---:|---:|"
for arch in x86_64 arm64; do
  first=$(for _ in $(seq $runs); do rm -rf "$LAMBDASLIM_CACHE_DIR"; ms "$work/tools/lambdaslim" invoke bin/Release/lambda/image --arch $arch --event event.json; done | median_ms)
  cached=$(for _ in $(seq $runs); do ms "$work/tools/lambdaslim" invoke bin/Release/lambda/image --arch $arch --event event.json; done | median_ms)
  echo "| $arch$([[ $arch == arm64 ]] && echo ' (under qemu-aarch64-static)') | $first | $cached |"
done
