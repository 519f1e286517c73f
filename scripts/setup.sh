#!/usr/bin/env bash
# Installs what the tests need beyond the .NET SDK, then builds the libtorch shim.
#   - Debian's libtorch (1.13, CPU) and cmake, for the torch backend (src/Runtime/native).
# Idempotent and quick when everything is already there. Needs root for apt-get (CI and dev machines run as root).
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

missing=()
dpkg -s libtorch-dev >/dev/null 2>&1 || missing+=(libtorch-dev)
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
if ((${#missing[@]} > 0)); then
    echo "setup: installing ${missing[*]}"
    sudo_cmd=""
    [[ "$(id -u)" == 0 ]] || sudo_cmd="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo_cmd apt-get update -qq
    $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

bash "$repo_root/scripts/build-native.sh"
