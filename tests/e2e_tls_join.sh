#!/usr/bin/env bash
# Secure by default, on real parts: the broker `edge-hub init` sets up (plain MQTT on its
# loopback port for the hub and edgectl; mutual TLS and the join port on other loopback ports,
# standing in for the LAN), a node that joins over TLS with the CA pinned by the fingerprint in
# `edgectl node add`'s join command and then runs on its own certificate; a join against a
# broker of another CA refused before the token is sent; plaintext clients and clients without
# a certificate refused on the LAN listeners; and a revoked node refused in the TLS handshake
# once the broker reloads its CRL (as edgeorch-crl.path makes it do on a packaged hub).
# Usage: e2e_tls_join.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"

command -v mosquitto_pub >/dev/null || fail "mosquitto_pub is not installed; run scripts/install-deps.sh"
command -v openssl >/dev/null || fail "openssl is not installed; run scripts/install-deps.sh"

# The other cluster's broker, stopped by PID with the rest.
e2e_after_cleanup() {
    stop_pid "${E2E_WORK}/rogue/mosquitto.pid"
}

# publish PORT [mosquitto_pub ARGS...]: one QoS 1 message to a topic nobody reads; succeeds only
# when the broker accepted the connection.
publish() {
    local port="$1"
    shift
    timeout 10 mosquitto_pub -h 127.0.0.1 -p "${port}" -q 1 -t edgeorch/e2e-probe -m probe "$@" \
        >>"${E2E_WORK}/probe.log" 2>&1
}

revoked_refused() {
    ! publish "${EDGE_TLS_PORT}" "${node_cert[@]}"
}

out_of_touch() {
    node_in_state "$1" unreachable || node_in_state "$1" down
}

mode_of() {
    stat -c %a "$1"
}

e2e_start_core
setup="${EDGE_BROKER_SETUP}"
tls_dir="${setup}/tls"
plain_port="${E2E_BROKER##*:}"
step "the written configuration: plain MQTT only on loopback, the LAN listeners TLS"
grep -qx "listener ${plain_port} 127.0.0.1" "${setup}/mosquitto.conf" || fail "plain listener not on loopback"
[[ "$(grep -c '^listener ' "${setup}/mosquitto.conf")" == 3 ]] || fail "expected exactly three listeners"
grep -qx "require_certificate true" "${setup}/mosquitto.conf" || fail "no mutual TLS"
grep -qx "crlfile ${tls_dir}/crl.pem" "${setup}/mosquitto.conf" || fail "no CRL"
grep -qE "^message_size_limit [0-9]+$" "${setup}/mosquitto.conf" || fail "no message size limit"
"${EDGE_HUB_BIN}" init --help | grep -q -- "--insecure-lan-plaintext" || fail "no opt-out flag"

step "a node joins over TLS with the CA pinned, and runs on its certificate"
e2e_start_agent pi-1 --memory 2GiB --storage ssd
wait_for 30 "pi-1 to be ready" nodes_ready 1 || fail "pi-1 did not become ready"
state="${E2E_WORK}/agent-pi-1"
[[ "$(mode_of "${state}/tls/node.key")" == 600 ]] || fail "node.key is $(mode_of "${state}/tls/node.key"), want 600"
[[ "$(mode_of "${state}/credentials.json")" == 600 ]] || fail "credentials.json is not 600"
openssl x509 -in "${state}/tls/node.crt" -noout -subject | grep -q "CN *= *node:pi-1" ||
    fail "the node's certificate does not name node:pi-1"
openssl verify -CAfile "${tls_dir}/ca.crt" "${state}/tls/node.crt" >/dev/null ||
    fail "the node's certificate is not from the cluster's CA"
cmp -s "${state}/tls/ca.crt" "${tls_dir}/ca.crt" || fail "the node pinned another CA"
pgrep -f "mqtts://127.0.0.1:${EDGE_TLS_PORT}" >/dev/null || fail "the agent does not use mutual TLS"
echo "ok: pi-1 joined and runs over mutual TLS as node:pi-1"

