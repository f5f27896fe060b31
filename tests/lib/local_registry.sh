# shellcheck shell=bash
# The private registry the end-to-end tests push to: Debian's docker-registry on a free loopback
# port, its data under DIR, stopped by the PID it leaves in DIR/registry.pid. dockerd trusts
# registries on 127.0.0.0/8 without TLS. Source it after e2e_common.sh.

# start_local_registry DIR: starts it and sets REGISTRY_ADDR (127.0.0.1:PORT) for the caller.
# shellcheck disable=SC2034
start_local_registry() {
    local dir="$1" port
    if ! command -v docker-registry >/dev/null; then
        fail "docker-registry is not installed; run scripts/install-deps.sh"
    fi
    mkdir -p "${dir}"
    port="$(free_port)"
    cat >"${dir}/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: ${dir}/data
http:
  addr: 127.0.0.1:${port}
YAML
    docker-registry serve "${dir}/config.yml" >"${dir}/registry.log" 2>&1 &
    echo $! >"${dir}/registry.pid"
    wait_for 20 "the registry" curl -sf "http://127.0.0.1:${port}/v2/" ||
        fail "the registry did not start"
    REGISTRY_ADDR="127.0.0.1:${port}"
}

# push_to_registry REPOSITORY TAG: pushes the image through the test dockerd's Engine API.
push_to_registry() {
    docker_post "/images/$1/push?tag=$2" >/dev/null
}
