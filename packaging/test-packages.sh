#!/usr/bin/env bash
# Installs the amd64 edge-hub, edge-agent and edgectl packages on this machine with dpkg -i,
# checks their files, users and units, and runs the installed hub exactly as configured behind a
# real Mosquitto loading the installed broker configuration (on a loopback port), through to a
# node joining. Installs them again (the maintainer scripts must be idempotent), then removes
# them with dpkg -r and purges them with dpkg -P, checking what each step leaves behind: after
# -r only the configuration (conffiles and the broker's identities), after -P nothing.
# Usage: packaging/test-packages.sh BUILD_DIR   (the build must be complete)
# Exits 77 (skipped) when not root, when dpkg is busy, or when edgeorch is already installed
# here: a real installation is never touched. Whatever fails, the packages are purged on exit.
set -euo pipefail

# shellcheck source=scripts/lib/cluster.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/cluster.sh"
build_dir="$(cd "${1:?usage: test-packages.sh BUILD_DIR}" && pwd)"
packages=(edge-hub edge-agent edgectl)
skip() { echo "test-packages.sh: skipped: $*"; exit 77; }

[[ ${EUID} -eq 0 ]] || skip "needs root (it runs dpkg -i)"
command -v dpkg >/dev/null && command -v cpack >/dev/null || skip "needs dpkg and cpack"
for package in "${packages[@]}"; do
    if dpkg-query -W -f='${Status}' "${package}" 2>/dev/null | grep -q installed; then
        skip "${package} is already installed on this machine"
    fi
done
for user in edge-hub edge-agent; do
    getent passwd "${user}" >/dev/null && skip "user ${user} already exists on this machine"
done

work="$(mktemp -d)"
# Everything edgeorch may create outside dpkg's file lists, to compare before and after.
footprint() {
    {
        find /etc /lib/systemd /usr/bin /usr/share/doc /var/lib -xdev \
            \( -name '*edgeorch*' -o -path '/etc/edgeorch/*' -o -name 'edge-hub*' \
               -o -name 'edge-agent*' -o -name 'edgectl*' \) \
            2>/dev/null | grep -v '^/var/lib/dpkg/' || true  # dpkg's own records: see dpkg-query
        grep -E '^edge-(hub|agent):' /etc/passwd /etc/group || true
    } | sort
}
footprint > "${work}/before"

installed=false
cleanup() {
    stop_pid "${work}/hub.pid"
    stop_pid "${work}/mosquitto.pid"
    if ${installed}; then
        dpkg -P "${packages[@]}" >/dev/null 2>&1 || true
    fi
    rm -rf "${work}"
}
trap cleanup EXIT

passes=0
failures=0
check() {
    local what="$1"
    shift
    local output
    if output="$("$@" 2>&1)"; then
        echo "ok   ${what}"
        passes=$((passes + 1))
    else
        echo "FAIL ${what}"
        # What the check printed says which step failed.
        [[ -n "${output}" ]] && tail -n 20 <<<"${output}"
        failures=$((failures + 1))
    fi
}

# dpkg -i that reports a busy dpkg as a skip rather than a failure.
dpkg_install() {
    if ! dpkg -i "$@" > "${work}/dpkg.log" 2>&1; then
        if grep -qiE 'lock|locked' "${work}/dpkg.log"; then skip "dpkg is busy (locked)"; fi
        cat "${work}/dpkg.log"
        echo "FAIL dpkg -i"
        exit 1
    fi
}

