#!/usr/bin/env bash
# Jobs on real parts (docs/jobs.md), on the broker `edge-hub init` sets up: a one-off job that
# succeeds, with its output kept on the hub; one that fails and is retried once; one stopped at
# its deadline; a global job that runs once on each node; `edgectl job run` waiting for a run;
# and a job scheduled every minute whose hub is killed with -9 between storing an occurrence and
# starting it (the test watches the hub's database), while a sampler watches dockerd: no attempt
# ever has two containers, and no occurrence has two runs.
# Usage: e2e_jobs.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"

readonly stack=nightly

# run_field JOB FIELD: FIELD of the job's newest run ("" when it has none).
run_field() {
    edgectl job runs "${stack}/$1" -o json | jq -r --arg f "$2" '.runs[0][$f] // "" | tostring'
}

run_ended() {
    local state
    state="$(run_field "$1" state)"
    [[ "${state}" == succeeded || "${state}" == failed || "${state}" == missed ]]
}

expect_run() {
    local job="$1" state="$2" attempts="$3" run
    wait_for 60 "${job}'s run to end" run_ended "${job}" || fail "${job}: the run did not end"
    run="$(edgectl job runs "${stack}/${job}" -o json | jq -c '.runs[0]')"
    [[ "$(jq -r .state <<<"${run}")" == "${state}" ]] || fail "${job}: run ${run}, want ${state}"
    [[ "$(jq -r .attempts <<<"${run}")" == "${attempts}" ]] ||
        fail "${job}: run ${run}, want ${attempts} attempt(s)"
    echo "ok: ${job}: ${state} after ${attempts} attempt(s): ${run}"
}

no_containers_of() {
    [[ "$(containers_labelled "edgeorch.service=$1" | jq length)" == 0 ]]
}

# Samples dockerd every 0.2 s until told to stop: running job containers by spec hash (an
# attempt's hash names its run and attempt). Writes a line per duplicate to its file.
sample_engine() {
    local out="$1"
    : >"${out}"
    while [[ ! -e "${E2E_WORK}/stop-sampler" ]]; do
        docker_api "/containers/json?filters=$(jq -rn '{label: ["edgeorch.service=tick"]} | @uri')" |
            jq -r '[.[] | .Labels["edgeorch.spec-hash"]] | group_by(.) | .[] |
                   select(length > 1) | "\(.[0]) runs \(length) times"' >>"${out}" 2>/dev/null || true
        sleep 0.2
    done
}

e2e_after_cleanup() {
    touch "${E2E_WORK}/stop-sampler"
}

e2e_start_core
e2e_start_agent pi-1 --memory 2GiB --arch arm64 --storage sd --model "Raspberry Pi 4 Model B"
e2e_start_agent nuc-1 --memory 16GiB --storage ssd
wait_for 60 "both nodes to be ready" nodes_ready 2 || fail "the nodes did not become ready"

step "a stack of jobs"
cat >"${E2E_WORK}/compose.yaml" <<'YAML'
services:
  dump:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "echo dumping; echo 42 rows written; exit 0"]
    deploy:
      mode: replicated-job
      resources: {limits: {memory: 32m}}
  flaky:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "echo cannot reach the database >&2; exit 3"]
    deploy:
      mode: replicated-job
      restart_policy: {condition: on-failure, max_attempts: 1, delay: 1s}
      resources: {limits: {memory: 32m}}
  slow:
    image: edgeorch/busybox:latest
    command: ["sleep", "300"]
    deploy:
      mode: replicated-job
      resources: {limits: {memory: 32m}}
    x-edge: {deadline: 3s}
  everywhere:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "echo cleaned"]
    deploy:
      mode: global-job
      resources: {limits: {memory: 32m}}
  tick:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "echo tick; sleep 4"]
    deploy:
      resources: {limits: {memory: 32m}}
    x-edge: {schedule: "* * * * *", timezone: Etc/UTC, starting-deadline: 30s}
YAML
edgectl deploy -f "${E2E_WORK}/compose.yaml" --stack "${stack}" >/dev/null
note_stack_bridges "${stack}"

expect_run dump succeeded 1
[[ "$(run_field dump exit_code)" == 0 ]] || fail "dump: exit code $(run_field dump exit_code)"
logs="$(edgectl job logs "$(run_field dump id)")"
[[ "${logs}" == *"42 rows written"* ]] || fail "dump: job logs printed: ${logs}"
echo "ok: dump's output is kept on the hub: ${logs//$'\n'/ | }"
wait_for 20 "dump's container to be removed" no_containers_of dump ||
    fail "dump: the exited container was not removed"

expect_run flaky failed 2
[[ "$(run_field flaky exit_code)" == 3 ]] || fail "flaky: exit code $(run_field flaky exit_code)"
[[ "$(edgectl job logs "$(run_field flaky id)")" == *"cannot reach the database"* ]] ||
    fail "flaky: stderr is not in the kept output"

expect_run slow failed 1
[[ "$(run_field slow reason)" == deadline ]] || fail "slow: reason $(run_field slow reason)"
wait_for 20 "slow's container to be removed" no_containers_of slow ||
    fail "slow: the container was not stopped at the deadline"

