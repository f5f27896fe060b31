#!/usr/bin/env bash
# An edgectl identity limited to one environment, on the broker `edge-hub init` sets up: `env
# grant preprod ci` makes its key, certificate and password; through the mutual-TLS listener
# with that certificate it deploys a stack (with a secret of its own) in preprod and lists only
# preprod. Asking on prod's topic is refused by the broker (its ACL), and acting on prod or the
# cluster from preprod's topic is refused by the hub, recorded as an event, and changes nothing:
# prod's copy of the stack keeps running. Revoking the identity locks it out.
# Usage: e2e_env_access.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"

readonly stack=shop

# edgectl as the preprod identity only: its context, over TLS, with nothing from the
# environment.
as_ci() {
    env -u EDGE_BROKER -u EDGE_USERNAME -u EDGE_PASSWORD -u EDGE_TLS_CA -u EDGE_TLS_CERT \
        -u EDGE_TLS_KEY XDG_CONFIG_HOME="${E2E_WORK}/config" \
        "${EDGECTL_BIN}" --timeout 5s --context preprod-ci "$@"
}

# as_ci_refused NEEDLE ARGS...: the command fails, saying NEEDLE.
as_ci_refused() {
    local needle="$1" output
    shift
    if output="$(as_ci "$@" 2>&1)"; then fail "as preprod-ci, '$*' succeeded: ${output}"; fi
    [[ "${output}" == *"${needle}"* ]] || fail "as preprod-ci, '$*' said: ${output}"
    echo "ok: '$*' refused: ${output}"
}

no_labelled_containers() {
    [[ "$(containers_labelled edgeorch.node | jq length)" == 0 ]]
}

env_running() {
    edgectl --env "$1" service ps "${stack}/web" -o json |
        jq -e 'length == 1 and all(.[]; .state == "running" and .container_id != "")' >/dev/null
}

e2e_start_core
e2e_start_agent nuc-1 --memory 8GiB --storage ssd
wait_for 60 "the node to be ready" nodes_ready 1 || fail "the node did not become ready"
edgectl env create preprod >/dev/null
edgectl env create prod >/dev/null

step "env grant preprod ci"
grant="${E2E_WORK}/grant"
edgectl env grant preprod ci --out "${grant}" --broker-url "mqtts://127.0.0.1:${EDGE_TLS_PORT}" ||
    fail "env grant exited $?"
for file in edgectl.env ca.crt ci.crt ci.key; do
    [[ "$(stat -c %a "${grant}/${file}")" == 600 ]] || fail "${file} is not mode 600"
done
openssl x509 -in "${grant}/ci.crt" -noout -subject | grep -q 'CN *= *env:preprod:ci' ||
    fail "certificate subject: $(openssl x509 -in "${grant}/ci.crt" -noout -subject)"
as_ci context import "${grant}/edgectl.env" --name preprod-ci >/dev/null ||
    fail "context import exited $?"

step "the preprod identity deploys in preprod, over mutual TLS"
compose="${E2E_WORK}/compose.yaml"
cat >"${compose}" <<'YAML'
services:
  web:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
    mem_limit: 32m
    secrets: [token]
secrets:
  token:
    file: ./token.txt
YAML
echo "preprod-token" >"${E2E_WORK}/token.txt"
# The cluster-wide identity runs the same stack in prod.
edgectl --env prod deploy -f "${compose}" --stack "${stack}" --detach >/dev/null ||
    fail "deploy to prod exited $?"
as_ci deploy -f "${compose}" --stack "${stack}" --detach >/dev/null || fail "deploy as ci exited $?"
wait_for 90 "${stack} to run in preprod" env_running preprod ||
    fail "preprod: $(edgectl --env preprod service ps "${stack}/web" -o json)"
wait_for 90 "${stack} to run in prod" env_running prod ||
    fail "prod: $(edgectl --env prod service ps "${stack}/web" -o json)"
[[ "$(as_ci stack ls -o json | jq -r '[.[].name] | join(" ")')" == "${stack}@preprod" ]] ||
    fail "stack ls as ci: $(as_ci stack ls -o json)"
secrets="$(edgectl secret ls -o json | jq -r '[.[].name] | sort | join(" ")')"
[[ "${secrets}" == "${stack}.ENV-preprod_token ${stack}.ENV-prod_token" ]] ||
    fail "each environment should have its own secret: ${secrets}"
note_stack_bridges
echo "ok: ${stack} runs in preprod and prod, with secrets ${secrets}"

step "prod and the cluster are out of its reach"
prod_before="$(edgectl --env prod service ps "${stack}/web" -o json | jq -r '.[0].container_id')"
# Prod's own topic: the broker's ACL refuses the publish.
as_ci_refused "not authorized" --env prod stack rm "${stack}"
as_ci_refused "not authorized" --env prod deploy -f "${compose}" --stack "${stack}" --detach
# Preprod's topic, asking for more than preprod: the hub refuses.
as_ci_refused "needs the cluster-wide identity" node drain nuc-1
as_ci_refused "needs the cluster-wide identity" env rm prod
as_ci_refused "following events live needs the cluster-wide identity" events -f
refused_events="$(edgectl events -o json | jq '[.[] | select(.kind == "rejected" and (.message | contains("refused")))] | length')"
[[ "${refused_events}" -ge 2 ]] || fail "the hub's refusals are not events: $(edgectl events -o json)"
[[ "$(edgectl node ls -o json | jq -r '.[0].drained')" == false ]] || fail "nuc-1 was drained"
[[ "$(edgectl --env prod service ps "${stack}/web" -o json | jq -r '.[0].container_id')" == "${prod_before}" ]] ||
    fail "prod's replica changed"
echo "ok: prod still runs ${prod_before:0:12}"

step "env revoke"
edgectl env revoke preprod ci >/dev/null || fail "env revoke exited $?"
if as_ci stack ls >/dev/null 2>&1; then fail "the revoked identity still works"; fi
echo "ok: the revoked identity is locked out"

edgectl --env preprod stack rm "${stack}" >/dev/null
edgectl --env prod stack rm "${stack}" >/dev/null
wait_for 60 "the containers to be removed" no_labelled_containers ||
    fail "containers left: $(containers_labelled edgeorch.node | jq -c '[.[].Names]')"
