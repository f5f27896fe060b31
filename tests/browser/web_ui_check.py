#!/usr/bin/env python3
"""The web UI in headless Chromium against a running hub (tests/e2e_web_ui.sh starts it).

Logs in with an API token, checks the cluster screen shows the node, labels it from its card,
sees a compose error at its line, deploys a stack by pasting compose text and a .env, with a
file it binds picked beside it, and sees it converge, follows the service's live logs, sees its job's run succeed and reads the run's output
on the jobs screen, sees its deploy event arrive on the live events screen, drains the node and
sees its card change, then logs out. Then logs in as edgectl with its password (a wrong one
first), creates a read-only token on the tokens screen, gets a join command for a new node, and
logs out. Saves a screenshot of each screen in SCREENSHOT_DIR.

Usage: web_ui_check.py URL TOKEN PASSWORD NODE SCREENSHOT_DIR
"""
import os
import sys

from headless_chromium import start_chromium
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import WebDriverWait

GOOD_COMPOSE = """services:
  web:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; i=0; while true; do i=$$((i+1)); echo $${GREETING} $$(cat /etc/motd.txt) $$i; sleep 1 & wait; done"]
    environment:
      GREETING: ${GREETING}
    volumes:
      - ./motd.txt:/etc/motd.txt
    mem_limit: 32m
  report:
    image: edgeorch/busybox:latest
    command: ["sh", "-c", "echo report done"]
    mem_limit: 32m
    deploy:
      mode: replicated-job
"""
BAD_COMPOSE = """services:
  web:
    image: edgeorch/busybox:latest
    mem_limit: lots
"""


