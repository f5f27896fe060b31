# shellcheck shell=bash
# Functions that start and stop the real parts of an edgeorch cluster on one machine: a private
# dockerd, a Mosquitto broker on a loopback port, edge-hub and edge-agents. Sourced by the
# end-to-end tests and by scripts/demo.sh; every process is started in the background, its PID
# written to a file, and stopped by that PID only.
#
# Extra dockerd flags: EDGE_DOCKERD_ARGS (e.g. "--storage-driver vfs").
# Binaries: set EDGE_HUB_BIN, EDGE_AGENT_BIN (defaults: build/hub/edge-hub, build/agent/edge-agent).

_cluster_repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
: "${EDGE_HUB_BIN:=${_cluster_repo_root}/build/hub/edge-hub}"
: "${EDGE_AGENT_BIN:=${_cluster_repo_root}/build/agent/edge-agent}"

cluster_log() {
    echo "[$(date +%H:%M:%S)] $*" >&2
}

# wait_for TIMEOUT_SECONDS DESCRIPTION COMMAND [ARGS...]
# Runs COMMAND every half second until it succeeds; fails after TIMEOUT_SECONDS.
wait_for() {
    local timeout="$1" description="$2"
    shift 2
    local deadline=$((SECONDS + timeout))
    until "$@" >/dev/null 2>&1; do
        if ((SECONDS >= deadline)); then
            cluster_log "timed out after ${timeout}s waiting for ${description}"
            return 1
        fi
        sleep 0.5
    done
}

# Prints a TCP port on 127.0.0.1 that nothing listens on, below the kernel's ephemeral range:
# a port in that range can be taken, between this check and the bind, by the source port of
# any outgoing connection (dockerd's, a test's client), and the broker then fails with
# "Address already in use".
free_port() {
    local port attempt first_ephemeral
    first_ephemeral="$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
    ((first_ephemeral > 12000)) || first_ephemeral=32768
    for attempt in $(seq 1 200); do
        port=$((10000 + (RANDOM * 32768 + RANDOM) % (first_ephemeral - 10000)))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
            echo "${port}"
            return 0
        fi
    done
    cluster_log "no free loopback port found after ${attempt} attempts"
    return 1
}

port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# _started_after_file PID FILE: whether process PID started more than 2 s after FILE was last
# written. A PID file is written after its process started (by the process itself, or by the
# shell that forked it), so such a process is not the one the file names but a later one that
# got its PID: with pid_max at 32768, PIDs come round within minutes in a busy test run, and
# end-to-end tests run two at a time.
_started_after_file() {
    local pid="$1" file="$2" start_ticks boot_time written
    start_ticks="$(awk '{print $22}' "/proc/${pid}/stat" 2>/dev/null)" || return 1
    [[ -n "${start_ticks}" ]] || return 1
    boot_time="$(awk '/^btime/ {print $2}' /proc/stat)"
    written="$(stat -c %Y "${file}")"
    ((boot_time + start_ticks / $(getconf CLK_TCK) > written + 2))
}

# stop_pid PID_OR_PIDFILE [TIMEOUT_SECONDS]
# SIGTERM, wait up to TIMEOUT_SECONDS (default 15), then SIGKILL. Missing processes are fine,
# and so is a PID file whose process is gone and whose PID now belongs to another process.
stop_pid() {
    local pid="$1" timeout="${2:-15}"
    if [[ -f "${pid}" ]]; then
        local file="${pid}"
        pid="$(cat "${file}")"
        if [[ -n "${pid}" ]] && _started_after_file "${pid}" "${file}"; then
            cluster_log "PID ${pid} of ${file} now belongs to a later process; leaving it alone"
            return 0
        fi
    fi
    if [[ -z "${pid}" ]] || ! kill -0 "${pid}" 2>/dev/null; then
        return 0
    fi
    kill -TERM "${pid}" 2>/dev/null || true
    local deadline=$((SECONDS + timeout))
    while kill -0 "${pid}" 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            cluster_log "process ${pid} ignored SIGTERM for ${timeout}s; sending SIGKILL"
            kill -KILL "${pid}" 2>/dev/null || true
            break
        fi
        sleep 0.2
    done
    # Reap it when it is our child, so no zombie keeps the PID alive.
    wait "${pid}" 2>/dev/null || true
}

# --- dockerd -----------------------------------------------------------------------------------

