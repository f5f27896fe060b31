#!/usr/bin/env bash
# Power-loss torture on real parts. Each cycle issues one random edgectl operation (deploy a
# stack, scale it by redeploying with other replicas, or remove it), kill -9s a random subset of
# {hub, each agent, broker, dockerd} at a random moment meanwhile, restarts them in a random
# order (sometimes the agents long before the hub, sometimes the broker last), waits for the
# cluster to settle and checks: every acknowledged operation is in the hub, replica counts match,
# no replica runs twice, no labelled container is orphaned, PRAGMA integrity_check is ok.
#
# Usage: e2e_torture.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
#   EDGE_TORTURE_CYCLES   cycles to run (default 20)
#   EDGE_TORTURE_SEED     seed of the random choices (default 20261122); printed to replay a run
#   EDGE_TORTURE_SETTLE   seconds a cycle may take to converge before it fails (default 120)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"
# shellcheck source=tests/lib/torture_checks.sh
source "$(dirname "$0")/lib/torture_checks.sh"

readonly cycles="${EDGE_TORTURE_CYCLES:-20}"
readonly seed="${EDGE_TORTURE_SEED:-20261122}"
readonly settle_timeout="${EDGE_TORTURE_SETTLE:-120}"
readonly stack_names=(t1 t2)
readonly replay="EDGE_TORTURE_SEED=${seed} EDGE_TORTURE_CYCLES=${cycles} bash tests/e2e_torture.sh ${EDGE_HUB_BIN} ${EDGE_AGENT_BIN} ${EDGECTL_BIN}"

# Save retained messages often, so a killed broker comes back with a slightly stale snapshot:
# exactly the stale retained desired sets the agents must ignore.
export EDGE_MOSQUITTO_EXTRA_CONF="autosave_interval 2"

declare -A kills=()
declare -A ops=()
acked=0
settle_total=0
settle_max=0

# Sets R to a random integer in [0, N). Never called in a subshell: bash reseeds RANDOM there,
# and a run must replay exactly from its seed.
rand() {
    R=$((RANDOM % $1))
}

# Sleeps a random duration in [0, TENTHS/10] seconds.
sleep_random() {
    rand $(($1 + 1))
    sleep "$((R / 10)).$((R % 10))"
}

start_component() {
    case "$1" in
        hub) start_hub "${E2E_WORK}/hub" "${E2E_BROKER}" ;;
        mosquitto) start_mosquitto "${E2E_WORK}/mosquitto" "${E2E_BROKER##*:}" ;;
        dockerd) start_dockerd "${E2E_DOCKER_DIR}" ;;
        # join_agent does nothing once the node has joined (at its first start).
        pi-1) join_agent "${E2E_WORK}" "${E2E_BROKER}" pi-1 "${EDGECTL_BIN}" &&
            start_agent "${E2E_WORK}" "${E2E_BROKER}" pi-1 "${E2E_SOCKET}" --report-interval 1s \
            --memory 2GiB --arch arm64 --storage sd --model "Raspberry Pi 4 Model B" ;;
        nuc-1) join_agent "${E2E_WORK}" "${E2E_BROKER}" nuc-1 "${EDGECTL_BIN}" &&
            start_agent "${E2E_WORK}" "${E2E_BROKER}" nuc-1 "${E2E_SOCKET}" --report-interval 1s \
            --memory 16GiB --storage ssd ;;
    esac
}

# Child processes of PID, recursively.
descendants() {
    local child
    for child in $(ps -o pid= --ppid "$1"); do
        echo "${child}"
        descendants "${child}"
    done
}

# kill -9 one component by PID. dockerd dies with its containerd, as a crashed engine does. Half
# the time the engine loses power outright: the containerd shims and the containers' processes
# die with it, so containers are gone or stopped when it comes back; otherwise they outlive
# dockerd and it finds them on restart.
kill_component() {
    local name="$1" pid victims exec_root
    pid="$(cat "$(component_pidfile "${name}")")"
    victims="${pid}"
    local containerd=""
    if [[ "${name}" == dockerd ]]; then
        exec_root="$(cat "${E2E_DOCKER_DIR}/exec-root")"
        containerd="$(_pids_mentioning "${exec_root}/containerd/containerd.toml" 2>/dev/null | tr '\n' ' ')"
        victims+=" ${containerd}"
        rand 2
        if ((R == 0)); then
            local shim
            for shim in $(_pids_mentioning "${exec_root}/containerd/containerd.sock" 2>/dev/null); do
                victims+=" ${shim} $(descendants "${shim}" | tr '\n' ' ')"
            done
            name="dockerd+containers"
        fi
    fi
    # shellcheck disable=SC2086 # one PID per word
    kill -KILL ${victims} 2>/dev/null || true
    wait "${pid}" 2>/dev/null || true # reap it, so kill -0 no longer sees a zombie
    # A restarted dockerd must not find the old containerd still exiting.
    local victim tries
    for victim in ${containerd}; do
        for ((tries = 0; tries < 100; tries++)); do
            [[ "$(awk '{print $3}' "/proc/${victim}/stat" 2>/dev/null || echo gone)" =~ ^(gone|Z)$ ]] &&
                break
            sleep 0.1
        done
    done
    kills[${name}]=$((${kills[${name}]:-0} + 1))
    echo "    kill -9 ${name} (${victims})"
}

write_compose() {
    cat >"$1" <<YAML
services:
  app:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
    mem_limit: 16m
    deploy:
      replicas: $2
YAML
}

