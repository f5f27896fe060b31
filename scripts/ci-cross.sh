#!/usr/bin/env bash
# CI's cross check: builds edge-agent, edgectl and the pure unit tests for arm64 with Debian's
# cross compiler and runs those tests under qemu-aarch64-static (scripts/cross-build.sh), then
# prints the binaries' sizes and how long it all took. scripts/test.sh (and so CI) runs it:
# about 6 minutes of 2 cores, most of it compiling; the sysroot's packages come from Debian's
# archive the first time.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
started=${SECONDS}
"${repo_root}/scripts/cross-build.sh" arm64 --test
echo "ci-cross.sh: arm64 cross build and qemu unit tests took $((SECONDS - started)) s"
