#!/usr/bin/env bash
# `edgectl logs` on real parts: two agents on a private dockerd run a service whose replicas
# print a line every 0.2 s (stdout and stderr). The test reads them one-shot with --tail and
# --since, follows them with -f, and checks that lines carry replica@node prefixes, that Ctrl-C
# stops the agents' engine requests at once, that a killed edgectl's session ends when its
# lease runs out, that nothing is streamed while nobody watches, and that malformed log
# messages are dropped and logged without harm.
# Usage: e2e_logs.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"

readonly stack=logdemo
readonly prefix=edgeorch

# The networks of this test come from a pool of their own, so bridges left on the host by other
# runs cannot exhaust the engine's default pools.
export EDGE_DOCKERD_ARGS="${EDGE_DOCKERD_ARGS:---default-address-pool base=10.213.0.0/16,size=24}"
e2e_start_core
e2e_start_agent nuc-1 --memory 4GiB --storage ssd
e2e_start_agent nuc-2 --memory 4GiB --storage ssd
wait_for 60 "the nodes to be ready" nodes_ready 2 || fail "the nodes did not become ready"
broker_port="${E2E_BROKER##*:}"

compose="${E2E_WORK}/compose.yaml"
# sh as PID 1 ignores SIGTERM, so it traps it to stop at once. Each stdout line carries the
# kernel's uptime (shared by every container and the host) to measure the lines' latency.
# The script writes $$ for the shell's $, as every compose file must: edgectl interpolates $NAME.
cat >"${compose}" <<'YAML'
services:
  ticker:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; i=0; while true; do i=$$((i+1)); read up idle </proc/uptime; echo \"tick $$i at $$up\"; echo \"warn $$i\" >&2; sleep 0.2; done"]
    mem_limit: 16m
    deploy:
      replicas: 2
YAML

step "deploy a service whose two replicas print a line every 0.2 s"
edgectl deploy -f "${compose}" --stack "${stack}" || fail "deploy exited $?"
wait_for 60 "ticker to run" service_running "${stack}/ticker" 2 || fail "ticker does not run"
edgectl service ps "${stack}/ticker"
mapfile -t prefixes < <(edgectl service ps "${stack}/ticker" -o json |
    jq -r '.[] | "ticker.\(.replica)@\(.node) | "')
