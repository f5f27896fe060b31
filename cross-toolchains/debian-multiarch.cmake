# Shared part of the toolchain files. The compilers are Debian's cross compilers
# (g++-aarch64-linux-gnu, g++-arm-linux-gnueabihf). The target's libraries are Debian's own
# multiarch -dev packages for that architecture, unpacked into a sysroot by
# scripts/cross-sysroot.sh rather than installed into the host: a multiarch install needs every
# shared package at the same version for both architectures, which breaks whenever the host's
# security updates run ahead of the foreign architecture's index. The sysroot keeps Debian's
# multiarch layout (/usr/lib/<triple>, /usr/include/<triple>), so the compiler finds it unchanged.
#
# EDGE_CROSS_SYSROOT (cache variable or environment) names that sysroot.
if(NOT EDGE_CROSS_SYSROOT)
  set(EDGE_CROSS_SYSROOT "$ENV{EDGE_CROSS_SYSROOT}")
endif()
if(NOT EDGE_CROSS_SYSROOT OR NOT IS_DIRECTORY "${EDGE_CROSS_SYSROOT}/usr/lib/${EDGE_CROSS_TRIPLE}")
  message(FATAL_ERROR "EDGE_CROSS_SYSROOT must name a sysroot made by scripts/cross-sysroot.sh "
                      "(got \"${EDGE_CROSS_SYSROOT}\"); scripts/cross-build.sh makes one for you")
endif()
set(EDGE_CROSS_SYSROOT "${EDGE_CROSS_SYSROOT}" CACHE PATH "sysroot of the target's -dev packages")
# CMake's compiler checks run in scratch projects that see only the variables listed here.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES EDGE_CROSS_SYSROOT)

set(CMAKE_C_COMPILER ${EDGE_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${EDGE_CROSS_TRIPLE}-g++)
set(CMAKE_LIBRARY_ARCHITECTURE ${EDGE_CROSS_TRIPLE})
set(CMAKE_SYSROOT "${EDGE_CROSS_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH "${EDGE_CROSS_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config must look only in the sysroot, so the build never links a host library by mistake.
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${EDGE_CROSS_SYSROOT}")
set(ENV{PKG_CONFIG_LIBDIR}
    "${EDGE_CROSS_SYSROOT}/usr/lib/${EDGE_CROSS_TRIPLE}/pkgconfig:${EDGE_CROSS_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# Test executables run under Debian's qemu-user-static, which loads the target's dynamic loader
# and libraries from the sysroot (-L).
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-${EDGE_QEMU_ARCH}-static -L "${EDGE_CROSS_SYSROOT}")

# CPack names the .deb after Debian's architecture, not the host's.
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${EDGE_DEBIAN_ARCH} CACHE STRING "")
