#!/usr/bin/env bash
# The hub's HTTP API on real parts (docs/api.md): `edge-hub --http-listen` on loopback, over TLS
# with the certificate `edge-hub init` made, tokens from `edgectl token create`. Without a
# token: 401; a read-only token reads nodes but gets 403 for a drain; the full token deploys a
# compose file sent as text, which runs on the agent, and drains the node; a compose error comes
# back with its line; each change is an "api" event naming the token and arrives on a live event
# stream (Server-Sent Events); the service's logs arrive on a live log stream; the OpenAPI
# document lists the routes; the edgectl identity logs in with its password (checked by the
# broker) and makes tokens and join commands, which no token may; a removed token stops working.
# Usage: e2e_http_api.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"

readonly stack=api
http_port="$(free_port)"
# TLS with the certificate `edge-hub init` made, which the cluster's CA signed.
readonly api="https://127.0.0.1:${http_port}/api/v1"

# call METHOD PATH TOKEN [BODY]: prints the HTTP status, then the body, on one line each.
call() {
    local method="$1" path="$2" token="$3" body="${4:-}"
    local args=(-s --cacert "${EDGE_BROKER_SETUP}/tls/ca.crt" -o "${E2E_WORK}/body" -w '%{http_code}'
        -X "${method}")
    [[ -n "${token}" ]] && args+=(-H "Authorization: Bearer ${token}")
    # cpp-httplib answers 400 to a POST without Content-Length, so even an empty one sends it.
    [[ -n "${body}" || "${method}" == POST ]] &&
        args+=(-H 'Content-Type: application/json' --data-binary "${body}")
    curl "${args[@]}" "${api}${path}"
    echo
    cat "${E2E_WORK}/body"
    echo
}

# expect_status STATUS METHOD PATH TOKEN [BODY]: the call answers STATUS; prints the body.
expect_status() {
    local want="$1" output status
    shift
    output="$(call "$@")"
    status="$(head -n 1 <<<"${output}")"
    [[ "${status}" == "${want}" ]] || fail "$1 $2: HTTP ${status}, want ${want}: $(tail -n +2 <<<"${output}")"
    tail -n +2 <<<"${output}"
}

no_labelled_containers() {
    [[ "$(containers_labelled edgeorch.node | jq length)" == 0 ]]
}

api_replica_running() {
    expect_status 200 GET "/services/${stack}/web/replicas" "${full}" |
        jq -e 'length == 1 and .[0].state == "running"' >/dev/null
}
api_replica_not_running() { ! api_replica_running; }

e2e_start_core --http-listen "127.0.0.1:${http_port}"
e2e_start_agent nuc-1 --memory 8GiB --storage ssd
wait_for 60 "the node to be ready" nodes_ready 1 || fail "the node did not become ready"

step "tokens"
full="$(edgectl token create --name automation -o json | jq -r .token)"
reader="$(edgectl token create --name dashboard --read-only -o json | jq -r .token)"
[[ "${full}" == edge_* && "${reader}" == edge_* ]] || fail "token create printed no token"
edgectl token ls
[[ "$(edgectl token ls -o json | jq -r '[.[].name] | join(" ")')" == "automation dashboard" ]] ||
    fail "token ls: $(edgectl token ls -o json)"

expect_status 401 GET /nodes "" | jq -e '.error | contains("Bearer")' >/dev/null
expect_status 401 GET /nodes "edge_0000" >/dev/null
expect_status 200 GET /nodes "${reader}" | jq -e 'length == 1 and .[0].name == "nuc-1"' >/dev/null
expect_status 403 POST /nodes/nuc-1/drain "${reader}" | jq -e '.error | contains("read-only")' >/dev/null
expect_status 404 GET /nothing "${full}" >/dev/null
expect_status 200 GET /openapi.json "" |
    jq -e '.paths["/api/v1/stacks"].post.operationId == "deploy"' >/dev/null
# Plain HTTP gets no answer from the TLS listener.
if curl -s -o /dev/null "http://127.0.0.1:${http_port}/api/v1/openapi.json"; then
    fail "the API answered plain HTTP"
fi
echo "ok: TLS only; 401 without a token, 403 for the read-only token's drain, the OpenAPI document served"

