#!/usr/bin/env bash
# Checks the systemd units as CI does: `systemd-analyze verify` on each unit must print nothing
# to stderr, and `systemd-analyze security --offline=true` must rate each service's exposure at
# or below EDGE_UNIT_EXPOSURE_MAX, in tenths (default 20, i.e. 2.0: "OK").
# Usage: systemd/check-units.sh EDGE_HUB_BINARY EDGE_AGENT_BINARY
# The units name /usr/bin/...; verify also checks that ExecStart is executable, so the copies it
# checks point at the binaries just built. Exits 77 (skipped) without systemd-analyze.
set -euo pipefail

units_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
hub_binary="${1:?usage: check-units.sh EDGE_HUB_BINARY EDGE_AGENT_BINARY}"
agent_binary="${2:?usage: check-units.sh EDGE_HUB_BINARY EDGE_AGENT_BINARY}"
exposure_max="${EDGE_UNIT_EXPOSURE_MAX:-20}"

if ! command -v systemd-analyze >/dev/null; then
    echo "check-units.sh: systemd-analyze not found (Debian package systemd); skipping" >&2
    exit 77
fi

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
sed -e "s|/usr/bin/edge-hub|${hub_binary}|" "${units_dir}/edge-hub.service" > "${work}/edge-hub.service"
sed -e "s|/usr/bin/edge-agent|${agent_binary}|" "${units_dir}/edge-agent.service" \
    > "${work}/edge-agent.service"
# The CRL reload pair runs nothing of ours for long; it is verified, not rated.
cp "${units_dir}/edgeorch-crl.path" "${units_dir}/edgeorch-crl.service" "${work}/"
units=("${work}/edge-hub.service" "${work}/edge-agent.service" "${work}/edgeorch-crl.path"
    "${work}/edgeorch-crl.service")
# The Mosquitto drop-in is checked merged into Debian's mosquitto.service, when installed.
if [[ -f /lib/systemd/system/mosquitto.service ]]; then
    cp /lib/systemd/system/mosquitto.service "${work}/"
    cp -r "${units_dir}/mosquitto.service.d" "${work}/"
    units+=("${work}/mosquitto.service")
fi

failed=0
for unit in "${units[@]}"; do
    name="$(basename "${unit}")"
    if ! systemd-analyze verify --man=no "${unit}" 2> "${work}/stderr" || [[ -s "${work}/stderr" ]]; then
        echo "FAIL verify ${name}:" >&2
        cat "${work}/stderr" >&2
        failed=1
    else
        echo "ok   verify ${name}"
    fi
done
for unit in "${work}/edge-hub.service" "${work}/edge-agent.service"; do
    name="$(basename "${unit}")"
    if systemd-analyze security --offline=true --threshold="${exposure_max}" "${unit}" \
        > "${work}/security" 2>&1; then
        echo "ok   security ${name}: $(grep -o 'exposure level.*' "${work}/security")"
    else
        echo "FAIL security ${name} (threshold ${exposure_max}):" >&2
        grep -E '✗|exposure' "${work}/security" >&2
        failed=1
    fi
done
exit "${failed}"
