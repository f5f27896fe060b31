#!/usr/bin/env bash
# edgectl promote on real parts: a private registry on loopback (Debian's docker-registry), build
# A pushed under one tag and deployed in preprod, build B pushed under the SAME tag, then the
# stack promoted to prod: prod's container runs build A (the engine's image ID of the
# container), pinned by the digest preprod's node pulled, not build B that the tag now names.
# Also: the preview is shown and nothing happens unless confirmed; a stack whose image has no
# registry digest is refused; each environment's defaults hold: preprod's memory factor 0.5
# halves the limit there and prod runs the file's limit, and prod's webhook gets prod's
# deploy while preprod's does not.
# Usage: e2e_promote.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"
# shellcheck source=tests/lib/local_registry.sh
source "$(dirname "$0")/lib/local_registry.sh"

readonly stack=shop
readonly registry_dir="${E2E_WORK}/registry"
readonly receiver_log="${E2E_WORK}/webhooks.jsonl"
touch "${receiver_log}"

# The registry and the webhook receiver, stopped by PID.
e2e_after_cleanup() {
    stop_pid "${registry_dir}/registry.pid"
    stop_pid "${E2E_WORK}/receiver.pid"
}

# push_build: pushes the image the tag names now; prints its repo digest.
push_build() {
    push_to_registry "${repository}" release
    docker_api "/images/${image}/json" |
        jq -r --arg r "${repository}" '.RepoDigests[] | select(startswith($r + "@"))'
}

image_id_of() {
    docker_api "/images/$1/json" | jq -r '.Id'
}

# in_env_running ENV STACK COUNT
in_env_running() {
    edgectl --env "$1" service ps "$2/web" -o json |
        jq -e --argjson n "$3" 'length == $n and all(.[]; .state == "running" and .container_id != "")'
}

receiver_port="$(free_port)"
"${E2E_REPO_ROOT}/tests/lib/webhook_receiver.py" "${receiver_port}" "${receiver_log}" &
echo $! >"${E2E_WORK}/receiver.pid"
wait_for 20 "the webhook receiver" curl -sf -o /dev/null -X POST --data ready \
    "http://127.0.0.1:${receiver_port}/ready" || fail "the webhook receiver did not start"

e2e_start_core
start_local_registry "${registry_dir}"
readonly repository="${REGISTRY_ADDR}/shop-web"
readonly image="${repository}:release"

e2e_start_agent nuc-1 --memory 4GiB --storage ssd
e2e_start_agent nuc-2 --memory 4GiB --storage ssd
wait_for 60 "the nodes to be ready" nodes_ready 2 || fail "the nodes did not become ready"
edgectl node label nuc-1 env=preprod >/dev/null
edgectl node label nuc-2 env=prod >/dev/null
edgectl env create preprod --constraint node.labels.env==preprod --memory-factor 0.5 \
    --webhook "slack http://127.0.0.1:${receiver_port}/preprod events=deploy" >/dev/null
edgectl env create prod --constraint node.labels.env==prod \
    --webhook "slack http://127.0.0.1:${receiver_port}/prod events=deploy" >/dev/null
edgectl env ls

step "build A under ${image}, deployed in preprod"
"${E2E_REPO_ROOT}/images/test-busybox/build.sh" "${E2E_SOCKET}" "${image}" >/dev/null
digest_a="$(push_build)"
id_a="$(image_id_of "${image}")"
[[ "${digest_a}" == "${repository}@sha256:"* ]] || fail "no repo digest after pushing A: ${digest_a}"
compose="${E2E_WORK}/compose.yaml"
cat >"${compose}" <<YAML
services:
  web:
    image: ${image}
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
    mem_limit: 32m
YAML
edgectl deploy -f "${compose}" --stack "${stack}" --env preprod --detach >/dev/null ||
    fail "deploy to preprod exited $?"
wait_for 60 "${stack} to run in preprod" in_env_running preprod "${stack}" 1 ||
    fail "preprod: $(edgectl --env preprod service ps "${stack}/web" -o json)"
reported="$(edgectl --env preprod service ps "${stack}/web" -o json | jq -r '.[0].image_digest')"
[[ "${reported}" == "${digest_a}" ]] || fail "nuc-1 reports digest ${reported}, pushed ${digest_a}"
limit="$(docker_api "/containers/$(edgectl --env preprod service ps "${stack}/web" -o json |
    jq -r '.[0].container_id')/json" | jq .HostConfig.Memory)"
[[ "${limit}" == $((16 * 1024 * 1024)) ]] || fail "preprod's limit is ${limit}, want 16 MiB (32m x 0.5)"
echo "ok: preprod runs ${digest_a} under 16 MiB"

step "build B pushed under the same tag"
# B: A's file system with another configuration, committed under the same tag.
holder="$(curl -sS --fail --unix-socket "${E2E_SOCKET}" -X POST -H 'Content-Type: application/json' \
    -d "{\"Image\": \"${id_a}\"}" "http://localhost/containers/create" | jq -r '.Id')"
