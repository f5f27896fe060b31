#!/usr/bin/env bash
# The hub's scale: N simulated agents (build/bench/load_agents, real MQTT connections over one
# Mosquitto) join a fresh hub, then a 10-service stack with `deploy.mode: global` is deployed,
# so every node must run all 10 services. A round is timed from `edgectl deploy` until every
# simulated node has answered its new desired set AND the hub lists every service N/N running;
# the stack is then removed before the next round. Also records the hub's CPU time per round
# and its RSS at convergence. Prints Markdown table rows: figure | median | min | max | runs | goal.
# Usage: bench/hub_scale.sh [N...]   (default: 50 100 500 1000; as root for the ulimit)
set -euo pipefail

# shellcheck source=bench/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

LOAD_BIN="${BENCH_BUILD}/bench/load_agents"
readonly services=10
# 1,000 MQTT clients in one process, and the broker's 1,000 sockets, need more descriptors
# than the usual soft limit of 1,024; the hard limit is as far as a raise may go here.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

sizes=("$@")
((${#sizes[@]})) || sizes=(50 100 500 1000)

stack_file="${BENCH_WORK}/global10.yaml"
{
    echo 'services:'
    for i in $(seq 1 "${services}"); do
        printf '  svc%s:\n    image: edgeorch/busybox:latest\n    command: ["sleep", "1000000"]\n' "${i}"
        printf '    mem_limit: 16m\n    deploy:\n      mode: global\n'
    done
} >"${stack_file}"

hub_pid() { cat "${BENCH_WORK}/hub/hub.pid"; }

# converged_lines: how many times the load program has seen every node converge.
converged_lines() {
    grep -c '^converged' "${BENCH_WORK}/load.out" || true
}

more_converged() {
    (($(converged_lines) > $1))
}
all_services_running() {
    edgectl service ls -o json | jq -e --argjson s "${services}" \
        'length == $s and all(.[]; .desired > 0 and .running == .desired)'
}
no_services() {
    edgectl service ls -o json | jq -e 'length == 0'
}

# one_size N: fresh broker and hub, N simulated agents, BENCH_RUNS deploy/remove rounds.
one_size() {
    local nodes="$1" run t0 cpu0 last converged
    local -a nodes_done=() hub_done=() cpus=() rss=()
    start_control_plane
    "${LOAD_BIN}" --broker "${BENCH_BROKER}" --nodes "${nodes}" --containers "${services}" \
        >"${BENCH_WORK}/load.out" 2>"${BENCH_WORK}/load.err" &
    BENCH_LOAD_PID=$!
    wait_for 120 "${nodes} simulated agents to connect" grep -q '^connected' "${BENCH_WORK}/load.out"
    wait_for 180 "the hub to list ${nodes} ready nodes" nodes_ready "${nodes}"
    cluster_log "${nodes} nodes ready; hub RSS $(rss_mib "$(hub_pid)") MiB"
    for run in $(seq 1 "${BENCH_RUNS}"); do
        last="$(converged_lines)"
        cpu0="$(cpu_seconds "$(hub_pid)")"
        t0="$(now_ms)"
        edgectl --timeout 60s deploy -f "${stack_file}" --stack "g${run}" >/dev/null
        wait_for 300 "all nodes to converge" more_converged "${last}"
        nodes_done+=("$(awk -v t0="${t0}" '/^converged/ {at = $3}
            END {printf "%.3f\n", (at - t0) / 1000}' "${BENCH_WORK}/load.out")")
        until all_services_running >/dev/null 2>&1; do sleep 0.05; done
        hub_done+=("$(seconds_since "${t0}")")
        cpus+=("$(awk -v a="$(cpu_seconds "$(hub_pid)")" -v b="${cpu0}" 'BEGIN {printf "%.2f\n", a - b}')")
        rss+=("$(rss_mib "$(hub_pid)")")
        edgectl --timeout 60s stack rm "g${run}" >/dev/null
        wait_for 300 "the stack to be removed" no_services
        sleep 1
    done
    row "hub: ${nodes} nodes, ${services}-service global stack ($((nodes * services)) replicas): deploy -> every node answered its set (s)" \
        "$( ((nodes == 1000)) && echo '<= 2')" "${nodes_done[@]}"
    row "hub: ${nodes} nodes: deploy -> \`edgectl service ls\` shows all N/N (s)" "" "${hub_done[@]}"
    row "hub: ${nodes} nodes: hub CPU time per deploy until converged (s)" "" "${cpus[@]}"
    row "hub: ${nodes} nodes, $((nodes * services)) replicas: hub RSS (MiB)" \
        "$( ((nodes == 50)) && echo '<= 16')" "${rss[@]}"
    awk '/^VmHWM/ {printf "hub: %s nodes: peak RSS %.1f MiB\n", n, $2 / 1024}' n="${nodes}" \
        "/proc/$(hub_pid)/status" >&2
    stop_pid "${BENCH_LOAD_PID}"
    BENCH_LOAD_PID=""
    stop_hub "${BENCH_WORK}/hub"
    stop_mosquitto "${BENCH_WORK}/mosquitto"
    rm -rf "${BENCH_WORK}/hub" "${BENCH_WORK}/mosquitto"
}

for nodes in "${sizes[@]}"; do
    cluster_log "hub scale: ${nodes} simulated nodes (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    one_size "${nodes}"
done
