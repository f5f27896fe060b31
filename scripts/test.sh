#!/usr/bin/env bash
# Everything CI checks, in timed stages: install the packages, build the product, run the
# end-to-end tests. Meanwhile, in the background at the lowest CPU and I/O priority, it builds
# once more with clang's AddressSanitizer and UndefinedBehaviorSanitizer
# (scripts/sanitizer-build.sh: one build for both) and runs the unit tests in it and, beside
# them, every libFuzzer target from that build for a short, bounded time (EDGE_FUZZ_SECONDS
# each, default 10); beside that chain, it cross-builds the agent and edgectl for arm64 and
# runs their unit tests under qemu-aarch64-static (scripts/ci-cross.sh; EDGE_SKIP_CROSS=1 skips
# it). The end-to-end tests mostly wait on dockerd, brokers and timeouts, so the compilers use
# the cores they leave idle; at nice 19 the tests' own processes still get the CPU first. Each
# stage prints its time, and a table of them closes the run. EDGE_SERIAL=1 runs the background
# stages in the foreground, after the others.
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
    echo "test.sh: stage times (background stages overlap the end-to-end tests)"
    printf '  %s\n' "${timings[@]}"
    echo "  total (wall clock)                       ${SECONDS} s"
}

# The background stages: each records "NAME|SECONDS|STATUS" in ${background_results}; their
# output goes to ${background_log}, printed once they are done.
background_results="$(mktemp /tmp/edge-ci-results.XXXXXX)"
background_log="$(mktemp /tmp/edge-ci-background.XXXXXX)"
background_pid=""
trap 'rm -f "${background_results}" "${background_log}" "${background_log}".*' EXIT

background_stage() {
    local name="$1"
    shift
    local started=${SECONDS} status=0
    echo "test.sh: ==> ${name} (background)"
    "$@" || status=$?
    echo "${name}|$((SECONDS - started))|${status}" >>"${background_results}"
    echo "test.sh: <== ${name}: $((SECONDS - started)) s$([[ ${status} -eq 0 ]] || echo ", FAILED (${status})")"
}

sanitizer_chain() {
    background_stage "sanitizer build (clang, ASan+UBSan+fuzzers)" scripts/sanitizer-build.sh
    if grep -q "^sanitizer build.*|0$" "${background_results}"; then
        # Side by side: the fuzzers run one target at a time, on one core, while the unit tests
        # mostly wait on brokers and timers. Each writes its own log, printed in order after.
        background_stage "fuzz targets" scripts/fuzz.sh "${EDGE_FUZZ_SECONDS:-10}" \
            >"${background_log}.fuzz" 2>&1 &
        local fuzz_pid=$!
        background_stage "unit tests under ASan+UBSan" \
            ctest --test-dir "${EDGE_ASAN_BUILD_DIR}" -L unit -j2 --output-on-failure
        wait "${fuzz_pid}" || true
        cat "${background_log}.fuzz"
        rm -f "${background_log}.fuzz"
    fi
}

cross_chain() {
    if [[ "${EDGE_SKIP_CROSS:-0}" != 1 && ${EUID} -eq 0 ]]; then
        background_stage "arm64 cross build and unit tests under qemu" scripts/ci-cross.sh
    fi
}

# The two chains run side by side: one after the other, the cross build alone outlasted the
# end-to-end tests by minutes, while side by side they share the cores the tests leave idle.
# Both at nice 19: giving the sanitizer chain the CPU first (nice 10) made a run longer, since
# the cross chain then ended alone in its unit tests under qemu, one process at a time.
# Each writes its output to its own log, so the two never interleave.
background_chains() {
    export CMAKE_BUILD_PARALLEL_LEVEL=2  # two compilers per chain: four in all on the 2 cores
    sanitizer_chain >"${background_log}.sanitizer" 2>&1 &
    local sanitizer_pid=$!
    cross_chain >"${background_log}.cross" 2>&1
    wait "${sanitizer_pid}"
    cat "${background_log}.sanitizer" "${background_log}.cross"
    rm -f "${background_log}.sanitizer" "${background_log}.cross"
}

# Waits for the background stages and adds them to the table and the failures.
join_background() {
    local started=${SECONDS} name took status
    if [[ -n "${background_pid}" ]]; then
        wait "${background_pid}" || true
        echo "test.sh: background stages done, $((SECONDS - started)) s after the foreground; their output:"
        cat "${background_log}.all"
    fi
    while IFS='|' read -r name took status; do
        timings+=("$(printf '%-40s %5d s  %s' "${name}" "${took}" "$([[ ${status} -eq 0 ]] && echo "ok, background" || echo FAILED)")")
        [[ ${status} -eq 0 ]] || failed+=("${name}")
    done <"${background_results}"
    if ! grep -q "^sanitizer build.*|0$" "${background_results}"; then
        failed+=("unit tests under ASan+UBSan (not run)" "fuzz targets (not run)")
    fi
}

if [[ ${EUID} -eq 0 ]]; then
    stage "install packages" scripts/install-deps.sh
    # Here, not in the background: the cross check would otherwise take dpkg's lock while the
    # package test runs dpkg -i.
    if [[ "${EDGE_SKIP_CROSS:-0}" != 1 ]]; then
        stage "install cross packages" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -q --no-install-recommends g++-aarch64-linux-gnu qemu-user-static
    fi
else
    echo "test.sh: not root; skipping install-deps.sh (the end-to-end tests will be skipped)" >&2
fi

# The product and what the end-to-end tests run. The unit tests are built and run once, in the
# sanitizer build, where ASan and UBSan check them as they run: building and running them here
# too cost the critical path about four minutes on 2 cores.
stage "build" scripts/build.sh "${build_dir}" -DEDGE_UNIT_TESTS_IN_ALL=OFF
if [[ ${#failed[@]} -gt 0 ]]; then
    summary
    echo "test.sh: FAILED: ${failed[*]}" >&2
    exit 1
fi
if [[ "${EDGE_SERIAL:-0}" == 1 ]]; then
    stage "end-to-end and packaging tests" ctest --test-dir "${build_dir}" -LE unit -j2 --output-on-failure
    sanitizer_chain
    cross_chain
else
    nice -n 19 ionice -c 2 -n 7 bash -c "$(declare -f background_stage sanitizer_chain cross_chain background_chains)
        background_results='${background_results}' background_log='${background_log}' background_chains" \
        >"${background_log}.all" 2>&1 &
    background_pid=$!
    stage "end-to-end and packaging tests" ctest --test-dir "${build_dir}" -LE unit -j2 --output-on-failure
fi
join_background

summary
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "test.sh: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "test.sh: all tests passed"
