#!/usr/bin/env bash
# The hub's scale: N simulated agents (build/bench/load_agents, real MQTT connections over one
# Mosquitto) join a fresh hub, then a 10-service stack with `deploy.mode: global` is deployed,
# so every node must run all 10 services. A round is timed from `edgectl deploy` until every
# simulated node has answered its new desired set AND the hub lists every service N/N running;
# the stack is then removed before the next round. Also records the hub's CPU time per round
# and its RSS at convergence, and how long the HTTP API takes to answer what a dashboard asks
# for (GET /api/v1/nodes and /api/v1/services, with curl, 20 times each per round) while the
# stack runs. Prints Markdown table rows: figure | median | min | max | runs | goal.
# Usage: bench/hub_scale.sh [N...]   (default: 50 100 500 1000; needs no root)
set -euo pipefail

# shellcheck source=bench/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

readonly services=10
SERVICES="${services}"
# shellcheck source=bench/lib/load_agents.sh
source "$(dirname "$0")/lib/load_agents.sh"
# 1,000 MQTT clients in one process, and the broker's 1,000 sockets, need more descriptors
# than the usual soft limit of 1,024; the hard limit is as far as a raise may go here.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

sizes=("$@")
((${#sizes[@]})) || sizes=(50 100 500 1000)

stack_file="${BENCH_WORK}/global10.yaml"
write_global_stack "${stack_file}"

hub_pid() { cat "${BENCH_WORK}/hub/hub.pid"; }

all_services_running() {
    edgectl service ls -o json | jq -e --argjson s "${services}" \
        'length == $s and all(.[]; .desired > 0 and .running == .desired)'
}
no_services() {
    edgectl service ls -o json | jq -e 'length == 0'
}

# api_ms PATH: milliseconds curl takes for one call of the hub's HTTP API.
api_ms() {
    curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer ${API_TOKEN}" \
        --cacert "${EDGE_BROKER_SETUP}/tls/ca.crt" \
        "https://127.0.0.1:${API_PORT}/api/v1$1" | awk '{printf "%.1f\n", $1 * 1000}'
}

# one_size N: fresh broker and hub, N simulated agents, BENCH_RUNS deploy/remove rounds.
one_size() {
    local nodes="$1" run t0 cpu0 last i
    local -a nodes_done=() hub_done=() cpus=() rss=() api_nodes=() api_services=()
    # The broker `edge-hub init` sets up; start_load gives every simulated node its identity.
    API_PORT="$(free_port)"
    start_control_plane --http-listen "127.0.0.1:${API_PORT}"
    API_TOKEN="$(edgectl --timeout 30s token create --name bench --read-only -o json | jq -r .token)"
    start_load "${nodes}"
    wait_for 120 "${nodes} simulated agents to connect" all_load_connected
    wait_for 180 "the hub to list ${nodes} ready nodes" nodes_ready "${nodes}"
    cluster_log "${nodes} nodes ready; hub RSS $(rss_mib "$(hub_pid)") MiB"
    for run in $(seq 1 "${BENCH_RUNS}"); do
        last="$(converged_lines)"
        cpu0="$(cpu_seconds "$(hub_pid)")"
        t0="$(now_ms)"
        edgectl --timeout 60s deploy --detach -f "${stack_file}" --stack "g${run}" >/dev/null
        wait_for 300 "all nodes to converge" more_converged "${last}"
        nodes_done+=("$(awk -v t0="${t0}" -v at="$(last_converged_ms)" 'BEGIN {printf "%.3f\n", (at - t0) / 1000}')")
        until all_services_running >/dev/null 2>&1; do sleep 0.05; done
        hub_done+=("$(seconds_since "${t0}")")
        cpus+=("$(awk -v a="$(cpu_seconds "$(hub_pid)")" -v b="${cpu0}" 'BEGIN {printf "%.2f\n", a - b}')")
        rss+=("$(rss_mib "$(hub_pid)")")
        for i in $(seq 1 20); do
            api_nodes+=("$(api_ms /nodes)")
            api_services+=("$(api_ms /services)")
        done
        edgectl --timeout 60s stack rm "g${run}" >/dev/null
        wait_for 300 "the stack to be removed" no_services
        sleep 1
    done
    row "hub: ${nodes} nodes, ${services}-service global stack ($((nodes * services)) replicas): deploy -> every node answered its set (s)" \
        "$( ((nodes == 1000)) && echo '<= 1')" "${nodes_done[@]}"
    row "hub: ${nodes} nodes: deploy -> \`edgectl service ls\` shows all N/N (s)" "" "${hub_done[@]}"
    row "hub: ${nodes} nodes: hub CPU time per deploy until converged (s)" "" "${cpus[@]}"
    row "hub: ${nodes} nodes, $((nodes * services)) replicas: hub RSS (MiB)" \
        "$( ((nodes == 50)) && echo '<= 16'; ((nodes == 1000)) && echo '<= 40')" "${rss[@]}"
    row "hub: ${nodes} nodes, $((nodes * services)) replicas: HTTP API GET /api/v1/nodes (ms)" \
        "$( ((nodes == 50)) && echo '<= 200')" "${api_nodes[@]}"
    row "hub: ${nodes} nodes, $((nodes * services)) replicas: HTTP API GET /api/v1/services (ms)" \
        "$( ((nodes == 50)) && echo '<= 200')" "${api_services[@]}"
    awk '/^VmHWM/ {printf "hub: %s nodes: peak RSS %.1f MiB\n", n, $2 / 1024}' n="${nodes}" \
        "/proc/$(hub_pid)/status" >&2
    stop_load
    stop_hub "${BENCH_WORK}/hub"
    stop_mosquitto "${BENCH_WORK}/mosquitto"
    # The next size starts from a fresh hub and broker, identities included.
    rm -rf "${BENCH_WORK}/hub" "${BENCH_WORK}/mosquitto" "${BENCH_WORK}/broker" "${BENCH_WORK}"/load-*
}

for nodes in "${sizes[@]}"; do
    cluster_log "hub scale: ${nodes} simulated nodes (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    one_size "${nodes}"
done
