# Cross-compile for 64-bit Raspberry Pi OS / Debian arm64 (Pi 3, 4, 5, Zero 2 W) with Debian's
# cross compiler and multiarch -dev packages:
#   dpkg --add-architecture arm64 && apt-get update
#   apt-get install g++-aarch64-linux-gnu libmosquitto-dev:arm64 libcurl4-openssl-dev:arm64 \
#       libspdlog-dev:arm64 libyaml-cpp-dev:arm64 libsqlite3-dev:arm64
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cross-toolchains/aarch64-linux-gnu.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(EDGE_CROSS_TRIPLE aarch64-linux-gnu)
include(${CMAKE_CURRENT_LIST_DIR}/debian-multiarch.cmake)
