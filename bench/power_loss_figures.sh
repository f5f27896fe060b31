#!/usr/bin/env bash
# The three power-loss figures of docs/power-loss.md, measured on real parts (a private dockerd,
# Mosquitto on a loopback port set up by `edge-hub init` as the hub's package sets it up, with
# identities, ACLs and TLS; edge-hub; one real edge-agent that joined and connects with its
# certificate; simulated nodes, each with its own identity, from build/bench/load_agents):
#   1. agent start -> all its containers running, with images local and hub and broker down;
#   2. hub start -> every node's desired set re-published;
#   3. the agent's bytes written per hour in steady state, from /proc/PID/io.
# Prints each figure with the command that produced it. Run as root (it starts dockerd).
# Usage: bench/power_loss_figures.sh [BUILD_DIR]
#   BENCH_CONTAINERS  containers on the real agent (default 10)
#   BENCH_NODES       nodes in the cluster, the real one included (default 20)
#   BENCH_IO_SECONDS  how long the steady-state write rate is sampled (default 300)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${1:-${repo_root}/build}"
export EDGE_HUB_BIN="${build_dir}/hub/edge-hub"
export EDGE_AGENT_BIN="${build_dir}/agent/edge-agent"
edgectl_bin="${build_dir}/edgectl/edgectl"
containers="${BENCH_CONTAINERS:-10}"
nodes="${BENCH_NODES:-20}"
io_seconds="${BENCH_IO_SECONDS:-300}"
command="$0 $*"
[[ ${EUID} -eq 0 ]] || { echo "run as root: it starts its own dockerd" >&2; exit 1; }

# shellcheck source=scripts/lib/cluster.sh
source "${repo_root}/scripts/lib/cluster.sh"

work="$(mktemp -d /var/tmp/edge-bench.XXXXXX)" # on disk, not tmpfs: figure 3 counts disk writes
docker_dir="${work}/docker"
cleanup() {
    stop_agent "${work}" pi-1
    stop_pid "${work}/load.pid"
    stop_hub "${work}/hub"
    stop_mosquitto "${work}/mosquitto"
    stop_dockerd "${docker_dir}"
    rm -rf "${work}"
}
trap cleanup EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }
edgectl() { "${edgectl_bin}" --broker "${broker}" "$@"; }
labelled_running() {
    curl -sf --unix-socket "${socket}" \
        "http://localhost/containers/json?filters=%7B%22label%22%3A%5B%22edgeorch.node%3Dpi-1%22%5D%7D" |
        jq length
}

start_dockerd "${docker_dir}"
socket="$(dockerd_socket "${docker_dir}")"
"${repo_root}/images/test-busybox/build.sh" "${socket}" >/dev/null
port="$(free_port)"
broker="mqtt://127.0.0.1:${port}"
secure_broker_setup "${work}/broker" "${port}" # exports edgectl's credentials too
start_mosquitto "${work}/mosquitto" "${port}"
start_hub "${work}/hub" "${broker}"
join_agent "${work}" "${broker}" pi-1 "${edgectl_bin}"
start_agent "${work}" "${broker}" pi-1 "${socket}" --memory 8GiB --storage ssd
# The other nodes are simulated agents, each with its own broker identity and ACLs, made with
# the hub's broker-admin identity as a join would make them.
(
    set -a
    # shellcheck disable=SC1091
    . "${EDGE_BROKER_SETUP}/hub.env"
    set +a
    exec "${build_dir}/bench/load_agents" --broker "${broker}" --nodes "$((nodes - 1))" \
        --first 2 --containers 2 --create-identities
) >"${work}/load.out" 2>"${work}/load.err" &
echo $! >"${work}/load.pid"
cat >"${work}/compose.yaml" <<YAML
services:
  local:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
    mem_limit: 16m
    deploy:
      replicas: ${containers}
      placement:
        constraints: [node.hostname == pi-1]
  spread:
    image: edgeorch/busybox:latest
    mem_limit: 16m
    deploy:
      replicas: $((2 * nodes))
      placement:
        constraints: [node.hostname != pi-1]
