#!/usr/bin/env bash
# Planned maintenance on real parts: `edgectl node drain` moves a node's replicas away and
# places nothing new on it, `node activate` undoes that, `node rm` forgets a node (refused while
# it is ready, unless --force, which also makes its agent stop its copies).
# Usage: e2e_node_drain.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"

readonly stack=maint

# web_on NODE COUNT: `service ps` places COUNT web replicas on NODE, and all web replicas run.
web_on() {
    edgectl service ps "${stack}/web" -o json |
        jq -e --arg n "$1" --argjson c "$2" \
            '([.[] | select(.node == $n)] | length) == $c and all(.[]; .state == "running")'
}

containers_on() {
    containers_labelled "edgeorch.node=$1" | jq length
}

no_containers_on() {
    [[ "$(containers_on "$1")" == 0 ]]
}

node_field() {
    edgectl node ls -o json | jq -r --arg n "$1" ".[] | select(.name == \$n) | .$2"
}

node_unreachable() {
    [[ "$(node_field "$1" state)" != ready ]]
}

deploy_web() {
    cat >"${E2E_WORK}/compose.yaml" <<YAML
services:
  web:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
    mem_limit: 32m
    deploy:
      replicas: $1
YAML
    edgectl deploy -f "${E2E_WORK}/compose.yaml" --stack "${stack}" >/dev/null || fail "deploy exited $?"
}

e2e_start_core
e2e_start_agent m1 --memory 4GiB --storage ssd
e2e_start_agent m2 --memory 4GiB --storage ssd
wait_for 60 "both nodes to be ready" nodes_ready 2 || fail "the nodes did not become ready"
deploy_web 2
wait_for 120 "one web replica per node" web_on m1 1 || fail "web: $(edgectl service ps "${stack}/web" -o json)"

step "drain m1: its replica moves to m2"
edgectl node drain m1 || fail "node drain exited $?"
wait_for 60 "both web replicas on m2" web_on m2 2 || fail "web did not leave m1"
wait_for 30 "m1's container to stop" no_containers_on m1 || fail "m1 still runs containers"
[[ "$(node_field m1 drained)" == true ]] || fail "node ls does not show m1 drained"
edgectl node ls | grep -E '^m1 +ready,drained ' >/dev/null || fail "node ls: $(edgectl node ls)"

step "nothing new lands on a drained node"
deploy_web 3
wait_for 60 "three web replicas on m2" web_on m2 3 || fail "web: $(edgectl service ps "${stack}/web" -o json)"

step "activate m1: it takes new work, nothing moves back"
edgectl node activate m1 || fail "node activate exited $?"
[[ "$(node_field m1 drained)" == false ]] || fail "m1 is still drained"
sleep 2
web_on m2 3 || fail "activation moved replicas: $(edgectl service ps "${stack}/web" -o json)"
deploy_web 4
wait_for 60 "the new replica on m1" web_on m1 1 || fail "web: $(edgectl service ps "${stack}/web" -o json)"

step "node rm refuses a ready node"
set +e
refused="$(edgectl node rm m1 2>&1)"
refused_status=$?
set -e
[[ ${refused_status} -ne 0 && "${refused}" == *"is ready"* ]] ||
    fail "node rm of a ready node exited ${refused_status}: ${refused}"
echo "ok: ${refused}"

step "stop m1's agent, then rm it: its replica moves to m2"
stop_agent "${E2E_WORK}" m1
wait_for 30 "m1 to be unreachable" node_unreachable m1 || fail "m1 is still ready"
edgectl node rm m1 || fail "node rm exited $?"
[[ "$(edgectl node ls -o json | jq -c '[.[].name]')" == '["m2"]' ]] ||
    fail "node ls after rm: $(edgectl node ls -o json | jq -c '[.[].name]')"
wait_for 60 "all four web replicas on m2" web_on m2 4 || fail "web did not move to m2"

step "node rm --force forgets a ready node and its agent stops its copies"
edgectl node rm --force m2 || fail "node rm --force exited $?"
wait_for 60 "m2's containers to stop" no_containers_on m2 ||
    fail "m2 still runs $(containers_on m2) containers"
[[ "$(edgectl service ps "${stack}/web" -o json | jq '[.[] | select(.state == "pending")] | length')" == 4 ]] ||
    fail "with no nodes every replica should be pending"

echo "PASS: e2e_node_drain"
