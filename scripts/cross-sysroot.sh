#!/usr/bin/env bash
# Makes a sysroot of Debian's -dev packages for a foreign architecture, for cross builds.
# Usage: scripts/cross-sysroot.sh arm64|armhf SYSROOT_DIR
#
# apt resolves and downloads the packages as if this were an arm64 (or armhf) machine with
# nothing installed: its own package lists and an empty dpkg status under SYSROOT_DIR.apt, so
# the host's dpkg database, locks and installed versions are never touched. dpkg -x then unpacks
# each package into SYSROOT_DIR, keeping Debian's multiarch layout. Runs again only when the
# package list changes. Needs no root.
set -euo pipefail

arch="${1:?usage: cross-sysroot.sh arm64|armhf SYSROOT_DIR}"
sysroot="${2:?usage: cross-sysroot.sh arm64|armhf SYSROOT_DIR}"
packages=(
    libc6-dev libstdc++-12-dev
    libmosquitto-dev libhttp-parser-dev libspdlog-dev libyaml-cpp-dev libsqlite3-dev
    libfmt-dev libssl-dev nlohmann-json3-dev libcli11-dev libgtest-dev libgmock-dev
    libcpp-httplib-dev
)

stamp="${sysroot}/.edge-sysroot-packages"
wanted="${arch}: ${packages[*]}"
if [[ -f "${stamp}" && "$(cat "${stamp}")" == "${wanted}" ]]; then
    echo "cross-sysroot.sh: ${sysroot} is up to date"
    exit 0
fi

apt_dir="${sysroot}.apt"
rm -rf "${sysroot}" "${apt_dir}"
mkdir -p "${apt_dir}/lists/partial" "${apt_dir}/archives/partial" "${apt_dir}/cache" "${sysroot}"
touch "${apt_dir}/status"
apt_options=(
    -q -o Debug::NoLocking=1
    -o APT::Architecture="${arch}" -o APT::Architectures::="${arch}"
    -o Dir::State::status="${apt_dir}/status" -o Dir::State::Lists="${apt_dir}/lists"
    -o Dir::Cache="${apt_dir}/cache" -o Dir::Cache::archives="${apt_dir}/archives"
)
# A mirror in the middle of a sync can fail one index (seen with bookworm-security); the
# download below then fails loudly if a package is really missing.
apt-get "${apt_options[@]}" update || echo "cross-sysroot.sh: some indexes failed; going on" >&2
apt-get "${apt_options[@]}" --download-only --no-install-recommends -y install "${packages[@]}"
for deb in "${apt_dir}"/archives/*.deb; do
    dpkg -x "${deb}" "${sysroot}"
done
rm -rf "${apt_dir}"
echo "${wanted}" > "${stamp}"
echo "cross-sysroot.sh: unpacked ${arch} packages into ${sysroot}"
