#!/usr/bin/env bash
# Everything CI checks, in timed stages: install the packages, build, run the unit tests and
# the end-to-end tests, build once more with clang's AddressSanitizer and
# UndefinedBehaviorSanitizer (scripts/sanitizer-build.sh: one build for both) and run the unit
# tests in it, run every libFuzzer target from that build for a short, bounded time
# (EDGE_FUZZ_SECONDS each, default 10), then cross-build the agent and edgectl for arm64 and
# run their unit tests under qemu-aarch64-static (scripts/ci-cross.sh; EDGE_SKIP_CROSS=1 skips
# it). Each stage prints its time, and a table of them closes the run.
# Exits non-zero if any step fails. The end-to-end tests need root (they start dockerd).
# EDGE_BUILD_DIR and EDGE_ASAN_BUILD_DIR choose the build directories (build, build-asan).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${repo_root}"

# Every build of the run (scripts/build.sh and the arm64 cross build) shares one ccache, with
# paths hashed relative to this checkout so that any clone of the repository hits it.
export CCACHE_BASEDIR="${repo_root}"
export CCACHE_SLOPPINESS="pch_defines,time_macros,include_file_mtime,include_file_ctime"
# -g would otherwise put the build directory into the hash; the debug info of a cached object
# then names the directory it was first built in, which only matters to a debugger.
export CCACHE_NOHASHDIR=true

build_dir="${EDGE_BUILD_DIR:-build}"
export EDGE_ASAN_BUILD_DIR="${EDGE_ASAN_BUILD_DIR:-${repo_root}/build-asan}"
failed=()
timings=()

# stage NAME COMMAND...: runs the command, records its time and whether it failed.
stage() {
    local name="$1"
    shift
    local started=${SECONDS}
    echo "test.sh: ==> ${name}"
    local status=0
    "$@" || status=$?
    local took=$((SECONDS - started))
    timings+=("$(printf '%-40s %5d s  %s' "${name}" "${took}" "$([[ ${status} -eq 0 ]] && echo ok || echo FAILED)")")
    echo "test.sh: <== ${name}: ${took} s$([[ ${status} -eq 0 ]] || echo ", FAILED (${status})")"
    [[ ${status} -eq 0 ]] || failed+=("${name}")
    return 0
}

summary() {
    echo "test.sh: stage times"
    printf '  %s\n' "${timings[@]}"
    echo "  total                                    ${SECONDS} s"
}

if [[ ${EUID} -eq 0 ]]; then
    stage "install packages" scripts/install-deps.sh
else
    echo "test.sh: not root; skipping install-deps.sh (the end-to-end tests will be skipped)" >&2
fi

stage "build" scripts/build.sh "${build_dir}"
if [[ ${#failed[@]} -gt 0 ]]; then
    summary
    echo "test.sh: FAILED: ${failed[*]}" >&2
    exit 1
fi
stage "unit tests" ctest --test-dir "${build_dir}" -L unit --output-on-failure
stage "end-to-end and packaging tests" ctest --test-dir "${build_dir}" -LE unit --output-on-failure
stage "sanitizer build (clang, ASan+UBSan+fuzzers)" scripts/sanitizer-build.sh
stage "unit tests under ASan+UBSan" ctest --test-dir "${EDGE_ASAN_BUILD_DIR}" -L unit --output-on-failure
stage "fuzz targets" scripts/fuzz.sh "${EDGE_FUZZ_SECONDS:-10}"
if [[ "${EDGE_SKIP_CROSS:-0}" != 1 && ${EUID} -eq 0 ]]; then
    stage "arm64 cross build and unit tests under qemu" scripts/ci-cross.sh
fi

summary
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "test.sh: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "test.sh: all tests passed"
