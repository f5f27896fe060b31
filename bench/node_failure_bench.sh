#!/usr/bin/env bash
# Measures how fast the cluster reacts to a dead agent, with the DEFAULT liveness settings:
#   1. an agent frozen -> the hub marks its node unreachable   (the hub's event time)
#   2. an agent frozen -> all its stateless replicas run on other nodes
#                         (the latest StartedAt of their new containers, from dockerd)
# The agent is frozen with SIGSTOP, as a power or network cut leaves it: its connection stays
# open and no will message is sent, so only the missing heartbeats tell. (A kill -9 would close
# the socket and have the broker announce the death at once, which no real cut does.) Thawed,
# the node stops its stale copies (fencing) before the next run.
# Each figure is the median of RUNS runs on one machine: a private dockerd, Mosquitto on a free
# loopback port, edge-hub and three agents, as in the end-to-end tests. Needs root.
# Usage: sudo bench/node_failure_bench.sh [BUILD_DIR] [RUNS]     (defaults: build 5)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${1:-build}"
runs="${2:-5}"
[[ "${build_dir}" == /* ]] || build_dir="${repo_root}/${build_dir}"
if [[ ${EUID} -ne 0 ]]; then
    echo "node_failure_bench.sh: needs root (it starts its own dockerd)" >&2
    exit 1
fi
export EDGE_HUB_BIN="${build_dir}/hub/edge-hub"
export EDGE_AGENT_BIN="${build_dir}/agent/edge-agent"
edgectl_bin="${build_dir}/edgectl/edgectl"
# shellcheck source=scripts/lib/cluster.sh
source "${repo_root}/scripts/lib/cluster.sh"

work="$(mktemp -d /tmp/edge-bench.XXXXXX)"
nodes=(b1 b2 b3)
cleanup() {
    set +e
    local node
    for node in "${nodes[@]}"; do
        kill -CONT "$(cat "${work}/agent-${node}.pid" 2>/dev/null)" 2>/dev/null
        stop_agent "${work}" "${node}"
    done
    stop_hub "${work}/hub"
    stop_mosquitto "${work}/mosquitto"
    stop_dockerd "${work}/docker"
    rm -rf "${work}"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
edgectl() { "${edgectl_bin}" --broker "${broker}" "$@"; }
docker_get() { curl -sf --unix-socket "${socket}" "http://localhost$1"; }
# Containers of stack STACK, as JSON.
stack_containers() {
    local filter
    filter="$(jq -rn --arg l "edgeorch.stack=$1" '{"label": [$l]} | tojson | @uri')"
    docker_get "/containers/json?all=1&filters=${filter}"
}
start_bench_agent() {
    join_agent "${work}" "${broker}" "$1" "${edgectl_bin}"
    start_agent "${work}" "${broker}" "$1" "${socket}" --memory 4GiB --storage ssd
}
node_state() {
    edgectl node ls -o json | jq -e --arg n "$1" --arg s "$2" 'any(.[]; .name == $n and .state == $s)'
}
all_ready() {
    edgectl node ls -o json | jq -e 'length == 3 and all(.[]; .state == "ready")'
}
running_count() {
    edgectl service ps "$1/web" -o json | jq -e 'length == 3 and all(.[]; .state == "running")'
}
# moved STACK NODE REPLICAS: every listed replica runs in a container of another node.
moved() {
    stack_containers "$1" | jq -e --arg n "$2" --argjson want "$3" '
        [.[] | select(.State == "running" and .Labels["edgeorch.node"] != $n)
             | .Labels["edgeorch.replica"] | tonumber] as $running
        | all($want[]; . as $r | any($running[]; . == $r))'
}
stack_gone() {
    [[ "$(stack_containers "$1" | jq length)" == 0 ]]
}
median() {
    sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
seconds() { awk -v ms="$1" 'BEGIN { printf "%.2f s", ms / 1000 }'; }

start_dockerd "${work}/docker"
socket="$(dockerd_socket "${work}/docker")"
"${repo_root}/images/test-busybox/build.sh" "${socket}" >/dev/null
port="$(free_port)"
broker="mqtt://127.0.0.1:${port}"
secure_broker_setup "${work}/broker" "${port}"  # as the hub's package sets it up
start_mosquitto "${work}/mosquitto" "${port}"
start_hub "${work}/hub" "${broker}"  # default --heartbeat-timeout and --down-after
for node in "${nodes[@]}"; do start_bench_agent "${node}"; done
wait_for 60 "three ready nodes" all_ready

compose="${work}/compose.yaml"
cat >"${compose}" <<'YAML'
services:
  web:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
    mem_limit: 32m
    deploy:
      replicas: 3
YAML

detections=()
moves=()
for run in $(seq 1 "${runs}"); do
    stack="bench${run}"
    edgectl deploy --detach -f "${compose}" --stack "${stack}" >/dev/null
    wait_for 120 "${stack} to run" running_count "${stack}"
    rows="$(edgectl service ps "${stack}/web" -o json)"
    victim="$(jq -r '.[0].node' <<<"${rows}")"
    replicas="$(jq -c --arg n "${victim}" '[.[] | select(.node == $n) | .replica]' <<<"${rows}")"
    sleep 2  # let heartbeats settle after the deploy

    killed_ms="$(now_ms)"
    kill -STOP "$(cat "${work}/agent-${victim}.pid")"
    wait_for 60 "${victim} to be unreachable" node_state "${victim}" unreachable
    wait_for 60 "${victim}'s replicas to run elsewhere" moved "${stack}" "${victim}" "${replicas}"
    unreachable_ms="$(edgectl events --limit 1000 -o json | jq --arg n "${victim}" --argjson t "${killed_ms}" \
        '[.[] | select(.kind == "node" and .subject == $n and .time_ms >= $t
                       and (.message | startswith("unreachable")))][0].time_ms')"
    started_ms=0
    for id in $(stack_containers "${stack}" | jq -r --arg n "${victim}" \
        '.[] | select(.State == "running" and .Labels["edgeorch.node"] != $n) | .Id'); do
        started="$(date -d "$(docker_get "/containers/${id}/json" | jq -r .State.StartedAt)" +%s%3N)"
        ((started > killed_ms && started > started_ms)) && started_ms="${started}"
    done
    detections+=($((unreachable_ms - killed_ms)))
    moves+=($((started_ms - killed_ms)))
    echo "run ${run}: froze ${victim} (replicas ${replicas}): unreachable after" \
        "$(seconds "${detections[-1]}"), replicas running elsewhere after $(seconds "${moves[-1]}")"

    # Thaw the node (it stops its stale copies) and clear the stack for the next run.
    kill -CONT "$(cat "${work}/agent-${victim}.pid")"
    wait_for 60 "${victim} to be ready" node_state "${victim}" ready
    edgectl stack rm "${stack}" >/dev/null
    wait_for 60 "${stack} to be removed" stack_gone "${stack}"
done

echo
echo "node failure, default settings (heartbeat timeout 3s, down after 4s), ${runs} runs:"
echo "  agent frozen -> node unreachable:              median $(printf '%s\n' "${detections[@]}" | median) ms"
echo "  agent frozen -> its replicas running elsewhere: median $(printf '%s\n' "${moves[@]}" | median) ms"
