#!/usr/bin/env bash
# The one-command demo: installs what is needed, builds, and starts a cluster on this machine
# (Mosquitto on a free loopback port, edge-hub with its dashboard, three edge-agents on the one
# engine told the facts of a NUC and two Raspberry Pis, and, unless a Docker engine already
# answers on /var/run/docker.sock, a private dockerd under .run/dockerd), then deploys
# examples/demo/compose.yaml (a database, an app, a worker) and shows it running, the database
# on the NUC. It prints the dashboard's URL, and the password and a token to log in with. The cluster keeps running.
#
# Usage (as root on Debian 12):
#   scripts/demo.sh          start the demo
#   scripts/demo.sh status   show services and nodes again
#   scripts/demo.sh stop     remove the demo stack and stop everything the demo started
# EDGE_BUILD_DIR chooses the build directory (default: build).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run_dir="${repo_root}/.run"
# stop and status use the build the demo was started from.
build_dir="${EDGE_BUILD_DIR:-$(cat "${run_dir}/build-dir" 2>/dev/null || echo "${repo_root}/build")}"
export EDGE_HUB_BIN="${build_dir}/hub/edge-hub"
export EDGE_AGENT_BIN="${build_dir}/agent/edge-agent"
edgectl_bin="${build_dir}/edgectl/edgectl"
system_docker_socket=/var/run/docker.sock
# Three agents on the one engine, each told the facts of its board: a NUC and two Raspberry
# Pis, so placement does what it would on real hardware (the database stays on the NUC).
nodes=(nuc-1 pi-1 pi-2)
# node_facts NODE: the agent options that describe its board.
node_facts() {
    case "$1" in
        nuc-*) facts=(--memory 8GiB --arch amd64 --storage ssd) ;;
        *) facts=(--memory 2GiB --arch arm64 --storage sd --model "Raspberry Pi 4 Model B") ;;
    esac
}
stack=demo

# shellcheck source=scripts/lib/cluster.sh
source "${repo_root}/scripts/lib/cluster.sh"

# edgectl as the owner on this machine: the broker's loopback port, with the credentials
# `edge-hub init` wrote (start, stop and status each run in a fresh shell).
edgectl() {
    (
        set -a
        # shellcheck disable=SC1091
        [[ -f "${run_dir}/broker/edgectl.env" ]] && . "${run_dir}/broker/edgectl.env"
        set +a
        exec "${edgectl_bin}" --broker "$(cat "${run_dir}/broker-url")" "$@"
    )
}

nodes_ready() {
    edgectl node ls -o json | jq -e --argjson n "${#nodes[@]}" '[.[] | select(.state == "ready")] | length == $n'
}

all_replicas_running() {
    edgectl service ls --stack "${stack}" -o json |
        jq -e 'length > 0 and all(.[]; .running == .desired)'
}

# Containers of the demo's nodes on the engine, as a JSON array (labels are set by the agent).
node_containers() {
    local filter
    filter="$(jq -rn '{"label": ["edgeorch.node"]} | tojson | @uri')"
    curl -sf --unix-socket "$(cat "${run_dir}/docker-socket")" \
        "http://localhost/containers/json?all=1&filters=${filter}"
}

no_node_containers() {
    [[ "$(node_containers | jq length)" == "0" ]]
}

show_cluster() {
    echo
    echo "\$ edgectl service ls"
    edgectl service ls
    local service
    for service in $(edgectl service ls --stack "${stack}" -o json | jq -r '.[].service'); do
        echo
        echo "\$ edgectl service ps ${stack}/${service}"
        edgectl service ps "${stack}/${service}"
    done
    echo
    echo "\$ edgectl node ls"
    edgectl node ls
}

stop_demo() {
    if [[ ! -d "${run_dir}" ]]; then
        echo "demo.sh: nothing to stop (no ${run_dir})"
        return 0
    fi
    # Remove the stack while hub and agent still run, so a shared Docker engine is left clean.
    if [[ -f "${run_dir}/broker-url" && -x "${edgectl_bin}" ]] &&
        edgectl --timeout 5s stack rm "${stack}" >/dev/null 2>&1; then
        wait_for 60 "the demo containers to be removed" no_node_containers ||
            echo "demo.sh: some demo containers are still there" >&2
    fi
    local node
    for node in "${nodes[@]}"; do
        stop_agent "${run_dir}/agents" "${node}"
    done
    stop_hub "${run_dir}/hub"
    stop_mosquitto "${run_dir}/mosquitto"
    if [[ -f "${run_dir}/dockerd/docker.pid.started" ]]; then
        stop_dockerd "${run_dir}/dockerd"
    fi
    rm -rf "${run_dir}"
    echo "demo stopped"
}

