#!/usr/bin/env bash
# edgeorch side by side with Docker Swarm on one private dockerd: memory of every part, deploy
# latency (1 and 10 replicas, a 3-service stack, and the raw engine floor), scale 1 -> 20,
# remove 20, and restart after a crash. Runs BENCH_RUNS rounds (default 5), alternating which
# system goes first, and prints Markdown table rows: figure | median | min | max | runs | goal.
# Usage: bench/engine_bench.sh   (as root; binaries from build/, or BENCH_BUILD=DIR)
set -euo pipefail

# shellcheck source=bench/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=bench/lib/workloads.sh
source "$(dirname "$0")/lib/workloads.sh"

readonly agent_node=bench-node
files="${BENCH_WORK}/compose"
mkdir -p "${files}"
for replicas in 1 10 20 50; do
    compose_file "${files}/r${replicas}.yaml" "${replicas}"
done
compose_file "${files}/stack3.yaml" 1 3
# Swarm's stack for scale, crash and remove: edgeorch's r1.yaml with no restart delay.
compose_file "${files}/r1-nodelay.yaml" 1 1 0s

cluster_log "starting dockerd (own network namespace), mosquitto, edge-hub and one edge-agent"
start_engine
start_control_plane
bench_agent "${agent_node}" --memory 16GiB --storage ssd --cpus 2
wait_for 60 "the node to be ready" nodes_ready 1

# samples NAME COMMAND...: BENCH_RUNS samples of a memory figure, one second apart.
samples() {
    local i values=()
    for i in $(seq 1 "${BENCH_RUNS}"); do
        values+=("$("$@")")
        sleep 1
    done
    echo "${values[@]}"
}
# memory_row FIGURE GOAL SAMPLER [ARGS...]: a row of BENCH_RUNS samples.
memory_row() {
    local figure="$1" goal="$2" values
    shift 2
    read -ra values <<<"$(samples "$@")"
    row "${figure}" "${goal}" "${values[@]}"
}
agent_rss() { rss_mib "$(cat "${BENCH_WORK}/agent-${agent_node}.pid")"; }
agent_pss() { pss_mib "$(cat "${BENCH_WORK}/agent-${agent_node}.pid")"; }
agent_anon() { anon_mib "$(cat "${BENCH_WORK}/agent-${agent_node}.pid")"; }
mosquitto_rss() { rss_mib "$(cat "${BENCH_WORK}/mosquitto/mosquitto.pid")"; }
# shellcheck disable=SC2046 # one PID per word
engine_rss() { rss_mib "$(dockerd_pid)" $(engine_pids containerd); }
# shellcheck disable=SC2046
shim_rss_each() { awk -v t="$(rss_mib $(engine_pids shim))" -v n="$1" 'BEGIN {printf "%.2f\n", t / n}'; }
# shellcheck disable=SC2046
shim_pss_each() { awk -v t="$(pss_mib $(engine_pids shim))" -v n="$1" 'BEGIN {printf "%.2f\n", t / n}'; }

# --- memory ---------------------------------------------------------------------------------
cluster_log "memory: idle"
sleep 5  # a few report intervals, so the agent's steady state is measured
memory_row "agent RSS, idle (MiB)" "<= 6" agent_rss
memory_row "agent PSS (shared library pages shared out), idle (MiB)" "" agent_pss
memory_row "agent private memory (RssAnon: heap, stacks), idle (MiB)" "" agent_anon
memory_row "dockerd + containerd RSS, no Swarm, no containers (MiB)" "" engine_rss
memory_row "mosquitto RSS, idle (MiB)" "" mosquitto_rss

docker_cli swarm init --advertise-addr 127.0.0.1 >/dev/null
sleep 5
memory_row "dockerd + containerd RSS, Swarm mode, no containers (MiB)" "" engine_rss

for count in 10 50; do
    cluster_log "memory: ${count} containers"
    eo_deploy "${files}/r${count}.yaml" "mem${count}" "${count}" >/dev/null
    sleep 5
    memory_row "agent RSS, ${count} containers (MiB)" "" agent_rss
    memory_row "agent private memory (RssAnon), ${count} containers (MiB)" "" agent_anon
    if ((count == 50)); then
        memory_row "dockerd + containerd RSS, Swarm mode, 50 containers (MiB)" "" engine_rss
        memory_row "containerd shim RSS per container (MiB)" "" shim_rss_each 50
        memory_row "containerd shim PSS per container (MiB)" "" shim_pss_each 50
    fi
    eo_remove "mem${count}" >/dev/null
done

# --- latency ----------------------------------------------------------------------------------
declare -A figures=()
add() { figures[$1]+="$2 "; }

