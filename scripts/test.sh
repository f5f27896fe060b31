#!/usr/bin/env bash
# Everything CI checks: install the packages, build, run the unit and end-to-end tests, build
# again with AddressSanitizer and UndefinedBehaviorSanitizer and run the unit tests, run every
# libFuzzer target for a short, bounded time (EDGE_FUZZ_SECONDS each, default 10), then
# cross-build the agent and edgectl for arm64 and run their unit tests under qemu-aarch64-static
# (scripts/ci-cross.sh; about 6 minutes on 2 cores; EDGE_SKIP_CROSS=1 skips it).
# Exits non-zero if any step fails. The end-to-end tests need root (they start dockerd).
# EDGE_BUILD_DIR and EDGE_ASAN_BUILD_DIR choose the build directories (build, build-asan).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${repo_root}"

if [[ ${EUID} -eq 0 ]]; then
    scripts/install-deps.sh
else
    echo "test.sh: not root; skipping install-deps.sh (the end-to-end tests will be skipped)" >&2
fi

build_dir="${EDGE_BUILD_DIR:-build}"
asan_build_dir="${EDGE_ASAN_BUILD_DIR:-build-asan}"
failed=()

scripts/build.sh "${build_dir}"
if ! ctest --test-dir "${build_dir}" --output-on-failure; then
    failed+=("unit and end-to-end tests (${build_dir})")
fi

# Only the parts with unit tests: the benchmarks, images and packaging add build time, no test.
scripts/build.sh "${asan_build_dir}" -DEDGE_SANITIZE=ON \
    "-DEDGE_DIRS=core;schema;compose;bus;security;supervision;hub;agent;edgectl"
if ! ctest --test-dir "${asan_build_dir}" -L unit --output-on-failure; then
    failed+=("unit tests under ASan+UBSan (${asan_build_dir})")
fi

if ! scripts/fuzz.sh "${EDGE_FUZZ_SECONDS:-10}"; then
    failed+=("fuzz targets")
fi

if [[ "${EDGE_SKIP_CROSS:-0}" != 1 && ${EUID} -eq 0 ]]; then
    if ! scripts/ci-cross.sh; then
        failed+=("arm64 cross build and unit tests under qemu")
    fi
fi

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "test.sh: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "test.sh: all tests passed"
