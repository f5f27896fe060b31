#!/usr/bin/env bash
# Environments and contexts on real parts: the same stack deployed in preprod and prod, preprod
# constrained to the node labelled env=preprod and prod on every node, so both copies run side by
# side on that node with containers and networks that do not clash; listings filtered by --env,
# and env rm refused while stacks remain. Then two
# contexts pointing at two hubs (two brokers on loopback), each command going to the hub its
# context names, and contexts.json kept owner-only.
# Usage: e2e_environments.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"

readonly stack=shop
second_dir="${E2E_WORK}/second"

# The second hub and broker, stopped by PID like the first ones.
e2e_after_cleanup() {
    stop_hub "${second_dir}/hub"
    stop_mosquitto "${second_dir}/mosquitto"
}

# edgectl with only what contexts give: no --broker, no credentials in the environment.
ctl() {
    env -u EDGE_BROKER -u EDGE_USERNAME -u EDGE_PASSWORD XDG_CONFIG_HOME="${E2E_WORK}/config" \
        "${EDGECTL_BIN}" --timeout 5s "$@"
}

# env_running ENV COUNT: the stack's web service runs COUNT replicas in ENV.
env_running() {
    edgectl --env "$1" service ps "${stack}/web" -o json |
        jq -e --argjson n "$2" 'length == $n and all(.[]; .state == "running" and .container_id != "")'
}

no_labelled_containers() {
    [[ "$(containers_labelled edgeorch.node | jq length)" == 0 ]]
}

e2e_start_core
e2e_start_agent nuc-1 --memory 8GiB --storage ssd
e2e_start_agent nuc-2 --memory 8GiB --storage ssd
wait_for 60 "the nodes to be ready" nodes_ready 2 || fail "the nodes did not become ready"
edgectl node label nuc-1 env=preprod >/dev/null
edgectl env create preprod --constraint node.labels.env==preprod || fail "env create preprod exited $?"
edgectl env create prod || fail "env create prod exited $?"

step "the same stack in preprod and prod, both on nuc-1"
compose="${E2E_WORK}/compose.yaml"
cat >"${compose}" <<'YAML'
services:
  web:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
    mem_limit: 32m
    deploy:
      mode: global
YAML
# The first deploy waits for its replica (its progress queries carry --env too).
edgectl deploy -f "${compose}" --stack "${stack}" --env preprod >/dev/null ||
    fail "deploy to preprod exited $?"
edgectl deploy -f "${compose}" --stack "${stack}" --env prod --detach >/dev/null ||
    fail "deploy to prod exited $?"
wait_for 90 "${stack} to run in preprod" env_running preprod 1 ||
    fail "${stack} in preprod: $(edgectl --env preprod service ps "${stack}/web" -o json)"
wait_for 90 "${stack} to run in prod" env_running prod 2 ||
    fail "${stack} in prod: $(edgectl --env prod service ps "${stack}/web" -o json)"
[[ "$(edgectl --env preprod service ps "${stack}/web" -o json | jq -r '.[0].node')" == nuc-1 ]] ||
    fail "preprod's replica is not on the env=preprod node"
names="$(containers_labelled edgeorch.node=nuc-1 | jq -r '[.[].Names[0]] | sort | join(" ")')"
[[ "${names}" =~ ^/edge-${stack}\.ENV-preprod-web-[0-9]+\.nuc-1\ /edge-${stack}\.ENV-prod-web-[0-9]+\.nuc-1$ ]] ||
    fail "container names on nuc-1: ${names}"
note_stack_bridges
networks="$(docker_api /networks | jq -r '[.[].Name | select(startswith("edge-"))] | sort | join(" ")')"
[[ "${networks}" == "edge-${stack}.ENV-preprod.nuc-1 edge-${stack}.ENV-prod.nuc-1 edge-${stack}.ENV-prod.nuc-2" ]] ||
    fail "networks: ${networks}"
echo "ok: containers ${names}; networks ${networks}"
[[ "$(edgectl --env prod stack ls -o json | jq -r '[.[].name] | join(" ")')" == "${stack}@prod" ]] ||
    fail "stack ls --env prod: $(edgectl --env prod stack ls -o json)"
table="$(edgectl service ls)"
echo "${table}"
[[ "${table}" == ENV* ]] || fail "service ls over two environments has no ENV column"
edgectl env ls
edgectl env ls -o json | jq -e '.[] | select(.name == "prod") | .stacks == ["shop"] and .placed == 2' \
    >/dev/null || fail "env ls: $(edgectl env ls -o json)"
set +e
refusal="$(edgectl env rm preprod 2>&1)"
set -e
[[ "${refusal}" == *"still has stacks: ${stack}"* ]] || fail "env rm preprod with a stack: ${refusal}"

step "two contexts, two hubs"
second_port="$(free_port)"
EDGE_BROKER_SETUP="" start_mosquitto "${second_dir}/mosquitto" "${second_port}"
EDGE_BROKER_SETUP="" start_hub "${second_dir}/hub" "mqtt://127.0.0.1:${second_port}"
ctl context import "${EDGE_BROKER_SETUP}/edgectl.env" --name first --broker "${E2E_BROKER}" ||
    fail "context import exited $?"
ctl context create second --broker "mqtt://127.0.0.1:${second_port}" || fail "context create exited $?"
mode="$(stat -c %a "${E2E_WORK}/config/edgeorch/contexts.json")"
[[ "${mode}" == 600 ]] || fail "contexts.json has mode ${mode}, want 600"
listing="$(ctl context ls)"
echo "${listing}"
grep -qE '^\*\s+first' <<<"${listing}" || fail "context ls does not mark first as current"
[[ "${listing}" != *"${EDGE_PASSWORD}"* ]] || fail "context ls printed a password"

wait_for 20 "the second hub to answer" ctl --context second node ls ||
    fail "the second hub does not answer"
[[ "$(ctl node ls -o json | jq length)" == 2 ]] || fail "the current context (first) should see two nodes"
[[ "$(ctl --context second node ls -o json | jq length)" == 0 ]] ||
    fail "--context second should reach the hub with no nodes"
ctl context use second >/dev/null
[[ "$(ctl stack ls -o json | jq length)" == 0 ]] || fail "after context use second, stack ls is not empty"
[[ "$(ctl --context first stack ls -o json | jq length)" == 2 ]] ||
    fail "--context first should list the two stacks"
echo "ok: each command went to the hub its context names"

step "removing one environment's stack leaves the other"
edgectl --env preprod stack rm "${stack}" >/dev/null || fail "stack rm in preprod exited $?"
env_running prod 2 >/dev/null || fail "prod's copy stopped when preprod's was removed"
edgectl env rm preprod >/dev/null || fail "env rm preprod without stacks exited $?"
edgectl --env prod stack rm "${stack}" >/dev/null || fail "stack rm in prod exited $?"
wait_for 60 "the containers to be removed" no_labelled_containers ||
    fail "containers left: $(containers_labelled edgeorch.node | jq -c '[.[].Names]')"
echo "ok: both environments removed"
