#!/usr/bin/env bash
# Installs every Debian 12 package edgeorch needs to build, test and run its demo:
# the toolchain, the -dev libraries, and the real parts the tests start (Mosquitto, dockerd,
# busybox-static for the offline test image). Must run as root. Safe to run again.
set -euo pipefail

packages=(
    # toolchain
    build-essential cmake ninja-build pkg-config ccache
    clang  # the sanitizer build, which also holds the libFuzzer targets (scripts/sanitizer-build.sh)
    # libraries (all from Debian; nothing is vendored)
    libsqlite3-dev libmosquitto-dev libhttp-parser-dev libcpp-httplib-dev zlib1g-dev libspdlog-dev libfmt-dev libyaml-cpp-dev
    nlohmann-json3-dev libcli11-dev googletest libgtest-dev libgmock-dev libssl-dev
    # the real parts the tests and the demo run
    mosquitto mosquitto-clients openssl docker.io busybox-static docker-registry
    iproute2 iptables procps curl ca-certificates sqlite3 jq
    python3  # the loopback webhook receiver of tests/e2e_day2_health_oom.sh
    # the web UI's test in a real browser (tests/e2e_web_ui.sh, tests/browser/web_ui_check.py)
    chromium chromium-driver python3-selenium
    tzdata  # /usr/share/zoneinfo: the zones of job schedules (core/jobs/tzif.h) and their tests
    # shipping: unit checks (systemd-analyze), .deb tests, first-boot image checks
    systemd adduser cloud-init mtools dosfstools fdisk
)

if [[ ${EUID} -ne 0 ]]; then
    echo "install-deps.sh: must run as root (it calls apt-get install)" >&2
    exit 1
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "${package}" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("${package}")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-deps.sh: all ${#packages[@]} packages are installed"
    exit 0
fi

echo "install-deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt or dpkg run (e.g. unattended-upgrades) instead of failing on its lock.
apt_options=(-o DPkg::Lock::Timeout=600)
apt-get "${apt_options[@]}" update
apt-get "${apt_options[@]}" install -y --no-install-recommends "${missing[@]}"
