#!/usr/bin/env bash
# Runs each libFuzzer target (built with ASan + UBSan by scripts/sanitizer-build.sh, in the
# same build as the sanitized unit tests) for a bounded time, starting from the committed seed
# corpus in fuzz/corpus/<target>/ (copied, so the committed seeds never change). Exits non-zero
# on the first crash, leak or sanitizer report; the reproducer is left in the build directory
# as crash-*/leak-*/timeout-*.
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
for seeds in "${repo_root}"/fuzz/corpus/*/; do
    name="$(basename "${seeds}")"
    target="${build_dir}/fuzz/fuzz_${name}"
    [[ "${name}" == join_* || "${name}" =~ ^(desired|status|report|event|request|response|logs_command|log_batch)$ ]] &&
        target="${build_dir}/fuzz/fuzz_decode_${name}"
    mkdir -p "${work}/${name}"
    cp "${seeds}"* "${work}/${name}/"
    echo "fuzz.sh: ${name} for ${seconds}s"
    (cd "${build_dir}" && "${target}" -max_total_time="${seconds}" -max_len=65536 -rss_limit_mb=2048 \
        -timeout=10 -print_final_stats=1 "${work}/${name}" 2>"${work}/${name}.log") || {
        tail -50 "${work}/${name}.log" >&2
        echo "fuzz.sh: ${name} FAILED" >&2
        exit 1
    }
    grep -E "^stat::number_of_executed_units" "${work}/${name}.log" || true
done
echo "fuzz.sh: every target ran ${seconds}s without a finding"
