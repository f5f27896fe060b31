#!/usr/bin/env bash
# A node holds more stacks than Docker's default address pools have networks for
# (docs/networking.md, "Stack subnets"): one agent, 32 one-container stacks, each with its own
# network. Docker's default pools hold 31 networks, one of them taken by its default bridge;
# with the hub's stack subnet pool all 32 run, each network on its own subnet from the pool. The subnets survive a hub restart; a pool with no room left refuses a deploy with
# a clear error; removing the stacks removes their networks.
# Usage: e2e_many_stacks.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
#   EDGE_MANY_STACKS   how many stacks (default 32; a power of two from 2 to 1024)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"

readonly stacks="${EDGE_MANY_STACKS:-32}"
readonly agent_node=nuc-1
readonly pool=10.210.0.0/16
readonly size=26
# The hub hands out subnets from the start of its pool, so the stacks take exactly the first
# /${full_prefix} of it: restarted with that as its pool, the hub has no room left.
full_prefix=${size}
for ((n = stacks; n > 1; n /= 2)); do full_prefix=$((full_prefix - 1)); done
readonly full_prefix
[[ $((1 << (size - full_prefix))) == "${stacks}" && ${full_prefix} -ge 16 ]] ||
    { echo "EDGE_MANY_STACKS=${stacks} is not a power of two from 2 to 1024" >&2; exit 2; }
readonly full_pool="10.210.0.0/${full_prefix}"

# The stack networks of the node (JSON array from GET /networks), noting their bridges for the
# cleanup (e2e_common.sh).
stack_networks() {
    local filter networks
    filter="$(jq -rn --arg l "edgeorch.node=${agent_node}" '{"label": [$l]} | tojson | @uri')"
    networks="$(docker_api "/networks?filters=${filter}")" || return 1
    jq -r '.[].Id[0:12] | "br-" + .' <<<"${networks}" >>"${E2E_BRIDGES}"
    echo "${networks}"
}

running_count() {
    containers_labelled "edgeorch.node=${agent_node}" | jq '[.[] | select(.State == "running")] | length'
}

all_running() {
    stack_networks >/dev/null  # notes the bridges made so far, should the test stop here
    [[ "$(running_count)" == "${stacks}" ]]
}

nothing_left() {
    [[ "$(containers_labelled "edgeorch.node=${agent_node}" | jq length)" == 0 &&
        "$(stack_networks | jq length)" == 0 ]]
}

stored_subnets() {
    sqlite3 "${E2E_WORK}/hub/hub.db" "SELECT name || ' ' || subnet FROM stacks ORDER BY name"
}

e2e_start_core --stack-subnet-pool "${pool}" --stack-subnet-size "${size}"
e2e_start_agent "${agent_node}" --memory 16GiB --storage ssd
wait_for 60 "the node to be ready" nodes_ready 1 || fail "the node did not become ready"

compose="${E2E_WORK}/compose.yaml"
cat >"${compose}" <<'YAML'
services:
  app:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
    mem_limit: 16m
YAML

step "deploy ${stacks} one-container stacks to one node"
started=${SECONDS}
for i in $(seq -w 1 "${stacks}"); do
    edgectl deploy --detach -f "${compose}" --stack "s${i}" >/dev/null || fail "deploy of s${i} exited $?"
done
echo "deployed ${stacks} stacks in $((SECONDS - started)) s"
wait_for 300 "${stacks} containers to run" all_running ||
    fail "$(running_count) of ${stacks} containers run; the agent says:" \
        "$(grep -iE 'error|cannot' "${E2E_WORK}/agent-${agent_node}.log" | tail -n 5)"
echo "ok: ${stacks} containers run, $((SECONDS - started)) s after the first deploy"

step "each stack network has its own /${size} from ${pool}, and its container is on it"
networks="$(stack_networks)"
jq -e --argjson n "${stacks}" 'length == $n' <<<"${networks}" >/dev/null ||
    fail "$(jq length <<<"${networks}") stack networks, want ${stacks}"