YAML
nodes_known() { edgectl node ls -o json | jq -e --argjson n "${nodes}" 'length == $n'; }
local_running() { [[ "$(labelled_running)" == "${containers}" ]]; }
wait_for 30 "${nodes} nodes" nodes_known
edgectl deploy --detach -f "${work}/compose.yaml" --stack bench >/dev/null
wait_for 120 "${containers} containers on pi-1" local_running

echo "== 3. agent bytes written per hour in steady state (${io_seconds}s sample)"
sleep 10 # let the deploy's writes (state file, log lines) reach the disk first
agent_pid="$(cat "${work}/agent-pi-1.pid")"
read -r write0 wchar0 < <(awk '/^write_bytes/ {w=$2} /^wchar/ {c=$2} END {print w, c}' "/proc/${agent_pid}/io")
sleep "${io_seconds}"
read -r write1 wchar1 < <(awk '/^write_bytes/ {w=$2} /^wchar/ {c=$2} END {print w, c}' "/proc/${agent_pid}/io")
echo "agent write_bytes: $(((write1 - write0) * 3600 / io_seconds)) bytes/hour to storage" \
    "(wchar, every write() incl. MQTT and Engine API sockets: $(((wchar1 - wchar0) * 3600 / io_seconds)) bytes/hour)"

echo "== 2. hub start -> all ${nodes} desired sets re-published"
stop_hub "${work}/hub"
# No identity `edge-hub init` makes may read every node's desired set; the bench adds a
# read-only observer for them, with the hub's broker-admin identity, as an operator could.
observer_password="$(openssl rand -hex 16)"
dynsec() {
    # shellcheck disable=SC1091
    (set -a && . "${EDGE_BROKER_SETUP}/hub.env" && mosquitto_ctrl -h 127.0.0.1 -p "${port}" \
        -u "${EDGE_HUB_USERNAME}" -P "${EDGE_HUB_PASSWORD}" dynsec "$@" >/dev/null)
}
dynsec createRole bench-observer
dynsec addRoleACL bench-observer subscribePattern 'edgeorch/nodes/+/desired' allow
dynsec addRoleACL bench-observer publishClientReceive 'edgeorch/nodes/+/desired' allow
dynsec createClient bench-observer -p "${observer_password}"
dynsec addClientRole bench-observer bench-observer
# A broker with no retained desired sets, so every one counted is a fresh re-publish (the
# identities live in the dynamic-security file, not in the broker's database).
stop_mosquitto "${work}/mosquitto"
rm -f "${work}/mosquitto/mosquitto.db"
start_mosquitto "${work}/mosquitto" "${port}"
# The subscriber exits on the last of the ${nodes} messages; the time is taken right then.
(
    mosquitto_sub -p "${port}" -u bench-observer -P "${observer_password}" -q 1 -C "${nodes}" \
        -t 'edgeorch/nodes/+/desired' >/dev/null
    now_ms >"${work}/republished-at"
) &
sub_pid=$!
sleep 1
hub_start="$(now_ms)"
start_hub "${work}/hub" "${broker}"
wait "${sub_pid}"
echo "hub start -> ${nodes} desired sets re-published: $(($(cat "${work}/republished-at") - hub_start)) ms"

echo "== 1. agent start -> ${containers} containers running, hub and broker down"
stop_agent "${work}" pi-1
stop_pid "${work}/load.pid"
stop_hub "${work}/hub"
stop_mosquitto "${work}/mosquitto"
for id in $(curl -sf --unix-socket "${socket}" "http://localhost/containers/json?all=1" | jq -r '.[].Id'); do
    curl -sf --unix-socket "${socket}" -X DELETE "http://localhost/containers/${id}?force=1" >/dev/null
done
agent_start="$(now_ms)"
start_agent "${work}" "${broker}" pi-1 "${socket}" --memory 8GiB --storage ssd
until local_running; do sleep 0.05; done
echo "agent start -> ${containers} containers running (created from scratch, images local," \
    "hub and broker down): $(($(now_ms) - agent_start)) ms"

echo "command: ${command}"
