#!/usr/bin/env bash
# The first TLS handshake in the image (docs/performance.md, "First TLS handshake"): a NativeAOT function's first
# HTTPS GET (OpenSSL loaded, the trusted certificates parsed, handshake, answer) and a second one on a new
# connection, inside the unpacked x86_64 image as Lambda runs it (bwrap, uid 1000, read-only root), against an
# `openssl s_server` on 127.0.0.1 whose certificate a throw-away test CA signed. Compared:
#   image default      SSL_CERT_FILE = the image's bundle (Debian's + the test CA), SSL_CERT_DIR=/dev/null
#   without SSL_CERT_DIR  what .NET does when no certificate folder is named: it reads /etc/ssl/certs, which holds
#                      the bundle, so every certificate is parsed twice
#   smallest bundle    SSL_CERT_FILE = only the test CA: the smallest bundle that still verifies this server
# Needs ./eng/build.sh first. Knob: BENCH_RUNS (default 25). Prints a markdown table; asserts nothing.
set -euo pipefail
source "$(dirname "$0")/../../common.sh"
version="$(cat "$repo_root/artifacts/package-version.txt")"
runs="${BENCH_RUNS:-25}"
work="$(mktemp -d /tmp/lambdaslim-bench-tls.XXXXXX)"
server_pid=""
trap '[[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
unset ArtifactsPath

log "Test CA and a server certificate for localhost"
cd "$work"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 2 \
  -subj "/CN=LambdaSlim bench CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
printf 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n' > server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile server.ext 2>/dev/null
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
openssl s_server -accept "127.0.0.1:$port" -cert server.pem -key server.key -www -quiet > /dev/null 2>&1 &
server_pid=$!

log "Publishing the probe (NativeAOT, x86_64) with LambdaSlim $version"
mkdir probe && cd probe
printf '<configuration><packageSources><add key="local" value="%s" /></packageSources></configuration>\n' "$repo_root/nuget" > NuGet.config
printf '{ "msbuild-sdks": { "LambdaSlim.Sdk": "%s" } }\n' "$version" > global.json
cat > Probe.csproj <<'XML'
<Project Sdk="LambdaSlim.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <LambdaRuntimeClient>None</LambdaRuntimeClient>
    <LambdaArchitectures>x86_64</LambdaArchitectures>
  </PropertyGroup>
  <ItemGroup>
    <LambdaCaCertificate Include="../ca.pem" />
  </ItemGroup>
</Project>
XML
cat > Program.cs <<'CS'
// Milliseconds of the first HTTPS GET of the process and of a second one on a new connection.
var clock = System.Diagnostics.Stopwatch.StartNew();
using (var first = new System.Net.Http.HttpClient()) { await first.GetStringAsync(args[0]); }
var firstMs = clock.Elapsed.TotalMilliseconds;
clock.Restart();
using (var second = new System.Net.Http.HttpClient()) { await second.GetStringAsync(args[0]); }
System.Console.WriteLine(System.FormattableString.Invariant($"{firstMs:F2} {clock.Elapsed.TotalMilliseconds:F2}"));
CS
dotnet publish -p:PublishLambdaImage=true > "$work/publish.log" 2>&1 || { cat "$work/publish.log"; exit 1; }
umoci unpack --image bin/Release/lambda/image:latest-x86_64 "$work/bundle" > /dev/null
rootfs="$work/bundle/rootfs"
mkdir -p "$rootfs/proc" "$rootfs/dev" "$rootfs/bench"
cp "$work/ca.pem" "$rootfs/bench/only-test-ca.pem"
chmod -R a+rX "$rootfs"
bundle_certs=$(grep -c 'BEGIN CERTIFICATE' "$rootfs/etc/ssl/certs/ca-certificates.crt")

run() { # ENV... -> "first second" per run, one line each
  setpriv --reuid 1000 --regid 1000 --clear-groups bwrap --unshare-all --share-net --die-with-parent \
    --ro-bind "$rootfs" / --proc /proc --dev /dev --tmpfs /tmp --clearenv "$@" \
    /var/task/bootstrap "https://localhost:$port/"
}
stats() { python3 -c '
import statistics,sys
rows=[tuple(map(float,l.split())) for l in sys.stdin if l.strip()]
first=sorted(r[0] for r in rows); second=sorted(r[1] for r in rows)
p90=lambda v: v[min(len(v)-1,int(round(0.9*(len(v)-1))))]
print(f"{statistics.median(first):.1f} | {p90(first):.1f} | {statistics.median(second):.1f}")'; }

declare -A results
configs=("image default" "without SSL_CERT_DIR" "smallest bundle")
for config in "${configs[@]}"; do : > "$work/$config.txt"; done
log "Running each configuration $runs times, interleaved (load: $(cut -d' ' -f1-3 /proc/loadavg))"
for ((i = 0; i < runs; i++)); do
  run --setenv SSL_CERT_FILE /etc/ssl/certs/ca-certificates.crt --setenv SSL_CERT_DIR /dev/null >> "$work/image default.txt"
  run --setenv SSL_CERT_FILE /etc/ssl/certs/ca-certificates.crt >> "$work/without SSL_CERT_DIR.txt"
  run --setenv SSL_CERT_FILE /bench/only-test-ca.pem --setenv SSL_CERT_DIR /dev/null >> "$work/smallest bundle.txt"
done

echo
echo "| trust configuration | certificates parsed | first GET, median (ms) | first GET, p90 (ms) | second GET on a new connection, median (ms) |"
echo "|---|---:|---:|---:|---:|"
echo "| image default | $bundle_certs | $(stats < "$work/image default.txt") |"
echo "| without SSL_CERT_DIR (before) | $((2 * bundle_certs)) | $(stats < "$work/without SSL_CERT_DIR.txt") |"
echo "| smallest bundle (the test CA only) | 1 | $(stats < "$work/smallest bundle.txt") |"
echo
echo "$runs runs each, interleaved; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at the end; .NET SDK $(dotnet --version)."
