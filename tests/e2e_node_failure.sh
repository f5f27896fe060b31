#!/usr/bin/env bash
# Node failure on real parts: three agents, each in its own network namespace joined by veth to
# the namespace that holds Mosquitto and edge-hub, all on one real dockerd.
#   1. crash: kill -9 an agent; its stateless replicas run elsewhere, its stateful one waits for
#      it; the agent restarts, stops its stale copy, becomes ready; nothing runs twice.
#   2. partition by iptables DROP inside a node's namespace, then 3. by taking its link down:
#      the node's replicas move while its stale copies keep running (autonomy); once the
#      network is back the stale copies stop and the node is ready again.
# Shortened liveness settings keep it quick; the defaults are measured by bench/.
# Usage: e2e_node_failure.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"
# shellcheck source=tests/netns_cluster.sh
source "$(dirname "$0")/netns_cluster.sh"

readonly stack=nf
readonly agent_args=(--memory 4GiB --storage ssd --heartbeat-interval 500ms --report-interval 1s)

# web_running_without NODE: all 3 web replicas run, none of them on NODE.
web_running_without() {
    edgectl service ps "${stack}/web" -o json |
        jq -e --arg n "$1" 'length == 3 and all(.[]; .state == "running" and .node != $n)'
}

# running_web_on NODE: how many web containers run in dockerd for NODE.
running_web_on() {
    containers_labelled "edgeorch.service=web" |
        jq --arg n "$1" '[.[] | select(.Labels["edgeorch.node"] == $n and .State == "running")] | length'
}

no_web_on() {
    [[ "$(containers_labelled "edgeorch.service=web" |
        jq --arg n "$1" '[.[] | select(.Labels["edgeorch.node"] == $n)] | length')" == 0 ]]
}

# Every web replica has exactly one running container, and it is where the hub placed it.
check_one_copy_each() {
    local containers placed
    containers="$(containers_labelled "edgeorch.service=web" |
        jq -c '[.[] | select(.State == "running") | {replica: .Labels["edgeorch.replica"], node: .Labels["edgeorch.node"]}] | sort_by(.replica)')"
    placed="$(edgectl service ps "${stack}/web" -o json |
        jq -c '[.[] | {replica: (.replica | tostring), node}] | sort_by(.replica)')"
    [[ "${containers}" == "${placed}" ]] ||
        fail "web containers ${containers} do not match the placement ${placed}"
    echo "ok: one running copy of each web replica: ${containers}"
}

web_nodes() {
    edgectl service ps "${stack}/web" -o json | jq -c '[.[].node]'
}

# cut_and_restore NODE HOW: HOW is "drop" (iptables) or "link" (link down).
cut_and_restore() {
    local node="$1" how="$2" before
    before="$(running_web_on "${node}")"
    ((before > 0)) || fail "${node} runs no web replica to move; placement: $(web_nodes)"
    step "cut ${node} off (${how}); its ${before} web replica(s) move"
    if [[ "${how}" == drop ]]; then netns_drop "${node}" on; else netns_link "${node}" down; fi
    wait_for 60 "web to run without ${node}" web_running_without "${node}" ||
        fail "web did not move off ${node}: $(edgectl service ps "${stack}/web" -o json)"
    wait_for 30 "${node} to be down" node_in_state "${node}" down || fail "${node} is not down"
    # Autonomy: cut off, the node keeps running what it has.
    [[ "$(running_web_on "${node}")" == "${before}" ]] ||
        fail "${node} stopped its copies while cut off; it should keep running them"
    echo "ok: web moved to $(web_nodes); ${node} still runs its ${before} stale copies"

    step "reconnect ${node}: its stale copies stop and it is ready again"
    if [[ "${how}" == drop ]]; then netns_drop "${node}" off; else netns_link "${node}" up; fi
    wait_for 90 "${node} to be ready" node_in_state "${node}" ready || fail "${node} is not ready"
    wait_for 30 "${node}'s stale web copies to stop" no_web_on "${node}" ||
        fail "${node} still has web containers: $(containers_labelled edgeorch.service=web | jq -c '[.[] | .Names]')"
    check_one_copy_each
}

netns_start_cluster --heartbeat-timeout 3s --down-after 3s
netns_start_nodes "n1 n2 n3" "${agent_args[@]}"

step "deploy 3 stateless web replicas and a db bound to n1 by its volume"
compose="${E2E_WORK}/compose.yaml"
cat >"${compose}" <<'YAML'
services:
  web:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
    mem_limit: 32m
    deploy:
      replicas: 3
  db:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
    mem_limit: 32m
    volumes:
      - dbdata:/data
    deploy:
      placement:
        constraints: ["node.hostname==n1"]
volumes:
  dbdata:
YAML
edgectl deploy -f "${compose}" --stack "${stack}" >/dev/null || fail "deploy exited $?"
wait_for 120 "web to run" service_running "${stack}/web" 3 ||
    fail "web did not run: $(edgectl service ps "${stack}/web" -o json)"
wait_for 60 "db to run" service_running "${stack}/db" 1 || fail "db did not run"
echo "ok: web on $(web_nodes), db on n1"

step "crash: kill -9 the agent of n1"
crashed_with="$(running_web_on n1)"
((crashed_with > 0)) || fail "n1 runs no web replica; placement: $(web_nodes)"
kill -KILL "$(cat "${E2E_WORK}/agent-n1.pid")"
wait_for 60 "web to run without n1" web_running_without n1 ||
    fail "web did not move off n1: $(edgectl service ps "${stack}/web" -o json)"
wait_for 30 "n1 to be down" node_in_state n1 down || fail "n1 is not down"
db_row="$(edgectl service ps "${stack}/db" -o json | jq -c '.[0]')"
jq -e '.state == "pending" and .node == "n1" and .reason == "waiting for n1, which holds its volume"' \
    <<<"${db_row}" >/dev/null || fail "db should wait for n1: ${db_row}"
echo "ok: web moved to $(web_nodes); db: $(jq -r .reason <<<"${db_row}")"
edgectl node ls

step "n1's agent restarts: it stops its stale copy before it is ready"
netns_start_agent n1 "${agent_args[@]}"
wait_for 90 "n1 to be ready" node_in_state n1 ready || fail "n1 did not come back"
wait_for 30 "n1's stale web copy to stop" no_web_on n1 || fail "n1 still runs web"
wait_for 60 "db to run on n1 again" service_running "${stack}/db" 1 || fail "db is not running"
check_one_copy_each
moved_placement="$(web_nodes)"
sleep 3
[[ "$(web_nodes)" == "${moved_placement}" ]] ||
    fail "web bounced back after n1 returned: ${moved_placement} -> $(web_nodes)"
check_one_copy_each

cut_and_restore n2 drop
cut_and_restore n3 link

step "events record each transition"
events="$(edgectl events --limit 1000 -o json)"
for expected in "n1 down" "n2 down" "n3 down" "n1 ready" "n2 ready" "n3 ready"; do
    jq -e --arg n "${expected% *}" --arg s "${expected#* }" \
        'any(.[]; .kind == "node" and .subject == $n and (.message | startswith($s + ":")))' \
        <<<"${events}" >/dev/null || fail "no event for ${expected}"
done
echo "ok: node events for every transition"

echo "PASS: e2e_node_failure"