(cd "${work}" && cpack -G DEB --config "${build_dir}/CPackConfig.cmake" -B "${work}/out" >/dev/null)
debs=("${work}"/out/*.deb)
[[ ${#debs[@]} -eq 3 ]] || { echo "FAIL expected 3 packages, got: ${debs[*]}"; exit 1; }
for deb in "${debs[@]}"; do echo "built $(basename "${deb}") ($(stat -c %s "${deb}") bytes)"; done

installed=true
dpkg_install "${debs[@]}"

for file in /usr/bin/edge-hub /usr/bin/edge-agent /usr/bin/edgectl; do
    check "${file} runs" "${file}" --help
done
# undeclared_libraries PACKAGE BINARY: prints each package whose library the binary loads
# directly (its NEEDED entries) that the package's Depends leaves out.
undeclared_libraries() {
    local depends library path owner
    depends="$(dpkg-query -W -f='${Depends}' "$1" | tr ',|' '\n\n' | awk '{print $1}')"
    for library in $(readelf -d "$2" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
        # "libc.so.6 => /lib/.../libc.so.6 (...)", or for the dynamic loader its path alone.
        path="$(ldd "$2" | awk -v lib="${library}" '$1 == lib { print $3 }
            $1 ~ "/" lib "$" { print $1 }' | head -n1)"
        # dpkg knows a file by the path its package installed, /lib or /usr/lib (merged /usr).
        owner="$({ dpkg -S "${path}" || dpkg -S "$(readlink -f "${path}")"; } 2>/dev/null |
            head -n1 | cut -d: -f1)"
        grep -qx "${owner:-unknown}" <<<"${depends}" || echo "${library} (${owner:-no package})"
    done
}
for pair in edge-hub:/usr/bin/edge-hub edge-agent:/usr/bin/edge-agent edgectl:/usr/bin/edgectl; do
    undeclared="$(undeclared_libraries "${pair%%:*}" "${pair#*:}")"
    [[ -z "${undeclared}" ]] || echo "${pair%%:*} loads, undeclared: ${undeclared}"
    check "${pair%%:*} depends on the package of every library it loads" test -z "${undeclared}"
done
for file in /lib/systemd/system/edge-hub.service /lib/systemd/system/edge-agent.service \
    /lib/systemd/system/mosquitto.service.d/edgeorch.conf /etc/edgeorch/hub.conf \
    /etc/edgeorch/agent.conf /etc/mosquitto/conf.d/edgeorch.conf \
    /etc/mosquitto/conf.d/edgeorch-broker.conf /etc/edgeorch/broker/dynamic-security.json \
    /usr/share/doc/edge-agent/install.md; do
    check "${file} installed" test -f "${file}"
done
for user in edge-hub edge-agent; do
    check "system user ${user}" bash -c "[[ \$(getent passwd ${user} | cut -d: -f3) -lt 1000 ]]"
    check "${user} cannot log in" bash -c "getent passwd ${user} | grep -qE '(nologin|false)$'"
done
for file in hub.env edgectl.env dynamic-security.json mosquitto.conf; do
    check "broker file ${file} private" bash -c "[[ \$(stat -c %a /etc/edgeorch/broker/${file}) == 600 ]]"
done
if getent passwd mosquitto >/dev/null; then
    check "mosquitto owns the identities it rewrites" bash -c \
        "[[ \$(stat -c %U /etc/edgeorch/broker/dynamic-security.json) == mosquitto ]]"
fi
check "anonymous access off" grep -qx 'allow_anonymous false' /etc/edgeorch/broker/mosquitto.conf
check "plain MQTT on loopback only" grep -qx 'listener 1883 127.0.0.1' /etc/edgeorch/broker/mosquitto.conf
check "mutual TLS on the LAN" grep -qx 'require_certificate true' /etc/edgeorch/broker/mosquitto.conf
check "the hub owns the CA key, 0600" bash -c \
    "[[ \$(stat -c '%U %a' /etc/edgeorch/broker/tls/ca.key) == 'edge-hub 600' ]]"
check "conffiles registered" bash -c \
    "dpkg-query -W -f='\${Conffiles}' edge-hub edge-agent | grep -q /etc/edgeorch/agent.conf"
if command -v systemd-analyze >/dev/null; then
    check "installed units verify cleanly" bash -c \
        "[[ -z \$(systemd-analyze verify /lib/systemd/system/edge-hub.service \
                  /lib/systemd/system/edge-agent.service 2>&1) ]]"
fi

# The installed parts, run as the units would run them: Mosquitto with the broker configuration
# the package wrote (moved to a free loopback port), edge-hub with its config file and
# EnvironmentFile, edgectl with the owner's credentials, and a node joining with its token.
run_installed_hub() {
    local port tls_port join_port http_port broker
    port="$(free_port)" || return 1
    tls_port="$(free_port)" || return 1
    join_port="$(free_port)" || return 1
    http_port="$(free_port)" || return 1
    broker="mqtt://127.0.0.1:${port}"
    # Debian's own mosquitto.conf with every file of its conf.d, as the packaged broker runs,
    # except for the port, the pid file, the log and the persistence directory.
    mkdir -p "${work}/conf.d" "${work}/persistence"
    chown mosquitto "${work}/persistence" 2>/dev/null || true
    cp /etc/mosquitto/conf.d/*.conf "${work}/conf.d/"
    sed -E -i -e "s/^listener 1883 .*/listener ${port} 127.0.0.1/" \
        -e "s/^listener 8883 .*/listener ${tls_port} 127.0.0.1/" \
        -e "s/^listener 8884 .*/listener ${join_port} 127.0.0.1/" "${work}/conf.d/edgeorch-broker.conf"
    sed -E -e '/^(pid_file|log_dest) /d' \
        -e "s|^persistence_location .*|persistence_location ${work}/persistence/|" \
        -e "s|^include_dir .*|include_dir ${work}/conf.d|" \
        /etc/mosquitto/mosquitto.conf > "${work}/mosquitto.conf"
    mosquitto -c "${work}/mosquitto.conf" > "${work}/mosquitto.log" 2>&1 &
    echo $! > "${work}/mosquitto.pid"
    wait_for 10 "the broker" port_open "${port}" || { echo "  the broker did not listen"; return 1; }
    (
        set -a
        # shellcheck disable=SC1091
        . /etc/edgeorch/broker/hub.env
        # The dashboard on loopback here, not on the LAN as the shipped config has it.
        exec /usr/bin/edge-hub --config /etc/edgeorch/hub.conf --broker "${broker}" \
            --db "${work}/hub.db" --backup-dir "${work}/backups" \
            --http-listen "127.0.0.1:${http_port}"
    ) > "${work}/hub.log" 2>&1 &
    echo $! > "${work}/hub.pid"
    edgectl_installed() {
        (
            set -a
            # shellcheck disable=SC1091
            . /etc/edgeorch/broker/edgectl.env
            exec /usr/bin/edgectl --broker "${broker}" --timeout 5s "$@"
        )
    }
    wait_for 20 "the hub to answer" edgectl_installed node ls ||
        { echo "  the hub did not answer edgectl"; return 1; }
    local command token pin
    command="$(edgectl_installed node add pi1)"
    token="$(grep -oE -- '--token [0-9a-f]+' <<<"${command}" | cut -d' ' -f2)"
    pin="$(grep -oE -- '--ca-fingerprint sha256:[0-9a-f]+' <<<"${command}" | cut -d' ' -f2)"
    [[ -n "${token}" && -n "${pin}" ]] || { echo "  node add printed: ${command}"; return 1; }
    /usr/bin/edge-agent join --broker "mqtts://127.0.0.1:${join_port}" --node pi1 \
        --token "${token}" --ca-fingerprint "${pin}" --state-dir "${work}/agent-state" ||
        { echo "  edge-agent join failed"; return 1; }
    [[ -s "${work}/agent-state/tls/node.crt" ]] || { echo "  the node got no certificate"; return 1; }
    grep -q '"node:pi1"' /etc/edgeorch/broker/dynamic-security.json ||
        { echo "  the broker has no identity for the node"; return 1; }
    # The dashboard over HTTPS, with the certificate the package's `edge-hub init` made.
    curl -sf --cacert /etc/edgeorch/broker/tls/ca.crt "https://127.0.0.1:${http_port}/" |
        grep -q '<title>edgeorch</title>' || { echo "  no dashboard over HTTPS"; return 1; }
}
if command -v mosquitto >/dev/null; then
    check "installed hub serves edgectl and its dashboard, and a node joins" run_installed_hub
    stop_pid "${work}/hub.pid"
    stop_pid "${work}/mosquitto.pid"
    if ((failures > 0)); then tail -n 20 "${work}/mosquitto.log" "${work}/hub.log" || true; fi