step "deploy a compose file over HTTP"
compose='services:
  web:
    image: edgeorch/busybox:${TAG}
    command: ["sh", "-c", "trap '"'"'exit 0'"'"' TERM; i=0; while true; do i=$$((i+1)); echo api line $$i; sleep 1 & wait; done"]
    mem_limit: 32m
'
bad_compose='services:
  web:
    image: edgeorch/busybox:latest
    mem_limit: lots
'
errors="$(expect_status 400 POST /stacks "${full}" \
    "$(jq -n --arg c "${bad_compose}" '{name: "api", compose: $c}')")"
jq -e '.error | contains("compose.yaml:4")' <<<"${errors}" >/dev/null ||
    fail "the compose error does not name its line: ${errors}"
expect_status 200 POST /stacks "${full}" \
    "$(jq -n --arg c "${compose}" '{name: "api", compose: $c, variables: {TAG: "latest"}}')" >/dev/null
wait_for 60 "the replica to run" api_replica_running ||
    fail "replicas: $(call GET "/services/${stack}/web/replicas" "${full}")"
note_stack_bridges
echo "ok: ${stack}/web runs, deployed over HTTP"

step "drain over HTTP, recorded as the token's, seen live"
stream="${E2E_WORK}/stream"
curl -s -N --cacert "${EDGE_BROKER_SETUP}/tls/ca.crt" -H "Authorization: Bearer ${reader}" \
    "${api}/events/stream" >"${stream}" &
stream_pid=$!
sleep 1
expect_status 200 POST /nodes/nuc-1/drain "${full}" | jq -e '.drained == true' >/dev/null
# stream_has_drain: the live stream carried the api event of the drain.
stream_has_drain() {
    grep '^data: ' "${stream}" | sed 's/^data: //' |
        jq -se 'any(.[]; .kind == "api" and .message == "node.drain nuc-1")' >/dev/null
}
wait_for 10 "the drain on the live stream" stream_has_drain ||
    fail "live stream: $(cat "${stream}")"
kill "${stream_pid}" 2>/dev/null || true
[[ "$(edgectl node ls -o json | jq -r '.[0].drained')" == true ]] || fail "nuc-1 is not drained"
events="$(expect_status 200 GET '/events?limit=50' "${reader}")"
jq -e '[.[] | select(.kind == "api" and .subject == "token automation")] | length == 2' \
    <<<"${events}" >/dev/null || fail "api events: ${events}"
# The drain stops the only replica; the logs below need it running again, so wait for both.
wait_for 60 "the drained replica to stop" api_replica_not_running ||
    fail "replicas after the drain: $(call GET "/services/${stack}/web/replicas" "${full}")"
expect_status 200 POST /nodes/nuc-1/activate "${full}" >/dev/null
wait_for 60 "the replica to run again" api_replica_running ||
    fail "replicas after activate: $(call GET "/services/${stack}/web/replicas" "${full}")"
echo "ok: the deploy and the drain are events naming token automation; the drain came live"

step "live logs over HTTP"
logs="${E2E_WORK}/logs-stream"
curl -s -N --cacert "${EDGE_BROKER_SETUP}/tls/ca.crt" -H "Authorization: Bearer ${reader}" \
    "${api}/services/${stack}/web/logs?tail=2" >"${logs}" &
