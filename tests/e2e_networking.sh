#!/usr/bin/env bash
# Cross-node networking on real parts. Three nodes (nuc-1, nuc-2, pi-1), each a network
# namespace with its own dockerd (own data-root, exec-root, socket, bridge and iptables rules)
# and its own agent, joined by veth to the namespace holding Mosquitto and edge-hub, which
# routes between them. The agents detect their advertised address (no --advertise-addr).
#   1. A stack in Nextcloud's shape: app (on the Pi), db (a database, so on a NUC) and redis
#      (on the Pi); busybox httpd stands in for the servers. Inside the app container,
#      a request to db:3306 crosses nodes (a hosts line to nuc's address, the port published there)
#      and one to redis:6379 stays on the node (the stack network's DNS).
#   2. Draining the db's node moves it; the app is recreated with the new address and reaches
#      the db at its new place. The time from drain to the first successful request is printed.
#   3. Two services publishing host port 8080 never share a node; a third one stays pending
#      with a reason naming the port and the service holding it.
#   4. Removing the stack removes its network from each node.
# Usage: e2e_networking.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"
# shellcheck source=tests/netns_cluster.sh
source "$(dirname "$0")/netns_cluster.sh"

command -v docker >/dev/null || fail "the docker CLI is not installed (docker.io)"

readonly nodes=(nuc-1 nuc-2 pi-1)
readonly liveness=(--heartbeat-interval 500ms --report-interval 1s)

# Per-node dockerds stop before the namespaces they live in go away.
networking_exit() {
    local status=$? node
    set +e
    for node in "${NETNS_NODES[@]}"; do
        stop_agent "${E2E_WORK}" "${node}"
    done
    for node in "${nodes[@]}"; do
        [[ -d "${E2E_WORK}/docker-${node}" ]] && stop_dockerd "${E2E_WORK}/docker-${node}"
    done
    (exit "${status}")
    netns_exit
}
trap networking_exit EXIT

socket_of() {
    dockerd_socket "${E2E_WORK}/docker-$1"
}

# docker_on NODE ARGS...: the docker CLI against NODE's own dockerd.
docker_on() {
    local node="$1"
    shift
    docker -H "unix://$(socket_of "${node}")" "$@"
}

# start_node NODE AGENT_FACTS...: namespace, route, dockerd inside it, test image, agent.
start_node() {
    local node="$1" namespace index bin
    shift
    netns_add_node "${node}"
    namespace="$(netns_of "${node}")"
    index="$(netns_index "${node}")"
    ip -n "${namespace}" route add default via "10.213.${index}.1"
    # dockerd runs inside the node's namespace, with its bridge and iptables rules there, as on
    # a real node: published ports are reachable at the node's address, containers masquerade.
    bin="${E2E_WORK}/bin-${node}"
    mkdir -p "${bin}"
    # nsenter switches only the network namespace: `ip netns exec` would also mount a fresh
    # /sys, hiding the cgroup hierarchy dockerd needs.
    printf '#!/bin/sh\nexec nsenter --net=/run/netns/%s %s "$@"\n' "${namespace}" \
        "$(command -v dockerd)" >"${bin}/dockerd"
    chmod +x "${bin}/dockerd"
    PATH="${bin}:${PATH}" EDGE_DOCKERD_ARGS="--iptables=true --ip-forward=true --ip-masq=true" \
        start_dockerd "${E2E_WORK}/docker-${node}"
    "${E2E_REPO_ROOT}/images/test-busybox/build.sh" "$(socket_of "${node}")" >/dev/null
    NODE_ARGS["${node}"]="$*"
}

declare -A NODE_ARGS
start_agents() {
    local node index args
    for node in "${nodes[@]}"; do
        index="$(netns_index "${node}")"
        read -ra args <<<"${NODE_ARGS[${node}]}"
        EDGE_AGENT_BIN="$(netns_wrapper "$(netns_of "${node}")" "${EDGE_AGENT_BIN}")" \
            join_agent "${E2E_WORK}" "mqtt://10.213.${index}.1:${NETNS_PORT}" "${node}" \
            "${EDGECTL_BIN}" "${E2E_BROKER}"
        EDGE_AGENT_BIN="$(netns_wrapper "$(netns_of "${node}")" "${EDGE_AGENT_BIN}")" \
            start_agent "${E2E_WORK}" "mqtt://10.213.${index}.1:${NETNS_PORT}" "${node}" \
            "$(socket_of "${node}")" "${args[@]}" "${liveness[@]}"
    done
}

# The running container of SERVICE (stack cloud) on NODE's dockerd, or nothing.
running_container() {
    docker_on "$1" ps -q --filter "label=edgeorch.stack=$2" --filter "label=edgeorch.service=$3" \
        --filter status=running | head -n 1
}