# edgeorch_round RUN and swarm_round RUN time the same workloads on each system.
edgeorch_round() {
    local run="$1"
    add eo_d1 "$(eo_deploy "${files}/r1.yaml" "d1-${run}" 1)"
    eo_remove "d1-${run}" >/dev/null
    add eo_d10 "$(eo_deploy "${files}/r10.yaml" "d10-${run}" 10)"
    eo_remove "d10-${run}" >/dev/null
    add eo_s3 "$(eo_deploy "${files}/stack3.yaml" "s3-${run}" 3)"
    eo_remove "s3-${run}" >/dev/null
    eo_deploy "${files}/r1.yaml" "sc-${run}" 1 >/dev/null
    add eo_up "$(eo_deploy "${files}/r20.yaml" "sc-${run}" 20)"
    add eo_crash "$(crash_restart "edgeorch.stack=sc-${run}" 20)"
    add eo_rm "$(eo_remove "sc-${run}")"
}
swarm_round() {
    local run="$1"
    add sw_d1 "$(sw_create "d1-${run}" 1)"
    sw_remove "d1-${run}" >/dev/null
    add sw_d10 "$(sw_create "d10-${run}" 10)"
    sw_remove "d10-${run}" >/dev/null
    # The same Compose file edgeorch deploys; Swarm then makes the stack's default network.
    add sw_d10s "$(sw_stack_deploy "${files}/r10.yaml" "d10s-${run}" 10)"
    sw_stack_remove "d10s-${run}" >/dev/null
    add sw_s3 "$(sw_stack_deploy "${files}/stack3.yaml" "s3-${run}" 3)"
    sw_stack_remove "s3-${run}" >/dev/null
    sw_create "sc-${run}" 1 >/dev/null
    add sw_up "$(sw_scale "sc-${run}" 20)"
    add sw_crash "$(crash_restart "${SW_SERVICE}=sc-${run}" 20)"
    add sw_rm "$(sw_remove "sc-${run}")"
    # The same in a stack, whose service has the stack's network, as edgeorch's replicas do.
    sw_stack_deploy "${files}/r1-nodelay.yaml" "scs-${run}" 1 >/dev/null
    add sw_ups "$(sw_scale "scs-${run}_svc1" 20)"
    add sw_crashs "$(crash_restart "${SW_SERVICE}=scs-${run}_svc1" 20)"
    add sw_rms "$(sw_stack_remove "scs-${run}")"
}
floor_round() {
    add fl_d1 "$(floor_create_start "floor1-$1" 1)"
    add fl_d10 "$(floor_create_start "floor10-$1" 10)"
    add fl_d10n "$(floor_create_start "floor10n-$1" 10 "floor10n-$1")"
}

for run in $(seq 1 "${BENCH_RUNS}"); do
    cluster_log "latency round ${run}/${BENCH_RUNS} (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    if ((run % 2)); then
        edgeorch_round "${run}"; swarm_round "${run}"; floor_round "${run}"
    else
        floor_round "${run}"; swarm_round "${run}"; edgeorch_round "${run}"
    fi
done

# ratios NUMERATOR DENOMINATOR: the per-round ratios of two figures.
ratios() {
    local -a a b
    read -ra a <<<"${figures[$1]}"
    read -ra b <<<"${figures[$2]}"
    local i
    for i in "${!a[@]}"; do
        ratio "${a[$i]}" "${b[$i]}"
    done
}
# figure NAME GOAL KEY: one row of a measured figure.
figure() {
    # shellcheck disable=SC2086 # one value per word
    row "$1" "$2" ${figures[$3]}
}
# compare WHAT GOAL EDGEORCH_KEY SWARM_KEY SWARM_NAME: both systems' rows and their ratio.
compare() {
    local what="$1" goal="$2"
    figure "${what}, edgeorch (s)" "" "$3"
    figure "${what}, Swarm $5 (s)" "" "$4"
    # shellcheck disable=SC2046 # one ratio per word
    row "${what}, edgeorch / Swarm" "${goal}" $(ratios "$3" "$4")
}
compare "deploy 1 replica" "" eo_d1 sw_d1 "service create"
figure "deploy 1 replica, engine create + start (s)" "" fl_d1
compare "deploy 10 replicas" "<= 0.5" eo_d10 sw_d10 "service create"
figure "deploy 10 replicas, engine create + start one by one (s)" "" fl_d10
# shellcheck disable=SC2046
row "deploy 10 replicas, edgeorch / engine floor" "<= 1" $(ratios eo_d10 fl_d10)
# Like for like: a Compose deploy joins its project's network, and joining a user-defined
# network is most of a container start's cost on the engine (its DNS and firewall set-up).
figure "deploy 10 replicas, Swarm stack deploy of the same Compose file (s)" "" sw_d10s
# shellcheck disable=SC2046
row "deploy 10 replicas, edgeorch / Swarm stack deploy" "<= 0.5" $(ratios eo_d10 sw_d10s)
figure "deploy 10 replicas, engine create + start one by one on a new network (s)" "" fl_d10n
# shellcheck disable=SC2046
row "deploy 10 replicas, edgeorch / engine floor on a new network" "<= 1" $(ratios eo_d10 fl_d10n)
compare "deploy 3-service stack" "" eo_s3 sw_s3 "stack deploy"
compare "scale 1 -> 20" "<= 0.5" eo_up sw_up "service scale"
figure "scale 1 -> 20, Swarm service scale in a stack (s)" "" sw_ups
# shellcheck disable=SC2046
row "scale 1 -> 20, edgeorch / Swarm in a stack" "<= 0.5" $(ratios eo_up sw_ups)
compare "remove 20" "<= 0.5" eo_rm sw_rm "service rm"
figure "remove 20, Swarm stack rm (s)" "" sw_rms
# shellcheck disable=SC2046
row "remove 20, edgeorch / Swarm stack rm" "<= 0.5" $(ratios eo_rm sw_rms)
compare "crash restart (kill -> replacement running)" "<= 1" eo_crash sw_crash "task restart"
figure "crash restart, Swarm task restart in a stack (s)" "" sw_crashs
# shellcheck disable=SC2046
row "crash restart, edgeorch / Swarm in a stack" "<= 1" $(ratios eo_crash sw_crashs)
