#!/usr/bin/env bash
# CI's cross check: builds edge-agent, edgectl and the pure unit tests for arm64 with Debian's
# cross compiler and runs those tests under qemu-aarch64-static (scripts/cross-build.sh), then
# prints how long it all took. scripts/test.sh (and so CI) runs it beside the other builds,
# most of it compiling; the sysroot's packages come from Debian's archive the first time.
# Unoptimized (-O0): the check is that the code compiles for arm64 and its tests pass there,
# and the optimizer would take most of the compile time. The binaries' sizes it prints are
# therefore not the release sizes: `scripts/cross-build.sh arm64` builds those.
set -euo pipefail
export EDGE_CROSS_FLAGS="${EDGE_CROSS_FLAGS:--O0 -DNDEBUG}"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
started=${SECONDS}
"${repo_root}/scripts/cross-build.sh" arm64 --test
echo "ci-cross.sh: arm64 cross build and qemu unit tests took $((SECONDS - started)) s"