node_of() {
    edgectl service ps "$1" -o json | jq -r '.[0].node'
}

# app_fetches NAME PORT WANT: an HTTP GET from inside the app container answers WANT.
app_fetches() {
    local container
    container="$(running_container pi-1 cloud app)"
    [[ -n "${container}" ]] || return 1
    # busybox nc rather than wget: the static busybox's wget crashes in this image.
    [[ "$(docker_on pi-1 exec "${container}" sh -c \
        "printf 'GET / HTTP/1.0\r\n\r\n' | nc -w 2 $1 $2 | tail -n 1" 2>/dev/null)" == "$3" ]]
}

# What a person debugging a failed cross-node fetch would look at first.
diagnose() {
    local db_node="$1"
    echo "----- ${db_node}: containers and NAT rules -----" >&2
    docker_on "${db_node}" ps -a --format '{{.Names}} {{.Status}} {{.Ports}}' >&2
    ip netns exec "$(netns_of "${db_node}")" iptables -t nat -S >&2
    echo "----- pi-1 namespace fetching ${db_node}'s address directly -----" >&2
    ip netns exec "$(netns_of pi-1)" curl -sS -m 2 \
        "http://10.213.$(netns_index "${db_node}").2:3306/" >&2 || true
    ip netns exec "$(netns_of "${db_node}")" iptables -S >&2
    ip netns exec "$(netns_of pi-1)" iptables -S >&2
    for ns in "$(netns_of pi-1)" "$(netns_of "${db_node}")" "${NETNS_BROKER}"; do
        echo "${ns}: forward=$(ip netns exec "${ns}" cat /proc/sys/net/ipv4/ip_forward)" >&2
        ip netns exec "${ns}" ip route >&2
    done
}

step "starting the broker namespace and three nodes, each with its own dockerd"
ip netns add "${NETNS_BROKER}"
ip -n "${NETNS_BROKER}" link set lo up
ip netns exec "${NETNS_BROKER}" sysctl -qw net.ipv4.ip_forward=1
E2E_BROKER="mqtt://127.0.0.1:${NETNS_PORT}"
EDGECTL_BIN="$(netns_wrapper "${NETNS_BROKER}" "${EDGECTL_BIN}")"
EDGE_HUB_BIN="$(netns_wrapper "${NETNS_BROKER}" "${EDGE_HUB_BIN}")"
HUB_ARGS=(--heartbeat-timeout 2s --down-after 3s)
start_node nuc-1 --memory 16GiB --storage ssd
start_node nuc-2 --memory 16GiB --storage ssd
start_node pi-1 --memory 4GiB --storage sd  # an SD card makes it low-power
netns_start_broker_and_hub
start_agents
wait_for 60 "three ready nodes" nodes_ready 3 || fail "nodes did not become ready"

step "each agent advertises its own namespace's address"
for node in "${nodes[@]}"; do
    want="10.213.$(netns_index "${node}").2"
    got="$(edgectl node ls -o json | jq -r --arg n "${node}" '.[] | select(.name == $n) | .address')"
    [[ "${got}" == "${want}" ]] || fail "${node} advertises \"${got}\", want ${want}"
done
echo "ok: nuc-1, nuc-2 and pi-1 advertise 10.213.1.2, 10.213.2.2 and 10.213.3.2"

step "deploying a stack in Nextcloud's shape"
cat >"${E2E_WORK}/cloud.yaml" <<'EOF'
# The servers stop on SIGTERM, so the move time measures orchestration rather than the
# engine's 10 s stop timeout (docs/networking.md).
x-server: &server
  image: edgeorch/busybox:latest
  mem_limit: 32m
services:
  app:
    image: edgeorch/busybox:latest
    mem_limit: 32m
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 1000000 & wait"]
    depends_on: [db, redis]
    deploy:
      placement:
        constraints: [node.hostname==pi-1]
  db:
    <<: *server
    command: ["sh", "-c", "mkdir -p /www && echo db > /www/index.html && trap 'exit 0' TERM; httpd -f -p 3306 -h /www & wait"]
    expose: ["3306"]
    x-edge: {class: database}
  redis:
    <<: *server
    command: ["sh", "-c", "mkdir -p /www && echo redis > /www/index.html && trap 'exit 0' TERM; httpd -f -p 6379 -h /www & wait"]
    expose: ["6379"]
    deploy:
      placement:
        constraints: [node.hostname==pi-1]
