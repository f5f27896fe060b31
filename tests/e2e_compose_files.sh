#!/usr/bin/env bash
# Files beside the compose file, secrets and configs on real parts (docs/compose-files.md):
# a shipped file and a shipped directory that the container reads back, a secret read from
# /run/secrets on a tmpfs, a config, a ./data directory that keeps its content across a
# container restart on its node, editing the shipped file and deploying again rolls the
# service, `secret rm` is refused while the service uses it, and the secret's value is in no
# file or log of the hub, the broker or the agents.
# Usage: e2e_compose_files.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"

readonly stack=files

secret_value="e2e-secret-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
readonly secret_value

# exec_in ID CMD...: runs CMD in the container through the Engine API and prints its output.
exec_in() {
    local id="$1" cmd exec_id
    shift
    # One JSON string per argument (jq's --args would take a "-c" for its own option).
    cmd="$(printf '%s\n' "$@" | jq -R . | jq -sc .)"
    exec_id="$(curl -sf --unix-socket "${E2E_SOCKET}" -H 'Content-Type: application/json' \
        -d "{\"AttachStdout\":true,\"AttachStderr\":true,\"Tty\":true,\"Cmd\":${cmd}}" \
        "http://localhost/containers/${id}/exec" | jq -r .Id)"
    curl -sf --unix-socket "${E2E_SOCKET}" -H 'Content-Type: application/json' \
        -d '{"Detach":false,"Tty":true}' "http://localhost/exec/${exec_id}/start" | tr -d '\r'
}

# The container id and node of the service's only replica.
app_row() {
    edgectl service ps "${stack}/app" -o json | jq -c '.[0]'
}

app_running_other_than() {
    local row
    row="$(app_row)"
    [[ "$(jq -r .state <<<"${row}")" == running && "$(jq -r .container_id <<<"${row}")" != "$1" &&
        "$(jq -r .container_id <<<"${row}")" != "" ]]
}

expect_in() {
    local id="$1" path="$2" want="$3" got
    got="$(exec_in "${id}" cat "${path}")"
    [[ "${got}" == "${want}" ]] || fail "${path} in the container holds \"${got}\", want \"${want}\""
    echo "ok: ${path} holds \"${want}\""
}

e2e_start_core
e2e_start_agent pi-1 --memory 4GiB --storage ssd
e2e_start_agent nuc-1 --memory 4GiB --storage ssd
wait_for 60 "both nodes to be ready" nodes_ready 2 || fail "the nodes did not become ready"

project="${E2E_WORK}/project"
mkdir -p "${project}/conf/sub"
printf 'greeting=v1\n' >"${project}/app.conf"
printf 'level=debug\n' >"${project}/conf/sub/log.conf"
printf '%s' "${secret_value}" >"${project}/db_password.txt"
# Variables as a user's stack has them: .env beside the file, an env_file, a bare name taken
# from edgectl's environment, and a value interpolated into a bind path.
printf '# read by edgectl from beside the compose file\nAPP_CONF=./app.conf\nGREETING="from .env"\n' \
    >"${project}/.env"
printf 'FROM_ENV_FILE=yes\n' >"${project}/app.env"
export E2E_CALLER_VALUE=from-caller
cat >"${project}/compose.yaml" <<'YAML'
services:
  app:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
    mem_limit: 32m
    env_file: app.env
    environment:
      GREETING: ${GREETING}
      E2E_CALLER_VALUE:
      UNSET_AND_LEFT_OUT:
    volumes:
      - ${APP_CONF}:/etc/app.conf
      - ./conf:/etc/conf
      - ./data:/data
    secrets:
      - db_password
    configs:
      - source: motd
        target: /etc/motd
        mode: 0440
secrets:
  db_password:
    file: ./db_password.txt
configs:
  motd:
    content: welcome
YAML

step "a directory too large to ship is refused with its size, the limit and what to use"
set +e
too_large="$(edgectl deploy -f "${project}/compose.yaml" --stack "${stack}" \
    --max-shipped-size 16 2>&1 >/dev/null)"
status=$?
set -e
[[ ${status} -eq 2 && "${too_large}" == *"over the 16 B a stack may ship"*"named volume"* ]] ||
    fail "deploy over the limit exited ${status}: ${too_large}"
echo "ok: ${too_large}"