def main(url, token, password, node, shots):
    os.makedirs(shots, exist_ok=True)
    browser = start_chromium()
    # The cluster and stacks screens redraw every 2 s, so an element found a moment ago may be
    # gone: the waits look again rather than fail.
    wait = WebDriverWait(browser, 60, ignored_exceptions=(StaleElementReferenceException,))
    click = lambda selector: wait.until(
        lambda b: b.find_element(By.CSS_SELECTOR, selector).click() or True)
    step = lambda text: print(f"ok: {text}", flush=True)
    try:
        browser.get(url)
        wait.until(seen.visibility_of_element_located((By.ID, "token")))
        assert not browser.find_element(By.ID, "nav").is_displayed(), "the menu shows before login"
        browser.save_screenshot(os.path.join(shots, "login.png"))
        browser.find_element(By.ID, "token").send_keys("edge_" + "0" * 64)
        browser.find_element(By.CSS_SELECTOR, "#login-form button").click()
        wait.until(lambda b: "unknown API token" in b.find_element(By.ID, "login-error").text)
        step("a wrong token is refused on the login screen")
        browser.find_element(By.ID, "token").clear()
        browser.find_element(By.ID, "token").send_keys(token)
        browser.find_element(By.CSS_SELECTOR, "#login-form button").click()
        card = f'.card[data-node="{node}"]'
        wait.until(seen.visibility_of_element_located((By.CSS_SELECTOR, card)))
        wait.until(lambda b: "ready" in b.find_element(By.CSS_SELECTOR, card + " .state").text)
        browser.save_screenshot(os.path.join(shots, "cluster.png"))
        step(f"logged in; the cluster screen shows {node} ready")
        click(card + " button.label")
        wait.until(seen.alert_is_present())
        browser.switch_to.alert.send_keys("room=attic")
        browser.switch_to.alert.accept()
        wait.until(lambda b: "room=attic" in b.find_element(By.CSS_SELECTOR, card).text)
        step(f"labelled {node} room=attic from its card")

        browser.find_element(By.CSS_SELECTOR, 'nav a[data-view="deploy"]').click()
        browser.find_element(By.ID, "stack-name").send_keys("webui")
        browser.find_element(By.ID, "compose").send_keys(BAD_COMPOSE)
        browser.find_element(By.ID, "check").click()
        wait.until(lambda b: "compose.yaml:4" in b.find_element(By.ID, "compose-errors").text)
        browser.save_screenshot(os.path.join(shots, "deploy-error.png"))
        step("the compose error is shown at its line: "
             + browser.find_element(By.ID, "compose-errors").text.splitlines()[0])

        compose = browser.find_element(By.ID, "compose")
        compose.clear()
        compose.send_keys(GOOD_COMPOSE)
        browser.find_element(By.ID, "dotenv").send_keys("# from the .env box\nGREETING=tick\n")
        # The file the service binds, picked beside the compose text.
        motd = os.path.join(shots, "motd.txt")
        with open(motd, "w") as out:
            out.write("from-a-file\n")
        browser.find_element(By.ID, "side-files").send_keys(motd)
        wait.until(lambda b: "motd.txt" in b.find_element(By.ID, "side-list").text)
        browser.find_element(By.ID, "check").click()
        wait.until(lambda b: "web" in b.find_element(By.ID, "plan").text)
        browser.save_screenshot(os.path.join(shots, "deploy-plan.png"))
        step("the plan: " + browser.find_element(By.ID, "plan").text.replace("\n", " | "))
        browser.find_element(By.ID, "deploy-button").click()
        row = 'tr[data-service="webui/web"] td.running'
        wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, row)
                   and b.find_element(By.CSS_SELECTOR, row).text == "1/1")
        click('tr[data-service="webui/web"]')
        wait.until(lambda b: "running" in b.find_element(By.ID, "replicas").text)
        browser.save_screenshot(os.path.join(shots, "stacks.png"))
        step("deployed from the page; webui/web runs 1/1")
        # A phone's width: the same screen, laid out for it.
        browser.set_window_size(390, 844)
        browser.save_screenshot(os.path.join(shots, "stacks-phone.png"))
        browser.set_window_size(1280, 900)

        # Each line the replica prints, live: its .env value, the shipped file's line, then a
        # counter that goes on.
        click('#replicas button.logs')
        wait.until(lambda b: "on " + node in b.find_element(By.ID, "log-status").text)
        wait.until(lambda b: sum("| tick from-a-file " in line
                                 for line in b.find_element(By.ID, "log-lines").text.splitlines()) >= 3)
        first = browser.find_element(By.ID, "log-lines").text.splitlines()[-1]
        wait.until(lambda b: b.find_element(By.ID, "log-lines").text.splitlines()[-1] != first)
        browser.save_screenshot(os.path.join(shots, "logs.png"))
        step("the logs screen follows webui/web live: "
             + browser.find_element(By.ID, "log-lines").text.splitlines()[-1])

        browser.find_element(By.CSS_SELECTOR, 'nav a[data-view="jobs"]').click()
        job = 'tr[data-job="webui/report"]'
        wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, job)
                   and "succeeded" in b.find_element(By.CSS_SELECTOR, job).text)
        click(job)
        click('#job-runs tr[data-run]')
        wait.until(lambda b: "report done" in b.find_element(By.ID, "job-output").text)
        browser.save_screenshot(os.path.join(shots, "jobs.png"))
        step("the jobs screen shows webui/report succeeded, and its run's output")

        browser.find_element(By.CSS_SELECTOR, 'nav a[data-view="events"]').click()
        wait.until(lambda b: any("deploy webui" in item.text
                                 for item in b.find_elements(By.CSS_SELECTOR, "#event-list li")))
        browser.find_element(By.CSS_SELECTOR, 'nav a[data-view="cluster"]').click()
        wait.until(seen.visibility_of_element_located((By.CSS_SELECTOR, card + " button")))
        click(card + " button")
        wait.until(lambda b: "drained" in b.find_element(By.CSS_SELECTOR, card + " .state").text)
        browser.save_screenshot(os.path.join(shots, "cluster-drained.png"))
        step(f"drained {node} from its card")
        browser.find_element(By.CSS_SELECTOR, 'nav a[data-view="events"]').click()
        wait.until(lambda b: any("node.drain " + node in item.text
                                 for item in b.find_elements(By.CSS_SELECTOR, "#event-list li")))
        browser.save_screenshot(os.path.join(shots, "events.png"))
        step("the drain arrived on the live events screen")

        browser.find_element(By.ID, "logout").click()
        wait.until(seen.visibility_of_element_located((By.ID, "token")))
        browser.get(url)
        wait.until(seen.visibility_of_element_located((By.ID, "token")))
        step("logged out; the page asks for a token again")

        browser.find_element(By.ID, "password").send_keys("not-the-password")
        browser.find_element(By.CSS_SELECTOR, "#password-form button").click()
        wait.until(lambda b: "wrong user name or password" in b.find_element(By.ID, "login-error").text)
        step("a wrong password is refused")
        browser.find_element(By.ID, "password").clear()
        browser.find_element(By.ID, "password").send_keys(password)
        browser.find_element(By.CSS_SELECTOR, "#password-form button").click()
        wait.until(seen.visibility_of_element_located((By.ID, "tokens-link")))
        browser.find_element(By.ID, "tokens-link").click()
        wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, 'tr[data-token="ui"]'))
        browser.find_element(By.ID, "token-name").send_keys("phone")
        browser.find_element(By.ID, "token-read-only").click()
        browser.find_element(By.CSS_SELECTOR, "#token-form button").click()
        wait.until(lambda b: "phone: edge_" in b.find_element(By.ID, "new-token").text)
        wait.until(lambda b: "read-only" in b.find_element(By.CSS_SELECTOR, 'tr[data-token="phone"]').text)
        browser.save_screenshot(os.path.join(shots, "tokens.png"))
        step("logged in as edgectl with its password; made the read-only token phone")
        browser.find_element(By.CSS_SELECTOR, 'nav a[data-view="cluster"]').click()
        click("#add-node")
        wait.until(seen.alert_is_present())
        browser.switch_to.alert.send_keys("pi-9")
        browser.switch_to.alert.accept()
        wait.until(lambda b: "--node pi-9 --token " in b.find_element(By.ID, "join-command").text)
        browser.save_screenshot(os.path.join(shots, "cluster-add-node.png"))
        step("the join command for pi-9: "
             + browser.find_element(By.ID, "join-command").text.splitlines()[-1][:60] + "…")
        browser.find_element(By.ID, "logout").click()
        wait.until(seen.visibility_of_element_located((By.ID, "password")))
    except Exception:
        browser.save_screenshot(os.path.join(shots, "failure.png"))
        print(browser.page_source[-4000:], file=sys.stderr)
        raise
    finally:
        browser.quit()


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
