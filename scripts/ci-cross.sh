#!/usr/bin/env bash
# CI's cross check: builds edge-agent, edgectl and the pure unit tests for arm64 with Debian's
# cross compiler and runs those tests under qemu-aarch64-static (scripts/cross-build.sh), then
# prints the binaries' sizes and how long it all took. Costly on a small machine: see
# docs/install.md for the measured time before adding it to .ci/run.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
started=${SECONDS}
"${repo_root}/scripts/cross-build.sh" arm64 --test
echo "ci-cross.sh: arm64 cross build and qemu unit tests took $((SECONDS - started)) s"
