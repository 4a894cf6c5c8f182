# Shared settings for the eng/ scripts (sourced, not run).
# shellcheck shell=bash
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Long-lived MSBuild nodes would keep an old copy of our task assembly loaded between builds.
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0
log() { printf '\n==> %s\n' "$*"; }
