#!/usr/bin/env bash
# The first TLS handshake in the image (docs/performance.md, "First TLS handshake"): a NativeAOT function's first
# HTTPS GET (OpenSSL loaded, the trusted certificates parsed, handshake, answer) and a second one on a new
# connection, inside the unpacked x86_64 image as Lambda runs it (bwrap, uid 1000, read-only root), against an
# `openssl s_server` on 127.0.0.1 whose certificate a throw-away test CA signed. Compared, as the image's
# /etc/ssl/certs/ca-certificates.crt (what LambdaCaBundle would put there; it is the only file in that folder, which
# .NET also reads):
#   image default      Debian's bundle + the test CA (LambdaCaCertificate)
#   AWS roots          the Amazon Trust Services roots + the test CA (what an AWS-only function could trust)
#   smallest bundle    only the test CA: the smallest bundle that still verifies this server
# Verification is the same in all three; only the number of trusted CAs, all parsed before the first handshake, differs.
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
mkdir -p "$rootfs/proc" "$rootfs/dev"
cp "$rootfs/etc/ssl/certs/ca-certificates.crt" "$work/image-default.pem"
cp "$work/ca.pem" "$work/only-test-ca.pem"
cat /etc/ssl/certs/Amazon_Root_CA_{1,2,3,4}.pem /etc/ssl/certs/Starfield_Services_Root_Certificate_Authority_-_G2.pem \
  "$work/ca.pem" > "$work/aws-roots.pem"
# The runs are as uid 1000, as on Lambda: every folder on the way must be readable.
chmod a+rx "$work" "$work/bundle"
chmod a+r "$work"/*.pem
chmod -R a+rX "$rootfs"

run() { # BUNDLE -> "first second": the probe with BUNDLE as the image's CA bundle, with the image's SSL_CERT_FILE
  setpriv --reuid 1000 --regid 1000 --clear-groups bwrap --unshare-all --share-net --die-with-parent \
    --ro-bind "$rootfs" / --ro-bind "$1" /etc/ssl/certs/ca-certificates.crt --proc /proc --dev /dev --tmpfs /tmp \
    --clearenv --setenv SSL_CERT_FILE /etc/ssl/certs/ca-certificates.crt /var/task/bootstrap "https://localhost:$port/"
}
stats() { python3 -c '
import statistics,sys
rows=[tuple(map(float,l.split())) for l in sys.stdin if l.strip()]
first=sorted(r[0] for r in rows); second=sorted(r[1] for r in rows)
p90=lambda v: v[min(len(v)-1,int(round(0.9*(len(v)-1))))]
print(f"{statistics.median(first):.1f} | {p90(first):.1f} | {statistics.median(second):.1f}")'; }

certs() { grep -c 'BEGIN CERTIFICATE' "$1"; }
declare -A bundles=(["image default"]="$work/image-default.pem" ["AWS roots"]="$work/aws-roots.pem" ["smallest bundle"]="$work/only-test-ca.pem")
configs=("image default" "AWS roots" "smallest bundle")
for config in "${configs[@]}"; do : > "$work/$config.txt"; done
log "Running each configuration $runs times, interleaved (load: $(cut -d' ' -f1-3 /proc/loadavg))"
for ((i = 0; i < runs; i++)); do
  for config in "${configs[@]}"; do
    run "${bundles[$config]}" >> "$work/$config.txt"
  done
done

echo
echo "| the image's CA bundle | certificates | first GET, median (ms) | first GET, p90 (ms) | second GET on a new connection, median (ms) |"
echo "|---|---:|---:|---:|---:|"
for config in "${configs[@]}"; do
  echo "| $config | $(certs "${bundles[$config]}") | $(stats < "$work/$config.txt") |"
done
echo
echo "$runs runs each, interleaved; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at the end; .NET SDK $(dotnet --version)."
