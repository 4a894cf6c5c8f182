# Helpers of the bench scripts that build samples as a user does (sourced after ../common.sh, with $work set to the
# script's temp folder).
# shellcheck shell=bash
version="$(cat "$repo_root/artifacts/package-version.txt")"
unset ArtifactsPath   # the functions are built as a user builds them

quiet() { "$@" > "$work/step.log" 2>&1 || { cat "$work/step.log" >&2; echo "failed: $*" >&2; return 1; }; }
feed() { printf '<configuration><packageSources><add key="local" value="%s" /></packageSources></configuration>\n' "$repo_root/nuget" > "$1/NuGet.config"; }
sample() { # NAME → a copy of test-projects/NAME consuming the packed SDK
  local dir="$work/$1"
  cp -r "$repo_root/test-projects/$1" "$dir" && rm -rf "$dir/bin" "$dir/obj"
  feed "$dir"
  printf '{ "msbuild-sdks": { "LambdaSlim.Sdk": "%s" } }\n' "$version" > "$dir/global.json"
  echo "$dir"
}
bytes() { stat -c %s "$1"; }
mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB (%d B)", b / 1048576, b }'; }
image_total() { # REPORT ARCH → "compressed / uncompressed" from the publish report's total line of that architecture
  awk -v arch="## $2 " '$0 ~ "^" arch { on = 1 } on && /\*\*total\*\*/ { gsub(/\*|,/, ""); split($0, c, "|"); printf "%s B / %s B", c[3] + 0, c[4] + 0; exit }' "$1"
}
# Builds the runtime benchmark harness (eng/bench/runtime) into $work and prints its path.
bench_harness() {
  ArtifactsPath="$work/artifacts" quiet dotnet build "$repo_root/eng/bench/runtime/LambdaSlim.Bench" -c Release
  echo "$work/artifacts/bin/LambdaSlim.Bench/release/LambdaSlim.Bench"
}
