#!/usr/bin/env bash
# Makes this machine ready for the torch path (tests, RewardModelTraining, the torch benchmark) beyond the .NET SDK.
# Idempotent, quick when done before, and says what it did. The CPU path needs none of it.
#
#  1. Restores src/Runtime.Torch: that brings TorchSharp (its C binding libLibTorchSharp.so) into the NuGet
#     global-packages folder. libtorch itself comes with the TorchSharp-cpu package that the tests, examples and
#     benchmark reference; their restore fetches it (about 600 MB for Linux; the package brings macOS and Windows too).
#  2. On a machine whose C++ runtime is older than libLibTorchSharp.so needs — TorchSharp 0.107.0 is built with
#     GCC 13 and requires GLIBCXX_3.4.32; Debian 12 and Ubuntu 22.04 ship GCC 12's libstdc++, up to GLIBCXX_3.4.30 —
#     marks that one version requirement weak in the global-packages copy of libLibTorchSharp.so
#     (scripts/elf-weaken-version.py; the README's "The torch path on an older libstdc++" says why that is safe and
#     why the global-packages copy). On a machine whose libstdc++ has the version it changes nothing.
#
# Needs: dotnet; ldd (libc-bin); python3 only where a patch is needed (installed with apt-get if missing, as root).
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { echo "setup: $*"; }
fail() {
    echo "setup: error: $*" >&2
    exit 1
}

if [[ "$(uname -s)" != Linux || "$(uname -m)" != x86_64 ]]; then
    say "$(uname -s)/$(uname -m): TorchSharp's Linux binding is for x86-64 only; nothing to patch here"
    exit 0
fi

version="$(sed -n 's/.*PackageVersion Include="TorchSharp" Version="\([^"]*\)".*/\1/p' "$repo_root/Directory.Packages.props")"
[[ -n "$version" ]] || fail "no TorchSharp version in Directory.Packages.props"

say "restoring src/Runtime.Torch (TorchSharp $version)"
dotnet restore "$repo_root/src/Runtime.Torch/Runtime.Torch.csproj" -v quiet -nologo >/dev/null \
    || fail "dotnet restore src/Runtime.Torch failed (run it by hand to see why)"

packages="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')"
packages="${packages%/}"
library="$packages/torchsharp/$version/runtimes/linux-x64/native/libLibTorchSharp.so"
[[ -f "$library" ]] || fail "$library is missing after the restore"

# What the dynamic loader thinks of the library: a strong requirement the system lacks reads
# "version `X' not found"; one already marked weak reads "weak version `X' not found".
loader="$(ldd "$library" 2>&1 || true)"
missing="$(grep -o "[^ ]*libstdc++[^ ]*: version \`GLIBCXX_[0-9.]*' not found" <<<"$loader" | sed "s/.*\`\(GLIBCXX_[0-9.]*\)'.*/\1/" | sort -u || true)"
weakened="$(grep -o "weak version \`GLIBCXX_[0-9.]*' not found" <<<"$loader" | sed "s/.*\`\(GLIBCXX_[0-9.]*\)'.*/\1/" | sort -u || true)"
system_libstdcxx="$(grep -o '/[^ ]*libstdc++\.so\.6' <<<"$loader" | head -n 1 || true)"

if [[ -z "$missing" ]]; then
    if [[ -n "$weakened" ]]; then
        say "libLibTorchSharp.so already patched for this machine's libstdc++ (${system_libstdcxx:-libstdc++.so.6}): weak $(tr '\n' ' ' <<<"$weakened")— nothing to do"
    else
        say "this machine's libstdc++ provides every version libLibTorchSharp.so needs — nothing to patch"
    fi
    exit 0
fi

if ! command -v python3 >/dev/null 2>&1; then
    say "installing python3 (to patch libLibTorchSharp.so)"
    sudo_cmd=""
    [[ "$(id -u)" == 0 ]] || sudo_cmd="sudo"
    $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-minimal >/dev/null
fi

for needed in $missing; do
    say "${system_libstdcxx:-libstdc++.so.6} lacks $needed, which $library requires"
    python3 "$repo_root/scripts/elf-weaken-version.py" "$library" libstdc++.so.6 "$needed" | sed 's/^/setup:   /' \
        || fail "could not mark $needed weak in $library (see above): TorchSharp cannot load on this machine"
    say "  marked the $needed requirement weak (VER_FLG_WEAK in .gnu.version_r): the loader now accepts its absence"
done

still="$(ldd "$library" 2>&1 | grep "libstdc++[^ ]*: version \`" || true)"
[[ -z "$still" ]] || fail "the loader still rejects $library: $still"
say "libLibTorchSharp.so now loads with this libstdc++; builds copy the patched file into their output folders"
say "(after 'dotnet nuget locals all --clear' or with another NUGET_PACKAGES folder, run this script again)"
