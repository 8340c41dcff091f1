"""End to end in a real browser: `streamlit run` on a free port, driven by headless Chromium.

Uses Debian's chromium and chromium-driver (`make test` installs them when missing); nothing
is downloaded. With POLICYQA_SCREENSHOTS=docs the test also photographs each page into docs/.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import CORPUS, REPO

pytestmark = pytest.mark.integration

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = os.environ.get("POLICYQA_SCREENSHOTS")  # a folder for docs/ask.png and the rest
STARTUP_S = 60  # until the server answers its health check
MODEL_S = 240  # until the first page has loaded the model and the index
ANSWER_S = 120
EVALUATED = 30  # questions in the evaluation photographed for docs/
IPEF = "When was the IPEF Supply Chain Resilience Agreement signed?"
NOTES = "# Gallium export controls\n\nChina restricted exports of gallium and germanium in August 2023.\n"
CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1400,1500",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_health(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.25)  # polling a socket that is not listening yet; no other event to wait on
    pytest.fail(f"streamlit did not answer on {url} within {STARTUP_S} s:\n{log.read_text()}")


@pytest.fixture
def app(tmp_path, corpus_index):
    """The app served from copies of the corpus and its prebuilt index; its base URL."""
    corpus, index, log = tmp_path / "corpus", tmp_path / "index", tmp_path / "streamlit.log"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(corpus_index, index)
    port = free_port()
    env = {
        **os.environ,
        "POLICYQA_CORPUS": str(corpus),
        "POLICYQA_INDEX": str(index),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(REPO / "streamlit_app.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for_health(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def browser(tmp_path):
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    if missing:
        pytest.skip(  # `make test` said so too: it could not install them
            f"{' and '.join(missing)} not found: install them with `sudo apt-get install chromium chromium-driver`"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROME_FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


def shoot(driver, name: str) -> None:
    if SCREENSHOTS:
        folder = Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(folder / f"{name}.png"))


def test_ask_then_upload_in_a_browser(app, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(app)
    box = WebDriverWait(browser, MODEL_S).until(
        ec.element_to_be_clickable((By.CSS_SELECTOR, '[data-testid="stChatInputTextArea"]'))
    )
    box.send_keys(IPEF + Keys.ENTER)
    mark = WebDriverWait(browser, ANSWER_S).until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, '[data-testid="stChatMessage"] mark'))
    )
    assert "signed in December 2023" in mark.text
    reply = browser.find_elements(By.CSS_SELECTOR, '[data-testid="stChatMessage"]')[-1]
    assert "The IPEF Supply Chain Resilience Agreement signed in December 2023" in reply.text
    assert "[1] The Japanese Government's Supply Chain Risk Management" in reply.text
    shoot(browser, "ask")

    upload = tmp_path / "gallium notes.md"
    upload.write_text(NOTES)
    browser.get(f"{app}/documents")
    WebDriverWait(browser, MODEL_S).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, 'input[type="file"]'))
    ).send_keys(str(upload))
    WebDriverWait(browser, 30).until(
        ec.text_to_be_present_in_element((By.CSS_SELECTOR, '[data-testid="stFileUploader"]'), upload.name)
    )
    browser.find_element(By.XPATH, "//button[normalize-space()='Add and rebuild the index']").click()
    WebDriverWait(browser, ANSWER_S).until(
        ec.text_to_be_present_in_element((By.CSS_SELECTOR, '[data-testid="stMain"]'), "Index rebuilt: 1 added")
    )
    listing = browser.find_element(By.CSS_SELECTOR, '[data-testid="stDataFrame"]')
    WebDriverWait(browser, 30).until(lambda _: "gallium-notes.md" in listing.get_attribute("innerHTML"))
    assert "Gallium export controls" in listing.get_attribute("innerHTML")
    shoot(browser, "documents")
    if SCREENSHOTS:
        photograph_tables_and_evaluation(browser, app)


def photograph_tables_and_evaluation(browser, app: str) -> None:
    """The two other pages, for docs/ only: the HHI chart, and a short evaluation run."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{app}/tables")
    tab = WebDriverWait(browser, MODEL_S).until(
        ec.element_to_be_clickable((By.XPATH, "//*[@role='tab'][normalize-space()='Concentration (HHI)']"))
    )
    tab.click()
    WebDriverWait(browser, 30).until(
        ec.visibility_of_element_located((By.XPATH, "//h3[normalize-space()='Items by concentration (HHI)']"))
    )
    chart = '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'
    WebDriverWait(browser, 30).until(lambda b: b.find_elements(By.CSS_SELECTOR, chart))
    shoot(browser, "tables")

    browser.get(f"{app}/evaluate")
    modes = WebDriverWait(browser, MODEL_S).until(
        ec.element_to_be_clickable((By.CSS_SELECTOR, '[data-testid="stMultiSelect"] input'))
    )
    modes.send_keys("full" + Keys.ENTER)
    count = browser.find_element(By.CSS_SELECTOR, '[data-testid="stNumberInput"] input')
    count.send_keys(Keys.CONTROL, "a")
    count.send_keys(f"{EVALUATED}" + Keys.ENTER)
    WebDriverWait(browser, 30).until(lambda _: count.get_attribute("value") == str(EVALUATED))
    browser.find_element(By.XPATH, "//button[normalize-space()='Run the evaluation']").click()
    WebDriverWait(browser, 900).until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, '[data-testid="stImage"] img'))
    )
    shoot(browser, "evaluate")
