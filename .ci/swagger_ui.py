"""Swagger UI in a real browser (headless Chromium), as a developer first meets the API:
open /docs/, authorize with a bearer token, open `GET /api/v1/projects`, Try it out,
Execute, and read demo projects in the answer, with nothing filled in by hand but the
token.

    usage: python3 .ci/swagger_ui.py BASE_URL TOKEN [SCREENSHOT.png]
"""

import json
import sys
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

DEMO_PROJECT = "FOAR-2025-0012"


def main(base: str, token: str, screenshot: str | None) -> None:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1400,2000"):
        options.add_argument(argument)
    # Debian's driver, named: Selenium never goes looking for one on the network.
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    wait = WebDriverWait(browser, 30)
    try:
        browser.get(f"{base}/docs/")
        wait.until(ready.element_to_be_clickable((By.CSS_SELECTOR, "button.authorize"))).click()

        # The bearer scheme's box in the Authorize dialog (the OAuth one is beside it).
        boxes = wait.until(ready.presence_of_all_elements_located(
            (By.CSS_SELECTOR, ".modal-ux .auth-container")))
        bearer = next(box for box in boxes if "bearer" in box.text.lower()
                      and box.find_elements(By.CSS_SELECTOR, "input"))
        bearer.find_element(By.CSS_SELECTOR, "input").send_keys(token)
        bearer.find_element(By.CSS_SELECTOR, "button.authorize").click()
        wait.until(lambda _: "Logout" in bearer.text)
        browser.find_element(By.CSS_SELECTOR, ".modal-ux button.btn-done").click()

        operation = wait.until(ready.presence_of_element_located(
            (By.CSS_SELECTOR, ".opblock-get:has(.opblock-summary-path[data-path='/api/v1/projects'])")))
        operation.find_element(By.CSS_SELECTOR, ".opblock-summary").click()
        wait.until(ready.element_to_be_clickable(
            operation.find_element(By.CSS_SELECTOR, "button.try-out__btn"))).click()
        # Nothing is filled in but the server's own defaults (`limit`): Swagger UI sends
        # what a field holds.
        with urllib.request.urlopen(f"{base}/api/v1/openapi.json") as answer:
            document = json.load(answer)
        defaults = {p["name"]: str(p["schema"]["default"])
                    for p in document["paths"]["/api/v1/projects"]["get"]["parameters"]
                    if "default" in p.get("schema", {})}
        filled = []
        for row in operation.find_elements(By.CSS_SELECTOR, ".parameters tr[data-param-name]"):
            name = row.get_attribute("data-param-name")
            for field in row.find_elements(By.CSS_SELECTOR, "input[type=text]"):
                value = field.get_attribute("value")
                if value and defaults.get(name) != value:
                    filled.append((name, value))
        assert not filled, f"parameters start filled in: {filled}"
        operation.find_element(By.CSS_SELECTOR, "button.execute").click()

        status = wait.until(ready.presence_of_element_located(
            (By.CSS_SELECTOR, ".live-responses-table .response .response-col_status")))
        body = wait.until(ready.presence_of_element_located(
            (By.CSS_SELECTOR, ".live-responses-table .response .response-col_description pre")))
        if screenshot:
            browser.save_screenshot(screenshot)
        assert status.text.strip().startswith("200"), f"status {status.text!r}: {body.text[:500]}"
        assert DEMO_PROJECT in body.text, f"no demo project in the answer: {body.text[:500]}"
        print(f"Swagger UI: authorized, GET /api/v1/projects answered 200 with {DEMO_PROJECT}")
    finally:
        browser.quit()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
