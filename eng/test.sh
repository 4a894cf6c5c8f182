#!/usr/bin/env bash
# Runs every test: prerequisites, build and pack (unique package version), then each test project in turn
# (sequentially: the integration tests run NativeAOT builds and time-sensitive deadline races on 2 cores),
# then the end-to-end main job (eng/run.sh). Prints one closing line: "N passed, N failed".
set -uo pipefail
source "$(dirname "$0")/common.sh"
cd "$repo_root"

./eng/install-prereqs.sh || exit 1
./eng/build.sh || exit 1

results="$repo_root/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"
failed_projects=()
for project in tests/LambdaSlim.*.Tests/LambdaSlim.*.Tests.csproj; do
  name="$(basename "$project" .csproj)"
  log "Testing $name"
  if ! dotnet test "$project" -c Release --no-build --nologo \
        --logger "console;verbosity=normal" --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
        2>&1 | tee "$results/$name.log"; then
    failed_projects+=("$name")
  fi
done

log "End to end: eng/run.sh"
if ! LAMBDASLIM_PREBUILT=1 ./eng/run.sh 2>&1 | tee "$results/run.log"; then
  failed_projects+=("eng/run.sh")
fi

# Sum the counts of every test run (the TRX files) into the closing line.
passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  n="$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done
if ((${#failed_projects[@]} > 0)) && ((failed == 0)); then
  failed=${#failed_projects[@]}   # a project that failed to run at all still counts as a failure
fi

echo
if ((${#failed_projects[@]} > 0)); then
  echo "failed: ${failed_projects[*]}"
fi
echo "$passed passed, $failed failed, $skipped skipped"
((${#failed_projects[@]} == 0))
