#!/usr/bin/env bash
# Cross-builds edge-agent and edgectl for a Raspberry Pi with Debian's cross compilers.
# Usage: scripts/cross-build.sh arm64|armhf [--test] [--package]
#   (no flag)  builds edge-agent and edgectl into build-<arch>/
#   --test     also builds the pure unit tests and runs them under qemu-user-static
#   --package  also builds edge-hub and makes the .deb packages (build-<arch>/*.deb)
# As root it installs what it needs from Debian (cross compiler, qemu-user-static); the target's
# -dev packages go into a sysroot, build-cross/sysroot-<arch> (scripts/cross-sysroot.sh).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arch="${1:-}"
case "${arch}" in
    arm64) triple=aarch64-linux-gnu qemu=qemu-aarch64-static ;;
    armhf) triple=arm-linux-gnueabihf qemu=qemu-arm-static ;;
    *) echo "usage: scripts/cross-build.sh arm64|armhf [--test] [--package]" >&2; exit 2 ;;
esac
shift
run_tests=false
make_packages=false
for flag in "$@"; do
    case "${flag}" in
        --test) run_tests=true ;;
        --package) make_packages=true ;;
        *) echo "cross-build.sh: unknown flag ${flag}" >&2; exit 2 ;;
    esac
done

host_packages=("g++-${triple}" qemu-user-static)
missing=()
for package in "${host_packages[@]}"; do
    dpkg-query -W -f='${Status}' "${package}" 2>/dev/null | grep -q "install ok installed" ||
        missing+=("${package}")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    if [[ ${EUID} -ne 0 ]]; then
        echo "cross-build.sh: install ${missing[*]} (as root) first" >&2
        exit 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

sysroot="${repo_root}/build-cross/sysroot-${arch}"
"${repo_root}/scripts/cross-sysroot.sh" "${arch}" "${sysroot}"
export EDGE_CROSS_SYSROOT="${sysroot}"

build_dir="${repo_root}/build-${arch}"
# The host build's flags (-O2 -g1) unless EDGE_CROSS_FLAGS says otherwise, e.g. "-O0" for a
# check that only needs the code to compile and its tests to pass on the target
# (scripts/ci-cross.sh). Always passed, so a build directory never keeps another run's flags.
# GCC 12 at -O3 stops on a false -Wrestrict in std::string.
# Unit tests are built only when asked: they double the build time on a small machine.
cmake -S "${repo_root}" -B "${build_dir}" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=${EDGE_CROSS_FLAGS:--O2 -g1 -DNDEBUG}" \
    -DCMAKE_TOOLCHAIN_FILE="${repo_root}/cross-toolchains/${triple}.cmake" \
    -DEDGE_CROSS_SYSROOT="${sysroot}" -DEDGE_BUILD_TESTS="${run_tests}"

targets=(edge-agent edgectl)
unit_tests=(core_test schema_test compose_test agent_test edgectl_test)
if ${run_tests}; then targets+=("${unit_tests[@]}"); fi
if ${make_packages}; then targets+=(edge-hub); fi
cmake --build "${build_dir}" --target "${targets[@]}"
"${triple}-strip" -o "${build_dir}/edge-agent.stripped" "${build_dir}/agent/edge-agent"
"${triple}-strip" -o "${build_dir}/edgectl.stripped" "${build_dir}/edgectl/edgectl"
ls -l "${build_dir}/agent/edge-agent" "${build_dir}/edgectl/edgectl" \
    "${build_dir}/edge-agent.stripped" "${build_dir}/edgectl.stripped"

if ${run_tests}; then
    # Only the tests of pure logic and of parts with no server: the tests that start Mosquitto
    # or dockerd run on the host build, where those servers are.
    for test in "${unit_tests[@]}"; do
        path="$(find "${build_dir}" -name "${test}" -type f -perm -u+x | head -n1)"
        echo "cross-build.sh: ${test} under ${qemu}"
        "${qemu}" -L "${sysroot}" "${path}" --gtest_brief=1
    done
fi

if ${make_packages}; then
    cmake --build "${build_dir}"
    (cd "${build_dir}" && cpack -G DEB)
fi
echo "cross-build.sh: ${arch} build in ${build_dir}"
