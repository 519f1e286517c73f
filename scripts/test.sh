#!/usr/bin/env bash
# Runs every test of the repository on a fresh machine: scripts/setup.sh (restores TorchSharp and, on an older
# libstdc++, patches its native binding so that it loads), then restores, builds and runs all xunit projects of
# Dsl.sln (the torch tests on TorchSharp's CPU libtorch 2.10), then prints one closing line "N passed, N failed".
set -uo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

bash scripts/setup.sh || exit 1

log="$(mktemp)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
start=$(date +%s)
dotnet test Dsl.sln --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
elapsed=$(( $(date +%s) - start ))

# dotnet test prints one "Passed!/Failed!  - Failed: F, Passed: P, Skipped: S, Total: T" line per test assembly.
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
assemblies=$(grep -Ec '^(Passed|Failed)! ' "$log")
rm -f "$log"
echo "test assemblies: $assemblies, time: ${elapsed} s"
if [[ "$status" == 0 && "$assemblies" == 0 ]]; then
    echo "no test assembly ran" >&2
    status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
