#!/usr/bin/env python3
"""How long the dashboard takes to show a loaded cluster, in headless Chromium.

Logs in once with TOKEN, then for each round loads URL#cluster and URL#stacks afresh and notes
performance.now() (milliseconds since the navigation started) once the page shows every node's
card, and every service's row. WebDriver polls every 10 ms, so a figure may be up to that late.
Prints one line per round: "cluster MS stacks MS".

Usage: dashboard_load.py URL TOKEN NODES SERVICES ROUNDS
"""
import os
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "browser"))
from headless_chromium import start_chromium  # noqa: E402


def shown_after(browser, url, selector, count):
    browser.get("about:blank")
    browser.get(url)
    script = ("return document.querySelectorAll(arguments[0]).length >= arguments[1]"
              " ? performance.now() : null")
    return WebDriverWait(browser, 60, poll_frequency=0.01).until(
        lambda b: b.execute_script(script, selector, count))


def main(url, token, nodes, services, rounds):
    browser = start_chromium()
    try:
        browser.get(url)
        WebDriverWait(browser, 30).until(lambda b: b.find_element(By.ID, "token").is_displayed())
        browser.find_element(By.ID, "token").send_keys(token)
        browser.find_element(By.CSS_SELECTOR, "#login-form button").click()
        WebDriverWait(browser, 30).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".card"))
        for _ in range(int(rounds)):
            cluster = shown_after(browser, url + "#cluster", ".card", int(nodes))
            stacks = shown_after(browser, url + "#stacks", "tr[data-service]", int(services))
            print(f"cluster {cluster:.1f} stacks {stacks:.1f}", flush=True)
    finally:
        browser.quit()


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
