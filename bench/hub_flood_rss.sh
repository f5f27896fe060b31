#!/usr/bin/env bash
# Measures edge-hub's resident memory while one joined node floods it with messages just under
# the broker's size limit, on the broker `edge-hub init` sets up (loopback only; no dockerd).
# Three publishers send COUNT messages of SIZE bytes each (defaults 40 and 4,000,000) on the
# node's status topic, with the node's own identity; the script samples the hub's VmRSS every
# 0.2 s and checks that the hub still answers edgectl afterwards.
# Usage: bench/hub_flood_rss.sh [SIZE] [COUNT]   (binaries from build/)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/cluster.sh
source "${repo}/scripts/lib/cluster.sh"
size="${1:-4000000}"
count="${2:-40}"
edgectl_bin="${repo}/build/edgectl/edgectl"
work="$(mktemp -d /tmp/edge-hub-flood.XXXXXX)"
publishers=()
cleanup() {
    local pid
    for pid in "${publishers[@]}"; do stop_pid "${pid}" 2; done
    stop_hub "${work}/hub"
    stop_mosquitto "${work}/mosquitto"
    rm -rf "${work}"
}
trap cleanup EXIT

port="$(free_port)"
secure_broker_setup "${work}/broker" "${port}"
start_mosquitto "${work}/mosquitto" "${port}"
start_hub "${work}/hub" "mqtt://127.0.0.1:${port}"
join_agent "${work}" "mqtt://127.0.0.1:${port}" pi1 "${edgectl_bin}"
# The node's identity; its password also works on the broker's loopback port.
user="$(jq -r .username "${work}/agent-pi1/credentials.json")"
pass="$(jq -r .password "${work}/agent-pi1/credentials.json")"
hub_pid="$(cat "${work}/hub/hub.pid")"
rss() { awk '/^VmRSS/{print $2}' "/proc/${hub_pid}/status"; }

before="$(rss)"
head -c "${size}" /dev/zero | tr '\0' x >"${work}/line"
for _ in $(seq 1 "${count}"); do
    cat "${work}/line"
    echo
done >"${work}/flood.txt"
start="$(date +%s%3N)"
for _ in 1 2 3; do
    mosquitto_pub -p "${port}" -u "${user}" -P "${pass}" -q 1 -t edgeorch/nodes/pi1/status -l \
        <"${work}/flood.txt" >>"${work}/publishers.log" 2>&1 &
    publishers+=($!)
done
peak="${before}"
while kill -0 "${publishers[@]}" 2>/dev/null; do
    now="$(rss)"
    ((now > peak)) && peak="${now}"
    sleep 0.2
done
elapsed=$(($(date +%s%3N) - start))
sleep 2
"${edgectl_bin}" --broker "mqtt://127.0.0.1:${port}" --timeout 5s node ls >/dev/null ||
    { echo "FAIL: the hub does not answer after the flood" >&2; exit 1; }
echo "measured $(date -u '+%Y-%m-%d %H:%M UTC') by: bench/hub_flood_rss.sh ${size} ${count}"
echo "flood: $((3 * count)) messages of ${size} bytes in ${elapsed} ms"
echo "hub VmRSS: ${before} KiB before, ${peak} KiB at most during the flood, $(rss) KiB after"
echo "dropped by the hub's bounds (log lines, rate-limited): $(grep -c 'overloaded\|larger than' "${work}/hub/hub.log" || true)"
