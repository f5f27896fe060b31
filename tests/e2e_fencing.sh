#!/usr/bin/env bash
# Fencing on return, on real parts: three agents in their own network namespaces, on the broker
# `edge-hub init` sets up, all on one real dockerd. A cut that sends no will message:
#   1. freeze: SIGSTOP the agent of a node that runs a web replica, kill its web containers,
#      wait until the hub has moved them, SIGCONT. Ten times.
#   2. network cut: take the node's link down, kill its web containers once it is out of touch,
#      wait until they moved, bring the link back. Three times.
# Throughout, a sampler lists the engine's containers every 100 ms; at no sample may more web
# containers run than the service has replicas (docs/node-failure.md, "Fencing on return").
#   3. stop-after-disconnect: a service that sets it stops on a node cut off for that long.
#   4. whole-site power cut: hub, broker and agents killed, a node's containers gone; its agent
#      alone brings them back after --fence-wait, since nobody moved anything.
# Usage: e2e_fencing.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"
# shellcheck source=tests/netns_cluster.sh
source "$(dirname "$0")/netns_cluster.sh"

readonly stack=fence
readonly replicas=2
readonly freezes="${EDGE_FENCING_FREEZES:-10}"
readonly cuts="${EDGE_FENCING_CUTS:-3}"
readonly agent_args=(--memory 4GiB --storage ssd --heartbeat-interval 500ms --report-interval 1s
    --fence-after 3s)
readonly samples="${E2E_WORK}/samples"

# web_filter: the engine's filter for this stack's web containers, URL-encoded.
web_filter() {
    jq -rn --arg s "${stack}" '{"label": ["edgeorch.stack=" + $s, "edgeorch.service=web"]} | tojson | @uri'
}

# The sampler: one JSON line per sample, {"t": EPOCH_MS, "c": [containers]}, until the test
# ends. The lists are summed up afterwards, so a sample costs one request and comes every ~100 ms.
sample_engine() {
    local url list
    url="http://localhost/containers/json?filters=$(web_filter)"
    while true; do
        # The engine ends its answer with a newline; $(...) drops it, keeping one line each.
        list="$(curl -s --unix-socket "${E2E_SOCKET}" "${url}")" || list=null
        printf '{"t":%s,"c":%s}\n' "$(date +%s%3N)" "${list:-null}" >>"${samples}.raw"
        sleep 0.08
    done
}

# Turns the samples taken so far into "EPOCH_MS RUNNING NODES" lines (the one being written,
# and any the engine did not answer, are skipped).
summarise_samples() {
    jq -rR 'fromjson? | select(.c != null) |
        "\(.t) \(.c | length) \([.c[].Labels["edgeorch.node"]] | sort | join(","))"' \
        "${samples}.raw" >"${samples}"
}

# The samples with more web containers running than there are replicas.
duplicates_seen() {
    awk -v max="${replicas}" '$2 > max' "${samples}"
}

check_never_twice() {
    local seen count
    summarise_samples
    seen="$(duplicates_seen)"
    count="$(wc -l <"${samples}")"
    [[ -z "${seen}" ]] || fail "more than ${replicas} web containers ran at once:
${seen}"
    echo "ok: ${count} samples so far, never more than ${replicas} web containers running"
}

running_web_on() {
    docker_api "/containers/json?filters=$(web_filter)" |
        jq --arg n "$1" '[.[] | select(.Labels["edgeorch.node"] == $n)] | length'
}

running_web_on_is() {
    [[ "$(running_web_on "$1")" == "$2" ]]
}

# web_moved_off NODE: every replica runs, none on NODE, and the hub says so.
web_moved_off() {
    edgectl service ps "${stack}/web" -o json |
        jq -e --arg n "$1" --argjson r "${replicas}" \
            'length == $r and all(.[]; .state == "running" and .node != $n)' >/dev/null &&
        [[ "$(running_web_on "$1")" == 0 ]]
}

# A node that runs a web replica.
node_with_web() {
    docker_api "/containers/json?filters=$(web_filter)" | jq -r '.[0].Labels["edgeorch.node"] // empty'
}

kill_web_on() {
    local id
    for id in $(docker_api "/containers/json?filters=$(web_filter)" |
        jq -r --arg n "$1" '.[] | select(.Labels["edgeorch.node"] == $n) | .Id'); do
        curl -sf -X POST --unix-socket "${E2E_SOCKET}" "http://localhost/containers/${id}/kill" >/dev/null
    done
}

# settle NODE: after the node's return, it is ready, runs no web container, and the replicas
# run where the hub placed them.
settle() {
    wait_for 60 "$1 to be ready" node_in_state "$1" ready || fail "$1 did not become ready"
    wait_for 30 "web to run fully" service_running "${stack}/web" "${replicas}" ||
        fail "web is not running: $(edgectl service ps "${stack}/web" -o json)"
    [[ "$(running_web_on "$1")" == 0 ]] || fail "$1 restarted its stale web copy"
}

