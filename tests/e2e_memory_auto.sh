#!/usr/bin/env bash
# Learned memory limits on real parts (docs/memory.md), with the observation window shortened
# to 20 s (edge-hub --memory-observation):
#  - grower allocates 150 MiB under an automatic limit that starts at 64 MiB: the kernel
#    OOM-kills it, the hub raises the limit half again after each kill and restarts the replica
#    with it, until it runs; every raise is a "memory" event that says where it fits. It starts
#    on pi-1 (384 MiB allocatable, beside steady's 256 MiB); a raise that no longer fits there
#    moves it to nuc-1, which joined later, and the event says why;
#  - steady uses about 20 MiB under a 256 MiB limit in recommend mode: after 20 s of running it
#    gets a recommendation near its peak, which changes nothing until
#    `edgectl service resize --apply` takes it.
# Usage: e2e_memory_auto.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"

readonly stack=mem
readonly MiB=$((1024 * 1024))

e2e_start_core --memory-observation 20s
e2e_start_agent pi-1 --memory 640MiB --storage ssd
wait_for 60 "pi-1 to be ready" nodes_ready 1 || fail "pi-1 did not become ready"

compose="${E2E_WORK}/compose.yaml"
# dd holds a buffer of bs bytes, filled from /dev/zero, while it runs; sh as PID 1 ignores
# SIGTERM, so it traps it to stop at once.
cat >"${compose}" <<'YAML'
services:
  grower:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; dd if=/dev/zero of=/dev/null bs=150M count=1 || exit 1; sleep 3600 & wait"]
    mem_limit: 64m
    x-edge: {memory: auto}
  steady:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; dd if=/dev/zero of=/dev/null bs=20M count=1; sleep 3600 & wait"]
    mem_limit: 256m
    x-edge: {memory: recommend}
YAML

step "deploy: grower needs 150 MiB under an automatic 64 MiB limit"
deployed_ms="$(date +%s%3N)"
edgectl deploy -f "${compose}" --stack "${stack}" || fail "deploy exited $?"
edgectl service ls
# A bigger node joins; running replicas stay where they are until they no longer fit.
e2e_start_agent nuc-1 --memory 4GiB --storage ssd
wait_for 60 "nuc-1 to be ready" nodes_ready 2 || fail "nuc-1 did not become ready"

has_event() {
    edgectl events -o json --since 10m | jq -e --arg k "$1" --arg s "$2" \
        'any(.[]; .kind == $k and (.message | contains($s)))' >/dev/null
}
# grower runs, with a limit it fits in, in the engine as in the hub.
grower_fits() {
    local row id
    row="$(edgectl service ps "${stack}/grower" -o json | jq -c '.[0]')"
    [[ "$(jq -r .state <<<"${row}")" == running ]] || return 1
    (($(jq .memory_limit <<<"${row}") >= 150 * MiB)) || return 1
    id="$(jq -r .container_id <<<"${row}")"
    [[ "$(docker_api "/containers/${id}/json" | jq .HostConfig.Memory)" == "$(jq .memory_limit <<<"${row}")" ]]
}
step "the kernel OOM-kills it; the hub raises the limit and restarts it until it runs"
wait_for 120 "grower to run under a raised limit" grower_fits ||
    fail "grower does not run: $(edgectl service ps "${stack}/grower"); events: $(edgectl events --since 10m)"
running_ms="$(date +%s%3N)"
edgectl service ps "${stack}/grower"
edgectl events --since 10m | grep -E ' memory ' || true
has_event memory "limit 64 → 96 MiB after an OOM kill at 64 MiB" ||
    fail "no event for the first raise: $(edgectl events --since 10m)"
has_event memory "fits on pi-1 (" || fail "the first raise does not say where the replica fits"
has_event memory "moved from pi-1 (128 MiB free, it needs 144 MiB) to nuc-1 (" ||
    fail "no event for the raise that moved grower: $(edgectl events --since 10m)"
[[ "$(edgectl service ps "${stack}/grower" -o json | jq -r '.[0].node')" == nuc-1 ]] ||
    fail "grower did not move to nuc-1"
[[ "$(edgectl service ps "${stack}/steady" -o json | jq -r '.[0].node')" == pi-1 ]] ||
    fail "steady moved; only the replica that outgrew pi-1 should"
has_event oom "its automatic limit is raised" || fail "the oom event for grower does not say the hub raises it"
limit="$(edgectl service ps "${stack}/grower" -o json | jq '.[0].memory_limit')"
[[ "$(edgectl service ls -o json | jq -r '.[] | select(.service == "grower") | .memory_mode')" == auto ]] ||
    fail "service ls does not show grower's mode"
first_oom_ms="$(edgectl events -o json --since 10m | jq '[.[] | select(.kind == "oom") | .time_ms] | min')"
echo "measured: deploy to grower running at $((limit / MiB)) MiB: $((running_ms - deployed_ms)) ms;" \
    "first OOM event to running: $((running_ms - first_oom_ms)) ms"

step "steady gets a recommendation near its peak after the 20 s observation window"
recommended() {
    edgectl service ls -o json |
        jq -e '.[] | select(.service == "steady") | .memory_recommendation > 0' >/dev/null
}
wait_for 60 "steady's recommendation" recommended ||
    fail "no recommendation: $(edgectl service ls -o json | jq -c '.[] | select(.service == "steady")')"
edgectl service ls
row="$(edgectl service ls -o json | jq -c '.[] | select(.service == "steady")')"
peak="$(jq .memory_peak_window <<<"${row}")"
recommendation="$(jq .memory_recommendation <<<"${row}")"
((peak >= 20 * MiB && peak < 40 * MiB)) || fail "steady's peak is ${peak} bytes, expected about 20 MiB"
((recommendation >= peak && recommendation <= 48 * MiB)) ||
    fail "steady's recommendation ${recommendation} is not near its peak ${peak}"
[[ "$(jq .memory_limit <<<"${row}")" == $((256 * MiB)) ]] ||
    fail "recommend mode changed steady's limit by itself: ${row}"
has_event memory "steady" || fail "no event announces steady's recommendation"
echo "measured: steady peak $((peak / 1024)) KiB, recommended $((recommendation / MiB)) MiB"

step "service resize --apply takes it"
edgectl service resize "${stack}/steady" --apply || fail "resize --apply exited $?"
steady_resized() {
    local row id
    row="$(edgectl service ps "${stack}/steady" -o json | jq -c '.[0]')"
    [[ "$(jq -r .state <<<"${row}")" == running ]] || return 1
    id="$(jq -r .container_id <<<"${row}")"
    [[ "$(docker_api "/containers/${id}/json" | jq .HostConfig.Memory)" == "${recommendation}" ]]
}
wait_for 60 "steady to run at its recommended limit" steady_resized ||
    fail "steady was not resized: $(edgectl service ps "${stack}/steady")"
edgectl service ps "${stack}/steady"

step "remove the stack; its containers and network go"
edgectl stack rm "${stack}" || fail "stack rm exited $?"
nothing_left() {
    [[ "$(containers_labelled edgeorch.node | jq length)" == 0 ]] &&
        [[ "$(docker_api "/networks?filters=$(jq -rn '{"label": ["edgeorch.stack"]} | tojson | @uri')" | jq length)" == 0 ]]
}
wait_for 60 "the containers and networks to be removed" nothing_left ||
    fail "left behind: $(containers_labelled edgeorch.node | jq -c '[.[].Names]')"
echo "PASS: e2e_memory_auto"
