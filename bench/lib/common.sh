# shellcheck shell=bash
# Shared by the bench scripts: a private work directory, a dockerd in a network namespace the
# script creates (so Swarm may use bridges and iptables without touching the host's network),
# statistics over repeated runs, RSS and CPU time by PID, and polling of the engine's API.
# Every process is started in the background and stopped by its PID (scripts/lib/cluster.sh).

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
: "${BENCH_BUILD:=${BENCH_ROOT}/build}"
export EDGE_HUB_BIN="${BENCH_BUILD}/hub/edge-hub"
export EDGE_AGENT_BIN="${BENCH_BUILD}/agent/edge-agent"
EDGECTL_BIN="${BENCH_BUILD}/edgectl/edgectl"
# Debian's docker.io client, the one that matches the dockerd under test.
DOCKER_CLI=/usr/bin/docker
: "${BENCH_RUNS:=5}"

# shellcheck source=scripts/lib/cluster.sh
source "${BENCH_ROOT}/scripts/lib/cluster.sh"

BENCH_WORK="$(mktemp -d /tmp/edge-bench.XXXXXX)"
BENCH_NETNS=""
BENCH_SOCKET=""
BENCH_BROKER=""
BENCH_AGENTS=()

now_ms() {
    date +%s%3N
}

# stats VALUE...: prints "median min max" of the values (median of an even count: the mean
# of the middle two).
stats() {
    printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1}
        END {m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
             printf "%.3g %.3g %.3g\n", m, v[1], v[NR]}'
}

# row FIGURE GOAL VALUE...: one Markdown table row with median, min and max.
row() {
    local figure="$1" goal="$2"
    shift 2
    local median min max
    read -r median min max < <(stats "$@")
    echo "| ${figure} | ${median} | ${min} | ${max} | $# | ${goal} |"
}

# ratio A B: A / B with three significant digits.
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3g\n", a / b}'
}

seconds_since() {
    awk -v t0="$1" -v t1="$(now_ms)" 'BEGIN {printf "%.3f\n", (t1 - t0) / 1000}'
}

# proc_sum_mib FILE FIELD PID...: FIELD (in kB) of /proc/PID/FILE summed over PIDs, in MiB.
proc_sum_mib() {
    local file="$1" field="$2" pid total=0 kib
    shift 2
    for pid in "$@"; do
        kib="$(awk -v f="${field}:" '$1 == f {print $2}' "/proc/${pid}/${file}" 2>/dev/null || echo 0)"
        total=$((total + ${kib:-0}))
    done
    awk -v k="${total}" 'BEGIN {printf "%.2f\n", k / 1024}'
}
# Resident memory of PIDs, summed (VmRSS counts shared library pages in each process).
rss_mib() {
    proc_sum_mib status VmRSS "$@"
}
# Proportional set size of PIDs, summed: shared pages divided among their users, which is
# what N identical shims really cost together.
pss_mib() {
    proc_sum_mib smaps_rollup Pss "$@"
}

# Private (anonymous) resident memory of PIDs: heap and stacks, without the shared libraries'
# pages that every process mapping them also counts in its RSS.
anon_mib() {
    proc_sum_mib status RssAnon "$@"
}

# User + system CPU seconds a PID has used so far.
cpu_seconds() {
    awk -v hz="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); printf "%.2f\n", ($12 + $13) / hz}' \
        "/proc/$1/stat"
}

# PIDs of this dockerd's containerd and of its shims (their command lines carry the exec-root).
engine_pids() {
    local kind="$1" exec_root pid
    exec_root="$(cat "${BENCH_WORK}/docker/exec-root")"
    for pid in $(pgrep -f -- "${exec_root}/" || true); do
        case "$(cat "/proc/${pid}/comm" 2>/dev/null)" in
        containerd) [[ "${kind}" == containerd ]] && echo "${pid}" ;;
        containerd-shim*) [[ "${kind}" == shim ]] && echo "${pid}" ;;
        esac
    done
}
dockerd_pid() {
    cat "${BENCH_WORK}/docker/docker.pid.started"
}

# --- the engine ------------------------------------------------------------------------------

docker_cli() {
    DOCKER_HOST="unix://${BENCH_SOCKET}" "${DOCKER_CLI}" "$@"
}

engine_get() {
    curl -sf --unix-socket "${BENCH_SOCKET}" "http://localhost$1"
}

# engine_count LABEL [all]: containers carrying LABEL (KEY=VALUE), running ones unless "all".
engine_count() {
    local filter all=0
    filter="$(jq -rn --arg l "$1" '{"label": [$l]} | tojson | @uri')"
    [[ "${2:-}" == all ]] && all=1
    engine_get "/containers/json?all=${all}&filters=${filter}" | jq length
}

