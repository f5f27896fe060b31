#!/usr/bin/env bash
# Configures and builds edgeorch with CMake and Ninja.
# Usage: scripts/build.sh [BUILD_DIR] [extra cmake arguments...]
#   BUILD_DIR defaults to "build"; a relative BUILD_DIR is taken from the repository root.
#   e.g. scripts/build.sh build-asan -DEDGE_SANITIZE=ON
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${1:-build}"
if [[ $# -gt 0 ]]; then
    shift
fi
if [[ "${build_dir}" != /* ]]; then
    build_dir="${repo_root}/${build_dir}"
fi

cmake -S "${repo_root}" -B "${build_dir}" -G Ninja "$@"
cmake --build "${build_dir}"
