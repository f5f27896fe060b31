#!/usr/bin/env bash
# Measures edge-agent's resident memory when idle: connected to a private Mosquitto on loopback,
# holding an empty desired set, after SETTLE seconds (default 20): its RSS, PSS, private memory and
# the number of shared libraries it maps.
# Usage: scripts/measure-agent-rss.sh AGENT_BINARY DOCKER_SOCKET [EMULATOR ARGS...]
#   EMULATOR runs a cross-built agent, e.g. qemu-aarch64-static -L build-cross/sysroot-arm64;
#   the figure then includes the emulator's own memory, so it is an upper bound.
set -euo pipefail

agent="${1:?usage: measure-agent-rss.sh AGENT_BINARY DOCKER_SOCKET [EMULATOR ARGS...]}"
socket="${2:?usage: measure-agent-rss.sh AGENT_BINARY DOCKER_SOCKET [EMULATOR ARGS...]}"
shift 2
settle="${SETTLE:-20}"
work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "${pid}" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "${work}"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "${port}" > "${work}/mosquitto.conf"
mosquitto -c "${work}/mosquitto.conf" > "${work}/mosquitto.log" 2>&1 &
pids+=($!)
sleep 1

"$@" "${agent}" --broker "mqtt://127.0.0.1:${port}" --node rss-probe --docker "unix://${socket}" \
    --state-dir "${work}/state" --log-level warn > "${work}/agent.log" 2>&1 &
pids+=($!)
sleep "${settle}"
if ! kill -0 "${pids[1]}" 2>/dev/null; then
    cat "${work}/agent.log" >&2
    echo "measure-agent-rss.sh: the agent exited" >&2
    exit 1
fi
agent_pid="${pids[1]}"
rss_kib="$(awk '/^VmRSS:/ { print $2 }' "/proc/${agent_pid}/status")"
anon_kib="$(awk '/^RssAnon:/ { print $2 }' "/proc/${agent_pid}/status")"
pss_kib="$(awk '/^Pss:/ { print $2 }' "/proc/${agent_pid}/smaps_rollup")"
libraries="$(awk '$6 ~ /\.so/ { print $6 }' "/proc/${agent_pid}/maps" | sort -u | wc -l)"
echo "edge-agent idle RSS after ${settle} s: ${rss_kib} KiB ($(basename "${agent}")${1:+, under $1})"
# PSS shares each library's pages among the processes that map it; RssAnon is the agent's own
# heap and stacks.
echo "PSS ${pss_kib} KiB, private (RssAnon) ${anon_kib} KiB, ${libraries} shared libraries mapped"
