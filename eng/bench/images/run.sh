#!/usr/bin/env bash
# Figures for real functions in their images (docs/performance.md): image sizes per architecture of Hello, Toolbox
# (time zones, hashes, gzip) and Inventory (AWS SDK over TLS) with each run-time part's bytes, and Inventory's cold
# start (spawn → first answer, including the first TLS handshake and a signed DynamoDB call) in its image against
# the same binary on the host. Needs ./eng/build.sh first (the packed SDK). Prints markdown tables; asserts nothing.
# Knob: BENCH_COLD_RUNS (default 20).
set -euo pipefail
source "$(dirname "$0")/../../common.sh"
version="$(cat "$repo_root/artifacts/package-version.txt")"
work="$(mktemp -d /tmp/lambdaslim-bench-images.XXXXXX)"
trap 'rm -rf "$work"' EXIT
unset ArtifactsPath
dotnet build "$repo_root/eng/bench/images/LambdaSlim.ImageBench" -c Release -nologo -v:q > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
dotnet "$repo_root/artifacts/bin/LambdaSlim.ImageBench/release/LambdaSlim.ImageBench.dll" "$work" "$repo_root/nuget" "$version" "${BENCH_COLD_RUNS:-20}" "$repo_root"