[[ ${#prefixes[@]} -eq 2 ]] || fail "expected two replicas, got ${#prefixes[@]}"
sleep 2

agent_log_count() { grep -c "$1" "${E2E_WORK}/agent-nuc-1.log" "${E2E_WORK}/agent-nuc-2.log" | awk -F: '{n += $2} END {print n}'; }

step "nothing is streamed while nobody watches"
quiet="$(timeout 2 mosquitto_sub -p "${broker_port}" -t "${prefix}/nodes/+/log" -v || true)"
[[ -z "${quiet}" ]] || fail "log batches flowed with nobody watching: ${quiet}"
[[ "$(agent_log_count 'log session')" -eq 0 ]] || fail "a log session exists before any request"

step "edgectl logs --tail 3 prints the last 3 lines of each replica, prefixed, and exits"
started_ms="$(date +%s%3N)"
tail_out="$(edgectl logs "${stack}/ticker" --tail 3 2>&1)" || fail "logs --tail exited $?: ${tail_out}"
echo "measured: one-shot logs of 2 replicas on 2 nodes: $(($(date +%s%3N) - started_ms)) ms"
echo "${tail_out}"
for p in "${prefixes[@]}"; do
    count="$(grep -cF -- "${p}" <<<"${tail_out}" || true)"
    [[ "${count}" -eq 3 ]] || fail "expected 3 lines starting '${p}', got ${count}"
done
# stderr lines go to edgectl's stderr.
err_only="$(edgectl logs "${stack}/ticker" --tail 6 2>&1 >/dev/null)"
grep -Eq '^ticker\.[0-9]+@nuc-[12] \| warn [0-9]+$' <<<"${err_only}" ||
    fail "no stderr line on edgectl's stderr: ${err_only}"
! grep -q ' | tick' <<<"${err_only}" || fail "stdout lines on edgectl's stderr"

step "--since limits the lines to a recent window"
all_lines="$(edgectl logs ticker 2>&1 | wc -l)"
recent_lines="$(edgectl logs ticker --since 2s 2>&1 | wc -l)"
echo "all: ${all_lines} lines; --since 2s: ${recent_lines} lines"
[[ "${recent_lines}" -gt 0 && "${recent_lines}" -lt "${all_lines}" ]] ||
    fail "--since 2s gave ${recent_lines} of ${all_lines} lines"

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$(cat "${E2E_WORK}/agent-nuc-1.pid")/status"; }
threads() { awk '/^Threads/ {print $2}' "/proc/$(cat "${E2E_WORK}/agent-nuc-1.pid")/status"; }
rss_idle="$(rss_kib)"
threads_idle="$(threads)"

step "edgectl logs -f follows both replicas until Ctrl-C"
follow_out="${E2E_WORK}/follow.out"
# Each line edgectl prints is stamped with the uptime at which it arrived.
stamp() { local line up idle; while IFS= read -r line; do read -r up idle </proc/uptime; echo "${line} seen ${up}"; done; }
"${EDGECTL_BIN}" --broker "${E2E_BROKER}" logs "${stack}/ticker" -f --tail 0 \
    > >(stamp >"${follow_out}") 2>"${E2E_WORK}/follow.err" &
follow_pid=$!
sleep 4
kill -0 "${follow_pid}" || fail "edgectl logs -f exited early: $(cat "${E2E_WORK}/follow.err")"
for p in "${prefixes[@]}"; do
    count="$(grep -cF -- "${p}tick" "${follow_out}" || true)"
    # 4 s at 5 lines a second, less the session's start.
    [[ "${count}" -ge 8 ]] || fail "followed only ${count} lines of '${p}'"
    # Lines arrive in order: the tick numbers of one replica only grow.
    grep -F -- "${p}tick" "${follow_out}" | awk '{print $4}' | sort -n -c ||
        fail "lines of ${p} out of order"
done
echo "followed $(wc -l <"${follow_out}") stdout lines in 4 s"
# "ticker.0@nuc-1 | tick 12 at 1234.56 seen 1234.80": printed at $6, shown at $8.
awk '$5 == "at" && $7 == "seen" {print int(($8 - $6) * 1000)}' "${follow_out}" | sort -n |
    awk '{v[NR] = $1} END {printf "measured: container print -> edgectl output: median %d ms, max %d ms over %d lines (uptime has 10 ms steps)\n", v[int((NR + 1) / 2)], v[NR], NR}'
echo "measured: agent nuc-1 RSS idle ${rss_idle} KiB, while following $(rss_kib) KiB;" \
    "threads ${threads_idle} -> $(threads)"
grep -q 'warn' "${E2E_WORK}/follow.err" || fail "no stderr lines while following"
stop_ms="$(date +%s%3N)"
kill -INT "${follow_pid}"
wait "${follow_pid}" || fail "edgectl logs -f exited $? after Ctrl-C"
ended_by_stop() { [[ "$(agent_log_count 'ended: stopped')" -ge 2 ]]; }
wait_for 10 "both agents to end the stopped session" ended_by_stop ||
    fail "the agents did not stop streaming: $(grep 'log session' "${E2E_WORK}"/agent-*.log)"
echo "measured: Ctrl-C to both agents' streams closed: $(($(date +%s%3N) - stop_ms)) ms (polled)"
after="$(timeout 3 mosquitto_sub -p "${broker_port}" -t "${prefix}/nodes/+/log" -v || true)"
[[ -z "${after}" ]] || fail "log batches still flow after edgectl exited: ${after}"
[[ "$(threads)" -eq "${threads_idle}" ]] || fail "the agent kept $(threads) threads (idle: ${threads_idle})"

step "a killed edgectl's session ends when its lease runs out"
"${EDGECTL_BIN}" --broker "${E2E_BROKER}" logs ticker -f --tail 1 >/dev/null 2>&1 &
killed_pid=$!
sleep 2
kill -KILL "${killed_pid}"
wait "${killed_pid}" 2>/dev/null || true
kill_ms="$(date +%s%3N)"
ended_by_lease() { [[ "$(agent_log_count 'ended: stopped\|ended: lease expired')" -ge 4 ]]; }
wait_for 30 "the agents to end the orphaned session" ended_by_lease ||
    fail "the orphaned session kept streaming: $(grep 'log session' "${E2E_WORK}"/agent-*.log)"
echo "measured: edgectl killed to both streams closed: $(($(date +%s%3N) - kill_ms)) ms (lease 10 s)"
after="$(timeout 3 mosquitto_sub -p "${broker_port}" -t "${prefix}/nodes/+/log" -v || true)"
[[ -z "${after}" ]] || fail "log batches still flow after the lease ran out: ${after}"

step "malformed log messages are dropped, logged, and harm nothing"
# Sent with the identities allowed on those topics (the hub's, and nuc-2's own), since the
# broker refuses anyone else: what is tested is what the receivers do with bad content.
as_hub=(-u "$(. "${EDGE_BROKER_SETUP}/hub.env" && echo "${EDGE_HUB_USERNAME}")"
    -P "$(. "${EDGE_BROKER_SETUP}/hub.env" && echo "${EDGE_HUB_PASSWORD}")")
as_nuc2=(-u "$(jq -r .username "${E2E_WORK}/agent-nuc-2/credentials.json")"
    -P "$(jq -r .password "${E2E_WORK}/agent-nuc-2/credentials.json")")
mosquitto_pub -p "${broker_port}" "${as_hub[@]}" -t "${prefix}/nodes/nuc-1/logs" -m 'not json'
mosquitto_pub -p "${broker_port}" "${as_hub[@]}" -t "${prefix}/nodes/nuc-1/logs" \
    -m '{"v":1,"op":"start","session":"../../#","stack":"x","service":"y","replicas":[1],"lease_ms":5000}'
mosquitto_pub -p "${broker_port}" "${as_nuc2[@]}" -t "${prefix}/nodes/nuc-2/log" \
    -m '{"v":1,"session":"0000000000000000","node":"nuc-2","lines":[]}'
agent_dropped() { grep -q "dropped message on ${prefix}/nodes/nuc-1/logs" "${E2E_WORK}/agent-nuc-1.log"; }
wait_for 10 "the agent to log the bad commands" agent_dropped || fail "the agent did not log them"
has_rejection() {
    edgectl events -o json --since 10m |
        jq -e 'any(.[]; .kind == "rejected" and (.message | contains("no open log session")))'
}
wait_for 10 "the hub's rejected event" has_rejection || fail "no rejected event for the bad batch"
tail_again="$(edgectl logs ticker --tail 1 2>&1)" || fail "logs failed after bad input: ${tail_again}"
[[ "$(wc -l <<<"${tail_again}")" -eq 2 ]] || fail "expected one line per replica: ${tail_again}"

step "a node that does not answer is named after the timeout"
agent2_pid="$(cat "${E2E_WORK}/agent-nuc-2.pid")"
kill -STOP "${agent2_pid}"
started_ms="$(date +%s%3N)"
if out="$("${EDGECTL_BIN}" --broker "${E2E_BROKER}" --timeout 3s logs ticker --tail 1 2>&1)"; then
    kill -CONT "${agent2_pid}"
    fail "logs succeeded with nuc-2 frozen: ${out}"
fi
kill -CONT "${agent2_pid}"
echo "${out}"
grep -q '^ticker\.[0-9]*@nuc-1 | ' <<<"${out}" || fail "nuc-1's line is missing: ${out}"
grep -q 'no answer from node(s): nuc-2$' <<<"${out}" || fail "nuc-2 is not named: ${out}"
echo "measured: gave up on the frozen node after $(($(date +%s%3N) - started_ms)) ms (--timeout 3s)"

step "a service with no such name is a clear error"
if out="$(edgectl logs nosuch 2>&1)"; then fail "logs of a missing service succeeded"; fi
grep -q 'no service named "nosuch"' <<<"${out}" || fail "unexpected error: ${out}"

echo "PASS: e2e_logs"
