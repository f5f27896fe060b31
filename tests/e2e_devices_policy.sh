#!/usr/bin/env bash
# Devices and node policy on real parts: two agents share one dockerd. node-a has a device
# (a char device this test makes with mknod, declared with --device) and a policy that allows
# privileged containers; node-b has neither, and more memory, so it would win every tie.
# A service needing the device lands on node-a; one needing a device nobody has is pending with
# a reason naming the device for each node; a privileged service lands on node-a, and one
# pinned to node-b is pending with node-b's policy line; binding / or the engine's socket is
# pending on both, refused by their default policy. A device that appears under node-b's
# device root while it runs shows up in `node ls` (hot-plug).
# Usage: e2e_devices_policy.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"

readonly stack=devices
# Unique per run, so parallel runs never share or remove each other's device.
readonly device="/dev/edge-e2e-tty-$$"
readonly missing_device="/dev/edge-e2e-absent-$$"

# The fake device goes before the common cleanup, whatever the exit status.
trap 'status=$?; rm -f "${device}"; (exit ${status}); e2e_cleanup' EXIT

replica_nodes() {
    edgectl service ps "${stack}/$1" -o json | jq -r '[.[] | select(.node != "") | .node] | sort | join(",")'
}

node_has_device() {
    edgectl node ls -o json | jq -e --arg n "$1" --arg d "$2" \
        '.[] | select(.name == $n) | .devices // [] | index($d) != null' >/dev/null
}

step "make ${device} (major 1, minor 3: the same device as /dev/null)"
mknod -m 0666 "${device}" c 1 3

e2e_start_core
# Each agent scans its own empty device root, so the host's real devices stay out of the test.
mkdir -p "${E2E_WORK}/devroot-a/dev" "${E2E_WORK}/devroot-b/dev"
printf '# e2e: this node runs privileged containers and the test device\nprivileged yes\ndevices /dev/edge-e2e-\n' >"${E2E_WORK}/policy-a.conf"
printf '# e2e: this node does not\nprivileged no\n' >"${E2E_WORK}/policy-b.conf"
e2e_start_agent node-a --memory 4GiB --dev-root "${E2E_WORK}/devroot-a" --device "${device}" \
    --policy "${E2E_WORK}/policy-a.conf"
e2e_start_agent node-b --memory 8GiB --dev-root "${E2E_WORK}/devroot-b" \
    --policy "${E2E_WORK}/policy-b.conf"
wait_for 60 "two nodes to be ready" nodes_ready 2 || fail "the nodes did not become ready"

step "node ls shows the device on node-a only"
edgectl node ls
node_has_device node-a "${device}" || fail "node-a does not report ${device}: $(edgectl node ls -o json)"
! node_has_device node-b "${device}" || fail "node-b reports ${device}"

step "deploy: a service on the device, one on a device nobody has, two privileged ones"
compose="${E2E_WORK}/compose.yaml"
cat >"${compose}" <<YAML
x-sleep: &sleep
  image: edgeorch/busybox:latest
  command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
  mem_limit: 32m
services:
  serial:
    <<: *sleep
    devices: ["${device}:/dev/ttyUSB0"]
  zwave:
    <<: *sleep
    devices: ["${missing_device}"]
  privileged:
    <<: *sleep
    privileged: true
  privileged-on-b:
    <<: *sleep
    privileged: true
    deploy:
      placement:
        constraints: [node.hostname == node-b]
  host-root:
    <<: *sleep
    volumes: ["/:/host:ro"]
  engine-socket:
    <<: *sleep
    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]
YAML
set +e
deploy_errors="$(edgectl deploy -f "${compose}" --stack "${stack}" 2>&1 >/dev/null)"
deploy_status=$?
set -e
echo "${deploy_errors}"
[[ ${deploy_status} -ne 0 ]] || fail "deploy with pending replicas exited 0 without --allow-pending"

step "the device's service runs on node-a"
wait_for 90 "serial to run" service_running "${stack}/serial" 1 ||
    fail "serial did not run: $(edgectl service ps "${stack}/serial" -o json)"
[[ "$(replica_nodes serial)" == node-a ]] || fail "serial runs on $(replica_nodes serial), want node-a"

step "the service whose device nobody has is pending, naming the device for each node"
reason="$(edgectl service ps "${stack}/zwave" -o json | jq -r '.[0].reason')"
echo "zwave: ${reason}"
for node in node-a node-b; do
    [[ "${reason}" == *"${node}: no ${missing_device}"* ]] ||
        fail "the pending reason does not say ${node} lacks ${missing_device}: ${reason}"
done

step "the privileged service lands on node-a, whose policy allows it"
# Created with HostConfig.Privileged on node-a. Whether it then starts depends on the machine:
# a sandbox whose root lacks capabilities refuses to start any privileged container.
privileged_created_on_a() {
    local id
    id="$(edgectl service ps "${stack}/privileged" -o json |
        jq -r '.[] | select(.node == "node-a") | .container_id')"
    [[ -n "${id}" ]] && docker_api "/containers/${id}/json" | jq -e '.HostConfig.Privileged == true'
}
wait_for 90 "privileged's container on node-a" privileged_created_on_a ||
    fail "privileged has no privileged container on node-a: $(edgectl service ps "${stack}/privileged" -o json)"
[[ "$(replica_nodes privileged)" == node-a ]] ||
    fail "privileged runs on $(replica_nodes privileged), want node-a"

step "pinned to node-b, it is pending with node-b's policy line"
reason="$(edgectl service ps "${stack}/privileged-on-b" -o json | jq -r '.[0].reason')"
echo "privileged-on-b: ${reason}"
[[ "${reason}" == *"node-b: refused by ${E2E_WORK}/policy-b.conf:2 (privileged no)"* ]] ||
    fail "the pending reason does not name node-b's policy line: ${reason}"
[[ "$(containers_labelled "edgeorch.service=privileged-on-b" | jq length)" == 0 ]] ||
    fail "a refused replica has a container"
[[ "${deploy_errors}" == *"refused by ${E2E_WORK}/policy-b.conf:2 (privileged no)"* ]] ||
    fail "deploy did not print the policy refusal: ${deploy_errors}"

step "binding / or the engine's socket is refused by every node's default policy, and said"
for service in host-root:/ engine-socket:/var/run/docker.sock; do
    name="${service%%:*}" source="${service#*:}"
    reason="$(edgectl service ps "${stack}/${name}" -o json | jq -r '.[0].reason')"
    echo "${name}: ${reason}"
    for node in node-a node-b; do
        [[ "${reason}" == *"${node}: refused by the default policy"*"bind ${source} exposes protected"* ]] ||
            fail "the pending reason of ${name} does not give ${node}'s default refusal: ${reason}"
    done
    [[ "$(containers_labelled "edgeorch.service=${name}" | jq length)" == 0 ]] ||
        fail "${name} has a container although every node refuses it"
done

step "a device plugged into node-b shows up in node ls"
touch "${E2E_WORK}/devroot-b/dev/ttyACM0"
wait_for 30 "node-b to report /dev/ttyACM0" node_has_device node-b /dev/ttyACM0 ||
    fail "node-b did not report the new device: $(edgectl node ls -o json)"
edgectl node ls

step "stack rm leaves no containers"
edgectl stack rm "${stack}" || fail "stack rm exited $?"
no_labelled_containers() { [[ "$(containers_labelled edgeorch.node | jq length)" == 0 ]]; }
wait_for 60 "the stack's containers to be removed" no_labelled_containers ||
    fail "containers left after stack rm"

echo "PASS: e2e_devices_policy"
