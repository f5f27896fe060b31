# Shared part of the toolchain files: Debian's cross compilers find the target's libraries in
# the multiarch directories (/usr/lib/<triple>, /usr/include/<triple>), and pkg-config must look
# only there so the build never links a host library by mistake.
set(CMAKE_C_COMPILER ${EDGE_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${EDGE_CROSS_TRIPLE}-g++)
set(CMAKE_LIBRARY_ARCHITECTURE ${EDGE_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH /usr/${EDGE_CROSS_TRIPLE} /usr/lib/${EDGE_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/${EDGE_CROSS_TRIPLE}/pkgconfig:/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-${CMAKE_SYSTEM_PROCESSOR}-static)
