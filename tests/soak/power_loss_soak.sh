#!/usr/bin/env bash
# The long power-loss torture: 300 cycles of random operations and kill -9s (see
# tests/e2e_torture.sh), printing the totals at the end. Takes a few hours; run as root.
# Usage: tests/soak/power_loss_soak.sh [BUILD_DIR]   (BUILD_DIR defaults to build)
#   EDGE_TORTURE_CYCLES and EDGE_TORTURE_SEED override the cycle count (300) and the seed
#   (default: a new one each run, printed so a failure can be replayed).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build_dir="${1:-${repo_root}/build}"
export EDGE_TORTURE_CYCLES="${EDGE_TORTURE_CYCLES:-300}"
export EDGE_TORTURE_SEED="${EDGE_TORTURE_SEED:-$(date +%s)}"
exec bash "${repo_root}/tests/e2e_torture.sh" "${build_dir}/hub/edge-hub" \
    "${build_dir}/agent/edge-agent" "${build_dir}/edgectl/edgectl"
