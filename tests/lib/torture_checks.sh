# shellcheck shell=bash
# The checks of the power-loss torture test (tests/e2e_torture.sh): does the cluster, once
# settled, match the model of what edgectl saw acknowledged? Sourced after e2e_common.sh.
#
# The model: TORTURE_EXPECTED[stack] = replicas of its one service "app" (absent: 0). An
# operation edgectl did not see acknowledged may or may not have been committed; it is recorded
# as TORTURE_PENDING_STACK with the counts before and after, and the first answer from the hub
# decides which one happened (either is correct; anything else is a bug).
#
# Every check sets TORTURE_PROBLEM to one precise sentence and returns 1 when it fails, so the
# settle loop can retry and, on timeout, print exactly what never converged.

declare -gA TORTURE_EXPECTED=()
TORTURE_PENDING_STACK=""
TORTURE_PENDING_BEFORE=0
TORTURE_PENDING_AFTER=0
TORTURE_PROBLEM=""
TORTURE_UNACKED_APPLIED=0
TORTURE_UNACKED_DROPPED=0

problem() {
    TORTURE_PROBLEM="$*"
    return 1
}

# The PID file of a component: hub, mosquitto, dockerd or an agent's node name.
component_pidfile() {
    case "$1" in
        hub) echo "${E2E_WORK}/hub/hub.pid" ;;
        mosquitto) echo "${E2E_WORK}/mosquitto/mosquitto.pid" ;;
        dockerd) echo "${E2E_DOCKER_DIR}/docker.pid.started" ;;
        *) echo "${E2E_WORK}/agent-$1.pid" ;;
    esac
}

# Every process of the cluster runs (a restarted process that exited is a bug, not a delay).
torture_processes_alive() {
    local name pid
    for name in hub mosquitto dockerd "${E2E_AGENTS[@]}"; do
        pid="$(cat "$(component_pidfile "${name}")")"
        kill -0 "${pid}" 2>/dev/null || problem "${name} (pid ${pid}) is not running" || return 1
    done
}

# Replicas of STACK according to `stack ls` JSON on stdin (0 when the stack is absent).
hub_replicas() {
    jq --arg s "$1" '[.[] | select(.name == $s) | .desired] | add // 0'
}

# The hub holds exactly the model's stacks and replica counts.
torture_hub_matches_model() {
    local stacks stack want have
    stacks="$(edgectl --timeout 3s stack ls -o json 2>&1)" ||
        problem "the hub does not answer stack ls: ${stacks}" || return 1
    if [[ -n "${TORTURE_PENDING_STACK}" ]]; then
        have="$(hub_replicas "${TORTURE_PENDING_STACK}" <<<"${stacks}")"
        if [[ "${have}" == "${TORTURE_PENDING_AFTER}" ]]; then
            TORTURE_UNACKED_APPLIED=$((TORTURE_UNACKED_APPLIED + 1))
            echo "    the unacknowledged operation on ${TORTURE_PENDING_STACK} was committed"
        elif [[ "${have}" == "${TORTURE_PENDING_BEFORE}" ]]; then
            TORTURE_UNACKED_DROPPED=$((TORTURE_UNACKED_DROPPED + 1))
            echo "    the unacknowledged operation on ${TORTURE_PENDING_STACK} was not committed"
        else
            problem "stack ${TORTURE_PENDING_STACK} has ${have} replicas; the unacknowledged" \
                "operation leaves either ${TORTURE_PENDING_BEFORE} or ${TORTURE_PENDING_AFTER}" ||
                return 1
        fi
        TORTURE_EXPECTED[${TORTURE_PENDING_STACK}]="${have}"
        TORTURE_PENDING_STACK=""
    fi
    for stack in "${!TORTURE_EXPECTED[@]}"; do
        want="${TORTURE_EXPECTED[${stack}]}"
        have="$(hub_replicas "${stack}" <<<"${stacks}")"
        [[ "${have}" == "${want}" ]] ||
            problem "acknowledged state lost: the hub has ${have} replicas of ${stack}, want ${want}" ||
            return 1
    done
    local extra
    extra="$(jq -r '.[].name' <<<"${stacks}" | grep -v -x -F -f <(printf '%s\n' "${!TORTURE_EXPECTED[@]}") || true)"
    [[ -z "${extra}" ]] || problem "the hub has stacks nobody deployed: ${extra}" || return 1
}

# Every replica the hub wants is running on its node, and dockerd runs nothing else labelled:
# no replica twice, no orphan, no stopped leftover.
torture_engine_matches_hub() {
    local stack want rows placed="" running
    for stack in "${!TORTURE_EXPECTED[@]}"; do
        want="${TORTURE_EXPECTED[${stack}]}"
        ((want > 0)) || continue
        rows="$(edgectl --timeout 3s service ps "${stack}/app" -o json 2>&1)" ||
            problem "the hub does not answer service ps ${stack}/app: ${rows}" || return 1
        jq -e --argjson n "${want}" 'length == $n and ([.[].replica] | unique | length) == $n' \
            <<<"${rows}" >/dev/null ||
            problem "${stack}/app: the hub lists $(jq -c '[.[].replica]' <<<"${rows}"), want ${want} replicas" ||
            return 1
        jq -e 'all(.[]; .state == "running" and .container_id != "")' <<<"${rows}" >/dev/null ||
            problem "${stack}/app not all running: $(jq -c '[.[] | {replica, node, state}]' <<<"${rows}")" ||
            return 1
        placed+="$(jq -r '.[] | "\(.stack)/\(.service)#\(.replica)@\(.node) running"' <<<"${rows}")"$'\n'
    done
    placed="$(sort <<<"${placed}" | sed '/^$/d')"
    running="$(containers_labelled edgeorch.node |
        jq -r '.[] | "\(.Labels["edgeorch.stack"])/\(.Labels["edgeorch.service"])#\(.Labels["edgeorch.replica"])@\(.Labels["edgeorch.node"]) \(.State)"' |
        sort)" || problem "dockerd does not answer" || return 1
    [[ "${placed}" == "${running}" ]] ||
        problem "dockerd's labelled containers [$(tr '\n' ',' <<<"${running}")] differ from" \
            "the hub's placements [$(tr '\n' ',' <<<"${placed}")]" || return 1
}

torture_converged() {
    # shellcheck disable=SC2034 # read by the caller
    TORTURE_PROBLEM=""
    torture_processes_alive && torture_hub_matches_model && torture_engine_matches_hub
}

# PRAGMA integrity_check on the live hub database (WAL lets a reader in beside the hub).
torture_integrity_ok() {
    local result
    result="$(sqlite3 "${E2E_WORK}/hub/hub.db" "PRAGMA integrity_check" 2>&1)"
    [[ "${result}" == ok ]] || problem "PRAGMA integrity_check on hub.db: ${result}"
}
