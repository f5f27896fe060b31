#!/usr/bin/env bash
# Rolling updates on real parts (deploy.update_config):
#  - start-first with a bad image tag: the pull fails, the rollout rolls back by itself, and the
#    old containers, never stopped, keep serving (the same container ids throughout);
#  - start-first with a good spec: each replica's successor runs next to it before it goes, so
#    the service never has fewer running containers than replicas;
#  - stop-first with a failing health check: the replaced replica turns unhealthy, the rollout
#    rolls back, and the old spec serves again.
# `edgectl deploy` follows each rollout and exits non-zero, with the reason, when it rolls back.
# The bad tag names a registry on a loopback port where nothing listens, so the failing pull
# sends no traffic off this machine.
# Usage: e2e_rolling_update.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"

readonly stack=rolling

e2e_start_core
e2e_start_agent nuc-1 --memory 4GiB --storage ssd
wait_for 60 "the node to be ready" nodes_ready 1 || fail "the node did not become ready"

# write_compose IMAGE VERSION ORDER [HEALTH_TEST]: two replicas whose command names VERSION,
# rolled out one at a time with ORDER, rolled back automatically on a failure.
write_compose() {
    local health=""
    if [[ -n "${4:-}" ]]; then
        health="    healthcheck:
      test: [\"CMD-SHELL\", \"$4\"]
      interval: 1s
      timeout: 1s
      retries: 1"
    fi
    cat >"${E2E_WORK}/compose.yaml" <<YAML
services:
  web:
    image: $1
    command: ["sh", "-c", "echo $2 > /tmp/version; trap 'exit 0' TERM; sleep 3600 & wait"]
    mem_limit: 32m
${health}
    deploy:
      replicas: 2
      update_config:
        parallelism: 1
        monitor: 2s
        order: $3
        failure_action: rollback
YAML
}

deploy() {
    edgectl deploy -f "${E2E_WORK}/compose.yaml" --stack "${stack}" --wait 120
}

# running_version VERSION: both replicas run the current spec, and its command is VERSION's.
running_version() { replicas_run_command "${stack}/web" 2 "echo $1 "; }

replica_ids() {
    edgectl service ps "${stack}/web" -o json | jq -r '[.[].container_id] | sort | join(" ")'
}

running_web_containers() {
    containers_labelled "edgeorch.service=web" | jq '[.[] | select(.State == "running")] | length'
}

step "deploy v1 (start-first)"
write_compose edgeorch/busybox:latest v1 start-first
deploy >/dev/null || fail "v1 did not converge"
wait_for 30 "v1 to run" running_version v1 || fail "v1 does not run"
ids_v1="$(replica_ids)"

step "a bad image tag rolls back by itself and the old containers keep serving"
bad_image="127.0.0.1:$(free_port)/edgeorch/busybox:no-such-tag"
write_compose "${bad_image}" v2 start-first
started=${SECONDS}
if output="$(deploy 2>&1)"; then fail "deploy of a bad tag succeeded: ${output}"; fi
echo "${output}"
grep -q 'web: rollout rolled-back: ' <<<"${output}" || fail "deploy did not say it rolled back"
echo "measured: bad tag deployed to rolled back: $((SECONDS - started)) s (1 s resolution)"
wait_for 30 "v1 to run" running_version v1 || fail "v1 does not serve after the rollback"
[[ "$(replica_ids)" == "${ids_v1}" ]] ||
    fail "start-first replaced a serving container: ${ids_v1} -> $(replica_ids)"
edgectl service ps "${stack}/web" -o json | jq -e 'all(.[]; .image == "edgeorch/busybox:latest")' \
    >/dev/null || fail "service ps does not show the old image"
edgectl events --since 10m | grep -q 'rolling back to the previous spec' ||
    fail "no rollback event"

step "a good spec rolls out start-first without dropping below two running containers"
write_compose edgeorch/busybox:latest v2 start-first
deploy >"${E2E_WORK}/deploy-v2.out" 2>&1 &
deploy_pid=$!
fewest=2
most=0
samples=0
while kill -0 "${deploy_pid}" 2>/dev/null; do
    count="$(running_web_containers)"
    ((count < fewest)) && fewest=${count}
    ((count > most)) && most=${count}
    samples=$((samples + 1))
    sleep 0.2
done
wait "${deploy_pid}" || fail "deploy of v2 failed: $(cat "${E2E_WORK}/deploy-v2.out")"
echo "running containers during the rollout: ${fewest} to ${most} (${samples} samples)"
((fewest >= 2)) || fail "start-first dropped to ${fewest} running container(s)"
((most >= 3)) || fail "no new container ever ran next to an old one"
running_version v2 || fail "deploy returned before v2 ran"
two_web_containers() { [[ "$(containers_labelled "edgeorch.service=web" | jq length)" == 2 ]]; }
wait_for 30 "the replaced containers to go" two_web_containers ||
    fail "the replaced containers were not removed"

step "a failing health check (stop-first) rolls back to v2"
write_compose edgeorch/busybox:latest v3 stop-first "false"
if output="$(deploy 2>&1)"; then fail "deploy of an unhealthy spec succeeded: ${output}"; fi
echo "${output}"
grep -q 'web: rollout rolled-back: ' <<<"${output}" || fail "deploy did not say it rolled back"
wait_for 60 "v2 to run again" running_version v2 || fail "v2 does not serve after the rollback"

edgectl stack rm "${stack}" >/dev/null
echo "PASS: e2e_rolling_update"
