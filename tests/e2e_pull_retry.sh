#!/usr/bin/env bash
# A pull that fails is retried with backoff, on real parts: a service whose image is not in the
# private registry yet (Debian's docker-registry on loopback) fails to pull; `service ps` shows
# the failure, the attempt and when the next try is; the attempts grow as the doubling wait
# says (2 s, 4 s, 8 s, ±20 %), not once per pass; once the image is pushed, the next try pulls
# it and the replica runs, and the failure is gone from `service ps`. Then a 16 MiB image
# pulled through a proxy that slows the registry to 2 MiB/s: `service ps` shows the pull's
# progress growing, and `edgectl deploy` prints it while it waits.
# Usage: e2e_pull_retry.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"
# shellcheck source=tests/lib/local_registry.sh
source "$(dirname "$0")/lib/local_registry.sh"

readonly registry_dir="${E2E_WORK}/registry"

e2e_after_cleanup() {
    stop_pid "${E2E_WORK}/slow_proxy.pid"
    stop_pid "${registry_dir}/registry.pid"
}

# The replica's row in `service ps -o json`.
replica_row() {
    edgectl service ps late/web -o json | jq -c '.[0]'
}

failing_with_retry() {
    replica_row | jq -e '.failure != "" and .failure_attempts >= 1 and .retry_at_ms > 0' >/dev/null
}

e2e_start_core
start_local_registry "${registry_dir}"
readonly image="${REGISTRY_ADDR}/late-web:1"
e2e_start_agent nuc-1 --memory 4GiB --storage ssd
wait_for 60 "the node to be ready" nodes_ready 1 || fail "the node did not become ready"

step "deploy a service whose image is not in the registry yet"
compose="${E2E_WORK}/compose.yaml"
cat >"${compose}" <<YAML
services:
  web:
    image: ${image}
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
    mem_limit: 32m
YAML
edgectl deploy -f "${compose}" --stack late --detach >/dev/null || fail "deploy exited $?"
wait_for 30 "the failed pull to be reported" failing_with_retry ||
    fail "no failure with a retry time: $(replica_row)"
first_seen="$(date +%s)"
table="$(edgectl service ps late/web)"
echo "${table}"
[[ "${table}" == *"${image}"*"attempt 1, next try in"* ]] || fail "service ps: ${table}"

step "the retries back off"
# Tries at 0, ~2 s and ~6 s after the first failure (each wait ±20 %); the fourth comes no
# sooner than 11.2 s. Eight seconds after the first report, there have been two or three.
sleep 8
attempts="$(replica_row | jq .failure_attempts)"
echo "attempts after 8 s: ${attempts}"
((attempts >= 2 && attempts <= 3)) || fail "${attempts} attempts in 8 s: $(replica_row)"
pulls="$(grep -c "pulling image ${image}" "${E2E_WORK}/agent-nuc-1.log" || true)"
((pulls == attempts)) || fail "the agent pulled ${pulls} times, reported ${attempts} attempts"

step "the image is pushed: the next try pulls it and the replica runs"
"${E2E_REPO_ROOT}/images/test-busybox/build.sh" "${E2E_SOCKET}" "${image}" >/dev/null
push_to_registry "${image%:*}" 1 || fail "push failed"
# Removed locally, so the replica's container can only come from a pull.
curl -sS --fail --unix-socket "${E2E_SOCKET}" -X DELETE "http://localhost/images/${image}" >/dev/null
wait_for 40 "late/web to run" service_running late/web 1 || fail "late/web: $(replica_row)"
replica_row | jq -e '.failure == "" and .retry_at_ms == 0' >/dev/null ||
    fail "the failure is still shown: $(replica_row)"
echo "ok: running $(( $(date +%s) - first_seen )) s after the first failure was reported"
note_stack_bridges