fi
password_before="$(cat /etc/edgeorch/broker/hub.env)"

# Again, over itself: the maintainer scripts must not fail or change the credentials.
dpkg_install "${debs[@]}"
check "reinstall keeps the hub password" bash -c "[[ \"\$(cat /etc/edgeorch/broker/hub.env)\" == '${password_before}' ]]"
check "reinstall keeps the joined node" grep -q '"node:pi1"' /etc/edgeorch/broker/dynamic-security.json

# Enabled as `edge-agent join` will do; removal must take the links away too.
systemctl enable edge-agent.service edge-hub.service >/dev/null 2>&1 || true
check "units can be enabled" test -L /etc/systemd/system/multi-user.target.wants/edge-agent.service

dpkg -r "${packages[@]}" > "${work}/dpkg.log" 2>&1 || { cat "${work}/dpkg.log"; echo "FAIL dpkg -r"; exit 1; }
footprint > "${work}/after-remove"
# dpkg -r keeps configuration by design (the next install finds it again), and with it the
# cluster's CA and the certificates it issued, so a reinstall keeps every node's pin; purge
# removes them.
cat > "${work}/expected-after-remove" <<'LIST'
/etc/edgeorch
/etc/edgeorch/agent.conf
/etc/edgeorch/broker
/etc/edgeorch/broker/dynamic-security.json
/etc/edgeorch/broker/edgectl.env
/etc/edgeorch/broker/hub.env
/etc/edgeorch/broker/mosquitto.conf
/etc/edgeorch/broker/tls
/etc/edgeorch/broker/tls/ca.crt
/etc/edgeorch/broker/tls/ca.key
/etc/edgeorch/broker/tls/ca.srl
/etc/edgeorch/broker/tls/crl.pem
/etc/edgeorch/broker/tls/edge-hub.crt
/etc/edgeorch/broker/tls/edge-hub.key
/etc/edgeorch/broker/tls/edgectl.crt
/etc/edgeorch/broker/tls/edgectl.key
/etc/edgeorch/broker/tls/http.crt
/etc/edgeorch/broker/tls/http.key
/etc/edgeorch/broker/tls/issued
/etc/edgeorch/broker/tls/issued/pi1
/etc/edgeorch/broker/tls/server.crt
/etc/edgeorch/broker/tls/server.key
/etc/edgeorch/hub.conf
/etc/mosquitto/conf.d/edgeorch-broker.conf
/etc/mosquitto/conf.d/edgeorch.conf
LIST
grep -E '^edge-(hub|agent):' /etc/passwd /etc/group | sort >> "${work}/expected-after-remove" || true
sort -o "${work}/expected-after-remove" "${work}/expected-after-remove"
comm -13 "${work}/before" "${work}/after-remove" > "${work}/left-after-remove"
check "dpkg -r leaves only configuration and users" \
    diff -u "${work}/expected-after-remove" "${work}/left-after-remove"
diff -u "${work}/expected-after-remove" "${work}/left-after-remove" || true

dpkg -P "${packages[@]}" > "${work}/dpkg.log" 2>&1 || { cat "${work}/dpkg.log"; echo "FAIL dpkg -P"; exit 1; }
installed=false
footprint > "${work}/after-purge"
check "dpkg -P leaves nothing behind" diff -u "${work}/before" "${work}/after-purge"
diff -u "${work}/before" "${work}/after-purge" || true
check "no edgeorch package known to dpkg" bash -c \
    "! dpkg-query -W -f='\${Status}\n' ${packages[*]} 2>/dev/null | grep -q installed"

echo "${passes} passed, ${failures} failed"
exit $((failures > 0 ? 1 : 0))
