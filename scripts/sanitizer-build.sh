#!/usr/bin/env bash
# The one sanitizer build: clang with AddressSanitizer and UndefinedBehaviorSanitizer, every
# library instrumented for libFuzzer's coverage too. It holds the unit tests (run again under
# the sanitizers by scripts/test.sh) and the libFuzzer targets (run by scripts/fuzz.sh), so CI
# compiles the sources once for both, and nothing else: no daemons, benchmarks or packages.
# Usage: scripts/sanitizer-build.sh   (EDGE_ASAN_BUILD_DIR chooses the directory: build-asan)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${EDGE_ASAN_BUILD_DIR:-${repo_root}/build-asan}"

# -O0 with line tables only: file and line in every stack of a report, and no optimizer, which
# halves the compile time of this build under the sanitizers (one batch of the hub: about 14 s
# of CPU instead of 25-34 s at -O1). The tests and the short fuzz runs of CI are no slower for
# it in any way that matters; EDGE_SANITIZER_OPT=-O1 gives the fuzzers more runs per second.
"${repo_root}/scripts/build.sh" "${build_dir}" \
    -DCMAKE_CXX_COMPILER=clang++ -DEDGE_SANITIZE=ON -DEDGE_FUZZ=ON \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=${EDGE_SANITIZER_OPT:--O0} -gline-tables-only -DNDEBUG" \
    "-DEDGE_DIRS=core;schema;compose;bus;security;supervision;hub;agent;edgectl;fuzz" \
    -- --target edge_unit_tests edge_fuzzers
