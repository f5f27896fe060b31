#!/usr/bin/env bash
# Configures and builds edgeorch with CMake and Ninja.
# Usage: scripts/build.sh [BUILD_DIR] [extra cmake arguments...] [-- build arguments...]
#   BUILD_DIR defaults to "build"; a relative BUILD_DIR is taken from the repository root.
#   e.g. scripts/build.sh build-asan -DEDGE_SANITIZE=ON -- --target edge_unit_tests
# CMake picks up ccache when it is installed (CMakeLists.txt). The settings below let two
# checkouts share the cache (paths are hashed relative to the checkout) and let ccache cache
# sources built with precompiled headers (cmake/precompiled.cmake).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${1:-build}"
if [[ $# -gt 0 ]]; then
    shift
fi
if [[ "${build_dir}" != /* ]]; then
    build_dir="${repo_root}/${build_dir}"
fi

export CCACHE_BASEDIR="${CCACHE_BASEDIR:-${repo_root}}"
export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros,include_file_mtime,include_file_ctime}"
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-true}"
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"

configure_args=()
while [[ $# -gt 0 && "$1" != "--" ]]; do
    configure_args+=("$1")
    shift
done
[[ $# -gt 0 ]] && shift  # the "--"

cmake -S "${repo_root}" -B "${build_dir}" -G Ninja "${configure_args[@]}"
cmake --build "${build_dir}" "$@"