step "a join against a broker of another CA is refused before the token is sent"
mkdir -p "${E2E_WORK}/rogue"
rogue_port="$(free_port)" rogue_tls="$(free_port)" rogue_join="$(free_port)"
"${EDGE_HUB_BIN}" init --dir "${E2E_WORK}/rogue" --listen 127.0.0.1 --port "${rogue_port}" \
    --tls-port "${rogue_tls}" --join-port "${rogue_join}" >/dev/null
{
    cat "${E2E_WORK}/rogue/mosquitto.conf"
    echo "user root"
} >"${E2E_WORK}/rogue/run.conf"
mosquitto -c "${E2E_WORK}/rogue/run.conf" >"${E2E_WORK}/rogue/mosquitto.log" 2>&1 &
echo $! >"${E2E_WORK}/rogue/mosquitto.pid"
wait_for 10 "the other broker" port_open "${rogue_join}" || fail "the other broker did not start"
join_command="$(edgectl node add pi-2)"
token="$(grep -oE -- '--token [0-9a-f]+' <<<"${join_command}" | cut -d' ' -f2)"
pin="$(grep -oE -- '--ca-fingerprint sha256:[0-9a-f]{64}' <<<"${join_command}" | cut -d' ' -f2)"
[[ -n "${token}" && -n "${pin}" ]] || fail "node add printed no token and pin: ${join_command}"
[[ "${pin}" == "$(openssl x509 -in "${tls_dir}/ca.crt" -noout -pubkey | openssl pkey -pubin -outform der |
    sha256sum | sed 's/^/sha256:/; s/ .*//')" ]] || fail "the pin is not the SHA-256 of the CA's public key"
mkdir -p "${E2E_WORK}/agent-pi-2"
if "${EDGE_AGENT_BIN}" join --broker "mqtts://127.0.0.1:${rogue_join}" --node pi-2 --token "${token}" \
    --ca-fingerprint "${pin}" --state-dir "${E2E_WORK}/agent-pi-2" >"${E2E_WORK}/rogue-join.log" 2>&1; then
    fail "edge-agent join accepted a broker of another CA"
fi
grep -q "does not match the pinned" "${E2E_WORK}/rogue-join.log" ||
    fail "the refusal does not say why: $(cat "${E2E_WORK}/rogue-join.log")"
[[ ! -e "${E2E_WORK}/agent-pi-2/credentials.json" ]] || fail "a refused join stored credentials"
grep -q "join:pi-2" "${E2E_WORK}/rogue/mosquitto.log" && fail "the token's identity reached the other broker"
echo "ok: refused: $(tail -n 1 "${E2E_WORK}/rogue-join.log")"

step "plaintext and certificate-less clients are refused on the LAN listeners"
publish "${plain_port}" -u "${EDGE_USERNAME}" -P "${EDGE_PASSWORD}" || fail "control: plain loopback refused edgectl"
publish "${EDGE_TLS_PORT}" -u "${EDGE_USERNAME}" -P "${EDGE_PASSWORD}" && fail "plaintext accepted on the mutual-TLS port"
publish "${EDGE_JOIN_PORT}" -u "${EDGE_USERNAME}" -P "${EDGE_PASSWORD}" && fail "plaintext accepted on the join port"
publish "${EDGE_TLS_PORT}" --cafile "${tls_dir}/ca.crt" -u "${EDGE_USERNAME}" -P "${EDGE_PASSWORD}" &&
    fail "a password without a certificate was accepted on the mutual-TLS port"
publish "${EDGE_TLS_PORT}" --cafile "${tls_dir}/ca.crt" --cert "${tls_dir}/edgectl.crt" --key "${tls_dir}/edgectl.key" ||
    fail "control: edgectl's certificate refused on the mutual-TLS port"
echo "ok: plaintext and password-only clients refused on ${EDGE_TLS_PORT} and ${EDGE_JOIN_PORT}"

step "a revoked node is refused in the TLS handshake"
node_cert=(--cafile "${tls_dir}/ca.crt" --cert "${state}/tls/node.crt" --key "${state}/tls/node.key")
publish "${EDGE_TLS_PORT}" "${node_cert[@]}" || fail "control: pi-1's certificate refused before revocation"
edgectl node revoke pi-1 >/dev/null
openssl crl -in "${tls_dir}/crl.pem" -noout -text | grep -qi "$(openssl x509 -in "${state}/tls/node.crt" -noout -serial | cut -d= -f2)" ||
    fail "pi-1's serial is not in the CRL"
kill -HUP "$(cat "${E2E_WORK}/mosquitto/mosquitto.pid")"  # what edgeorch-crl.path does
: >"${E2E_WORK}/probe.log"
wait_for 10 "the broker to refuse pi-1's certificate" revoked_refused ||
    fail "pi-1's revoked certificate is still accepted"
# The broker refused it in the handshake, and the CA's own CRL is the reason.
grep -q "certificate verify failed" "${E2E_WORK}/mosquitto/mosquitto.log" ||
    fail "the broker did not refuse the handshake: $(tail -n 3 "${E2E_WORK}/mosquitto/mosquitto.log")"
verdict="$(openssl verify -crl_check -CRLfile "${tls_dir}/crl.pem" -CAfile "${tls_dir}/ca.crt" \
    "${state}/tls/node.crt" 2>&1 || true)"
grep -q "certificate revoked" <<<"${verdict}" || fail "the CRL does not revoke pi-1: ${verdict}"
publish "${EDGE_TLS_PORT}" --cafile "${tls_dir}/ca.crt" --cert "${tls_dir}/edgectl.crt" --key "${tls_dir}/edgectl.key" ||
    fail "control: edgectl's certificate refused after pi-1's revocation"
wait_for 15 "pi-1 to be out of touch" out_of_touch pi-1 || fail "the revoked agent still reaches the hub"
echo "ok: pi-1 refused in the handshake: $(grep "certificate verify failed" \
    "${E2E_WORK}/mosquitto/mosquitto.log" | tail -n 1 | cut -d' ' -f2-)"
# The token, the join and the revocation are in the hub's event log, in that order.
pi1_events="$(edgectl events -o json | jq -r '[.[] | select(.kind == "node" and .subject == "pi-1") | .message] | join("\n")')"
for expected in "join token issued (node add)" "joined with its own broker identity node:pi-1" \
    "broker identity and certificates revoked (node revoke)"; do
    grep -qxF "${expected}" <<<"${pi1_events}" || fail "no event \"${expected}\" for pi-1: ${pi1_events}"
done
[[ "$(grep -nxF "join token issued (node add)" <<<"${pi1_events}" | cut -d: -f1)" -lt \
    "$(grep -nxF "broker identity and certificates revoked (node revoke)" <<<"${pi1_events}" | cut -d: -f1)" ]] ||
    fail "pi-1's events are out of order: ${pi1_events}"
echo "ok: the join token, the join and the revocation are events"

step "edge-hub certs renew: new broker and edgectl certificates, the same CA, revocations kept"
cp "${tls_dir}/server.crt" "${E2E_WORK}/server.crt.before"
"${EDGE_HUB_BIN}" certs renew --dir "${setup}" >"${E2E_WORK}/renew.log" 2>&1 ||
    fail "certs renew failed: $(cat "${E2E_WORK}/renew.log")"
cmp -s "${tls_dir}/server.crt" "${E2E_WORK}/server.crt.before" && fail "the broker's certificate was not renewed"
[[ "$(edgectl node add pi-3 | grep -oE -- 'sha256:[0-9a-f]{64}')" == "${pin}" ]] ||
    fail "renewal changed the CA's fingerprint"
kill -HUP "$(cat "${E2E_WORK}/mosquitto/mosquitto.pid")"
renewed_edgectl() {
    publish "${EDGE_TLS_PORT}" --cafile "${tls_dir}/ca.crt" --cert "${tls_dir}/edgectl.crt" \
        --key "${tls_dir}/edgectl.key"
}
wait_for 10 "the broker to take the renewed certificates" renewed_edgectl ||
    fail "the renewed edgectl certificate is refused"
revoked_refused || fail "renewal forgot pi-1's revocation"
echo "ok: $(head -n 1 "${E2E_WORK}/renew.log")"

echo "PASS: e2e_tls_join"
