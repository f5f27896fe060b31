# Cross-compile for 64-bit Raspberry Pi OS / Debian arm64 (Pi 3, 4, 5, Zero 2 W).
# Use through scripts/cross-build.sh arm64, which installs the cross compiler, makes the sysroot
# and passes EDGE_CROSS_SYSROOT. By hand:
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cross-toolchains/aarch64-linux-gnu.cmake \
#         -DEDGE_CROSS_SYSROOT=$PWD/build-cross/sysroot-arm64
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(EDGE_CROSS_TRIPLE aarch64-linux-gnu)
set(EDGE_DEBIAN_ARCH arm64)
set(EDGE_QEMU_ARCH aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/debian-multiarch.cmake)
