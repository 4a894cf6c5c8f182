#!/usr/bin/env bash
# Installs everything LambdaSlim needs on Debian 12 (as root): the native toolchain NativeAOT links with for
# x86_64 and arm64, the libraries and data .NET loads at run time for both architectures (OpenSSL, ICU, time zones),
# qemu to run arm64 binaries, and the real container tools the tests read our images with.
# Idempotent: it asks dpkg what is missing and runs `apt-get update` (once) only when something is.
set -euo pipefail
source "$(dirname "$0")/common.sh"

packages=(
  # NativeAOT, x86_64 and the arm64 cross link (docs/architecture.md: toolchain)
  clang llvm lld binutils libc6-dev libgcc-12-dev
  binutils-aarch64-linux-gnu gcc-aarch64-linux-gnu libc6-dev-arm64-cross libgcc-12-dev-arm64-cross
  # the arm64 sysroot the image closure reads, and running arm64 binaries here
  libc6-arm64-cross qemu-user-static
  # what .NET loads at run time (docs/image.md, run-time parts), x86_64 from the build machine's own packages:
  # OpenSSL for TLS and hashing, ICU for LambdaGlobalization=Icu, time-zone data (architecture-independent)
  libssl3 libicu72 tzdata
  # the same for arm64, from Debian's arm64 packages through multiarch (the cross packages carry only glibc);
  # they install under /usr/lib/aarch64-linux-gnu, which the default arm64 sysroot searches
  libssl3:arm64 libicu72:arm64 libstdc++6:arm64 libgcc-s1:arm64
  # reading and running what we build: OCI tools, a registry, sandboxes
  skopeo umoci docker-registry apache2-utils bubblewrap runc
  # inspection and the CA bundle that goes into images
  file ca-certificates curl
  # benchmarks (eng/bench)
  hyperfine bc
)

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET SDK 10.0.401 (or a later 10.0.4xx) is required and 'dotnet' is not on PATH." >&2
  echo "       Install it from Microsoft's packages, then run this script again." >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "prerequisites: all ${#packages[@]} packages present"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "error: missing packages: ${missing[*]}; run this script as root (or apt-get install them)." >&2
  exit 1
fi

log "Installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Packages named PACKAGE:arm64 need arm64 as a foreign architecture; apt only sees them after the update below.
if [[ " ${missing[*]}" == *":arm64"* ]] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
  dpkg --add-architecture arm64
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "prerequisites: installed ${#missing[@]} package(s)"
