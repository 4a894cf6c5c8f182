#!/usr/bin/env bash
# Figures for ASP.NET Core on LambdaSlim (docs/performance.md): the minimal-API sample (test-projects/WebApi,
# LambdaSlim.AspNetCore) — bootstrap and compressed image size per architecture; cold start to the first answered HTTP
# event (spawn → first /response, the runtime benchmark harness) beside the typed ApiGateway sample (hand-written
# event classes) and the C baseline, and beside the same app under Kestrel (spawn → first answered HTTP request, both
# the NativeAOT bootstrap without AWS_LAMBDA_RUNTIME_API and the JIT build); warm round trip p50/p99 through the
# emulator. Every Lambda build answers an HTTP API (v2) event, the web app GET /orders/1 as over Kestrel. Prints
# markdown tables; asserts nothing (timings depend on the machine and its load, printed beside them).
#
# Needs the packed SDK: ./eng/build.sh first. Knobs: BENCH_COLD_RUNS (default 30), BENCH_INVOKES (default 2000).
# Everything is built in a temp folder that is removed afterwards. x86_64 timings only: arm64 runs under qemu here.
set -euo pipefail
source "$(dirname "$0")/../common.sh"
work="$(mktemp -d /tmp/lambdaslim-bench-webapi.XXXXXX)"
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/samples.sh"

log "Machine: $(nproc) cores; .NET SDK $(dotnet --version); LambdaSlim $version; $(date -u +%FT%TZ); load $(cut -d' ' -f1-3 /proc/loadavg)"
log "Publishing WebApi (both architectures), ApiGateway (x86_64) and WebApi's JIT build"
web="$(sample WebApi)"
typed="$(sample ApiGateway)"
(cd "$web" && quiet dotnet publish -p:PublishLambdaImage=true)
(cd "$typed" && quiet dotnet publish -p:PublishLambdaImage=true -p:LambdaArchitectures=x86_64)
(cd "$web" && quiet dotnet build -c Release -o "$work/web-jit")

log "Sizes (bootstrap stripped; image = the publish report's total of every layer)"
echo "| function | bootstrap x86_64 | bootstrap arm64 | image x86_64 compressed / uncompressed | image arm64 compressed / uncompressed |"
echo "|---|---:|---:|---:|---:|"
echo "| WebApi (ASP.NET Core minimal API, LambdaSlim.AspNetCore) | $(mib "$(bytes "$web/bin/Release/lambda/x86_64/bootstrap")") | $(mib "$(bytes "$web/bin/Release/lambda/arm64/bootstrap")") |" \
     "$(image_total "$web/bin/Release/lambda/report.md" x86_64) | $(image_total "$web/bin/Release/lambda/report.md" arm64) |"
echo "| ApiGateway sample (typed, hand-written event classes) | $(mib "$(bytes "$typed/bin/Release/lambda/x86_64/bootstrap")") | | $(image_total "$typed/bin/Release/lambda/report.md" x86_64) | |"

# GET /orders/1 as an HTTP API (v2) event: the request the Kestrel runs are timed with.
cat > "$work/orders-1.json" <<'JSON'
{"version":"2.0","routeKey":"$default","rawPath":"/orders/1","rawQueryString":"","headers":{"accept":"application/json","host":"api.example.com","x-forwarded-proto":"https"},"requestContext":{"accountId":"123456789012","apiId":"api","domainName":"api.example.com","http":{"method":"GET","path":"/orders/1","protocol":"HTTP/1.1","sourceIp":"203.0.113.10","userAgent":"bench"},"requestId":"bench","routeKey":"$default","stage":"$default","timeEpoch":1764786600000},"isBase64Encoded":false}
JSON
clang -O2 -o "$work/baseline" "$repo_root/eng/bench/runtime/baseline.c"
harness="$(bench_harness)"
dotnet="$(command -v dotnet)"

log "Cold start, x86_64: spawn → first answered event (Lambda) and spawn → first answered request (Kestrel)"
"$harness" --event "$work/orders-1.json" --cold-runs "${BENCH_COLD_RUNS:-30}" \
  --cold "C baseline=$work/baseline" \
  --cold "ApiGateway sample (typed)=$typed/bin/Release/lambda/x86_64/bootstrap|event=$typed/event.json" \
  --cold "WebApi on LambdaSlim.AspNetCore (AOT)=$web/bin/Release/lambda/x86_64/bootstrap" \
  --http-path /orders/1 \
  --http "WebApi under Kestrel (same AOT bootstrap)=$web/bin/Release/lambda/x86_64/bootstrap|env=ASPNETCORE_URLS=http://127.0.0.1:{port}" \
  --http "WebApi under Kestrel (JIT, dotnet WebApi.dll)=$dotnet,$work/web-jit/WebApi.dll|env=ASPNETCORE_URLS=http://127.0.0.1:{port}|env=DOTNET_ROOT=$(dirname "$(readlink -f "$dotnet")")"

log "Warm round trip through the emulator, x86_64"
"$harness" --event "$work/orders-1.json" --invokes "${BENCH_INVOKES:-2000}" \
  --warm "ApiGateway sample (typed)=$typed/bin/Release/lambda/x86_64/bootstrap|event=$typed/event.json" \
  --warm "WebApi on LambdaSlim.AspNetCore (AOT)=$web/bin/Release/lambda/x86_64/bootstrap"
