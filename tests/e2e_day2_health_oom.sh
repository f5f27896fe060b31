#!/usr/bin/env bash
# Day-2 insight on real parts: a replica whose Compose healthcheck starts failing is restarted by
# its agent (the same container, per its restart policy) and the restart is an event; a replica
# that allocates past its memory limit is OOM-killed by the kernel, and `service ps` and an
# "oom" event report the kill count, the limit, the peak and a larger limit to try; node
# down/up are events too, and the hub posts them to webhooks (a receiver on loopback), while a
# webhook that keeps failing holds nothing up.
# Usage: e2e_day2_health_oom.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"

readonly stack=day2

# The webhook receiver, stopped by PID with everything else.
receiver_log="${E2E_WORK}/webhooks.jsonl"
receiver_port="$(free_port)"
"${E2E_REPO_ROOT}/tests/lib/webhook_receiver.py" "${receiver_port}" "${receiver_log}" &
echo $! >"${E2E_WORK}/receiver.pid"
day2_cleanup() {
    local status=$?
    # errexit holds in traps too: a receiver that is already gone must not skip the cleanup.
    set +e
    kill "$(cat "${E2E_WORK}/receiver.pid")" 2>/dev/null
    (exit "${status}")
    e2e_cleanup
}
trap day2_cleanup EXIT
touch "${receiver_log}"
# Listening before the hub starts, so no post is lost to a receiver still starting up.
receiver_ready() {
    kill -0 "$(cat "${E2E_WORK}/receiver.pid")" &&
        curl -sf -o /dev/null -X POST --data ready "http://127.0.0.1:${receiver_port}/ready"
}
wait_for 20 "the webhook receiver" receiver_ready ||
    fail "the webhook receiver on port ${receiver_port} did not start"

e2e_start_core \
    --webhook "ntfy http://127.0.0.1:${receiver_port}/ntfy events=oom,node,restart timeout=2s" \
    --webhook "slack http://127.0.0.1:${receiver_port}/fail events=oom retries=1 timeout=1s"
e2e_start_agent nuc-1 --memory 4GiB --storage ssd
wait_for 60 "the node to be ready" nodes_ready 1 || fail "the node did not become ready"

compose="${E2E_WORK}/compose.yaml"
# flaky: healthy for 6 s after every start, then its check fails. sh as PID 1 ignores SIGTERM,
# so it traps it to stop at once rather than after the stop timeout.
# hog: `tail /dev/zero` buffers an endless "line" and grows until the kernel kills it.
cat >"${compose}" <<'YAML'
services:
  flaky:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; touch /tmp/ok; sleep 6 & wait; rm /tmp/ok; sleep 3600 & wait"]
    mem_limit: 32m
    healthcheck:
      test: ["CMD-SHELL", "test -f /tmp/ok"]
      interval: 1s
      timeout: 1s
      retries: 1
      start_period: 1s
  hog:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "sleep 3; tail /dev/zero"]
    mem_limit: 64m
YAML

step "deploy a service with a failing health check and one that outgrows its limit"
edgectl deploy -f "${compose}" --stack "${stack}" || fail "deploy exited $?"
wait_for 60 "flaky to run" service_running "${stack}/flaky" 1 || fail "flaky does not run"
flaky_id="$(edgectl service ps "${stack}/flaky" -o json | jq -r '.[0].container_id')"

step "the engine runs the Compose healthcheck"
inspect="$(docker_api "/containers/${flaky_id}/json")"
[[ "$(jq -c .Config.Healthcheck.Test <<<"${inspect}")" == '["CMD-SHELL","test -f /tmp/ok"]' ]] ||
    fail "engine healthcheck test is $(jq -c .Config.Healthcheck.Test <<<"${inspect}")"
[[ "$(jq -r .Config.Healthcheck.Interval <<<"${inspect}")" == 1000000000 ]] ||
    fail "engine healthcheck interval is $(jq -r .Config.Healthcheck.Interval <<<"${inspect}") ns"

health_is() {
    edgectl service ps "${stack}/flaky" -o json | jq -e --arg h "$1" '.[0].health == $h'
}
wait_for 30 "flaky to be healthy" health_is healthy || fail "flaky never became healthy"
edgectl service ps "${stack}/flaky"
first_start="$(docker_api "/containers/${flaky_id}/json" | jq -r .State.StartedAt)"

step "an unhealthy replica is restarted by its agent, and that is an event"
flaky_restarted() {
    edgectl service ps "${stack}/flaky" -o json | jq -e '.[0].health_restarts >= 1'
}
wait_for 60 "flaky to be restarted" flaky_restarted || fail "flaky was not restarted"
edgectl service ps "${stack}/flaky"
[[ "$(edgectl service ps "${stack}/flaky" -o json | jq -r '.[0].container_id')" == "${flaky_id}" ]] ||
    fail "flaky was replaced by a new container; a restart keeps the container"
