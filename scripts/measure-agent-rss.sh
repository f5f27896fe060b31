#!/usr/bin/env bash
# Measures edge-agent's resident memory when idle, on the broker `edge-hub init` sets up (loopback
# ports only): the node joins as an operator's would (`edgectl node add`, `edge-agent join`), then
# the measured agent connects with the node's certificate to the mutual-TLS listener, as every
# node does, and holds an empty desired set. After SETTLE seconds (default 20) it prints the
# agent's RSS, PSS, private memory and the number of shared libraries it maps.
# TRANSPORT=loopback connects instead with the node's identity and password (from its state
# directory) to the broker's plain loopback listener, as an agent on the hub's own machine may:
# the same identity and access rules, without TLS.
# Usage: scripts/measure-agent-rss.sh AGENT_BINARY DOCKER_SOCKET [EMULATOR ARGS...]
#   EMULATOR runs a cross-built agent, e.g. qemu-aarch64-static -L build-cross/sysroot-arm64;
#   the figure then includes the emulator's own memory, so it is an upper bound.
#   The hub, edgectl and the agent that joins come from BENCH_BUILD (default: the repo's build/).
set -euo pipefail

agent="${1:?usage: measure-agent-rss.sh AGENT_BINARY DOCKER_SOCKET [EMULATOR ARGS...]}"
socket="${2:?usage: measure-agent-rss.sh AGENT_BINARY DOCKER_SOCKET [EMULATOR ARGS...]}"
shift 2
settle="${SETTLE:-20}"
transport="${TRANSPORT:-tls}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BENCH_BUILD:-${repo}/build}"
export EDGE_HUB_BIN="${build}/hub/edge-hub"
export EDGE_AGENT_BIN="${build}/agent/edge-agent"
# shellcheck source=scripts/lib/cluster.sh
source "${repo}/scripts/lib/cluster.sh"
work="$(mktemp -d /tmp/agent-rss.XXXXXX)"
cleanup() {
    stop_pid "${work}/measured-agent.pid" 5
    stop_hub "${work}/hub"
    stop_mosquitto "${work}/mosquitto"
    [[ -n "${KEEP:-}" ]] || rm -rf "${work}"
}
trap cleanup EXIT

port="$(free_port)"
broker="mqtt://127.0.0.1:${port}"
secure_broker_setup "${work}/broker" "${port}"
start_mosquitto "${work}/mosquitto" "${port}"
start_hub "${work}/hub" "${broker}"
join_agent "${work}" "${broker}" rss-probe "${build}/edgectl/edgectl"
case "${transport}" in
    tls) agent_broker="$(secure_url "${broker}" "${EDGE_TLS_PORT}")" ;;
    loopback) agent_broker="${broker}" ;;
    *)
        echo "measure-agent-rss.sh: TRANSPORT is tls or loopback, not ${transport}" >&2
        exit 2
        ;;
esac

"$@" "${agent}" --broker "${agent_broker}" --node rss-probe --docker "unix://${socket}" \
    --state-dir "${work}/agent-rss-probe" --log-level warn >"${work}/agent.log" 2>&1 &
agent_pid=$!
echo "${agent_pid}" >"${work}/measured-agent.pid"
sleep "${settle}"
if ! kill -0 "${agent_pid}" 2>/dev/null; then
    cat "${work}/agent.log" >&2
    echo "measure-agent-rss.sh: the agent exited" >&2
    exit 1
fi
# Connected: the hub has heard the node (an agent that cannot reach the broker idles too, and
# would be measured without its connection).
"${build}/edgectl/edgectl" --broker "${broker}" --timeout 5s node ls | grep -q 'rss-probe.*ready' || {
    cat "${work}/agent.log" >&2
    echo "measure-agent-rss.sh: the hub does not see rss-probe ready" >&2
    exit 1
}
rss_kib="$(awk '/^VmRSS:/ { print $2 }' "/proc/${agent_pid}/status")"
anon_kib="$(awk '/^RssAnon:/ { print $2 }' "/proc/${agent_pid}/status")"
pss_kib="$(awk '/^Pss:/ { print $2 }' "/proc/${agent_pid}/smaps_rollup")"
libraries="$(awk '$6 ~ /\.so/ { print $6 }' "/proc/${agent_pid}/maps" | sort -u | wc -l)"
echo "edge-agent idle RSS after ${settle} s, ${transport} to the shipped broker: ${rss_kib} KiB" \
    "($(basename "${agent}")${1:+, under $1})"
# PSS shares each library's pages among the processes that map it; RssAnon is the agent's own
# heap and stacks.
echo "PSS ${pss_kib} KiB, private (RssAnon) ${anon_kib} KiB, ${libraries} shared libraries mapped"
echo "measured $(date -u '+%Y-%m-%d %H:%M UTC') by: TRANSPORT=${transport} SETTLE=${settle}" \
    "scripts/measure-agent-rss.sh ${agent} ${socket}${1:+ $*}"
