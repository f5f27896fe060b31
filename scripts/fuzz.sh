#!/usr/bin/env bash
# Runs each libFuzzer target (built with ASan + UBSan by scripts/sanitizer-build.sh, in the
# same build as the sanitized unit tests) for a bounded time, starting from the committed seed
# corpus in fuzz/corpus/<target>/ (copied, so the committed seeds never change). Two targets run
# at once (EDGE_FUZZ_JOBS). Exits non-zero when any target finds a crash, leak or sanitizer
# report; the reproducer is left in the build directory as crash-*/leak-*/timeout-*.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 30; EDGE_ASAN_BUILD_DIR: build-asan)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-30}"
build_dir="${EDGE_ASAN_BUILD_DIR:-${repo_root}/build-asan}"
export EDGE_ASAN_BUILD_DIR="${build_dir}"

# A no-op when scripts/test.sh has just built it.
"${repo_root}/scripts/sanitizer-build.sh"

work="$(mktemp -d /tmp/edge-fuzz-XXXXXX)"
trap 'rm -rf "${work}"' EXIT

# fuzz_target NAME: runs one target on a copy of its seeds; prints its log's tail on a finding.
fuzz_target() {
    local name="$1" target="${build_dir}/fuzz/fuzz_$1"
    [[ "${name}" == join_* || "${name}" =~ ^(desired|status|report|event|request|response|logs_command|log_batch|job_output)$ ]] &&
        target="${build_dir}/fuzz/fuzz_decode_${name}"
    mkdir -p "${work}/${name}"
    cp "${repo_root}/fuzz/corpus/${name}/"* "${work}/${name}/"
    echo "fuzz.sh: ${name} for ${seconds}s"
    if ! (cd "${build_dir}" && "${target}" -max_total_time="${seconds}" -max_len=65536 \
        -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 "${work}/${name}" \
        2>"${work}/${name}.log"); then
        tail -50 "${work}/${name}.log" >&2
        echo "fuzz.sh: ${name} FAILED" >&2
        return 1
    fi
    echo "fuzz.sh: ${name}: $(grep -E "^stat::number_of_executed_units" "${work}/${name}.log" || true)"
}

# Each target is one process on one core: EDGE_FUZZ_JOBS of them (default 2, the cores of a
# small machine) run at once, and every target still gets its full time.
jobs="${EDGE_FUZZ_JOBS:-2}"
running=0
failures=0
for seeds in "${repo_root}"/fuzz/corpus/*/; do
    if ((running >= jobs)); then
        wait -n || failures=$((failures + 1))
        running=$((running - 1))
    fi
    fuzz_target "$(basename "${seeds}")" &
    running=$((running + 1))
done
while ((running > 0)); do
    wait -n || failures=$((failures + 1))
    running=$((running - 1))
done
if ((failures > 0)); then
    echo "fuzz.sh: ${failures} target(s) FAILED" >&2
    exit 1
fi
echo "fuzz.sh: every target ran ${seconds}s without a finding"
