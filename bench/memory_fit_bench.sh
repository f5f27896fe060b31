#!/usr/bin/env bash
# How much more fits on a 4 GiB Pi once limits are learned (docs/memory.md). Two nodes that
# each claim the RAM of a 4 GiB Pi 4 (3.75 GiB allocatable) run the same mixed stack of nine
# services that state no memory limit:
#   - on pi-fixed with `x-edge: {memory: fixed}`: 256 MiB each, as before learned limits;
#   - on pi-auto with the shipped default (auto): provisional 256 MiB, raised after an OOM kill,
#     and, after the observation window (30 s here instead of 24 h), the learned limits, taken
#     by a second deploy of the same file.
# The services' working sets are SYNTHETIC, chosen to span small daemons to one app that needs
# more than the old default (8, 16, 24, 40, 40, 64, 96, 128 and 300 MiB, held by `dd`): they are
# not measurements of real apps. The script measures what the hub reserves for them, and counts
# the OOM kills each way. Real parts: a private dockerd, Mosquitto, edge-hub, two edge-agents.
# Usage: sudo bench/memory_fit_bench.sh [BUILD_DIR]      (default build; about two minutes)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${1:-build}"
[[ "${build_dir}" == /* ]] || build_dir="${repo_root}/${build_dir}"
if [[ ${EUID} -ne 0 ]]; then
    echo "memory_fit_bench.sh: needs root (it starts its own dockerd)" >&2
    exit 1
fi
export EDGE_HUB_BIN="${build_dir}/hub/edge-hub"
export EDGE_AGENT_BIN="${build_dir}/agent/edge-agent"
edgectl_bin="${build_dir}/edgectl/edgectl"
# shellcheck source=scripts/lib/cluster.sh
source "${repo_root}/scripts/lib/cluster.sh"

work="$(mktemp -d /tmp/edge-bench.XXXXXX)"
nodes=(pi-fixed pi-auto)
cleanup() {
    set +e
    local node
    for node in "${nodes[@]}"; do stop_agent "${work}" "${node}"; done
    stop_hub "${work}/hub"
    stop_mosquitto "${work}/mosquitto"
    stop_dockerd "${work}/docker"
    rm -rf "${work}"
}
trap cleanup EXIT

readonly MiB=$((1024 * 1024))
readonly working_sets=(8 16 24 40 40 64 96 128 300)
edgectl() { "${edgectl_bin}" --broker "${broker}" "$@"; }

# compose NODE MODE: the stack, pinned to NODE, with `x-edge: {memory: MODE}` (or none).
compose() {
    local node="$1" mode="$2" i=0 mib
    echo "services:"
    for mib in "${working_sets[@]}"; do
        i=$((i + 1))
        cat <<YAML
  s${i}:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; dd if=/dev/zero of=/dev/null bs=${mib}M count=1 || exit 1; sleep 3600 & wait"]
    deploy: {placement: {constraints: [node.hostname == ${node}]}}
YAML
        if [[ -n "${mode}" ]]; then echo "    x-edge: {memory: ${mode}}"; fi
    done
}
all_ready() {
    edgectl node ls -o json | jq -e 'length == 2 and all(.[]; .state == "ready")'
}
# all_running STACK: every replica runs the spec the hub wants (no rollout left).
all_running() {
    edgectl service ls -o json | jq -e --arg s "$1" \
        '[.[] | select(.stack == $s)] | length == 9 and all(.[]; .running == .desired and
          ((.rollout.phase // "completed") == "completed"))' >/dev/null
}
reserved() {
    edgectl node ls -o json | jq --arg n "$1" '.[] | select(.name == $n) | .reserved'
}
allocatable() {
    edgectl node ls -o json | jq --arg n "$1" '.[] | select(.name == $n) | .allocatable'
}
oom_kills() {
    edgectl events --limit 10000 -o json |
        jq --arg s "$1" '[.[] | select(.kind == "oom" and (.subject | startswith($s + "/")))] | length'
}
learned_everything() {
    edgectl service ls -o json |
        jq -e '[.[] | select(.stack == "auto")] | all(.[]; .memory_recommendation > 0)' >/dev/null
}

start_dockerd "${work}/docker"
socket="$(dockerd_socket "${work}/docker")"
"${repo_root}/images/test-busybox/build.sh" "${socket}" >/dev/null
port="$(free_port)"
broker="mqtt://127.0.0.1:${port}"
secure_broker_setup "${work}/broker" "${port}"
start_mosquitto "${work}/mosquitto" "${port}"
start_hub "${work}/hub" "${broker}" --memory-observation 30s
for node in "${nodes[@]}"; do
    join_agent "${work}" "${broker}" "${node}" "${edgectl_bin}"
    start_agent "${work}" "${broker}" "${node}" "${socket}" --memory 4GiB --storage sd \
        --model "Raspberry Pi 4 Model B" --arch arm64
done
wait_for 60 "two ready nodes" all_ready

compose pi-fixed fixed >"${work}/fixed.yaml"
compose pi-auto "" >"${work}/auto.yaml"
edgectl deploy --detach -f "${work}/fixed.yaml" --stack fixed >/dev/null
edgectl deploy --detach -f "${work}/auto.yaml" --stack auto >/dev/null
wait_for 120 "the auto stack to run" all_running auto
wait_for 120 "a recommendation for every auto service" learned_everything
# The learned limits are taken at the next deploy (a rolling update per update_config).
edgectl deploy --detach -f "${work}/auto.yaml" --stack auto >/dev/null
sleep 2
wait_for 180 "the auto stack to run at its learned limits" all_running auto

edgectl service ls
echo
allocatable_bytes="$(allocatable pi-auto)"
fixed_bytes="$(reserved pi-fixed)"
auto_bytes="$(reserved pi-auto)"
fixed_running="$(edgectl service ls -o json | jq '[.[] | select(.stack == "fixed" and .running == .desired)] | length')"
echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`sudo bench/memory_fit_bench.sh\`" \
    "(edgeorch $(git -C "${repo_root}" rev-parse --short HEAD))"
echo
echo "| nine services that state no limit (working sets 8-300 MiB) | fixed 256 MiB | auto, learned |"
echo "|---|---|---|"
echo "| memory reserved | $((fixed_bytes / MiB)) MiB | $((auto_bytes / MiB)) MiB |"
echo "| services running (not OOM-looping) at the end | ${fixed_running}/9 | 9/9 |"
echo "| \"oom\" events (each one or more kills) | $(oom_kills fixed) | $(oom_kills auto) |"
echo "| copies of the stack a 4 GiB Pi holds ($((allocatable_bytes / MiB)) MiB allocatable) |" \
    "$((allocatable_bytes / fixed_bytes)) | $((allocatable_bytes / auto_bytes)) |"
