#!/usr/bin/env bash
# The everyday Compose runtime keys on real parts: deploy a stack through edgectl -> edge-hub ->
# MQTT -> one edge-agent -> dockerd and read back from the engine what each key asked for:
# capabilities, user, working directory, labels, init, stop signal and timeout, tmpfs, the
# default bounded logs and an explicit log config, host networking, and a sidecar that shares
# another service's network namespace (network_mode: service:NAME).
# Usage: e2e_compose_runtime.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"

readonly stack=rt

# inspect SERVICE: the engine's view of the service's only container.
inspect() {
    local id
    id="$(edgectl service ps "${stack}/$1" -o json | jq -r '.[0].container_id')"
    docker_api "/containers/${id}/json"
}

# expect SERVICE JQ_FILTER WANT: the filter over the container's inspect output prints WANT.
expect() {
    local got
    got="$(inspect "$1" | jq -c "$2")"
    [[ "${got}" == "$3" ]] || fail "$1: $2 is ${got}, want $3"
    echo "ok: $1 $2 == $3"
}

# The network namespace of a service's container, as its main process sees it.
net_namespace() {
    local pid
    pid="$(inspect "$1" | jq -r .State.Pid)"
    readlink "/proc/${pid}/ns/net"
}

no_labelled_containers() {
    [[ "$(containers_labelled edgeorch.node | jq length)" == 0 ]]
}

e2e_start_core
e2e_start_agent pi-1 --memory 2GiB
wait_for 60 "the node to be ready" nodes_ready 1 || fail "the node did not become ready"

step "deploy a stack that uses the runtime keys"
compose="${E2E_WORK}/compose.yaml"
cat >"${compose}" <<'YAML'
x-sleep: &sleep ["sh", "-c", "trap 'exit 0' INT TERM; while true; do sleep 1 & wait; done"]
services:
  app:
    image: edgeorch/busybox:latest
    command: *sleep
    mem_limit: 32m
    cap_add: [NET_ADMIN]
    user: "1000:1000"
    working_dir: /srv/app
    labels: {com.example.role: app}
    init: true
    stop_signal: SIGINT
    stop_grace_period: 1m30s
    tmpfs: ["/scratch:size=8m"]
  hostnet:
    image: edgeorch/busybox:latest
    command: *sleep
    mem_limit: 32m
    network_mode: host
    logging:
      driver: json-file
      options: {max-size: 1m, max-file: "2"}
  vpn:
    image: edgeorch/busybox:latest
    command: *sleep
    mem_limit: 32m
  sidecar:
    image: edgeorch/busybox:latest
    command: *sleep
    mem_limit: 32m
    network_mode: service:vpn
YAML
edgectl deploy -f "${compose}" --stack "${stack}" || fail "deploy exited $?"
for service in app hostnet vpn sidecar; do
    wait_for 60 "${service} to run" service_running "${stack}/${service}" 1 ||
        fail "${service} did not run: $(edgectl service ps "${stack}/${service}" -o json)"
done

step "the engine has what each key asked for"
expect app .HostConfig.CapAdd '["NET_ADMIN"]'
expect app .Config.User '"1000:1000"'
expect app .Config.WorkingDir '"/srv/app"'
expect app '.Config.Labels["com.example.role"]' '"app"'
expect app '.Config.Labels["edgeorch.service"]' '"app"'
expect app .HostConfig.Init true
expect app .Config.StopSignal '"SIGINT"'
expect app .Config.StopTimeout 90
expect app '[.HostConfig.Mounts[] | select(.Type == "tmpfs") | .Target, .TmpfsOptions.SizeBytes]' \
    '["/scratch",8388608]'
expect app .HostConfig.LogConfig '{"Type":"json-file","Config":{"max-file":"3","max-size":"10m"}}'
expect hostnet .HostConfig.LogConfig '{"Type":"json-file","Config":{"max-file":"2","max-size":"1m"}}'
expect hostnet .HostConfig.NetworkMode '"host"'
# The host, as the engine sees it: dockerd's own network namespace.
[[ "$(net_namespace hostnet)" == "$(readlink "/proc/$(cat "${E2E_DOCKER_DIR}/docker.pid.started")/ns/net")" ]] ||
    fail "hostnet is not in the host's network namespace"
echo "ok: hostnet shares the host's network namespace"
[[ "$(net_namespace sidecar)" == "$(net_namespace vpn)" ]] ||
    fail "sidecar's network namespace $(net_namespace sidecar) is not vpn's $(net_namespace vpn)"
echo "ok: sidecar shares vpn's network namespace"

step "stack rm leaves no labelled containers"
edgectl stack rm "${stack}" || fail "stack rm exited $?"
wait_for 60 "the stack's containers to be removed" no_labelled_containers ||
    fail "containers left after stack rm: $(containers_labelled edgeorch.node | jq -c '[.[].Names]')"
echo "PASS: e2e_compose_runtime"
