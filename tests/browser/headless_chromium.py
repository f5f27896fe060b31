"""Debian's headless Chromium under chromium-driver, as the web UI's test and benchmark use it."""
from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def start_chromium():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                # The hub's certificate is signed by the cluster's own CA, which this
                # throwaway browser profile does not know; curl checks it in e2e_http_api.
                "--ignore-certificate-errors", "--window-size=1280,900"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