changes="$(jq -rn '"ENV BUILD=b" | @uri')"
docker_post "/commit?container=${holder}&repo=${repository}&tag=release&changes=${changes}" >/dev/null
curl -sS --fail --unix-socket "${E2E_SOCKET}" -X DELETE "http://localhost/containers/${holder}" >/dev/null
digest_b="$(push_build)"
id_b="$(image_id_of "${image}")"
[[ "${id_b}" != "${id_a}" && -n "${digest_b}" && "${digest_b}" != "${digest_a}" ]] ||
    fail "build B is not a new image under ${image}: ${id_b} ${digest_b}"
echo "ok: ${image} now names ${digest_b}"
# The engine now lists preprod's container by image ID, not by the moved tag. Over several
# reports (every 2 s) nuc-1 must go on naming the build its container runs.
for _ in $(seq 10); do
    sleep 0.5
    reported="$(edgectl --env preprod service ps "${stack}/web" -o json | jq -r '.[0].image_digest')"
    [[ "${reported}" == "${digest_a}" ]] || fail "after the tag moved, nuc-1 reports ${reported}"
done
echo "ok: nuc-1 still reports ${digest_a} after the tag moved"

step "promote preprod -> prod: the preview, then nothing without confirmation"
set +e
declined="$(echo n | edgectl promote "${stack}" --from preprod --to prod 2>&1)"
declined_status=$?
set -e
echo "${declined}"
[[ ${declined_status} -ne 0 && "${declined}" == *"web: new (image ${digest_a}, 1 replica)"* &&
    "${declined}" == *"not promoted"* ]] || fail "declined promote: ${declined}"
[[ "$(edgectl --env prod stack ls -o json | jq length)" == 0 ]] || fail "a declined promote deployed"

step "promote --yes: prod runs build A"
edgectl promote "${stack}" --from preprod --to prod --yes || fail "promote exited $?"
wait_for 60 "${stack} to run in prod" in_env_running prod "${stack}" 1 ||
    fail "prod: $(edgectl --env prod service ps "${stack}/web" -o json)"
row="$(edgectl --env prod service ps "${stack}/web" -o json | jq -c '.[0]')"
[[ "$(jq -r .node <<<"${row}")" == nuc-2 ]] || fail "prod's replica is not on the env=prod node: ${row}"
[[ "$(jq -r .image <<<"${row}")" == "${digest_a}" ]] || fail "prod's spec is not pinned to A: ${row}"
container_image="$(docker_api "/containers/$(jq -r .container_id <<<"${row}")/json" | jq -r .Image)"
[[ "${container_image}" == "${id_a}" ]] ||
    fail "prod's container runs ${container_image}; build A is ${id_a}, build B ${id_b}"
echo "ok: prod's container runs ${id_a} (build A), not ${id_b} (build B)"
limit="$(docker_api "/containers/$(jq -r .container_id <<<"${row}")/json" | jq .HostConfig.Memory)"
[[ "${limit}" == $((32 * 1024 * 1024)) ]] || fail "prod's limit is ${limit}, want the file's 32 MiB"
# posted PATH TEXT: the receiver got a post on PATH whose body has TEXT.
posted() {
    jq -se --arg p "$1" --arg t "$2" 'any(.[]; .path == $p and (.body | contains($t)))' \
        "${receiver_log}" >/dev/null
}
wait_for 20 "prod's webhook to get the deploy" posted /prod "deploy: shop@prod" ||
    fail "prod's webhook got: $(cat "${receiver_log}")"
posted /preprod "deploy: shop@preprod" || fail "preprod's webhook missed preprod's deploy: $(cat "${receiver_log}")"
! posted /preprod "@prod" || fail "preprod's webhook got prod's event: $(cat "${receiver_log}")"
echo "ok: prod runs the file's 32 MiB; each environment's webhook got its own deploy"
note_stack_bridges

step "an image without a registry digest is refused"
sed "s#image: ${image}#image: edgeorch/busybox:latest#" "${compose}" >"${E2E_WORK}/local.yaml"
edgectl deploy -f "${E2E_WORK}/local.yaml" --stack local --env preprod --detach >/dev/null
wait_for 60 "local to run in preprod" in_env_running preprod local 1 || fail "local does not run"
set +e
refusal="$(edgectl promote local --from preprod --to prod --yes 2>&1)"
set -e
[[ "${refusal}" == *"local@preprod/web replica 0 on nuc-1 has no known image digest"* ]] ||
    fail "promote of an unpushed image: ${refusal}"
echo "ok: ${refusal}"

for env in preprod prod; do edgectl --env "${env}" stack rm "${stack}" >/dev/null; done
edgectl --env preprod stack rm local >/dev/null
wait_for 60 "the containers to be removed" \
    bash -c "[[ \$(curl -sf --unix-socket '${E2E_SOCKET}' 'http://localhost/containers/json?all=1' | jq length) == 0 ]]" ||
    fail "containers left after stack rm"
