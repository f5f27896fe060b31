# Cross-compile for 32-bit Raspberry Pi OS (armhf) with Debian's cross compiler:
#   dpkg --add-architecture armhf && apt-get update
#   apt-get install g++-arm-linux-gnueabihf libmosquitto-dev:armhf libcurl4-openssl-dev:armhf \
#       libspdlog-dev:armhf libyaml-cpp-dev:armhf libsqlite3-dev:armhf
#   cmake -S . -B build-armhf -DCMAKE_TOOLCHAIN_FILE=cross-toolchains/arm-linux-gnueabihf.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(EDGE_CROSS_TRIPLE arm-linux-gnueabihf)
include(${CMAKE_CURRENT_LIST_DIR}/debian-multiarch.cmake)
