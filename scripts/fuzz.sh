#!/usr/bin/env bash
# Coverage-guided fuzzing of the parser and binder for a fixed time (docs/robustness.md):
# AFL++ (Debian: `apt-get install afl++`) drives bench/AflFuzz, whose ContractDsl.dll and Sprache.dll are
# instrumented by SharpFuzz (the dotnet tool pinned in dotnet-tools.json). Seeds: the repository's .contract files.
#
#   scripts/fuzz.sh [SECONDS] [FINDINGS_DIR]        defaults: 600 s, artifacts/afl/findings
#
# Afterwards the crashes (unexpected exceptions, stack overflows, broken diagnostic spans) are in
# FINDINGS_DIR/default/crashes and the hangs (over 5 s) in FINDINGS_DIR/default/hangs; the script replays each
# with the uninstrumented harness and prints the first line of what it throws. Exit code: 0 when none was found.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
findings=${2:-$root/artifacts/afl/findings}
work=$root/artifacts/afl

command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 2; }
cd "$root"
dotnet tool restore >/dev/null

# The target, published and instrumented (SharpFuzz rewrites the assemblies in place).
rm -rf "$work/target" "$work/replay" "$work/seeds"
dotnet publish bench/AflFuzz/AflFuzz.csproj -c Release -o "$work/target" -v q -nologo
dotnet publish bench/AflFuzz/AflFuzz.csproj -c Release -o "$work/replay" -v q -nologo
for assembly in ContractDsl.dll Sprache.dll; do dotnet sharpfuzz "$work/target/$assembly"; done

# Seeds: every tracked contract, plus a few snippets that reach the rarer declarations quickly.
mkdir -p "$work/seeds"
git ls-files '*.contract' | while read -r file; do cp "$file" "$work/seeds/$(echo "$file" | tr / _)"; done
printf 'contract C { signal c : category { A, B }; welfare power 0.5 over c weights { A: 2 } from -1 temperature 2; reward 0; }\n' > "$work/seeds/welfare.contract"
printf 'contract C { signal r : real[3] in [0, 1]; uncertain 0.5 when r.std > 0.1 "why"; uncertain when gap; reward r.mean; }\n' > "$work/seeds/uncertain.contract"

export AFL_SKIP_BIN_CHECK=1              # the target is `dotnet`, not an AFL-compiled binary
export AFL_NO_UI=1
export AFL_SKIP_CPUFREQ=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1   # containers often cannot set core_pattern
export AFL_NO_AFFINITY=1
rm -rf "$findings"
afl-fuzz -V "$seconds" -i "$work/seeds" -o "$findings" -t 5000 -m none -x bench/AflFuzz/contract.dict \
  -- dotnet "$work/target/ContractDsl.AflFuzz.dll"

found=0
for kind in crashes hangs; do
  dir="$findings/default/$kind"
  [ -d "$dir" ] || continue
  for input in "$dir"/id:*; do
    [ -e "$input" ] || continue
    found=$((found + 1))
    echo "== $kind: $input"
    timeout 30 dotnet "$work/replay/ContractDsl.AflFuzz.dll" "$input" 2>&1 | grep -m 3 -E 'Exception|overflow|ok$' || echo "   (killed after 30 s)"
  done
done
grep -E '^(execs_done|execs_per_sec|paths_total|corpus_count|saved_crashes|unique_crashes|saved_hangs|unique_hangs|run_time) ' "$findings/default/fuzzer_stats" || true
echo "$found finding(s)"
[ "$found" -eq 0 ]