logs_pid=$!
# log_lines_seen N: the stream carried at least N lines the replica printed.
log_lines_seen() {
    [[ "$(grep '^data: ' "${logs}" | sed 's/^data: //' |
        jq -s '[.[] | .lines[]? | select(.text | startswith("api line"))] | length')" -ge "$1" ]]
}
wait_for 20 "five log lines on the live stream" log_lines_seen 5 ||
    fail "log stream: $(cat "${logs}")"
grep -q '^event: session' "${logs}" || fail "the log stream did not start with its session"
kill "${logs_pid}" 2>/dev/null || true
expect_status 400 GET "/services/${stack}/nothing/logs" "${reader}" >/dev/null
echo "ok: $(grep -c '^data: ' "${logs}") batches of ${stack}/web's logs arrived live; an unknown service gets 400"

step "the edgectl identity logs in with its password"
jar="${E2E_WORK}/cookies"
login() {
    curl -s --cacert "${EDGE_BROKER_SETUP}/tls/ca.crt" -c "${jar}" -o "${E2E_WORK}/body" \
        -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "$1" \
        "${api}/session"
}
[[ "$(login "$(jq -n '{username: "edgectl", password: "wrong"}')")" == 401 ]] ||
    fail "a wrong password was not refused: $(cat "${E2E_WORK}/body")"
[[ "$(login "$(jq -n --arg p "${EDGE_PASSWORD}" '{username: "edgectl", password: $p}')")" == 200 ]] ||
    fail "the edgectl password was refused: $(cat "${E2E_WORK}/body")"
csrf="$(jq -r .csrf "${E2E_WORK}/body")"
jq -e '.who.kind == "identity" and .who.name == "edgectl"' "${E2E_WORK}/body" >/dev/null ||
    fail "login: $(cat "${E2E_WORK}/body")"
# as_identity METHOD PATH [BODY]: the call with the session's cookie and CSRF token.
as_identity() {
    curl -s --cacert "${EDGE_BROKER_SETUP}/tls/ca.crt" -b "${jar}" -H "X-CSRF-Token: ${csrf}" \
        -H 'Content-Type: application/json' -X "$1" --data-binary "${3:-}" "${api}$2"
}
made="$(as_identity POST /tokens '{"name": "phone", "read_only": true}')"
jq -e '.name == "phone" and (.token | startswith("edge_"))' <<<"${made}" >/dev/null ||
    fail "token create over HTTP: ${made}"
as_identity GET /tokens | jq -e 'any(.[]; .name == "phone" and .read_only)' >/dev/null ||
    fail "token ls over HTTP: $(as_identity GET /tokens)"
expect_status 403 GET /tokens "${full}" | jq -e '.error | contains("cannot manage tokens")' >/dev/null
joined="$(as_identity POST /nodes '{"name": "pi-9"}')"
jq -e '.join_command | contains("edge-agent join --broker mqtts://") and contains("--node pi-9 --token ")' \
    <<<"${joined}" >/dev/null || fail "node add over HTTP: ${joined}"
expect_status 403 POST /nodes "${full}" '{"name": "pi-8"}' >/dev/null
events="$(expect_status 200 GET '/events?limit=50' "${reader}")"
jq -e 'any(.[]; .kind == "api" and .subject == "user edgectl" and .message == "token.create phone")' \
    <<<"${events}" >/dev/null || fail "no api event names the identity: ${events}"
if grep -qa -- "${EDGE_PASSWORD}" "${E2E_WORK}/hub/hub.log"; then
    fail "the edgectl password is in the hub's log"
fi
echo "ok: the password logs in (a wrong one does not); the identity made token phone and a join command for pi-9; tokens may do neither"

step "secrets over HTTP: stored sealed, listed without their value"
expect_status 200 POST /secrets "${full}" \
    "$(jq -n --arg d "$(printf 'hunter2' | base64)" '{name: "api_password", data: $d}')" |
    jq -e '.version == 1' >/dev/null
expect_status 403 POST /secrets "${reader}" '{"name": "x", "data": "eA=="}' >/dev/null
listed="$(expect_status 200 GET /secrets "${reader}")"
jq -e 'any(.[]; .name == "api_password")' <<<"${listed}" >/dev/null || fail "secrets: ${listed}"
[[ "${listed}" != *hunter2* && "${listed}" != *aHVudGVyMg* ]] || fail "a secret's value was listed"
if grep -rqa hunter2 "${E2E_WORK}"/hub/hub.db* "${E2E_WORK}/hub/hub.log"; then
    fail "the secret's value is in the hub's database or log in clear"
fi
expect_status 200 DELETE /secrets/api_password "${full}" >/dev/null
echo "ok: a secret made over HTTP is listed by name only, never stored in clear, and removed"

step "a removed token stops working"
edgectl token rm automation >/dev/null
expect_status 401 GET /nodes "${full}" >/dev/null
expect_status 200 GET /nodes "${reader}" >/dev/null
echo "ok: 401 for the removed token"

edgectl stack rm "${stack}" >/dev/null
wait_for 60 "the containers to be removed" no_labelled_containers ||
    fail "containers left: $(containers_labelled edgeorch.node | jq -c '[.[].Names]')"
