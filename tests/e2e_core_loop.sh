#!/usr/bin/env bash
# The core loop on real parts: deploy a compose stack through edgectl -> edge-hub (SQLite) ->
# MQTT -> two edge-agents -> dockerd, check that every container runs on the node the hub
# chose with the hard memory limit in its cgroup, remove the stack, and check the errors a
# person sees for a bad compose file and for a hub that does not answer.
# Usage: e2e_core_loop.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"

readonly stack=e2e
readonly web_limit=$((64 * 1024 * 1024))
readonly worker_limit=$((48 * 1024 * 1024))

# The cgroup memory limit of a container, from cgroup v1 or v2.
cgroup_memory_limit() {
    local id="$1" file
    for file in "/sys/fs/cgroup/memory/docker/${id}/memory.limit_in_bytes" \
        "/sys/fs/cgroup/docker/${id}/memory.max" \
        "/sys/fs/cgroup/system.slice/docker-${id}.scope/memory.max"; do
        if [[ -f "${file}" ]]; then
            cat "${file}"
            return 0
        fi
    done
    echo "no cgroup memory file for container ${id}" >&2
    return 1
}

# check_replicas SERVICE EXPECTED_LIMIT: every replica the hub lists runs in dockerd on the
# node the hub chose, labelled with it, with memory == swap == the limit, also in the cgroup.
check_replicas() {
    local service="$1" limit="$2" rows row node id inspect
    rows="$(edgectl service ps "${stack}/${service}" -o json)"
    jq -e 'type == "array"' <<<"${rows}" >/dev/null || fail "service ps -o json is not an array"
    while read -r row; do
        node="$(jq -r .node <<<"${row}")"
        id="$(jq -r .container_id <<<"${row}")"
        [[ "$(jq -r .memory_limit <<<"${row}")" == "${limit}" ]] ||
            fail "${service}: hub reports memory_limit $(jq .memory_limit <<<"${row}"), want ${limit}"
        inspect="$(docker_api "/containers/${id}/json")" ||
            fail "${service} replica on ${node}: container ${id} is not in dockerd"
        [[ "$(jq -r .State.Status <<<"${inspect}")" == running ]] ||
            fail "${service}: container ${id} is $(jq -r .State.Status <<<"${inspect}")"
        [[ "$(jq -r '.Config.Labels["edgeorch.node"]' <<<"${inspect}")" == "${node}" ]] ||
            fail "${service}: container ${id} is labelled for node" \
                "$(jq -r '.Config.Labels["edgeorch.node"]' <<<"${inspect}"), the hub chose ${node}"
        [[ "$(jq -r .HostConfig.Memory <<<"${inspect}")" == "${limit}" ]] ||
            fail "${service}: HostConfig.Memory is $(jq .HostConfig.Memory <<<"${inspect}"), want ${limit}"
        [[ "$(jq -r .HostConfig.MemorySwap <<<"${inspect}")" == "${limit}" ]] ||
            fail "${service}: HostConfig.MemorySwap is $(jq .HostConfig.MemorySwap <<<"${inspect}")," \
                "want ${limit} (no swap beyond the limit)"
        [[ "$(cgroup_memory_limit "${id}")" == "${limit}" ]] ||
            fail "${service}: cgroup memory limit of ${id} is $(cgroup_memory_limit "${id}"), want ${limit}"
        echo "ok: ${stack}/${service} replica $(jq -r .replica <<<"${row}") on ${node}:" \
            "container ${id:0:12}, limit ${limit} in engine and cgroup"
    done < <(jq -c '.[]' <<<"${rows}")
}

# Each agent runs exactly the containers the hub placed on its node, and nothing else.
check_no_strays() {
    local node listed running
    for node in pi-1 nuc-1; do
        listed="$(edgectl service ps "${stack}/web" -o json | jq --arg n "${node}" '[.[] | select(.node == $n)] | length')"
        listed=$((listed + $(edgectl service ps "${stack}/worker" -o json | jq --arg n "${node}" '[.[] | select(.node == $n)] | length')))
        running="$(containers_labelled "edgeorch.node=${node}" | jq length)"
        [[ "${listed}" == "${running}" ]] ||
            fail "node ${node}: hub lists ${listed} replicas, dockerd has ${running} labelled containers"
    done
}

no_labelled_containers() {
    [[ "$(containers_labelled edgeorch.node | jq length)" == 0 ]]
}

e2e_start_core
e2e_start_agent pi-1 --memory 2GiB --arch arm64 --storage sd --model "Raspberry Pi 4 Model B"
e2e_start_agent nuc-1 --memory 16GiB --storage ssd
wait_for 60 "both nodes to be ready" nodes_ready 2 || fail "the nodes did not become ready"

step "node ls reports the declared facts"
nodes="$(edgectl node ls -o json)"
jq -e 'type == "array" and length == 2' <<<"${nodes}" >/dev/null || fail "node ls: ${nodes}"
jq -e '.[] | select(.name == "pi-1") | .arch == "arm64" and .storage == "sd"
        and .memory_total == 2147483648 and .model == "Raspberry Pi 4 Model B"' <<<"${nodes}" \
    >/dev/null || fail "pi-1 facts: $(jq -c '.[] | select(.name == "pi-1")' <<<"${nodes}")"