# Containerd's sockets live under the exec-root and unix socket paths must stay under 108
# bytes, so the exec-root is a short path under /tmp derived from DIR.
_dockerd_exec_root() {
    local dir
    dir="$(cd "$1" && pwd)"
    echo "/tmp/edge-x.$(printf '%s' "${dir}" | md5sum | cut -c1-10)"
}

# dockerd trusts the containerd.pid its last run left: when that PID still exists it waits for
# that containerd's socket instead of starting one. After a kill -9 the old containerd can stay
# a zombie (nothing reaps orphans where no init runs), which exists but never answers, so a
# pid file whose process is gone or a zombie is removed before dockerd starts.
_forget_dead_containerd() {
    local pid_file="$1/containerd/containerd.pid" pid state
    [[ -f "${pid_file}" ]] || return 0
    pid="$(cat "${pid_file}" 2>/dev/null)"
    state="$(awk '{print $3}' "/proc/${pid}/stat" 2>/dev/null || echo gone)"
    if [[ -z "${pid}" || "${state}" == gone || "${state}" == Z ]]; then
        rm -f "${pid_file}" "$1/containerd/containerd.sock"
    fi
}

# Prints the unix socket path of the dockerd started by start_dockerd DIR.
dockerd_socket() {
    cat "$1/socket-path"
}

docker_ping() {
    [[ "$(curl -sf --max-time 2 --unix-socket "$1" http://localhost/_ping 2>/dev/null)" == "OK" ]]
}

