# shellcheck shell=bash
# Shared setup for the end-to-end tests: argument handling, the root check, a private work
# directory, cleanup of every started process by PID, and assertions that print what failed.
# Usage in a test:  source "$(dirname "$0")/e2e_common.sh" "$@"
#   arguments: EDGE_HUB EDGE_AGENT EDGECTL (paths to the built binaries)

if [[ $# -lt 3 ]]; then
    echo "usage: $0 EDGE_HUB EDGE_AGENT EDGECTL" >&2
    exit 2
fi
if [[ ${EUID} -ne 0 ]]; then
    echo "SKIP: $(basename "$0") needs root: it starts its own dockerd"
    exit 77
fi

export EDGE_HUB_BIN="$1"
export EDGE_AGENT_BIN="$2"
EDGECTL_BIN="$3"
E2E_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# shellcheck source=scripts/lib/cluster.sh
source "${E2E_REPO_ROOT}/scripts/lib/cluster.sh"

for tool in dockerd mosquitto curl jq md5sum; do
    if ! command -v "${tool}" >/dev/null; then
        echo "FAIL: ${tool} is not installed; run scripts/install-deps.sh" >&2
        exit 1
    fi
done
for binary in "${EDGE_HUB_BIN}" "${EDGE_AGENT_BIN}" "${EDGECTL_BIN}"; do
    if [[ ! -x "${binary}" ]]; then
        echo "FAIL: ${binary} is not built" >&2
        exit 1
    fi
done

E2E_WORK="$(mktemp -d "/tmp/edge-e2e.XXXXXX")"
E2E_DOCKER_DIR="${E2E_WORK}/docker"
E2E_BROKER=""
E2E_SOCKET=""
E2E_AGENTS=()
# Bridges outlive a dockerd that dies before it removes its networks, and keep their subnets on
# the host, using up Docker's address pools. A test writes down each stack network's bridge it
# sees (note_stack_bridges, or its own lines appended here); the cleanup removes those still there.
E2E_BRIDGES="${E2E_WORK}/bridges"
: >"${E2E_BRIDGES}"

# Prints the tail of every log, then stops agents, hub, broker and dockerd, each by PID.
e2e_cleanup() {
    local status=$?
    set +e
    if [[ ${status} -ne 0 ]]; then
        local log
        for log in "${E2E_WORK}"/*.log "${E2E_WORK}"/hub/*.log; do
            [[ -f "${log}" ]] || continue
            echo "----- ${log} (last 40 lines) -----" >&2
            tail -n 40 "${log}" >&2
        done
        # dockerd and the broker are chatty; their errors are what matters here.
        echo "----- dockerd errors -----" >&2
        grep -E 'level=(error|fatal)' "${E2E_DOCKER_DIR}/dockerd.log" 2>/dev/null | tail -n 20 >&2
        echo "----- mosquitto (last 10 lines) -----" >&2
        tail -n 10 "${E2E_WORK}/mosquitto/mosquitto.log" >&2 2>/dev/null
    fi
    local node
    for node in "${E2E_AGENTS[@]}"; do
        stop_agent "${E2E_WORK}" "${node}"
    done
    stop_hub "${E2E_WORK}/hub"
    stop_mosquitto "${E2E_WORK}/mosquitto"
    stop_dockerd "${E2E_DOCKER_DIR}"
    # A test may define e2e_after_cleanup to undo what else outlives dockerd.
    if declare -F e2e_after_cleanup >/dev/null; then
        e2e_after_cleanup
    fi
    # Agents mount a tmpfs for secrets under their state directories; it must go before the
    # work directory can.
    local secrets
    for secrets in "${E2E_WORK}"/agent-*/secrets; do
        if mountpoint -q "${secrets}"; then umount -l "${secrets}"; fi
    done
    local bridge
    while read -r bridge; do
        if [[ -n "${bridge}" && -e "/sys/class/net/${bridge}" ]]; then
            ip link delete "${bridge}" 2>/dev/null || true
        fi
    done < <(sort -u "${E2E_BRIDGES}")
    if [[ -n "${EDGE_E2E_KEEP:-}" ]]; then
        echo "kept ${E2E_WORK}" >&2
    else
        rm -rf "${E2E_WORK}"
    fi
    exit "${status}"
}
trap e2e_cleanup EXIT
trap 'exit 130' INT TERM

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

step() {
    echo "=== $*"
}

# Runs edgectl against this test's broker.
edgectl() {
    "${EDGECTL_BIN}" --broker "${E2E_BROKER}" "$@"
}

# GET on the test dockerd's Engine API.
docker_api() {
    curl -sf --unix-socket "${E2E_SOCKET}" "http://localhost$1"
}

# JSON array of the containers (any state) carrying label KEY or KEY=VALUE.
containers_labelled() {
    local filter
    filter="$(jq -rn --arg l "$1" '{"label": [$l]} | tojson | @uri')"
    docker_api "/containers/json?all=1&filters=${filter}"
}

# Writes down the bridges of the test dockerd's stack networks (edge-*), for the cleanup.
note_stack_bridges() {
    docker_api /networks | jq -r '.[] | select(.Name | startswith("edge-")) | "br-" + .Id[0:12]' \
        >>"${E2E_BRIDGES}"
}

# POST on the test dockerd's Engine API, printing the answer. Streamed answers (push, commit)
# carry errors in their body with a 200 status, so the body is checked too.
docker_post() {
    local answer
    answer="$(curl -sS --fail --unix-socket "${E2E_SOCKET}" -X POST \
        -H 'X-Registry-Auth: e30=' "http://localhost$1")"
    if [[ "${answer}" == *'"error'* ]]; then
        echo "${answer}" >&2
        return 1
    fi
    echo "${answer}"
}

# Starts dockerd, the test image, Mosquitto and edge-hub; agents are started by the test.
# Arguments, if any, are passed on to edge-hub.
# The broker is the one the hub's package sets up: `edge-hub init` makes its configuration and
# identities (anonymous access off, per-node ACLs), the hub and edgectl use the credentials it
# wrote, and every agent joins with a token (e2e_start_agent). E2E_ANONYMOUS_BROKER=1 gives an
# anonymous broker instead, for a test about something else.
e2e_start_core() {
    step "starting dockerd, mosquitto and edge-hub in ${E2E_WORK}"
    start_dockerd "${E2E_DOCKER_DIR}"
    E2E_SOCKET="$(dockerd_socket "${E2E_DOCKER_DIR}")"
    "${E2E_REPO_ROOT}/images/test-busybox/build.sh" "${E2E_SOCKET}"
    local port
    port="$(free_port)"
    E2E_BROKER="mqtt://127.0.0.1:${port}"
    if [[ "${E2E_ANONYMOUS_BROKER:-0}" != 1 ]]; then
        secure_broker_setup "${E2E_WORK}/broker" "${port}"
    fi
    start_mosquitto "${E2E_WORK}/mosquitto" "${port}"
    start_hub "${E2E_WORK}/hub" "${E2E_BROKER}" "$@"
}

# e2e_start_agent NODE [FACT ARGS...]: an agent on the test's dockerd, joined with a token the
# first time it starts (see e2e_start_core).
e2e_start_agent() {
    local node="$1"
    shift
    join_agent "${E2E_WORK}" "${E2E_BROKER}" "${node}" "${EDGECTL_BIN}"
    start_agent "${E2E_WORK}" "${E2E_BROKER}" "${node}" "${E2E_SOCKET}" "$@"
    E2E_AGENTS+=("${node}")
}

# node_in_state NODE STATE: edgectl node ls shows NODE in STATE (ready, unreachable, down).
node_in_state() {
    edgectl node ls -o json | jq -e --arg n "$1" --arg s "$2" 'any(.[]; .name == $n and .state == $s)'
}

nodes_ready() {
    local expected="$1"
    edgectl node ls -o json | jq -e --argjson n "${expected}" '[.[] | select(.state == "ready")] | length == $n'
}

# replicas_run_command SERVICE COUNT PREFIX: `service ps` lists COUNT replicas, all running, and
# each container's `sh -c` script (Cmd[2]) starts with PREFIX.
replicas_run_command() {
    local rows id
    rows="$(edgectl service ps "$1" -o json)"
    jq -e --argjson n "$2" 'length == $n and all(.[]; .state == "running" and .container_id != "")' \
        <<<"${rows}" >/dev/null || return 1
    for id in $(jq -r '.[].container_id' <<<"${rows}"); do
        docker_api "/containers/${id}/json" | jq -e --arg p "$3" '.Config.Cmd[2] | startswith($p)' \
            >/dev/null || return 1
    done
}

# service_running SERVICE COUNT: `service ps` lists COUNT replicas, all running.
service_running() {
    edgectl service ps "$1" -o json |
        jq -e --argjson n "$2" 'length == $n and all(.[]; .state == "running" and .container_id != "")'
}