jq -e '.[] | select(.name == "nuc-1") | .storage == "ssd" and .memory_total == 17179869184' \
    <<<"${nodes}" >/dev/null || fail "nuc-1 facts: $(jq -c '.[] | select(.name == "nuc-1")' <<<"${nodes}")"
edgectl node ls

step "a compose file with an invalid memory size is refused with file, line and key"
bad_compose="${E2E_WORK}/bad-compose.yaml"
cat >"${bad_compose}" <<'YAML'
services:
  web:
    image: edgeorch/busybox:latest
    deploy:
      resources:
        limits:
          memory: lots
YAML
set +e
bad_output="$(edgectl deploy -f "${bad_compose}" --stack bad 2>&1 >/dev/null)"
bad_status=$?
set -e
[[ ${bad_status} -eq 2 ]] || fail "deploy of a bad file exited ${bad_status}, want 2: ${bad_output}"
expected_prefix="${bad_compose}:7: services.web.deploy.resources.limits.memory: "
[[ "${bad_output}" == "${expected_prefix}"* ]] ||
    fail "deploy of a bad file printed \"${bad_output}\", want it to start with \"${expected_prefix}\""
echo "ok: ${bad_output}"

step "deploy a stack of two services"
# The shells trap SIGTERM (PID 1 ignores it otherwise) so that removal does not wait for the
# engine's kill timeout.
compose="${E2E_WORK}/compose.yaml"
cat >"${compose}" <<'YAML'
services:
  web:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; httpd -p 8080 -h /www; while true; do sleep 1 & wait; done"]
    deploy:
      replicas: 2
      resources:
        limits:
          memory: 64m
  worker:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
    mem_limit: 48m
YAML
edgectl deploy -f "${compose}" --stack "${stack}" || fail "deploy exited $?"

wait_for 120 "both web replicas to run" service_running "${stack}/web" 2 ||
    fail "web did not run: $(edgectl service ps "${stack}/web" -o json)"
wait_for 120 "the worker replica to run" service_running "${stack}/worker" 1 ||
    fail "worker did not run: $(edgectl service ps "${stack}/worker" -o json)"
edgectl service ls
edgectl service ps "${stack}/web"

step "containers run where the hub placed them, with hard memory limits"
check_replicas web "${web_limit}"
check_replicas worker "${worker_limit}"
web_nodes="$(edgectl service ps "${stack}/web" -o json | jq '[.[].node] | unique | length')"
[[ "${web_nodes}" == 2 ]] || fail "the two web replicas share one node; they should spread"
check_no_strays

step "redeploying the same file changes nothing"
ids_before="$(containers_labelled edgeorch.node | jq -c '[.[].Id] | sort')"
edgectl deploy -f "${compose}" --stack "${stack}" >/dev/null || fail "redeploy exited $?"
sleep 3
ids_after="$(containers_labelled edgeorch.node | jq -c '[.[].Id] | sort')"
[[ "${ids_before}" == "${ids_after}" ]] || fail "redeploy replaced containers: ${ids_before} -> ${ids_after}"
echo "ok: same containers after redeploy"

step "stack rm leaves no labelled containers"
edgectl stack rm "${stack}" || fail "stack rm exited $?"
wait_for 60 "the stack's containers to be removed" no_labelled_containers ||
    fail "containers left after stack rm: $(containers_labelled edgeorch.node | jq -c '[.[].Names]')"
[[ "$(edgectl stack ls -o json | jq --arg s "${stack}" '[.[] | select(.name == $s)] | length')" == 0 ]] ||
    fail "stack ls still lists ${stack}"
echo "ok: no containers left"

step "a hub that does not answer gives a clear error"
stop_hub "${E2E_WORK}/hub"
set +e
started=${SECONDS}
silent_output="$(edgectl --timeout 2s node ls 2>&1 >/dev/null)"
silent_status=$?
set -e
[[ ${silent_status} -ne 0 ]] || fail "node ls succeeded with the hub stopped"
[[ "${silent_output}" == *"did not answer"* ]] ||
    fail "node ls without a hub printed \"${silent_output}\""
((SECONDS - started <= 10)) || fail "node ls took $((SECONDS - started))s with --timeout 2s"
echo "ok: ${silent_output}"

set +e
unused_port="$(free_port)"
nobroker_output="$("${EDGECTL_BIN}" --broker "mqtt://127.0.0.1:${unused_port}" --timeout 2s node ls 2>&1 >/dev/null)"
nobroker_status=$?
set -e
[[ ${nobroker_status} -ne 0 && -n "${nobroker_output}" ]] ||
    fail "node ls against a closed port exited ${nobroker_status} with \"${nobroker_output}\""
echo "ok: ${nobroker_output}"

echo "PASS: e2e_core_loop"