expect_run everywhere succeeded 1
[[ "$(edgectl job runs "${stack}/everywhere" -o json | jq -c '.runs[0].nodes | sort')" == '["nuc-1","pi-1"]' ]] ||
    fail "everywhere: ran on $(edgectl job runs "${stack}/everywhere" -o json | jq -c '.runs[0].nodes')"
echo "ok: the global job ran once on each node"

step "edgectl job run waits for the run and prints its output"
output="$(edgectl job run "${stack}/dump")" || fail "job run failed: ${output}"
[[ "${output}" == *"42 rows written"* ]] || fail "job run printed: ${output}"
[[ "$(edgectl job runs "${stack}/dump" -o json | jq '.runs | length')" == 2 ]] ||
    fail "dump should have 2 runs"
if edgectl job run "${stack}/flaky" >/dev/null 2>&1; then fail "job run of flaky exited 0"; fi
echo "ok: job run exits 0 for a success and non-zero for a failure"

step "a minutely schedule, with the hub killed -9 between storing an occurrence and starting it"
sample_engine "${E2E_WORK}/duplicates" &
sampler=$!
# Kill the hub between storing the next occurrence and starting it: watch its database from
# the minute on, and kill -9 the hub the moment the run is there (stored planned; the hub
# starts it on its next tick, 250 ms later).
now_ns="$(date +%s%N)"
minute_ns=$(((now_ns / 60000000000 + 1) * 60000000000))
occurrence_ms=$((minute_ns / 1000000))
caught="$(/usr/bin/python3 - "${E2E_WORK}/hub/hub.db" "${occurrence_ms}" \
    "$(cat "${E2E_WORK}/hub/hub.pid")" <<'PY'
import os, signal, sqlite3, sys, time
database, occurrence, hub = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
time.sleep(max(0, occurrence / 1000 - time.time() - 0.5))
db = sqlite3.connect(database, timeout=5)
deadline = time.time() + 20
while time.time() < deadline:
    row = db.execute("SELECT state FROM job_runs WHERE service = 'tick' AND occurrence_ms = ?",
                     (occurrence,)).fetchone()
    if row:
        os.kill(hub, signal.SIGKILL)
        print(row[0])
        sys.exit(0)
    time.sleep(0.002)
print("never stored")
PY
)"
echo "hub killed at $(date +%T.%N | cut -c1-12) with the occurrence's run ${caught}"
[[ "${caught}" == planned ]] || fail "the hub was not killed between storing and starting: ${caught}"
sleep 2
start_hub "${E2E_WORK}/hub" "${E2E_BROKER}"
wait_for 30 "the hub to answer" edgectl node ls >/dev/null || fail "the hub did not come back"
found="$(edgectl job runs "${stack}/tick" -o json |
    jq -c --argjson o "${occurrence_ms}" '[.runs[] | select(.occurrence_ms == $o) | {state, attempts}]')"
echo "the occurrence as the restarted hub found it: ${found}"
ticked() {
    edgectl job runs "${stack}/tick" -o json |
        jq -e --argjson o "${occurrence_ms}" \
            '[.runs[] | select(.occurrence_ms == $o and .state == "succeeded")] | length == 1' \
            >/dev/null
}
wait_for 40 "the occurrence to run" ticked ||
    fail "tick: runs $(edgectl job runs "${stack}/tick" -o json | jq -c '[.runs[] | {occurrence_ms, state, attempts, reason}]')"
sleep 5  # long enough for a second container of the run, were there one, to show
touch "${E2E_WORK}/stop-sampler"
wait "${sampler}"
runs="$(edgectl job runs "${stack}/tick" -o json)"
[[ "$(jq '[.runs[].occurrence_ms] | length == (unique | length)' <<<"${runs}")" == true ]] ||
    fail "an occurrence has two runs: $(jq -c '[.runs[] | {id, occurrence_ms, state}]' <<<"${runs}")"
[[ ! -s "${E2E_WORK}/duplicates" ]] || fail "a job container ran twice: $(sort -u "${E2E_WORK}/duplicates")"
echo "ok: $(jq '.runs | length' <<<"${runs}") scheduled run(s), one per occurrence, none ran twice:" \
    "$(jq -c '[.runs[] | {occurrence_ms, state, attempts}]' <<<"${runs}")"
listing="$(edgectl job ls)"
echo "${listing}"
[[ "${listing}" == *"tick"*"* * * * *"* ]] || fail "job ls does not show the schedule"

step "removing the stack removes its jobs and their containers"
edgectl stack rm "${stack}" >/dev/null
no_labelled_stack() { [[ "$(containers_labelled "edgeorch.stack=${stack}" | jq length)" == 0 ]]; }
wait_for 30 "the job containers to go" no_labelled_stack || fail "job containers remain"
no_jobs() { [[ "$(edgectl job ls -o json | jq '.jobs | length')" == 0 ]]; }
wait_for 10 "the jobs to go" no_jobs || fail "jobs remain after stack rm: $(edgectl job ls)"
echo "PASS: e2e_jobs"