EOF
edgectl deploy -f "${E2E_WORK}/cloud.yaml" --stack cloud
for service in app db redis; do
    wait_for 120 "cloud/${service} running" service_running "cloud/${service}" 1 ||
        fail "cloud/${service} is not running: $(edgectl service ps "cloud/${service}")"
done
db_node="$(node_of cloud/db)"
[[ "$(node_of cloud/app)" == pi-1 ]] || fail "app is on $(node_of cloud/app), want pi-1"
[[ "${db_node}" == nuc-* ]] || fail "the database landed on ${db_node}, want a NUC"
echo "ok: app and redis on pi-1, db on ${db_node}"
edgectl service ls

step "inside the app container, db (another node) and redis (same node) answer by name"
wait_for 30 "app reaches db:3306" app_fetches db 3306 db || {
    diagnose "${db_node}"
    fail "app cannot reach db:3306; its /etc/hosts: $(docker_on pi-1 exec "$(running_container pi-1 cloud app)" cat /etc/hosts)"
}
wait_for 30 "app reaches redis:6379" app_fetches redis 6379 redis || fail "app cannot reach redis:6379"
hosts="$(docker_on pi-1 exec "$(running_container pi-1 cloud app)" cat /etc/hosts)"
grep -q "10.213.$(netns_index "${db_node}").2[[:space:]]*db" <<<"${hosts}" ||
    fail "app's /etc/hosts does not send db to ${db_node}: ${hosts}"
if grep -qw redis <<<"${hosts}"; then fail "redis runs on pi-1 but has a hosts line: ${hosts}"; fi
docker_on pi-1 network ls --format '{{.Name}}' | grep -qx "edge-cloud.pi-1" ||
    fail "pi-1 has no edge-cloud.pi-1 network"
echo "ok: db:3306 via ${db_node}'s address, redis:6379 via the stack network's DNS"

step "draining ${db_node}: the db moves and the app follows it"
started="$(date +%s.%N)"
edgectl node drain "${db_node}"
db_moved_off() {
    local node
    node="$(node_of cloud/db)"
    [[ -n "${node}" && "${node}" != "$1" ]]
}
wait_for 60 "db moved off ${db_node}" db_moved_off "${db_node}" || fail "db did not move off ${db_node}"
new_node="$(node_of cloud/db)"
wait_for 60 "app reaches db at ${new_node}" app_fetches db 3306 db ||
    fail "app cannot reach db after it moved to ${new_node}"
finished="$(date +%s.%N)"
hosts="$(docker_on pi-1 exec "$(running_container pi-1 cloud app)" cat /etc/hosts)"
grep -q "10.213.$(netns_index "${new_node}").2[[:space:]]*db" <<<"${hosts}" ||
    fail "app's /etc/hosts does not send db to ${new_node}: ${hosts}"
printf 'ok: db moved %s -> %s; drain -> app reaches db at its new place: %.1f s\n' \
    "${db_node}" "${new_node}" "$(awk -v a="${started}" -v b="${finished}" 'BEGIN { print b - a }')"
edgectl node activate "${db_node}"

step "two services publishing host port 8080 never share a node"
cat >"${E2E_WORK}/ports.yaml" <<'EOF'
x-web: &web
  image: edgeorch/busybox:latest
  mem_limit: 32m
  command: ["httpd", "-f", "-p", "80"]
  ports: ["8080:80"]
  deploy:
    placement:
      constraints: [node.class==standard]
services:
  a: *web
  b: *web
  c: *web
EOF
edgectl deploy -f "${E2E_WORK}/ports.yaml" --stack ports --allow-pending
wait_for 120 "ports/a running" service_running ports/a 1 || fail "ports/a is not running"
wait_for 120 "ports/b running" service_running ports/b 1 || fail "ports/b is not running"
[[ "$(node_of ports/a)" != "$(node_of ports/b)" ]] ||
    fail "a and b share $(node_of ports/a) with host port 8080"
reason="$(edgectl service ps ports/c -o json | jq -r '.[0].reason')"
[[ "$(node_of ports/c)" == "" ]] || fail "c was placed on $(node_of ports/c)"
grep -q "host port 8080/tcp is held by ports/" <<<"${reason}" ||
    fail "c's pending reason does not name the port and its holder: ${reason}"
echo "ok: a on $(node_of ports/a), b on $(node_of ports/b); c pending: ${reason}"

step "removing the stacks removes their networks"
edgectl stack rm cloud
edgectl stack rm ports
no_cloud_network() {
    ! docker_on pi-1 network ls --format '{{.Name}}' | grep -q '^edge-cloud\.'
}
wait_for 60 "edge-cloud.pi-1 removed" no_cloud_network || fail "pi-1 still has the cloud network"
echo "ok: the cloud network is gone from pi-1"
echo "PASS"
