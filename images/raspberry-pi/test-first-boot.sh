#!/usr/bin/env bash
# Tests the first-boot recipe as far as this machine can: the generated user-data is valid
# cloud-config (cloud-init schema, when Debian's cloud-init is installed), has every value
# filled in and the token private; bad inputs are refused; and customize-image.sh puts the
# files on the boot partition of a small image made here (when mtools and dosfstools are).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
passes=0
failures=0
check() {
    local what="$1"
    shift
    if "$@" >/dev/null 2>&1; then echo "ok   ${what}"; passes=$((passes + 1))
    else echo "FAIL ${what}"; failures=$((failures + 1)); fi
}

deb="${work}/edge-agent_0.1.0_arm64.deb"
echo "stand-in package" > "${deb}"
out="${work}/first-boot"
pin="sha256:abababababababababababababababababababababababababababababababab"
"${here}/first-boot.sh" --node pi1 --hub-broker mqtts://nuc.lan:8884 --token abc.DEF-123 \
    --ca-fingerprint "${pin}" \
    --deb "${deb}" --out "${out}" --timezone Europe/Berlin >/dev/null

check "every placeholder filled" bash -c "! grep -q '@[A-Z_]*@' '${out}/user-data' '${out}/meta-data'"
check "hostname set" grep -q '^hostname: pi1$' "${out}/user-data"
check "token written" grep -q 'abc.DEF-123' "${out}/user-data"
check "join command" grep -q "edge-agent join --broker 'mqtts://nuc.lan:8884' --node 'pi1'" "${out}/user-data"
check "CA pinned" grep -q -- "--ca-fingerprint '${pin}'" "${out}/user-data"
check "agent on mutual TLS" grep -q "'mqtts://nuc.lan:8883' 'pi1'" "${out}/user-data"
check "memory cgroup enabled on the boot command line" grep -q 'cgroup_enable=memory cgroup_memory=1' "${out}/user-data"
check "agent unit enabled" grep -q 'enable, edge-agent.service' "${out}/user-data"
check "user-data private" bash -c "[[ \$(stat -c %a '${out}/user-data') == 600 ]]"
check "package beside it" test -f "${out}/edgeorch/edge-agent_0.1.0_arm64.deb"
check "refuses a node name that is no hostname" bash -c \
    "! '${here}/first-boot.sh' --node Pi_1 --hub-broker mqtts://h:8884 --token t --ca-fingerprint '${pin}' --deb '${deb}' --out '${work}/x'"
check "refuses a token that could break the YAML" bash -c \
    "! '${here}/first-boot.sh' --node pi1 --hub-broker mqtts://h:8884 --token 'a\"b' --ca-fingerprint '${pin}' --deb '${deb}' --out '${work}/x'"
check "refuses a join over plain MQTT" bash -c \
    "! '${here}/first-boot.sh' --node pi1 --hub-broker mqtt://h:1883 --token t --ca-fingerprint '${pin}' --deb '${deb}' --out '${work}/x'"

if command -v cloud-init >/dev/null; then
    check "cloud-init schema accepts user-data" cloud-init schema --config-file "${out}/user-data"
    cloud-init schema --config-file "${out}/user-data" 2>&1 | tail -n 3
else
    echo "skip cloud-init schema: cloud-init is not installed"
fi

if command -v mkfs.vfat >/dev/null && command -v mcopy >/dev/null && command -v sfdisk >/dev/null; then
    # A stand-in for a Raspberry Pi OS image: an MBR with a FAT32 boot partition at 4 MiB.
    image="${work}/raspios.img"
    truncate -s 80M "${image}"
    echo 'start=8192, size=131072, type=c' | sfdisk --quiet "${image}"
    boot="${work}/boot.fat"
    truncate -s 64M "${boot}"
    mkfs.vfat -F 32 -n BOOTFS "${boot}" >/dev/null
    dd if="${boot}" of="${image}" bs=512 seek=8192 conv=notrunc status=none
    "${here}/customize-image.sh" "${image}" "${out}" >/dev/null
    export MTOOLS_SKIP_CHECK=1
    check "user-data on the boot partition" bash -c \
        "mtype -i '${image}@@$((8192 * 512))' ::/user-data | cmp - '${out}/user-data'"
    check "package on the boot partition" bash -c \
        "mdir -i '${image}@@$((8192 * 512))' ::/edgeorch | grep -q edge-agent_0"
else
    echo "skip image test: needs mtools, dosfstools and fdisk"
fi

echo "${passes} passed, ${failures} failed"
exit $((failures > 0 ? 1 : 0))
