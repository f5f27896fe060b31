#!/usr/bin/env bash
# What the HTTP API costs an idle hub: its RSS, PSS and private memory after it has settled,
# without --http-listen and with it (over TLS, as `edge-hub init` sets it up, after 50 API calls),
# on the broker configuration edgeorch ships. Prints Markdown table rows:
# figure | median | min | max | runs | goal.
# Usage: bench/hub_api_rss.sh   (needs no root)
set -euo pipefail

# shellcheck source=bench/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

hub_pid() { cat "${BENCH_WORK}/hub/hub.pid"; }

# measure [HUB ARGS...]: a fresh broker and hub; writes "RSS PSS PRIVATE" (MiB) once settled to
# ${BENCH_WORK}/measured.
measure() {
    start_control_plane "$@"
    wait_for 20 "the hub to answer" edgectl node ls >/dev/null
    if [[ $# -gt 0 ]]; then
        local token
        token="$(edgectl token create --name bench --read-only -o json | jq -r .token)"
        for _ in $(seq 1 50); do
            curl -s -o /dev/null --cacert "${BENCH_WORK}/broker/tls/ca.crt" \
                -H "Authorization: Bearer ${token}" "https://127.0.0.1:${API_PORT}/api/v1/nodes"
        done
    fi
    # Past the first backup and the worker's malloc_trim after the burst.
    sleep 5
    echo "$(rss_mib "$(hub_pid)") $(pss_mib "$(hub_pid)") $(anon_mib "$(hub_pid)")" \
        >"${BENCH_WORK}/measured"
    stop_hub "${BENCH_WORK}/hub"
    stop_mosquitto "${BENCH_WORK}/mosquitto"
    rm -rf "${BENCH_WORK}/hub" "${BENCH_WORK}/mosquitto" "${BENCH_WORK}/broker"
}

declare -a rss_off=() rss_on=() pss_off=() pss_on=() anon_off=() anon_on=() growth=()
for _ in $(seq 1 "${BENCH_RUNS}"); do
    measure
    read -r rss pss anon <"${BENCH_WORK}/measured"
    rss_off+=("${rss}") pss_off+=("${pss}") anon_off+=("${anon}")
    API_PORT="$(free_port)"
    measure --http-listen "127.0.0.1:${API_PORT}"
    read -r rss pss anon <"${BENCH_WORK}/measured"
    rss_on+=("${rss}") pss_on+=("${pss}") anon_on+=("${anon}")
    growth+=("$(awk -v a="${rss}" -v b="${rss_off[-1]}" 'BEGIN {printf "%.2f\n", a - b}')")
done
row "idle hub RSS without the HTTP API (MiB)" "" "${rss_off[@]}"
row "idle hub RSS with the HTTP API, TLS, after 50 calls (MiB)" "" "${rss_on[@]}"
row "idle hub: RSS the HTTP API adds (MiB)" "<= 4" "${growth[@]}"
row "idle hub PSS without the API (MiB)" "" "${pss_off[@]}"
row "idle hub PSS with the API (MiB)" "" "${pss_on[@]}"
row "idle hub private memory without the API (MiB)" "" "${anon_off[@]}"
row "idle hub private memory with the API (MiB)" "" "${anon_on[@]}"
echo "command: bench/hub_api_rss.sh (BENCH_RUNS=${BENCH_RUNS})" >&2
