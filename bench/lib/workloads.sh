# shellcheck shell=bash
# The workloads both systems run, and how each figure is timed. edgeorch and Swarm share one
# dockerd and are timed by the same probe: polling the engine's API for running containers with
# the system's own label, so neither side's status reporting is counted for or against it.

readonly BENCH_IMAGE=edgeorch/busybox:latest
readonly BENCH_LIMIT=16m
# A shell as PID 1 ignores SIGTERM unless it traps it, and the engine would then wait its 10 s
# stop timeout for every container; this one exits at once, so removals time orchestration.
readonly BENCH_SCRIPT="trap 'exit 0' TERM; sleep 1000000 & wait"

# compose_file PATH REPLICAS [SERVICES [RESTART_DELAY]]: a stack of SERVICES (default 1)
# sleeping services with REPLICAS each, in a Compose file both `edgectl deploy` and
# `docker stack deploy` accept. RESTART_DELAY (e.g. 0s) sets deploy.restart_policy.delay, for
# Swarm, which otherwise waits 5 s before replacing a task that died.
compose_file() {
    local path="$1" replicas="$2" services="${3:-1}" delay="${4:-}" i
    {
        echo 'version: "3.8"'
        echo 'services:'
        for i in $(seq 1 "${services}"); do
            cat <<YAML
  svc${i}:
    image: ${BENCH_IMAGE}
    command: ["sh", "-c", "${BENCH_SCRIPT}"]
    deploy:
      replicas: ${replicas}
      resources:
        limits:
          memory: ${BENCH_LIMIT}
YAML
            if [[ -n "${delay}" ]]; then
                printf '      restart_policy:\n        delay: %s\n' "${delay}"
            fi
        done
    } >"${path}"
}

# timed LABEL COUNT SCOPE COMMAND...: runs COMMAND, then prints the seconds from its start
# until exactly COUNT containers carrying LABEL are listed (SCOPE "running" or "all").
# What the command says on stderr goes to commands.log in the work directory.
timed() {
    local label="$1" count="$2" scope="$3" t0
    shift 3
    t0="$(now_ms)"
    "$@" >/dev/null 2>>"${BENCH_WORK}/commands.log"
    wait_count "${label}" "${count}" "${scope/running/}"
    seconds_since "${t0}"
}

# --- edgeorch: containers carry edgeorch.stack -----------------------------------------------

# eo_deploy FILE STACK RUNNING: `edgectl deploy` until RUNNING containers of STACK run.
eo_deploy() {
    timed "edgeorch.stack=$2" "$3" running edgectl deploy --detach -f "$1" --stack "$2"
}
# eo_remove STACK: `edgectl stack rm` until no container of STACK is left.
eo_remove() {
    timed "edgeorch.stack=$1" 0 all edgectl stack rm "$1"
}

# --- Swarm: tasks carry com.docker.swarm.service.name and com.docker.stack.namespace ----------

readonly SW_SERVICE=com.docker.swarm.service.name
readonly SW_STACK=com.docker.stack.namespace

# --restart-delay 0s: Swarm waits 5 s before restarting a task by default, while edgeorch
# restarts a crashed replica at once; both restart at once here, so the crash restart compares
# the machinery, not a default.
sw_create() {
    timed "${SW_SERVICE}=$1" "$2" running docker_cli service create --detach --no-resolve-image \
        --name "$1" --replicas "$2" --limit-memory "${BENCH_LIMIT}" --restart-delay 0s \
        "${BENCH_IMAGE}" sh -c "${BENCH_SCRIPT}"
}
sw_scale() {
    timed "${SW_SERVICE}=$1" "$2" running docker_cli service scale --detach "$1=$2"
}
sw_remove() {
    timed "${SW_SERVICE}=$1" 0 all docker_cli service rm "$1"
}
sw_stack_deploy() {
    timed "${SW_STACK}=$2" "$3" running docker_cli stack deploy --resolve-image never -c "$1" "$2"
}
sw_stack_remove() {
    timed "${SW_STACK}=$1" 0 all docker_cli stack rm "$1"
}

# --- the raw engine floor ------------------------------------------------------------------

# floor_create_start NAME COUNT [NETWORK]: seconds to create and start COUNT containers one
# after the other through the Engine API, as any orchestrator's engine client must at least do.
# With NETWORK, the containers join a user-defined bridge of that name, created in the timed
# span (as a Compose deploy creates its project's network and joins it, which edgeorch does);
# without, the engine's default bridge, as `docker service create` without --network gives.
floor_create_start() {
    local name="$1" count="$2" network="${3:-}" t0 i body
    body="$(jq -cn --arg image "${BENCH_IMAGE}" --arg name "${name}" --arg script "${BENCH_SCRIPT}" \
        --arg network "${network}" \
        '{Image: $image, Cmd: ["sh", "-c", $script], Labels: {"bench.floor": $name},
          HostConfig: ({Memory: 16777216, MemorySwap: 16777216} +
                       (if $network == "" then {} else {NetworkMode: $network} end))}')"
    t0="$(now_ms)"
    if [[ -n "${network}" ]]; then
        curl -sf --unix-socket "${BENCH_SOCKET}" -X POST -H 'Content-Type: application/json' \
            -d "{\"Name\": \"${network}\", \"Driver\": \"bridge\"}" \
            "http://localhost/networks/create" >/dev/null
    fi
    for i in $(seq 1 "${count}"); do
        curl -sf --unix-socket "${BENCH_SOCKET}" -X POST -H 'Content-Type: application/json' \
            -d "${body}" "http://localhost/containers/create?name=${name}-${i}" >/dev/null
        curl -sf --unix-socket "${BENCH_SOCKET}" -X POST \
            "http://localhost/containers/${name}-${i}/start" >/dev/null
    done
    seconds_since "${t0}"
    for i in $(seq 1 "${count}"); do
        curl -sf --unix-socket "${BENCH_SOCKET}" -X DELETE \
            "http://localhost/containers/${name}-${i}?force=1" >/dev/null
    done
    if [[ -n "${network}" ]]; then
        curl -sf --unix-socket "${BENCH_SOCKET}" -X DELETE \
            "http://localhost/networks/${network}" >/dev/null
    fi
}

# --- crash ------------------------------------------------------------------------------------

# crash_restart LABEL RUNNING: kills one running container carrying LABEL through the engine
# (as `docker kill` does) and prints the seconds until RUNNING containers run again, the
# killed one either gone, restarted or replaced.
crash_restart() {
    local label="$1" running="$2" victim started t0
    victim="$(engine_get "/containers/json?filters=$(jq -rn --arg l "${label}" \
        '{"label": [$l]} | tojson | @uri')" | jq -r '.[0].Id')"
    started="$(engine_get "/containers/${victim}/json" | jq -r .State.StartedAt)"
    t0="$(now_ms)"
    curl -sf --unix-socket "${BENCH_SOCKET}" -X POST \
        "http://localhost/containers/${victim}/kill" >/dev/null
    local deadline=$((SECONDS + 120))
    until victim_replaced "${victim}" "${started}" && [[ "$(engine_count "${label}")" == "${running}" ]]; do
        if ((SECONDS >= deadline)); then
            cluster_log "no replacement for killed container ${victim}"
            return 1
        fi
        sleep 0.02
    done
    seconds_since "${t0}"
}

victim_replaced() {
    local inspect
    inspect="$(engine_get "/containers/$1/json")" || return 0
    jq -e --arg s "$2" '.State.Running == false or .State.StartedAt != $s' <<<"${inspect}" >/dev/null
}