start_demo() {
    if [[ ${EUID} -ne 0 ]]; then
        echo "demo.sh: run as root (it installs packages and starts dockerd)" >&2
        exit 1
    fi
    if [[ -f "${run_dir}/hub/hub.pid" ]] && kill -0 "$(cat "${run_dir}/hub/hub.pid")" 2>/dev/null; then
        echo "demo.sh: the demo is already running; 'scripts/demo.sh stop' first" >&2
        exit 1
    fi
    "${repo_root}/scripts/install-deps.sh"
    "${repo_root}/scripts/build.sh" "${build_dir}"

    rm -rf "${run_dir}"
    mkdir -p "${run_dir}"
    # From here on, a failure (or Ctrl-C) stops whatever was already started.
    demo_started=no
    trap 'if [[ ${demo_started} != yes ]]; then
              echo "demo.sh: start failed; stopping what was started" >&2
              stop_demo
          fi' EXIT

    local socket
    if docker_ping "${system_docker_socket}"; then
        socket="${system_docker_socket}"
        cluster_log "using the Docker engine on ${socket}"
    else
        start_dockerd "${run_dir}/dockerd"
        socket="$(dockerd_socket "${run_dir}/dockerd")"
    fi
    echo "${socket}" >"${run_dir}/docker-socket"
    echo "${build_dir}" >"${run_dir}/build-dir"

    local port broker
    port="$(free_port)"
    broker="mqtt://127.0.0.1:${port}"
    echo "${broker}" >"${run_dir}/broker-url"
    # The broker as the hub's package sets it up: anonymous access off, plain MQTT on loopback
    # only, mutual TLS and TLS joins on other loopback ports; the node joins with a token and
    # the CA's fingerprint, and runs on its own certificate.
    secure_broker_setup "${run_dir}/broker" "${port}"
    start_mosquitto "${run_dir}/mosquitto" "${port}"
    # The dashboard and HTTP API, over TLS with the certificate `edge-hub init` made.
    local http_port
    http_port="$(free_port)"
    start_hub "${run_dir}/hub" "${broker}" --http-listen "127.0.0.1:${http_port}"
    local node facts
    for node in "${nodes[@]}"; do
        node_facts "${node}"
        join_agent "${run_dir}/agents" "${broker}" "${node}" "${edgectl_bin}"
        start_agent "${run_dir}/agents" "${broker}" "${node}" "${socket}" "${facts[@]}"
    done
    "${repo_root}/images/test-busybox/build.sh" "${socket}"

    wait_for 60 "the nodes to be ready" nodes_ready
    echo
    echo "\$ edgectl deploy -f examples/demo/compose.yaml --stack ${stack}"
    edgectl deploy -f "${repo_root}/examples/demo/compose.yaml" --stack "${stack}"
    wait_for 120 "every replica to run" all_replicas_running
    demo_started=yes

    show_cluster
    local token
    token="$(edgectl token create --name dashboard --read-only -o json | jq -r .token)"
    cat <<HELP

The dashboard: https://127.0.0.1:${http_port}/ (its certificate is signed by the cluster's own CA,
${run_dir}/broker/tls/ca.crt). Log in as edgectl with its password, which this prints:
  grep EDGE_PASSWORD ${run_dir}/broker/edgectl.env
or with this read-only API token, shown only now:
  ${token}

The demo cluster keeps running, secured as a packaged hub is (${run_dir}/broker: CA,
certificates, identities; nodes ${nodes[*]} on mutual TLS, port ${EDGE_TLS_PORT}). Talk to it with:
  export EDGE_BROKER=${broker}
  set -a; . ${run_dir}/broker/edgectl.env; set +a
  ${edgectl_bin} service ls
Logs are in ${run_dir}/. Stop everything with:
  scripts/demo.sh stop
HELP
}

case "${1:-start}" in
    start) start_demo ;;
    stop) stop_demo ;;
    status) show_cluster ;;
    *)
        echo "usage: $0 [start|stop|status]" >&2
        exit 2
        ;;
esac