# Picks this cycle's operation: sets op_kind, op_stack, op_before, op_after and op_args.
choose_operation() {
    rand ${#stack_names[@]}
    op_stack="${stack_names[R]}"
    op_before="${TORTURE_EXPECTED[${op_stack}]:-0}"
    rand 3
    if ((op_before == 0)); then
        op_kind=deploy
        op_after=$((R + 1))
    elif ((R == 0)); then
        op_kind=remove
        op_after=0
    else
        op_kind=scale
        op_after=$(((op_before + R - 1) % 3 + 1)) # 1..3 and never op_before
    fi
    if [[ "${op_kind}" == remove ]]; then
        op_args=(stack rm "${op_stack}")
    else
        local file="${E2E_WORK}/${op_stack}-${op_after}.yaml"
        write_compose "${file}" "${op_after}"
        op_args=(deploy --detach -f "${file}" --stack "${op_stack}" --allow-pending)
    fi
}

# Waits until the cluster matches the model; fails with the last problem seen.
settle() {
    local cycle="$1" started=${SECONDS}
    until torture_converged; do
        if ((SECONDS - started >= settle_timeout)); then
            fail "cycle ${cycle}: not converged after ${settle_timeout}s: ${TORTURE_PROBLEM}" \
                $'\n'"replay: ${replay}"
        fi
        sleep 1
    done
    torture_integrity_ok || fail "cycle ${cycle}: ${TORTURE_PROBLEM}"$'\n'"replay: ${replay}"
    local took=$((SECONDS - started))
    settle_total=$((settle_total + took))
    if ((took > settle_max)); then settle_max=${took}; fi
    echo "    converged in ${took}s: $(for s in "${stack_names[@]}"; do echo -n "${s}=${TORTURE_EXPECTED[${s}]:-0} "; done)"
}

run_cycle() {
    local cycle="$1"
    choose_operation
    ops[${op_kind}]=$((${ops[${op_kind}]:-0} + 1))
    echo "=== cycle ${cycle}/${cycles}: ${op_kind} ${op_stack} (${op_before} -> ${op_after} replicas)"

    local out="${E2E_WORK}/op-${cycle}.out" op_pid status=0
    edgectl --timeout 5s "${op_args[@]}" >"${out}" 2>&1 &
    op_pid=$!

    local victims=() name
    for name in hub mosquitto dockerd "${E2E_AGENTS[@]}"; do
        rand 2
        if ((R == 0)); then victims+=("${name}"); fi
    done
    # Mostly while edgectl's request is in flight or the agents are applying it.
    sleep_random 4
    for name in "${victims[@]}"; do kill_component "${name}"; done

    wait "${op_pid}" || status=$?
    if ((status == 0)); then
        acked=$((acked + 1))
        TORTURE_EXPECTED[${op_stack}]="${op_after}"
        echo "    acknowledged"
    else
        TORTURE_PENDING_STACK="${op_stack}"
        TORTURE_PENDING_BEFORE="${op_before}"
        TORTURE_PENDING_AFTER="${op_after}"
        echo "    not acknowledged (exit ${status}): $(tail -n 1 "${out}")"
    fi

    # A random order; sometimes the hub or the broker comes back last, after a long wait.
    local i tmp last="" order=("${victims[@]}")
    for ((i = ${#order[@]} - 1; i > 0; i--)); do
        rand $((i + 1))
        tmp="${order[i]}" && order[i]="${order[R]}" && order[R]="${tmp}"
    done
    rand 4
    case "${R}" in
        0) last=hub ;;
        1) last=mosquitto ;;
    esac
    if [[ -n "${last}" && " ${order[*]} " == *" ${last} "* ]]; then
        local rest=()
        for name in "${order[@]}"; do [[ "${name}" == "${last}" ]] || rest+=("${name}"); done
        order=("${rest[@]}" "${last}")
    fi
    for name in "${order[@]}"; do
        if [[ "${name}" == "${last}" ]]; then
            echo "    ${last} comes back last, after a long wait"
            sleep 4
        else
            sleep_random 10
        fi
        start_component "${name}"
    done
    settle "${cycle}"
}

e2e_start_core
start_component pi-1 && E2E_AGENTS+=(pi-1)
start_component nuc-1 && E2E_AGENTS+=(nuc-1)
wait_for 60 "both nodes to be ready" nodes_ready 2 || fail "the nodes did not become ready"

echo "power-loss torture: ${cycles} cycles, seed ${seed}"
echo "replay: ${replay}"
RANDOM="${seed}"
for ((cycle = 1; cycle <= cycles; cycle++)); do
    run_cycle "${cycle}"
done

echo "totals: ${cycles} cycles, seed ${seed}"
echo "  operations: deploy ${ops[deploy]:-0}, scale ${ops[scale]:-0}, remove ${ops[remove]:-0};" \
    "acknowledged ${acked}; unacknowledged but committed ${TORTURE_UNACKED_APPLIED}," \
    "not committed ${TORTURE_UNACKED_DROPPED}"
echo "  kill -9: hub ${kills[hub]:-0}, mosquitto ${kills[mosquitto]:-0}, dockerd ${kills[dockerd]:-0}," \
    "dockerd+containers ${kills[dockerd+containers]:-0}, pi-1 ${kills[pi-1]:-0}, nuc-1 ${kills[nuc-1]:-0}"
echo "  settle time: mean $((settle_total / cycles))s, max ${settle_max}s"
echo "PASS: e2e_torture"
