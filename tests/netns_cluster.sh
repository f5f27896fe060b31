# shellcheck shell=bash
# A cluster whose agents each live in their own network namespace, so a test can cut one node
# off the network (link down, iptables DROP) while the rest keeps running. Sourced after
# e2e_common.sh.
#
#   broker namespace: Mosquitto and edge-hub; veth vaN = 10.213.N.1/24 towards agent N, and its
#                     own loopback for the hub and edgectl
#   agent namespace N: veth eth0 = 10.213.N.2/24; the agent reaches the broker at 10.213.N.1
#
# Only addresses created here, inside these namespaces, carry any traffic. The agents reach the
# test's dockerd through its unix socket, which works across network namespaces.

NETNS_ID="$$"
NETNS_BROKER="edge-b-${NETNS_ID}"
NETNS_PORT=1883
NETNS_NODES=()

netns_of() {
    echo "edge-${NETNS_ID}-$1"
}

# netns_index NODE: the N in 10.213.N.x of that node.
netns_index() {
    local i
    for i in "${!NETNS_NODES[@]}"; do
        if [[ "${NETNS_NODES[$i]}" == "$1" ]]; then
            echo $((i + 1))
            return 0
        fi
    done
    return 1
}

# A wrapper that runs BINARY inside NAMESPACE; `exec` keeps one PID for stop_pid.
netns_wrapper() {
    local namespace="$1" binary="$2" wrapper="${E2E_WORK}/in-$1-$(basename "$2")"
    printf '#!/bin/sh\nexec ip netns exec %s %s "$@"\n' "${namespace}" "${binary}" >"${wrapper}"
    chmod +x "${wrapper}"
    echo "${wrapper}"
}

netns_cleanup() {
    local node
    for node in "${NETNS_NODES[@]}"; do
        ip netns del "$(netns_of "${node}")" 2>/dev/null || true
    done
    ip netns del "${NETNS_BROKER}" 2>/dev/null || true
}

# Stops what runs inside the namespaces, removes them, then runs the common cleanup.
netns_exit() {
    local status=$?
    set +e
    local node
    for node in "${NETNS_NODES[@]}"; do
        stop_agent "${E2E_WORK}" "${node}"
    done
    stop_hub "${E2E_WORK}/hub"
    stop_mosquitto "${E2E_WORK}/mosquitto"
    netns_cleanup
    (exit "${status}")
    e2e_cleanup
}
trap netns_exit EXIT

# netns_start_cluster HUB_ARGS... : dockerd, the test image, the broker namespace with
# Mosquitto and edge-hub. Agents are added with netns_start_agent.
netns_start_cluster() {
    for tool in ip iptables; do
        command -v "${tool}" >/dev/null || fail "${tool} is not installed; run scripts/install-deps.sh"
    done
    step "starting dockerd and the broker namespace ${NETNS_BROKER}"
    start_dockerd "${E2E_DOCKER_DIR}"
    E2E_SOCKET="$(dockerd_socket "${E2E_DOCKER_DIR}")"
    "${E2E_REPO_ROOT}/images/test-busybox/build.sh" "${E2E_SOCKET}"

    ip netns add "${NETNS_BROKER}"
    ip -n "${NETNS_BROKER}" link set lo up
    E2E_BROKER="mqtt://127.0.0.1:${NETNS_PORT}"
    EDGECTL_BIN="$(netns_wrapper "${NETNS_BROKER}" "${EDGECTL_BIN}")"
    EDGE_HUB_BIN="$(netns_wrapper "${NETNS_BROKER}" "${EDGE_HUB_BIN}")"
    HUB_ARGS=("$@")
}

