#!/usr/bin/env bash
# `edgectl service rollback` on real parts: a service redeployed with a new spec is returned to
# the spec it had, and the agent replaces its containers so the old spec serves again; a second
# rollback returns to the new one; a service never changed has nothing to roll back to.
# Usage: e2e_day2_rollback.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"

readonly stack=roll

e2e_start_core
e2e_start_agent nuc-1 --memory 4GiB --storage ssd
wait_for 60 "the node to be ready" nodes_ready 1 || fail "the node did not become ready"

# write_compose VERSION: the web service, whose command names its version.
write_compose() {
    cat >"${E2E_WORK}/compose.yaml" <<YAML
services:
  web:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "echo $1 > /tmp/version; trap 'exit 0' TERM; sleep 3600 & wait"]
    mem_limit: 32m
    deploy:
      replicas: 2
YAML
}

# running_version VERSION: both replicas run the current spec, and its command is VERSION's.
running_version() { replicas_run_command "${stack}/web" 2 "echo $1 "; }

step "deploy v1, then v2"
write_compose v1
edgectl deploy -f "${E2E_WORK}/compose.yaml" --stack "${stack}" >/dev/null
wait_for 60 "v1 to run" running_version v1 || fail "v1 does not run"
hash_v1="$(edgectl service ps "${stack}/web" -o json | jq -r '.[0].spec_hash')"
error="$(edgectl service rollback "${stack}/web" 2>&1)" && fail "rollback without a change succeeded"
[[ "${error}" == *"has no previous spec to roll back to"* ]] || fail "unexpected error: ${error}"
write_compose v2
# Not on a terminal: plain progress lines, printed when they change, until it converges.
progress="$(edgectl deploy -f "${E2E_WORK}/compose.yaml" --stack "${stack}")" ||
    fail "deploy of v2 did not converge: ${progress}"
echo "${progress}"
grep -q '^web  2/2 updated$' <<<"${progress}" || fail "no final progress line for web"
grep -q "^stack ${stack} converged$" <<<"${progress}" || fail "deploy did not say it converged"
running_version v2 || fail "deploy returned before v2 ran"

step "roll back to v1"
started=${SECONDS}
edgectl service rollback web
wait_for 60 "v1 to run again" running_version v1 || fail "v1 does not run again after the rollback"
echo "measured: rollback to both replicas running v1 again: $((SECONDS - started)) s (1 s resolution)"
[[ "$(edgectl service ps "${stack}/web" -o json | jq -r '.[0].spec_hash')" == "${hash_v1}" ]] ||
    fail "the rolled-back spec hash differs from v1's"
edgectl events --since 10m | grep ' rollout ' || fail "no rollout event"

step "a second rollback returns to v2"
edgectl service rollback "${stack}/web" >/dev/null
wait_for 60 "v2 to run again" running_version v2 || fail "v2 does not run after the second rollback"

edgectl stack rm "${stack}" >/dev/null
echo "PASS: e2e_day2_rollback"
