#!/usr/bin/env bash
# The one sanitizer build: clang with AddressSanitizer and UndefinedBehaviorSanitizer, every
# library instrumented for libFuzzer's coverage too. It holds the unit tests (run again under
# the sanitizers by scripts/test.sh) and the libFuzzer targets (run by scripts/fuzz.sh), so CI
# compiles the sources once for both.
# Usage: scripts/sanitizer-build.sh   (EDGE_ASAN_BUILD_DIR chooses the directory: build-asan)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${EDGE_ASAN_BUILD_DIR:-${repo_root}/build-asan}"

# Only the parts with unit tests or fuzz targets: the benchmarks, images and packaging add
# build time, no test.
"${repo_root}/scripts/build.sh" "${build_dir}" \
    -DCMAKE_CXX_COMPILER=clang++ -DEDGE_SANITIZE=ON -DEDGE_FUZZ=ON \
    "-DEDGE_DIRS=core;schema;compose;bus;security;supervision;hub;agent;edgectl;fuzz"