# wait_count LABEL COUNT [all]: polls the engine until exactly COUNT containers match. The limit
# is generous: 50 containers started one by one on a loaded 2-core machine took over 2 minutes.
wait_count() {
    local deadline=$((SECONDS + 600))
    until [[ "$(engine_count "$1" "${3:-}")" == "$2" ]]; do
        if ((SECONDS >= deadline)); then
            cluster_log "timed out waiting for $2 containers labelled $1"
            return 1
        fi
        sleep 0.02
    done
}

# start_engine: a dockerd in a network namespace this script creates. Inside it the engine may
# create bridges, veth pairs and iptables rules (Swarm needs them); they vanish with the
# namespace. nsenter, unlike `ip netns exec`, keeps the host's /sys, so the cgroups stay visible.
start_engine() {
    if [[ ${EUID} -ne 0 ]]; then
        echo "$(basename "$0"): needs root: it starts its own dockerd" >&2
        return 1
    fi
    BENCH_NETNS="edgebench-$$"
    ip netns add "${BENCH_NETNS}"
    ip -n "${BENCH_NETNS}" link set lo up
    start_netns_dockerd "${BENCH_WORK}/docker"
    BENCH_SOCKET="$(dockerd_socket "${BENCH_WORK}/docker")"
    "${BENCH_ROOT}/images/test-busybox/build.sh" "${BENCH_SOCKET}" >/dev/null
}

start_netns_dockerd() {
    local dir="$1" exec_root
    mkdir -p "${dir}/data"
    exec_root="/tmp/edge-x.bench$$"
    mkdir -p "${exec_root}"
    echo "${exec_root}/docker.sock" >"${dir}/socket-path"
    echo "${exec_root}" >"${dir}/exec-root"
    nsenter --net="/run/netns/${BENCH_NETNS}" dockerd --data-root "${dir}/data" \
        --exec-root "${exec_root}" -H "unix://${exec_root}/docker.sock" \
        --pidfile "${dir}/docker.pid" >"${dir}/dockerd.log" 2>&1 &
    echo $! >"${dir}/docker.pid.started"
    wait_for 60 "dockerd" docker_ping "${exec_root}/docker.sock" || {
        tail -n 20 "${dir}/dockerd.log" >&2
        return 1
    }
}

# start_control_plane: Mosquitto on a free loopback port, set up by `edge-hub init` as the
# hub's package sets it up (identities, ACLs, no anonymous access), and edge-hub.
start_control_plane() {
    local port
    port="$(free_port)"
    BENCH_BROKER="mqtt://127.0.0.1:${port}"
    secure_broker_setup "${BENCH_WORK}/broker" "${port}"
    start_mosquitto "${BENCH_WORK}/mosquitto" "${port}"
    start_hub "${BENCH_WORK}/hub" "${BENCH_BROKER}" --log-level warn "$@"
}

bench_agent() {
    local node="$1"
    shift
    join_agent "${BENCH_WORK}" "${BENCH_BROKER}" "${node}" "${EDGECTL_BIN}"
    start_agent "${BENCH_WORK}" "${BENCH_BROKER}" "${node}" "${BENCH_SOCKET}" --log-level warn "$@"
    BENCH_AGENTS+=("${node}")
}

edgectl() {
    "${EDGECTL_BIN}" --broker "${BENCH_BROKER}" "$@"
}

nodes_ready() {
    edgectl node ls -o json | jq -e --argjson n "$1" '[.[] | select(.state == "ready")] | length == $n'
}

bench_cleanup() {
    local status=$?
    set +e
    if declare -F bench_extra_cleanup >/dev/null; then
        bench_extra_cleanup
    fi
    local node
    for node in "${BENCH_AGENTS[@]}"; do
        stop_agent "${BENCH_WORK}" "${node}"
    done
    stop_hub "${BENCH_WORK}/hub"
    stop_mosquitto "${BENCH_WORK}/mosquitto"
    if [[ -n "${BENCH_SOCKET}" ]] && docker_ping "${BENCH_SOCKET}"; then
        docker_cli swarm leave --force >/dev/null 2>&1
    fi
    stop_dockerd "${BENCH_WORK}/docker"
    [[ -n "${BENCH_NETNS}" ]] && ip netns del "${BENCH_NETNS}" 2>/dev/null
    if [[ ${status} -ne 0 || -n "${EDGE_BENCH_KEEP:-}" ]]; then
        echo "logs kept in ${BENCH_WORK}" >&2
    else
        rm -rf "${BENCH_WORK}"
    fi
    exit "${status}"
}
trap bench_cleanup EXIT
trap 'exit 130' INT TERM