step "a slow pull shows its progress"
# A layer of 16 MiB that does not compress, committed from a container that wrote it.
writer="$(curl -sS --fail --unix-socket "${E2E_SOCKET}" -X POST -H 'Content-Type: application/json' \
    -d '{"Image": "edgeorch/busybox:latest", "Cmd": ["sh", "-c", "head -c 16777216 /dev/urandom > /big"]}' \
    "http://localhost/containers/create" | jq -r '.Id')"
docker_post "/containers/${writer}/start" >/dev/null
docker_post "/containers/${writer}/wait" >/dev/null
docker_post "/commit?container=${writer}&repo=${REGISTRY_ADDR}/big-web&tag=1" >/dev/null
curl -sS --fail --unix-socket "${E2E_SOCKET}" -X DELETE "http://localhost/containers/${writer}" >/dev/null
push_to_registry "${REGISTRY_ADDR}/big-web" 1 || fail "push of big-web failed"
curl -sS --fail --unix-socket "${E2E_SOCKET}" -X DELETE \
    "http://localhost/images/${REGISTRY_ADDR}/big-web:1" >/dev/null
proxy_port="$(free_port)"
python3 "${E2E_REPO_ROOT}/tests/lib/slow_proxy.py" "${proxy_port}" "${REGISTRY_ADDR##*:}" 2097152 &
echo $! >"${E2E_WORK}/slow_proxy.pid"
wait_for 10 "the slow proxy" curl -sf "http://127.0.0.1:${proxy_port}/v2/" ||
    fail "the slow proxy did not start"
cat >"${compose}" <<YAML
services:
  big:
    image: 127.0.0.1:${proxy_port}/big-web:1
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
    mem_limit: 32m
YAML
# Not on a terminal, deploy prints a progress line whenever it changes, until it converges.
edgectl deploy -f "${compose}" --stack slow >"${E2E_WORK}/deploy.out" 2>&1 &
deploy_pid=$!
# Samples of the pull's progress as `service ps` reports it, until the replica runs.
progress=()
table=""
for _ in $(seq 1 120); do
    # The deploy runs beside this loop: until the hub has the stack, there is no row to read.
    row="$(edgectl service ps slow/big -o json 2>/dev/null | jq -c '.[0] // {}' || echo '{}')"
    if jq -e '.pulling and .pull_total_bytes > 0' <<<"${row}" >/dev/null; then
        progress+=("$(jq -r '"\(.pull_done_bytes)/\(.pull_total_bytes)"' <<<"${row}")")
        [[ -n "${table}" ]] || table="$(edgectl service ps slow/big)"
    fi
    jq -e '.state == "running"' <<<"${row}" >/dev/null && break
    sleep 0.5
done
wait "${deploy_pid}" || fail "deploy of slow exited $?: $(cat "${E2E_WORK}/deploy.out")"
echo "pull progress seen by service ps: ${progress[*]}"
echo "${table}"
((${#progress[@]} >= 3)) || fail "fewer than three progress samples: ${progress[*]}"
first="${progress[0]%/*}"
last="${progress[-1]%/*}"
total="${progress[-1]#*/}"
((first < last && last <= total && total >= 16777216)) ||
    fail "the progress did not grow towards a 16 MiB total: ${progress[*]}"
[[ "${table}" == *"pulling image: "*"% of "* ]] || fail "service ps shows no pull: ${table}"
grep -E "^big +0/1 updated.* 1 pulling \([0-9]+% of [^)]+\)" "${E2E_WORK}/deploy.out" >/dev/null ||
    fail "deploy printed no pull progress: $(cat "${E2E_WORK}/deploy.out")"
grep -q "^stack slow converged$" "${E2E_WORK}/deploy.out" || fail "deploy did not converge"
echo "ok: ${#progress[@]} samples of a growing pull in service ps, and in deploy's output"
edgectl stack rm slow >/dev/null

edgectl stack rm late >/dev/null
wait_for 60 "the container to be removed" \
    bash -c "[[ \$(curl -sf --unix-socket '${E2E_SOCKET}' 'http://localhost/containers/json?all=1' | jq length) == 0 ]]" ||
    fail "containers left after stack rm"
echo "PASS"
