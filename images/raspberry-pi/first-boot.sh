#!/usr/bin/env bash
# Makes the first-boot files that turn a stock Raspberry Pi OS Lite image into a node that joins
# an edgeorch cluster on its first boot: cloud-init's NoCloud user-data and meta-data (which
# Raspberry Pi OS reads from the boot partition) and the edge-agent package beside them.
# Usage: images/raspberry-pi/first-boot.sh --node NAME --hub-broker mqtts://HUB:8884 \
#            --token TOKEN --ca-fingerprint sha256:HEX --deb edge-agent_VERSION_arm64.deb \
#            --out DIR [--timezone ZONE]
# (--hub-broker, --token and --ca-fingerprint as in the join command `edgectl node add` prints;
# the node then runs against mutual TLS on port 8883 of the same host.)
# Then copy DIR's contents onto the boot partition (customize-image.sh does it to an image
# file), or check them with: cloud-init schema --config-file DIR/user-data
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
node="" hub_broker="" token="" fingerprint="" deb="" out="" timezone="Etc/UTC"
# Raspberry Pi OS 12 (Bookworm) and later mount the boot partition here.
boot="/boot/firmware"
usage() { sed -n '5,9p' "${BASH_SOURCE[0]}" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        --node) node="$2" ;;
        --hub-broker) hub_broker="$2" ;;
        --token) token="$2" ;;
        --ca-fingerprint) fingerprint="$2" ;;
        --deb) deb="$2" ;;
        --out) out="$2" ;;
        --timezone) timezone="$2" ;;
        *) usage ;;
    esac
    shift 2 || usage
done
[[ -n "${node}" && -n "${hub_broker}" && -n "${token}" && -n "${fingerprint}" && -n "${deb}" &&
    -n "${out}" ]] || usage
# The same rule as the agent's --node: it becomes a hostname and an MQTT topic level.
if [[ ! "${node}" =~ ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$ ]]; then
    echo "first-boot.sh: --node must be a lowercase hostname (a-z, 0-9, -)" >&2
    exit 2
fi
if [[ ! "${hub_broker}" =~ ^mqtts://([A-Za-z0-9.-]+)(:[0-9]+)?$ ]]; then
    echo "first-boot.sh: --hub-broker must look like mqtts://HOST:8884 (the broker's join port)" >&2
    exit 2
fi
node_broker="mqtts://${BASH_REMATCH[1]}:8883"
if [[ ! "${fingerprint}" =~ ^sha256:[0-9a-f]{64}$ ]]; then
    echo "first-boot.sh: --ca-fingerprint must look like sha256:<64 hex digits>" >&2
    exit 2
fi
if [[ ! "${token}" =~ ^[A-Za-z0-9._~+/=-]+$ ]]; then
    echo "first-boot.sh: --token has characters a join token never has" >&2
    exit 2
fi
[[ -f "${deb}" ]] || { echo "first-boot.sh: no package at ${deb}" >&2; exit 2; }

render() {
    sed -e "s|@NODE@|${node}|g" -e "s|@HUB_BROKER@|${hub_broker}|g" -e "s|@TOKEN@|${token}|g" \
        -e "s|@CA_FINGERPRINT@|${fingerprint}|g" -e "s|@NODE_BROKER@|${node_broker}|g" \
        -e "s|@DEB@|$(basename "${deb}")|g" -e "s|@BOOT@|${boot}|g" -e "s|@TIMEZONE@|${timezone}|g" \
        "$1"
}
mkdir -p "${out}/edgeorch"
render "${here}/user-data.in" > "${out}/user-data"
render "${here}/meta-data.in" > "${out}/meta-data"
cp "${deb}" "${out}/edgeorch/"
chmod 600 "${out}/user-data"
echo "first-boot.sh: wrote ${out}/user-data, ${out}/meta-data and ${out}/edgeorch/$(basename "${deb}")"