# start_dockerd DIR
# Starts a dockerd that owns DIR (data-root DIR/data, pidfile DIR/docker.pid, log DIR/dockerd.log)
# with no bridge and no iptables rules, so it never touches the host's networking. Waits until
# /_ping answers. The socket path is printed by dockerd_socket DIR.
start_dockerd() {
    local dir="$1"
    mkdir -p "${dir}/data"
    dir="$(cd "${dir}" && pwd)"
    local exec_root socket
    exec_root="$(_dockerd_exec_root "${dir}")"
    mkdir -p "${exec_root}"
    socket="${dir}/docker.sock"
    if ((${#socket} > 100)); then
        socket="${exec_root}/docker.sock"
    fi
    echo "${socket}" >"${dir}/socket-path"
    echo "${exec_root}" >"${dir}/exec-root"
    rm -f "${socket}" "${dir}/docker.pid"
    _forget_dead_containerd "${exec_root}"

    local extra_args=()
    read -ra extra_args <<<"${EDGE_DOCKERD_ARGS:-}"
    dockerd --data-root "${dir}/data" --exec-root "${exec_root}" \
        -H "unix://${socket}" --pidfile "${dir}/docker.pid" \
        --bridge=none --iptables=false --ip-forward=false --ip-masq=false \
        "${extra_args[@]}" >"${dir}/dockerd.log" 2>&1 &
    echo $! >"${dir}/docker.pid.started"
    if ! wait_for 60 "dockerd on ${socket}" docker_ping "${socket}"; then
        tail -n 30 "${dir}/dockerd.log" >&2 || true
        return 1
    fi
    cluster_log "dockerd ready on ${socket} (pid $(cat "${dir}/docker.pid.started"))"
}

# Processes whose command line mentions one of the given paths (containerd and its shims
# started for this dockerd carry its exec-root or data-root in their arguments). A path must
# name a directory below /tmp or deeper than the root's children: "/" or "/tmp/" would match
# nearly every process on the machine.
_pids_mentioning() {
    local pid_dir pid cmdline path
    for path in "$@"; do
        if [[ "${path}" != /*/*/* ]]; then
            cluster_log "refusing to look for processes of \"${path}\": too wide a path"
            return 1
        fi
    done
    for pid_dir in /proc/[0-9]*; do
        pid="${pid_dir#/proc/}"
        [[ "${pid}" == "$$" || "${pid}" == 1 ]] && continue
        cmdline="$(tr '\0' ' ' 2>/dev/null <"${pid_dir}/cmdline")" || continue
        for path in "$@"; do
            if [[ -n "${path}" && "${cmdline}" == *"${path}"* ]]; then
                echo "${pid}"
                break
            fi
        done
    done
}

# stop_dockerd DIR
# Removes every container of the dockerd started for DIR through its API, stops it by PID,
# then ends leftover containerd/shim processes started for DIR and unmounts what is left.
stop_dockerd() {
    local dir="$1"
    [[ -d "${dir}" ]] || return 0
    dir="$(cd "${dir}" && pwd)"
    local socket exec_root pid
    socket="$(cat "${dir}/socket-path" 2>/dev/null || true)"
    exec_root="$(cat "${dir}/exec-root" 2>/dev/null || true)"

    if [[ -n "${socket}" ]] && docker_ping "${socket}"; then
        local id
        for id in $(curl -sf --unix-socket "${socket}" "http://localhost/containers/json?all=1" |
            grep -o '"Id":"[0-9a-f]*"' | cut -d'"' -f4); do
            curl -sf --max-time 30 --unix-socket "${socket}" -X DELETE \
                "http://localhost/containers/${id}?force=1&v=1" >/dev/null || true
        done
        # User-defined networks are bridges in the host's kernel that outlive dockerd and its
        # data-root; left behind, they use up the engine's default address pools.
        for id in $(curl -sf --unix-socket "${socket}" "http://localhost/networks" |
            jq -r '.[] | select(.Name != "bridge" and .Name != "host" and .Name != "none") | .Id' \
                2>/dev/null); do
            curl -sf --max-time 30 --unix-socket "${socket}" -X DELETE \
                "http://localhost/networks/${id}" >/dev/null || true
        done
    fi

    for pid in "${dir}/docker.pid" "${dir}/docker.pid.started"; do
        stop_pid "${pid}" 30
    done

    local leftovers paths=("${dir}/")
    # An exec-root file lost with its directory must not widen the search to "/".
    [[ -n "${exec_root}" ]] && paths+=("${exec_root}/")
    leftovers="$(_pids_mentioning "${paths[@]}")"
    if [[ -n "${leftovers}" ]]; then
        cluster_log "ending leftover processes of ${dir}: ${leftovers//$'\n'/ }"
        # shellcheck disable=SC2086 # one PID per word
        kill -TERM ${leftovers} 2>/dev/null || true
        sleep 1
        # shellcheck disable=SC2086
        kill -KILL ${leftovers} 2>/dev/null || true
    fi

    # Deepest mounts first; a lazy unmount never blocks on a busy leftover.
    local mount_point
    awk '{print $2}' /proc/mounts | grep -F -e "${dir}/" -e "${exec_root:-${dir}}/" | sort -r |
        while read -r mount_point; do
            umount -l "${mount_point}" 2>/dev/null || true
        done || true
    if [[ -n "${exec_root}" ]]; then
        rm -rf "${exec_root}"
    fi
}

# --- Mosquitto -----------------------------------------------------------------------------------

# start_mosquitto DIR PORT
# A broker on 127.0.0.1:PORT with persistence under DIR/. Writes DIR/mosquitto.pid.
# With EDGE_BROKER_SETUP set, the broker runs the configuration that `edge-hub init` wrote there
# (secure_broker_setup): anonymous access off, the hub's, edgectl's and each joined node's
# identity and ACLs in its dynamic-security file. Without it, an anonymous broker, for tests about
# something else.
# EDGE_MOSQUITTO_EXTRA_CONF: lines appended to its configuration (e.g. "autosave_interval 2").
start_mosquitto() {
    local dir="$1" port="$2"
    mkdir -p "${dir}"
    dir="$(cd "${dir}" && pwd)"
    if [[ -n "${EDGE_BROKER_SETUP:-}" ]]; then
        # The file `edge-hub init` wrote, as the package installs it, plus what Debian's own
        # mosquitto.conf adds around it: persistence (retained desired sets survive a restart).
        {
            cat "${EDGE_BROKER_SETUP}/mosquitto.conf"
            echo "persistence true"
            echo "persistence_location ${dir}/"
            echo "user root"
            echo "${EDGE_MOSQUITTO_EXTRA_CONF:-}"
        } >"${dir}/mosquitto.conf"
    else
        cat >"${dir}/mosquitto.conf" <<CONF
# Throwaway broker for tests about something else than the broker: loopback only.
listener ${port} 127.0.0.1
# Anonymous access is for such tests ONLY; a real cluster uses per-node credentials and ACLs.
allow_anonymous true
persistence true
persistence_location ${dir}/
# Stay root when started as root, so the broker can write its database in DIR.
user root
${EDGE_MOSQUITTO_EXTRA_CONF:-}
CONF
    fi
    mosquitto -c "${dir}/mosquitto.conf" >"${dir}/mosquitto.log" 2>&1 &
    echo $! >"${dir}/mosquitto.pid"
    if ! wait_for 20 "mosquitto on port ${port}" port_open "${port}"; then
        cat "${dir}/mosquitto.log" >&2 || true
        return 1
    fi
    cluster_log "mosquitto ready on 127.0.0.1:${port} (pid $(cat "${dir}/mosquitto.pid"))"
}

# secure_broker_setup DIR PORT [LISTEN_ADDRESS]
# Runs `edge-hub init` into DIR exactly as the hub's package does: plain MQTT on 127.0.0.1:PORT
# for the hub and edgectl, and on LISTEN_ADDRESS (default 127.0.0.1) the mutual-TLS and join
# listeners, on free loopback ports when LISTEN_ADDRESS is loopback, else on 8883 and 8884 (in
# a test's own network namespace). EDGE_TLS_NAMES: more addresses nodes reach the broker at,
# for its certificate. Exports EDGE_BROKER_SETUP=DIR, EDGE_TLS_PORT and EDGE_JOIN_PORT, so
# that start_mosquitto, start_hub, join_agent and start_agent use them, and edgectl's
# credentials (EDGE_USERNAME, EDGE_PASSWORD) from the edgectl.env it wrote, as its owner would
# with `set -a; . edgectl.env`.
secure_broker_setup() {
    local dir="$1" port="$2" listen="${3:-127.0.0.1}" name names=()
    mkdir -p "${dir}"
    EDGE_TLS_PORT=8883
    EDGE_JOIN_PORT=8884
    if [[ "${listen}" == 127.0.0.1 ]]; then
        EDGE_TLS_PORT="$(free_port)"
        EDGE_JOIN_PORT="$(free_port)"
        while [[ "${EDGE_TLS_PORT}" == "${port}" || "${EDGE_JOIN_PORT}" == "${port}" ||
            "${EDGE_JOIN_PORT}" == "${EDGE_TLS_PORT}" ]]; do
            EDGE_JOIN_PORT="$(free_port)"
            EDGE_TLS_PORT="$(free_port)"
        done
    fi
    export EDGE_TLS_PORT EDGE_JOIN_PORT
    for name in ${EDGE_TLS_NAMES:-}; do
        names+=(--tls-name "${name}")
    done
    "${EDGE_HUB_BIN}" init --dir "${dir}" --listen "${listen}" --port "${port}" \
        --tls-port "${EDGE_TLS_PORT}" --join-port "${EDGE_JOIN_PORT}" "${names[@]}" \
        >"${dir}/init.log" 2>&1 || {
        cat "${dir}/init.log" >&2
        return 1
    }
    EDGE_BROKER_SETUP="$(cd "${dir}" && pwd)"
    export EDGE_BROKER_SETUP
    set -a
    # shellcheck disable=SC1091
    . "${EDGE_BROKER_SETUP}/edgectl.env"
    set +a
    cluster_log "broker identities and TLS made by edge-hub init in ${EDGE_BROKER_SETUP}"
}

# secure_url URL PORT: mqtts:// at URL's host on PORT (a node reaches the broker's TLS
# listeners at the host it was given for the broker).
secure_url() {
    local host="${1#*://}"
    echo "mqtts://${host%:*}:$2"
}

# join_agent DIR BROKER_URL NODE EDGECTL_BIN [EDGECTL_BROKER_URL]
# Lets NODE join as an operator would: `edgectl node add NODE` prints a join command with a
# token and the CA's fingerprint, and `edge-agent join` pins the CA, connects to the join port
# at BROKER_URL's host over TLS, and trades the token and a certificate request for the node's
# certificate and identity, stored in its state directory (DIR/agent-NODE), where
# start_agent's edge-agent finds them. A no-op once the node has joined, or without
# EDGE_BROKER_SETUP. edgectl reaches the broker at EDGECTL_BROKER_URL when the node reaches it
# at another address (default: BROKER_URL).
join_agent() {
    local dir="$1" agent_broker="$2" node="$3" edgectl_bin="$4" broker="${5:-$2}" command token pin
    [[ -n "${EDGE_BROKER_SETUP:-}" ]] || return 0
    [[ -f "${dir}/agent-${node}/credentials.json" ]] && return 0
    mkdir -p "${dir}/agent-${node}"
    wait_for 20 "the hub to answer edgectl" "${edgectl_bin}" --broker "${broker}" --timeout 2s node ls || return 1
    command="$("${edgectl_bin}" --broker "${broker}" node add "${node}")"
    token="$(grep -oE -- '--token [0-9a-f]+' <<<"${command}" | cut -d' ' -f2)"
    pin="$(grep -oE -- '--ca-fingerprint sha256:[0-9a-f]+' <<<"${command}" | cut -d' ' -f2)"
    if [[ -z "${token}" || -z "${pin}" ]]; then
        cluster_log "edgectl node add ${node} printed no join token and CA fingerprint"
        return 1
    fi
    "${EDGE_AGENT_BIN}" join --broker "$(secure_url "${agent_broker}" "${EDGE_JOIN_PORT}")" \
        --node "${node}" --token "${token}" --ca-fingerprint "${pin}" \
        --state-dir "${dir}/agent-${node}" >>"${dir}/agent-${node}.log" 2>&1 || {
        cluster_log "edge-agent join ${node} failed:"
        tail -5 "${dir}/agent-${node}.log" >&2
        return 1
    }
}

stop_mosquitto() {
    stop_pid "$1/mosquitto.pid"
}

# --- edgeorch processes ----------------------------------------------------------------------------

# start_hub DIR BROKER_URL [EXTRA ARGS...]
# edge-hub with its database at DIR/hub.db; log DIR/hub.log, PID DIR/hub.pid.
start_hub() {
    local dir="$1" broker="$2"
    shift 2
    mkdir -p "${dir}"
    (
        if [[ -n "${EDGE_BROKER_SETUP:-}" ]]; then
            # The hub's identity, as its systemd unit's EnvironmentFile gives it.
            set -a
            # shellcheck disable=SC1091
            . "${EDGE_BROKER_SETUP}/hub.env"
            set +a
        fi
        # The CA the hub signs joining nodes' certificates with, and the CRL it keeps.
        tls_args=()
        [[ -n "${EDGE_BROKER_SETUP:-}" ]] && tls_args=(--tls-dir "${EDGE_BROKER_SETUP}/tls")
        exec "${EDGE_HUB_BIN}" --broker "${broker}" --db "${dir}/hub.db" "${tls_args[@]}" "$@"
    ) >>"${dir}/hub.log" 2>&1 &
    echo $! >"${dir}/hub.pid"
    sleep 0.2
    if ! kill -0 "$(cat "${dir}/hub.pid")" 2>/dev/null; then
        cluster_log "edge-hub exited at once:"
        cat "${dir}/hub.log" >&2
        return 1
    fi
    cluster_log "edge-hub started (pid $(cat "${dir}/hub.pid"), log ${dir}/hub.log)"
}

stop_hub() {
    stop_pid "$1/hub.pid"
}

# start_agent DIR BROKER_URL NODE DOCKER_SOCKET [EXTRA ARGS...]
# edge-agent for NODE with state in DIR/agent-NODE; log DIR/agent-NODE.log, PID DIR/agent-NODE.pid.
# A node that joined (join_agent) connects with its certificate to the mutual-TLS listener at
# BROKER_URL's host.
start_agent() {
    local dir="$1" broker="$2" node="$3" socket="$4"
    shift 4
    mkdir -p "${dir}/agent-${node}"
    if [[ -n "${EDGE_BROKER_SETUP:-}" && -f "${dir}/agent-${node}/tls/node.crt" ]]; then
        broker="$(secure_url "${broker}" "${EDGE_TLS_PORT}")"
    fi
    "${EDGE_AGENT_BIN}" --broker "${broker}" --node "${node}" --docker "unix://${socket}" \
        --state-dir "${dir}/agent-${node}" "$@" >>"${dir}/agent-${node}.log" 2>&1 &
    echo $! >"${dir}/agent-${node}.pid"
    sleep 0.2
    if ! kill -0 "$(cat "${dir}/agent-${node}.pid")" 2>/dev/null; then
        cluster_log "edge-agent ${node} exited at once:"
        cat "${dir}/agent-${node}.log" >&2
        return 1
    fi
    cluster_log "edge-agent ${node} started (pid $(cat "${dir}/agent-${node}.pid"))"
}

stop_agent() {
    stop_pid "$1/agent-$2.pid"
}
