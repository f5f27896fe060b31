# shellcheck shell=bash
# Simulated agents for the hub's benchmarks (bench/load_agents, real MQTT connections over one
# Mosquitto), shared by hub_scale.sh and dashboard_load.sh. Expects bench/lib/common.sh to be
# sourced and SERVICES (containers each simulated node reports) to be set.

LOAD_BIN="${BENCH_BUILD}/bench/load_agents"

# write_global_stack FILE: a stack of SERVICES services with `deploy.mode: global`, so every
# node must run all of them.
write_global_stack() {
    local i
    {
        echo 'services:'
        for i in $(seq 1 "${SERVICES}"); do
            printf '  svc%s:\n    image: edgeorch/busybox:latest\n    command: ["sleep", "1000000"]\n' "${i}"
            printf '    mem_limit: 16m\n    deploy:\n      mode: global\n'
        done
    } >"$1"
}

# One load_agents process per 250 simulated nodes (libmosquitto's select() limit, see
# bench/load_agents.cc); their PIDs and outputs (load-K.out). On the broker `edge-hub init` set
# up (EDGE_BROKER_SETUP), each process first gives its nodes their own identities and roles,
# as joins would, with the hub's broker-admin identity from hub.env (in its own environment
# only), so every simulated node is authenticated and confined by its ACLs as a real one is.
LOAD_PIDS=()
start_load() {
    local nodes="$1" first count part=0 identities=()
    [[ -n "${EDGE_BROKER_SETUP:-}" ]] && identities=(--create-identities)
    for ((first = 0; first < nodes; first += 250, part++)); do
        count=$((nodes - first < 250 ? nodes - first : 250))
        (
            if [[ -n "${EDGE_BROKER_SETUP:-}" ]]; then
                set -a
                # shellcheck disable=SC1091
                . "${EDGE_BROKER_SETUP}/hub.env"
                set +a
            fi
            exec "${LOAD_BIN}" --broker "${BENCH_BROKER}" --nodes "${count}" --first "${first}" \
                --containers "${SERVICES}" "${identities[@]}"
        ) >"${BENCH_WORK}/load-${part}.out" 2>"${BENCH_WORK}/load-${part}.err" &
        LOAD_PIDS+=($!)
    done
}
# Called by bench_cleanup (bench/lib/common.sh), also when the script fails.
bench_extra_cleanup() {
    stop_load
}
stop_load() {
    local pid
    for pid in "${LOAD_PIDS[@]}"; do
        stop_pid "${pid}"
    done
    LOAD_PIDS=()
}
all_load_connected() {
    [[ "$(cat "${BENCH_WORK}"/load-*.out | grep -c '^connected')" == "${#LOAD_PIDS[@]}" ]]
}
# converged_lines: how many rounds every load process has seen all its nodes converge.
converged_lines() {
    local file least=""
    for file in "${BENCH_WORK}"/load-*.out; do
        local count
        count="$(grep -c '^converged' "${file}" || true)"
        [[ -z "${least}" || "${count}" -lt "${least}" ]] && least="${count}"
    done
    echo "${least:-0}"
}
# When the last node of any process answered in the latest round (unix epoch ms).
last_converged_ms() {
    cat "${BENCH_WORK}"/load-*.out | awk '/^converged/ {print $3}' | sort -n | tail -n 1
}

more_converged() {
    (($(converged_lines) > $1))
}