# Within 10.210.0.0/16: the first two octets; a /26 starts at a multiple of 64 (size is at
# least 24, so the last octet tells); the gateway is the first host address.
bad="$(jq -r --arg size "${size}" --argjson block $((1 << (32 - size))) '.[] | .Name as $name
    | (.IPAM.Config // [])[0] as $c
    | select($c == null or ($c.Subnet | test("^10\\.210\\.[0-9]+\\.[0-9]+/" + $size + "$") | not)
        or (($c.Subnet | split("/")[0] | split(".")[3] | tonumber) % $block != 0)
        or ($c.Gateway != ($c.Subnet | split("/")[0] | split(".") | .[3] = ((.[3] | tonumber) + 1 | tostring) | join("."))))
    | "\($name): \($c)"' <<<"${networks}")"
[[ -z "${bad}" ]] || fail "networks without a subnet from the pool: ${bad}"
distinct="$(jq '[.[].IPAM.Config[0].Subnet] | unique | length' <<<"${networks}")"
[[ "${distinct}" == "${stacks}" ]] || fail "${distinct} distinct subnets for ${stacks} networks"
misplaced="$(containers_labelled "edgeorch.node=${agent_node}" | jq -r --arg n "${agent_node}" '.[]
    | (.Labels["edgeorch.stack"]) as $stack
    | select((.NetworkSettings.Networks | keys) != ["edge-" + $stack + "." + $n]) | .Names[0]')"
[[ -z "${misplaced}" ]] || fail "containers not on their stack's network: ${misplaced}"
echo "ok: ${stacks} networks, ${distinct} distinct subnets, e.g." \
    "$(jq -r '[.[] | "\(.Name) \(.IPAM.Config[0].Subnet)"] | sort | .[0]' <<<"${networks}")"

step "a hub restart keeps every subnet; a pool with no room refuses a new stack"
subnets_before="$(stored_subnets)"
[[ "$(grep -c ' 10\.210\.' <<<"${subnets_before}")" == "${stacks}" ]] ||
    fail "the hub stored $(grep -c ' 10\.210\.' <<<"${subnets_before}") subnets, want ${stacks}"
stop_hub "${E2E_WORK}/hub"
start_hub "${E2E_WORK}/hub" "${E2E_BROKER}" --stack-subnet-pool "${full_pool}" \
    --stack-subnet-size "${size}"
wait_for 30 "the restarted hub to answer" edgectl node ls -o json >/dev/null ||
    fail "the restarted hub does not answer"
set +e
full_output="$(edgectl deploy -f "${compose}" --stack extra 2>&1)"
full_status=$?
set -e
[[ ${full_status} -ne 0 ]] || fail "a deploy into a full pool succeeded: ${full_output}"
[[ "${full_output}" == *"stack extra gets no network: no free /${size} left in ${full_pool}"* ]] ||
    fail "a deploy into a full pool said: ${full_output}"
echo "ok: ${full_output}"
[[ "$(stored_subnets)" == "${subnets_before}" ]] || fail "subnets changed across the restart"
all_running || fail "$(running_count) of ${stacks} containers run after the hub restart"
echo "ok: ${stacks} subnets unchanged across the restart, every container still runs"

step "remove every stack: their containers and networks go"
removing=${SECONDS}
for i in $(seq -w 1 "${stacks}"); do
    edgectl stack rm "s${i}" >/dev/null || fail "stack rm s${i} exited $?"
done
wait_for 300 "every container and network of the node to go" nothing_left ||
    fail "left: $(containers_labelled "edgeorch.node=${agent_node}" | jq length) containers," \
        "$(stack_networks | jq -r '[.[].Name] | join(" ")')"
[[ -z "$(stored_subnets)" ]] || fail "the hub still holds subnets: $(stored_subnets)"
echo "ok: no container, network or subnet left, $((SECONDS - removing)) s after the first stack rm"
echo "PASS: ${stacks} stacks on one node in ${SECONDS} s"
