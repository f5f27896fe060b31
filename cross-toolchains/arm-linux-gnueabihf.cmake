# Cross-compile for 32-bit Raspberry Pi OS / Debian armhf (Pi 2, 3, 4 and Zero 2 W on a 32-bit
# OS). Use through scripts/cross-build.sh armhf, which installs the cross compiler, makes the
# sysroot and passes EDGE_CROSS_SYSROOT. By hand:
#   cmake -S . -B build-armhf -DCMAKE_TOOLCHAIN_FILE=cross-toolchains/arm-linux-gnueabihf.cmake \
#         -DEDGE_CROSS_SYSROOT=$PWD/build-cross/sysroot-armhf
# Debian's armhf is ARMv7 with VFPv3-D16; the original Pi 1 and Pi Zero (ARMv6) cannot run it.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(EDGE_CROSS_TRIPLE arm-linux-gnueabihf)
set(EDGE_DEBIAN_ARCH armhf)
set(EDGE_QEMU_ARCH arm)
include(${CMAKE_CURRENT_LIST_DIR}/debian-multiarch.cmake)
