#!/usr/bin/env bash
# Resource-aware placement on real parts: two 2 GiB Raspberry Pis on SD cards and a 16 GiB NUC
# on an SSD. A postgres service must land on the NUC (a database never goes to a low-power
# node), a 3-replica web service spreads over all three nodes, a service too large for any Pi
# goes to the NUC, and one that may only run on arm64 stays pending with a reason naming every
# node. A label change then makes a pending replica placeable, and the hub retries it.
# Usage: e2e_placement.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"

readonly stack=homelab

# replica_nodes SERVICE: the sorted, comma-joined nodes of the service's placed replicas.
replica_nodes() {
    edgectl service ps "${stack}/$1" -o json | jq -r '[.[] | select(.node != "") | .node] | sort | join(",")'
}

container_running_on() {
    local service="$1" node="$2"
    containers_labelled "edgeorch.service=${service}" |
        jq -e --arg n "${node}" 'any(.[]; .Labels["edgeorch.node"] == $n and .State == "running")' >/dev/null
}

e2e_start_core
# The database is recognised by its image repository, so give the test image that name too.
"${E2E_REPO_ROOT}/images/test-busybox/build.sh" "${E2E_SOCKET}" postgres:16 >/dev/null
e2e_start_agent pi-1 --memory 2GiB --arch arm64 --storage sd --model "Raspberry Pi 4 Model B"
e2e_start_agent pi-2 --memory 2GiB --arch arm64 --storage sd --model "Raspberry Pi 4 Model B"
e2e_start_agent nuc-1 --memory 16GiB --arch amd64 --storage ssd
wait_for 60 "three nodes to be ready" nodes_ready 3 || fail "the nodes did not become ready"

step "node ls derives class and allocatable memory from the facts"
nodes="$(edgectl node ls -o json)"
edgectl node ls
for pi in pi-1 pi-2; do
    jq -e --arg n "${pi}" '.[] | select(.name == $n) | .class == "low-power"' <<<"${nodes}" >/dev/null ||
        fail "${pi} is not low-power: $(jq -c --arg n "${pi}" '.[] | select(.name == $n)' <<<"${nodes}")"
done
jq -e '.[] | select(.name == "nuc-1") | .class == "standard"' <<<"${nodes}" >/dev/null ||
    fail "nuc-1 is not standard: $(jq -c '.[] | select(.name == "nuc-1")' <<<"${nodes}")"

step "deploy postgres, a 3-replica web service and one too large for any Pi"
compose="${E2E_WORK}/compose.yaml"
cat >"${compose}" <<'YAML'
services:
  db:
    image: postgres:16
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
    mem_limit: 512m
  web:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
    deploy:
      replicas: 3
      resources:
        limits:
          memory: 64m
  big:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
    mem_limit: 3g
  armonly:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
    deploy:
      resources:
        limits:
          memory: 3g
      placement:
        constraints:
          - node.platform.arch == arm64
  batch:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
    mem_limit: 32m
    deploy:
      placement:
        constraints:
          - node.labels.tier == batch
YAML
set +e
deploy_errors="$(edgectl deploy -f "${compose}" --stack "${stack}" 2>&1 >/dev/null)"
deploy_status=$?
set -e
echo "${deploy_errors}"
[[ ${deploy_status} -ne 0 ]] || fail "deploy with pending replicas exited 0 without --allow-pending"
[[ "${deploy_errors}" == *"pi-1: needs 3.0 GiB, "* ]] ||
    fail "deploy did not print pi-1's memory refusal: ${deploy_errors}"
[[ "${deploy_errors}" == *"nuc-1: constraint node.labels.tier==batch not met"* ]] ||
    fail "deploy did not print nuc-1's constraint refusal: ${deploy_errors}"

step "the database and the big service land on the NUC; web spreads over all three nodes"
wait_for 120 "db to run" service_running "${stack}/db" 1 ||
    fail "db did not run: $(edgectl service ps "${stack}/db" -o json)"
[[ "$(replica_nodes db)" == nuc-1 ]] || fail "db was placed on $(replica_nodes db), want nuc-1"
container_running_on db nuc-1 || fail "no running db container labelled for nuc-1"
wait_for 120 "big to run" service_running "${stack}/big" 1 ||
    fail "big did not run: $(edgectl service ps "${stack}/big" -o json)"
[[ "$(replica_nodes big)" == nuc-1 ]] || fail "big was placed on $(replica_nodes big), want nuc-1"
wait_for 120 "web to run" service_running "${stack}/web" 3 ||
    fail "web did not run: $(edgectl service ps "${stack}/web" -o json)"
[[ "$(replica_nodes web)" == "nuc-1,pi-1,pi-2" ]] ||
    fail "web replicas are on $(replica_nodes web), want one on each of nuc-1, pi-1, pi-2"
echo "ok: db and big on nuc-1, web on $(replica_nodes web)"

# pending_reason SERVICE: the reason of the service's only replica, which must be pending.
pending_reason() {
    local rows
    rows="$(edgectl service ps "${stack}/$1" -o json)"
    jq -e 'length == 1 and .[0].state == "pending" and .[0].node == ""' <<<"${rows}" >/dev/null ||
        fail "$1 is not pending: ${rows}"
    [[ "$(containers_labelled "edgeorch.service=$1" | jq length)" == 0 ]] ||
        fail "pending service $1 has a container"
    jq -r '.[0].reason' <<<"${rows}"
}

step "an arm64-only service too large for any Pi is pending with a reason for every node"
reason="$(pending_reason armonly)"
for node in pi-1 pi-2; do
    [[ "${reason}" =~ ${node}:\ needs\ 3\.0\ GiB,\ [0-9.]+\ [MG]iB\ free ]] ||
        fail "the pending reason does not say ${node} lacks memory: ${reason}"
done
[[ "${reason}" == *"nuc-1: constraint node.platform.arch==arm64 not met"* ]] ||
    fail "the pending reason does not name nuc-1's constraint: ${reason}"
echo "ok: armonly pending: ${reason}"

step "a label change makes a pending replica placeable, and the hub retries it"
reason="$(pending_reason batch)"
for node in nuc-1 pi-1 pi-2; do
    [[ "${reason}" == *"${node}: constraint node.labels.tier==batch not met"* ]] ||
        fail "the pending reason does not name ${node}'s constraint: ${reason}"
done
edgectl node label nuc-1 tier=batch || fail "node label exited $?"
wait_for 120 "batch to run on nuc-1" service_running "${stack}/batch" 1 ||
    fail "batch was not retried: $(edgectl service ps "${stack}/batch" -o json)"
[[ "$(replica_nodes batch)" == nuc-1 ]] || fail "batch was placed on $(replica_nodes batch), want nuc-1"
[[ "$(replica_nodes db)" == nuc-1 && "$(replica_nodes web)" == "nuc-1,pi-1,pi-2" ]] ||
    fail "running replicas moved after the label change: db $(replica_nodes db), web $(replica_nodes web)"
edgectl node ls
echo "ok: batch placed on nuc-1; db and web stayed"

step "stack rm leaves no containers"
edgectl stack rm "${stack}" || fail "stack rm exited $?"
no_labelled_containers() { [[ "$(containers_labelled edgeorch.node | jq length)" == 0 ]]; }
wait_for 60 "the stack's containers to be removed" no_labelled_containers ||
    fail "containers left after stack rm"

echo "PASS: e2e_placement"
