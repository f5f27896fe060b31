#!/usr/bin/env bash
# The web UI in a real browser (headless Chromium from Debian, driven by python3-selenium and
# chromium-driver) against a real hub, broker, agent and dockerd: tests/browser/web_ui_check.py
# logs in, sees a compose error at its line, deploys by pasting compose text and a .env and sees
# it converge, follows its logs live, sees the events arrive live, drains the node from its card
# and logs out; logs in again as edgectl with its password, makes a token and a join command.
# Screenshots of each screen land in web-ui-screenshots/ in the directory the test runs in (the
# build's tests/ under ctest).
# Debian's own python3, which has python3-selenium (another python3 may come first on PATH).
# Usage: e2e_web_ui.sh EDGE_HUB EDGE_AGENT EDGECTL   (run as root; exits 77 otherwise)
set -euo pipefail

# shellcheck source=tests/e2e_common.sh
source "$(dirname "$0")/e2e_common.sh" "$@"

for tool in chromium chromedriver /usr/bin/python3; do
    command -v "${tool}" >/dev/null || fail "${tool} is not installed; run scripts/install-deps.sh"
done
screenshots="${EDGE_UI_SCREENSHOTS:-${PWD}/web-ui-screenshots}"
http_port="$(free_port)"

no_labelled_containers() {
    [[ "$(containers_labelled edgeorch.node | jq length)" == 0 ]]
}

e2e_start_core --http-listen "127.0.0.1:${http_port}"
e2e_start_agent nuc-1 --memory 8GiB --storage ssd
wait_for 60 "the node to be ready" nodes_ready 1 || fail "the node did not become ready"
token="$(edgectl token create --name ui -o json | jq -r .token)"

step "the dashboard in headless Chromium"
/usr/bin/python3 "${E2E_REPO_ROOT}/tests/browser/web_ui_check.py" "https://127.0.0.1:${http_port}/" \
    "${token}" "${EDGE_PASSWORD}" nuc-1 "${screenshots}" ||
    fail "the browser check failed (screenshots in ${screenshots})"
note_stack_bridges
echo "ok: screenshots in ${screenshots}: $(cd "${screenshots}" && echo *.png)"

edgectl stack rm webui >/dev/null
wait_for 60 "the containers to be removed" no_labelled_containers ||
    fail "containers left: $(containers_labelled edgeorch.node | jq -c '[.[].Names]')"
