#!/usr/bin/env bash
# The dashboard's load time at 50 nodes and 500 replicas: 50 simulated agents
# (bench/load_agents) run a 10-service global stack, and headless Chromium loads the cluster
# and stacks screens afresh, each timed from the navigation until every node's card, or every
# service's row, is on the page (bench/dashboard_load.py). Like hub_scale.sh, it runs on the
# broker `edge-hub init` sets up, each simulated node with its own identity, and the hub serves
# the dashboard over HTTPS, as shipped.
# Prints Markdown table rows: figure | median | min | max | runs | goal.
# Usage: bench/dashboard_load.sh [NODES]   (default 50; needs chromium, chromium-driver and
# python3-selenium from scripts/install-deps.sh)
set -euo pipefail

# shellcheck source=bench/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

readonly node_count="${1:-50}"
SERVICES=10
# shellcheck source=bench/lib/load_agents.sh
source "$(dirname "$0")/lib/load_agents.sh"

running_everywhere() {
    edgectl service ls -o json | jq -e --argjson s "${SERVICES}" \
        'length == $s and all(.[]; .desired > 0 and .running == .desired)' >/dev/null
}

http_port="$(free_port)"
start_control_plane --http-listen "127.0.0.1:${http_port}"
start_load "${node_count}"
wait_for 120 "${node_count} simulated agents to connect" all_load_connected
wait_for 180 "the hub to list ${node_count} ready nodes" nodes_ready "${node_count}"
write_global_stack "${BENCH_WORK}/stack.yaml"
edgectl --timeout 60s deploy --detach -f "${BENCH_WORK}/stack.yaml" --stack load >/dev/null
wait_for 120 "every replica to run" running_everywhere
token="$(edgectl token create --name bench --read-only -o json | jq -r .token)"

declare -a cluster=() stacks=()
while read -r _ cluster_ms _ stacks_ms; do
    cluster+=("${cluster_ms}")
    stacks+=("${stacks_ms}")
done < <(/usr/bin/python3 "$(dirname "$0")/dashboard_load.py" "https://127.0.0.1:${http_port}/" \
    "${token}" "${node_count}" "${SERVICES}" "${BENCH_RUNS}")
replicas=$((node_count * SERVICES))
row "dashboard, ${node_count} nodes: cluster screen loaded with every card (ms)" \
    "$( ((node_count == 50)) && echo '<= 200')" "${cluster[@]}"
row "dashboard, ${node_count} nodes, ${replicas} replicas: stacks screen loaded with every service (ms)" \
    "$( ((node_count == 50)) && echo '<= 200')" "${stacks[@]}"
echo "command: bench/dashboard_load.sh ${node_count} (BENCH_RUNS=${BENCH_RUNS})" >&2