netns_start_cluster --heartbeat-timeout 3s --down-after 3s
netns_start_nodes "n1 n2 n3" "${agent_args[@]}"

step "deploy ${replicas} stateless web replicas"
compose="${E2E_WORK}/compose.yaml"
cat >"${compose}" <<YAML
services:
  web:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
    mem_limit: 32m
    deploy:
      replicas: ${replicas}
YAML
edgectl deploy -f "${compose}" --stack "${stack}" >/dev/null || fail "deploy exited $?"
wait_for 120 "web to run" service_running "${stack}/web" "${replicas}" ||
    fail "web did not run: $(edgectl service ps "${stack}/web" -o json)"

: >"${samples}.raw"
sample_engine &
sampler=$!
# Stops the sampler, then cleans up with the test's own exit status.
stop_sampler_and_exit() {
    local status=$?
    kill "${sampler}" 2>/dev/null || true
    (exit "${status}")
    netns_exit
}
trap stop_sampler_and_exit EXIT

for ((cycle = 1; cycle <= freezes; cycle++)); do
    node="$(node_with_web)"
    [[ -n "${node}" ]] || fail "no node runs web"
    step "freeze ${cycle}/${freezes}: SIGSTOP the agent of ${node}, kill its web containers"
    pid="$(cat "${E2E_WORK}/agent-${node}.pid")"
    kill -STOP "${pid}"
    kill_web_on "${node}"
    wait_for 60 "web to move off ${node}" web_moved_off "${node}" ||
        { kill -CONT "${pid}"; fail "web did not move off ${node}"; }
    kill -CONT "${pid}"
    settle "${node}"
    check_never_twice
done
grep -h "fencing:" "${E2E_WORK}"/agent-*.log | tail -n 4

for ((cycle = 1; cycle <= cuts; cycle++)); do
    node="$(node_with_web)"
    [[ -n "${node}" ]] || fail "no node runs web"
    step "cut ${cycle}/${cuts}: ${node}'s link down; its web containers die once it is out of touch"
    netns_link "${node}" down
    # Past --fence-after the agent holds starts. A container that dies sooner is restarted at
    # once, before the hub could have moved it (docs/node-failure.md).
    sleep 4
    kill_web_on "${node}"
    wait_for 60 "web to move off ${node}" web_moved_off "${node}" ||
        { netns_link "${node}" up; fail "web did not move off ${node}"; }
    sleep 2 # still cut off: the agent must go on holding
    [[ "$(running_web_on "${node}")" == 0 ]] ||
        { netns_link "${node}" up; fail "${node} restarted web while cut off"; }
    netns_link "${node}" up
    settle "${node}"
    check_never_twice
done

step "stop-after-disconnect: a writer that must not outlive its node's cut"
kill "${sampler}"
cat >"${compose}" <<'YAML'
services:
  writer:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
    mem_limit: 32m
    deploy:
      placement:
        constraints: ["node.hostname==n2"]
    x-edge:
      stop-after-disconnect: 2s
YAML
edgectl deploy -f "${compose}" --stack writer >/dev/null || fail "deploy exited $?"
wait_for 60 "writer to run" service_running writer/writer 1 || fail "writer did not run"
writer_running() {
    [[ "$(containers_labelled "edgeorch.stack=writer" | jq '[.[] | select(.State == "running")] | length')" == "$1" ]]
}
netns_link n2 down
cut_at=${SECONDS}
wait_for 20 "n2 to stop writer" writer_running 0 || fail "writer still runs on the cut-off n2"
echo "ok: writer stopped $((SECONDS - cut_at)) s after the cut"
netns_link n2 up
wait_for 60 "writer to run again" writer_running 1 || fail "writer did not come back on n2"
echo "ok: writer back on n2 after the link returned"

step "whole-site power cut: hub, broker and agents die; the agents come back alone"
node="$(node_with_web)"
[[ -n "${node}" ]] || fail "no node runs web"
for name in n1 n2 n3; do
    kill -KILL "$(cat "${E2E_WORK}/agent-${name}.pid")"
done
kill -KILL "$(cat "${E2E_WORK}/hub/hub.pid")" "$(cat "${E2E_WORK}/mosquitto/mosquitto.pid")"
kill_web_on "${node}"
[[ "$(running_web_on "${node}")" == 0 ]] || fail "web still runs on ${node}"
restarted_at=${SECONDS}
netns_start_agent "${node}" "${agent_args[@]}"
# Nobody moved anything: after --fence-wait (10 s) without the broker it runs its stored set.
wait_for 40 "${node} to restart web without hub or broker" running_web_on_is "${node}" 1 ||
    fail "${node} did not bring web back with the hub and the broker down"
grep -q "no answer from the broker 10s after the start" "${E2E_WORK}/agent-${node}.log" ||
    fail "${node} did not say why it ran its stored set"
echo "ok: ${node} ran web again $((SECONDS - restarted_at)) s after its start, hub and broker down"

echo "PASS: e2e_fencing"