has_event() {
    edgectl events -o json --since 10m | jq -e --arg k "$1" --arg s "$2" \
        'any(.[]; .kind == $k and (.message | contains($s)))'
}
wait_for 20 "the restart event" has_event restart "on nuc-1 restarted: its health check failed" ||
    fail "no restart event: $(edgectl events --since 10m)"
restarted_at="$(docker_api "/containers/${flaky_id}/json" | jq -r .State.StartedAt)"
echo "ok: flaky restarted in place (started at ${restarted_at})"
# flaky's check file disappears 6 s after it starts; the rest is detection and restart.
echo "measured: health check file removed to container started again:" \
    "$(($(date -d "${restarted_at}" +%s%3N) - $(date -d "${first_start}" +%s%3N) - 6000)) ms"

step "a container over its memory limit is OOM-killed and reported with its count"
hog_killed_twice() {
    edgectl service ps "${stack}/hog" -o json | jq -e '.[0].oom_kills >= 2'
}
wait_for 90 "hog to be OOM-killed twice" hog_killed_twice || fail "hog's OOM kills were not reported"
ps_text="$(edgectl service ps "${stack}/hog")"
echo "${ps_text}"
grep -Eq 'OOM-killed [0-9]+× in [0-9]+ min \(limit 64 MiB, peak 64 MiB\)' <<<"${ps_text}" ||
    fail "service ps does not summarise the OOM kills"
wait_for 20 "the oom event" has_event oom "consider a memory limit of 96 MiB; it would still fit on nuc-1" ||
    fail "no oom event with advice: $(edgectl events --since 10m)"
edgectl events --since 10m | grep -E ' oom ' | head -n 3
# The engine's restart policy brought hog back after each kill: that is a restart event too.
wait_for 20 "the engine's restart event" has_event restart "hog.0 on nuc-1 restarted by the engine" ||
    fail "no restart event for the engine's restart: $(edgectl events --since 10m)"
edgectl service ps "${stack}/hog" | grep -q 'restarted [0-9]*× by the engine' ||
    fail "service ps does not show the engine's restarts: $(edgectl service ps "${stack}/hog")"
first_kill_ms="$(edgectl service ps "${stack}/hog" -o json | jq '.[0].oom_times_ms | min')"
first_event_ms="$(edgectl events -o json --since 10m | jq '[.[] | select(.kind == "oom") | .time_ms] | min')"
echo "measured: first OOM kill (kernel, via the engine) to its hub event: $((first_event_ms - first_kill_ms)) ms"

step "the OOM kill and the restart were posted to the webhook"
webhook_got() {
    jq -se --arg p "$1" --arg t "$2" 'any(.[]; .path == $p and (.title | contains($t)))' \
        "${receiver_log}"
}
wait_for 30 "the oom webhook" webhook_got /ntfy "edgeorch oom: ${stack}/hog" ||
    fail "no oom post (receiver $(receiver_ready && echo alive || echo dead)):" \
        "$(cat "${receiver_log}"); hub: $(grep -i webhook "${E2E_WORK}/hub/hub.log" | tail -n 5)"
webhook_got /ntfy "edgeorch restart: ${stack}/flaky" >/dev/null || fail "no restart post"
jq -se 'any(.[]; .path == "/fail" and (.body | fromjson | .text | contains("OOM-killed")))' \
    "${receiver_log}" >/dev/null || fail "the failing slack webhook was never tried"
jq -r 'select(.path == "/ntfy") | "\(.title): \(.body)"' "${receiver_log}" | head -n 5

step "node down and up are events, posted to the webhook too"
stop_agent "${E2E_WORK}" nuc-1
wait_for 60 "the node-down event" has_event node "unreachable" ||
    fail "no node event for the stopped agent: $(edgectl events --since 10m)"
start_agent "${E2E_WORK}" "${E2E_BROKER}" nuc-1 "${E2E_SOCKET}" --memory 4GiB --storage ssd
wait_for 60 "the node to be ready again" nodes_ready 1 || fail "the node did not come back"
edgectl events --since 10m | grep -E ' node ' | tail -n 4
wait_for 20 "the node webhooks" webhook_got /ntfy "edgeorch node: nuc-1" ||
    fail "no node post: $(cat "${receiver_log}")"
jq -se '[.[] | select(.path == "/ntfy" and (.title | contains("node")) and (.body | contains("unreachable")))] | length >= 1' \
    "${receiver_log}" >/dev/null || fail "no node-down post"

step "remove the stack"
edgectl stack rm "${stack}" || fail "stack rm exited $?"
no_labelled_containers() {
    [[ "$(containers_labelled edgeorch.node | jq length)" == 0 ]]
}
wait_for 60 "the containers to be removed" no_labelled_containers || fail "containers remain"
echo "PASS: e2e_day2_health_oom"