step "deploy a stack with a shipped file and directory, a ./data directory, a secret, a config"
edgectl deploy -f "${project}/compose.yaml" --stack "${stack}" --wait 60
row="$(app_row)"
id="$(jq -r .container_id <<<"${row}")"
node="$(jq -r .node <<<"${row}")"
expect_in "${id}" /etc/app.conf "greeting=v1"
expect_in "${id}" /etc/conf/sub/log.conf "level=debug"
expect_in "${id}" /run/secrets/db_password "${secret_value}"
expect_in "${id}" /etc/motd "welcome"
environment="$(docker_api "/containers/${id}/json" | jq -c '.Config.Env')"
for want in "GREETING=from .env" FROM_ENV_FILE=yes E2E_CALLER_VALUE=from-caller; do
    jq -e --arg v "${want}" 'any(.[]; . == $v)' <<<"${environment}" >/dev/null ||
        fail "the container's environment lacks ${want}: ${environment}"
done
jq -e 'all(.[]; startswith("UNSET_AND_LEFT_OUT") | not)' <<<"${environment}" >/dev/null ||
    fail "an unset bare variable reached the container: ${environment}"
echo "ok: .env, env_file and the caller's environment reach the container"

step "the secret is on a tmpfs, the shipped file is read-only"
mount_line="$(exec_in "${id}" grep " /run/secrets/db_password " /proc/mounts)"
[[ "$(awk '{print $3}' <<<"${mount_line}")" == tmpfs ]] ||
    fail "/run/secrets/db_password is not on a tmpfs: ${mount_line}"
echo "ok: ${mount_line}"
host_secret_dir="${E2E_WORK}/agent-${node}/secrets"
[[ "$(stat -f -c %T "${host_secret_dir}")" == tmpfs ]] ||
    fail "the agent's secret directory ${host_secret_dir} is not a tmpfs"
exec_in "${id}" sh -c 'echo changed > /etc/app.conf' >/dev/null || true
[[ "$(exec_in "${id}" cat /etc/app.conf)" == "greeting=v1" ]] ||
    fail "the shipped file could be changed in the container"
exec_in "${id}" grep " /etc/app.conf " /proc/mounts | grep -q " ro," ||
    fail "the shipped file is not mounted read-only: $(exec_in "${id}" grep /etc/app.conf /proc/mounts)"
echo "ok: the shipped file is read-only"

step "./data is a directory on ${node} that survives a container restart"
exec_in "${id}" sh -c 'echo kept > /data/state' >/dev/null
curl -sf --unix-socket "${E2E_SOCKET}" -X POST "http://localhost/containers/${id}/restart?t=1"
wait_for 30 "the container to run again" service_running "${stack}/app" 1 ||
    fail "the container did not come back"
expect_in "${id}" /data/state "kept"
[[ "$(cat "${E2E_WORK}/agent-${node}/data/${stack}/data/state")" == kept ]] ||
    fail "the data is not under ${node}'s data root"
edgectl service ps "${stack}/app"

step "secret ls shows the secret's user; secret rm is refused while the service uses it"
edgectl secret ls
edgectl secret ls -o json | jq -e --arg s "${stack}/app" \
    '.[] | select(.name == "files_db_password") | .services == [$s] and (has("value") | not)' \
    >/dev/null || fail "secret ls: $(edgectl secret ls -o json)"
set +e
refused="$(edgectl secret rm files_db_password 2>&1)"
status=$?
set -e
[[ ${status} -ne 0 && "${refused}" == *"in use by service files/app"* ]] ||
    fail "secret rm of a used secret: exit ${status}: ${refused}"
echo "ok: ${refused}"

step "editing the shipped file and deploying again rolls the service"
printf 'greeting=v2\n' >"${project}/app.conf"
edgectl deploy -f "${project}/compose.yaml" --stack "${stack}" --wait 60
wait_for 30 "a new container" app_running_other_than "${id}" || fail "the service did not roll"
new_id="$(jq -r .container_id <<<"$(app_row)")"
expect_in "${new_id}" /etc/app.conf "greeting=v2"
expect_in "${new_id}" /data/state "kept"
echo "ok: container ${id:0:12} replaced by ${new_id:0:12}"

step "the secret's value is in no database, retained message, state file or log"
sync
for place in "${E2E_WORK}/hub" "${E2E_WORK}/mosquitto" "${E2E_WORK}"/agent-*.log \
    "${E2E_WORK}/agent-pi-1" "${E2E_WORK}/agent-nuc-1"; do
    if grep -rlaF --exclude-dir=secrets "${secret_value}" "${place}" 2>/dev/null; then
        fail "the secret's value is in ${place}"
    fi
done
edgectl service ps "${stack}/app" -o json | grep -qF "${secret_value}" && fail "service ps shows it"
edgectl stack ls -o json | grep -qF "${secret_value}" && fail "stack ls shows it"
echo "ok: the value is only on the agents' tmpfs"

step "remove the stack; the secret can go then"
edgectl stack rm "${stack}"
edgectl secret rm files_db_password
wait_for 30 "the containers to go" eval '[[ "$(containers_labelled edgeorch.node | jq length)" == 0 ]]' ||
    fail "containers remain"
echo "PASS"
