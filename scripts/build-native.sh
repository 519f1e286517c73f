#!/usr/bin/env bash
# Builds the libtorch C shim (src/Runtime/native) into src/Runtime/native/build/libcontractdsl_torch.so.
#
#   bash scripts/build-native.sh [extra cmake -D options]
#
# libtorch is taken from $TORCH_CMAKE_PREFIX_PATH when set (e.g. a PyTorch install:
#   TORCH_CMAKE_PREFIX_PATH="$(python -c 'import torch;print(torch.utils.cmake_prefix_path)')"),
# else from the Debian package (apt-get install -y libtorch-dev cmake).
# Idempotent: when already configured for the same prefix it only runs the (no-op) incremental build.
# Runtime.csproj copies the result to every dependent's output folder when it exists.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source_dir="$repo_root/src/Runtime/native"
build_dir="$source_dir/build"
prefix="${TORCH_CMAKE_PREFIX_PATH:-/usr/lib/x86_64-linux-gnu/cmake}"
install_hint="install them with: apt-get install -y libtorch-dev cmake
  (or set TORCH_CMAKE_PREFIX_PATH to a PyTorch install: python -c 'import torch;print(torch.utils.cmake_prefix_path)')"

fail() {
    echo "build-native.sh: error: $*" >&2
    exit 1
}

command -v cmake >/dev/null 2>&1 || fail "cmake is not installed; $install_hint"
command -v c++ >/dev/null 2>&1 || command -v g++ >/dev/null 2>&1 || fail "no C++ compiler (c++/g++) found; apt-get install -y g++"

# Fail early with a clear message instead of a CMake error when libtorch is missing.
found_config=""
IFS=';' read -r -a prefix_entries <<<"$prefix"
for entry in "${prefix_entries[@]}"; do
    for candidate in "$entry/Torch/TorchConfig.cmake" "$entry/TorchConfig.cmake" "$entry/cmake/Torch/TorchConfig.cmake"; do
        if [[ -f "$candidate" ]]; then
            found_config="$candidate"
            break 2
        fi
    done
done
[[ -n "$found_config" ]] || fail "libtorch not found (no Torch/TorchConfig.cmake under '$prefix'); $install_hint"

# Reconfigure only when needed: first build, another prefix, or extra cmake options given.
stamp="$build_dir/.cdt-configured-for"
wanted="$prefix|$*"
if [[ ! -f "$build_dir/CMakeCache.txt" || ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
    echo "build-native.sh: configuring with CMAKE_PREFIX_PATH=$prefix ($found_config)"
    rm -f "$stamp"
    cmake -S "$source_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release "-DCMAKE_PREFIX_PATH=$prefix" "$@" \
        || fail "cmake configure failed (see above)"
    printf '%s' "$wanted" >"$stamp"
fi

jobs="$(nproc 2>/dev/null || echo 2)"
cmake --build "$build_dir" --parallel "$jobs" || fail "native build failed (see above)"

library="$build_dir/libcontractdsl_torch.so"
[[ -f "$library" ]] || fail "build finished but $library is missing"
echo "build-native.sh: $library"