# The broker starts once every agent's veth exists, since it listens on their addresses. It
# is set up by `edge-hub init` (identities, ACLs, anonymous access off): plain MQTT on the
# namespace's loopback for the hub and edgectl, and mutual TLS (8883) and joins (8884) on every
# address of the broker's own namespace: its loopback and the veths, nothing else. Agents join
# and connect over TLS with their own certificates (join_agent, start_agent).
netns_start_broker_and_hub() {
    local dir="${E2E_WORK}/mosquitto"
    mkdir -p "${dir}"
    local node names=""
    for node in "${NETNS_NODES[@]}"; do
        names+=" 10.213.$(netns_index "${node}").1"
    done
    # Nodes reach the broker at their veth's peer address, which its certificate must name.
    EDGE_TLS_NAMES="${names}" secure_broker_setup "${E2E_WORK}/broker" "${NETNS_PORT}" 0.0.0.0
    {
        cat "${EDGE_BROKER_SETUP}/mosquitto.conf"
        echo "persistence false"
        echo "user root"
    } >"${dir}/mosquitto.conf"
    ip netns exec "${NETNS_BROKER}" mosquitto -c "${dir}/mosquitto.conf" >"${dir}/mosquitto.log" 2>&1 &
    echo $! >"${dir}/mosquitto.pid"
    sleep 0.5
    kill -0 "$(cat "${dir}/mosquitto.pid")" || fail "mosquitto did not start: $(cat "${dir}/mosquitto.log")"
    start_hub "${E2E_WORK}/hub" "${E2E_BROKER}" "${HUB_ARGS[@]}"
}

# netns_add_node NODE: its namespace and veth pair.
netns_add_node() {
    local node="$1" namespace index
    NETNS_NODES+=("${node}")
    namespace="$(netns_of "${node}")"
    index="$(netns_index "${node}")"
    ip netns add "${namespace}"
    ip -n "${namespace}" link set lo up
    ip -n "${NETNS_BROKER}" link add "va${index}" type veth peer name eth0 netns "${namespace}"
    ip -n "${NETNS_BROKER}" addr add "10.213.${index}.1/24" dev "va${index}"
    ip -n "${NETNS_BROKER}" link set "va${index}" up
    ip -n "${namespace}" addr add "10.213.${index}.2/24" dev eth0
    ip -n "${namespace}" link set eth0 up
}

# netns_start_agent NODE [AGENT ARGS...]
netns_start_agent() {
    local node="$1" index
    shift
    index="$(netns_index "${node}")"
    EDGE_AGENT_BIN="$(netns_wrapper "$(netns_of "${node}")" "${EDGE_AGENT_BIN}")" \
        join_agent "${E2E_WORK}" "mqtt://10.213.${index}.1:${NETNS_PORT}" "${node}" \
        "${EDGECTL_BIN}" "${E2E_BROKER}"
    EDGE_AGENT_BIN="$(netns_wrapper "$(netns_of "${node}")" "${EDGE_AGENT_BIN}")" \
        start_agent "${E2E_WORK}" "mqtt://10.213.${index}.1:${NETNS_PORT}" "${node}" \
        "${E2E_SOCKET}" "$@"
}

# netns_start_nodes "NODE..." [AGENT ARGS...]: a namespace for each node, the broker and the
# hub, then each node's agent; returns once every node is ready.
netns_start_nodes() {
    local nodes="$1" node count=0
    shift
    for node in ${nodes}; do
        netns_add_node "${node}"
        count=$((count + 1))
    done
    netns_start_broker_and_hub
    for node in ${nodes}; do
        netns_start_agent "${node}" "$@"
    done
    wait_for 60 "${count} nodes to be ready" nodes_ready "${count}" || fail "the nodes did not become ready"
}

netns_link() {
    ip -n "$(netns_of "$1")" link set eth0 "$2"
}

# netns_drop NODE on|off: iptables DROP of everything in and out of the node's namespace.
netns_drop() {
    local namespace chain
    namespace="$(netns_of "$1")"
    for chain in INPUT OUTPUT; do
        if [[ "$2" == on ]]; then
            ip netns exec "${namespace}" iptables -A "${chain}" -j DROP
        else
            ip netns exec "${namespace}" iptables -D "${chain}" -j DROP
        fi
    done
}
