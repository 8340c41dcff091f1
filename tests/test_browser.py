"""End to end in a real browser: `streamlit run` on a free port, driven by headless Chromium.

Uses Debian's chromium and chromium-driver (`make test` installs them when missing); nothing
is downloaded. The corpus is the default one plus a small PDF the test writes (so PDF citations
and their pages exist) whose title carries Markdown and HTML that must stay text. With
POLICYQA_SCREENSHOTS=docs the tests also photograph each page into docs/.

Waits are generous and no step is timed: the machine may be busy.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from conftest import CORPUS, REPO
from report_pdf import report_pdf

pytestmark = pytest.mark.integration

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = os.environ.get("POLICYQA_SCREENSHOTS")  # a folder for docs/ask.png and the rest
STARTUP_S = 90  # until the server answers its health check
MODEL_S = 300  # until the first page has loaded the model and the index
ANSWER_S = 180
EVALUATED = 20  # questions in the evaluation photographed for docs/
TRACKER = "http://127.0.0.1:9/track.png"
TITLE = f"Gallium review ![t]({TRACKER}) <img src={TRACKER}> **bold**"
PDF_QUESTION = "When did the Ministry of Industry introduce export licences for refined gallium?"
SHARE_2020 = "What was China's share of Japan's imports in 2020?"
FOLLOW_UP = "And in 2010?"
NOTES = "# Gallium export controls\n\nChina restricted exports of gallium and germanium in August 2023.\n"
EDGE = (230, 81, 0)  # the highlight frame's colour (policyqa.render.pages.HIGHLIGHT_EDGE)
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
LAUNCH = "import sys; from streamlit.web.cli import main; sys.argv = ['streamlit', *sys.argv[1:]]; main()"


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


@pytest.fixture(scope="module")
def served_index(tmp_path_factory, corpus_index, real_embedder):
    """The default corpus plus the test's PDF, indexed (only the PDF is embedded anew)."""
    from policyqa import build_index

    root = tmp_path_factory.mktemp("browser")
    corpus, index = root / "corpus", root / "index"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(corpus_index, index)
    report_pdf(corpus / "gallium-review.pdf", title=TITLE)
    build_index(corpus, index, embedder=real_embedder)
    return corpus, index


@pytest.fixture
def app(tmp_path, served_index):
    """The app served from copies of the corpus and its index; its base URL."""
    corpus, index, log = tmp_path / "corpus", tmp_path / "index", tmp_path / "streamlit.log"
    shutil.copytree(served_index[0], corpus)
    shutil.copytree(served_index[1], index)
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
        "-c",
        LAUNCH,
        "run",
        str(REPO / "streamlit_app.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
    ]  # the rest (no file watcher, no usage statistics) comes from the app's .streamlit/config.toml
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for_health(url, server, log)
        yield url
        assert "Inotify" not in log.read_text() and "Traceback" not in log.read_text(), log.read_text()
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

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROME_FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})  # every request the page makes
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def shoot(driver, name: str) -> None:
    if SCREENSHOTS:
        folder = Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(folder / f"{name}.png"))


def wait(driver, seconds: float):
    """A wait that looks again when Streamlit redraws an element it was reading (a stale reference)."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))


def replies(driver) -> list:
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, '[data-testid="stChatMessage"]')


def ask(driver, question: str, expected: str, *, turns: int) -> str:
    """Type a question; the text of the reply that contains `expected`, once the conversation has `turns` turns."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    # Streamlit may redraw the input while the previous answer settles (it sets ?q= just after),
    # swallowing what was typed: type again until the question shows as the conversation's next turn.
    for attempt in range(3):
        box = wait(driver, ANSWER_S).until(
            lambda d: next(iter(d.find_elements(By.CSS_SELECTOR, '[data-testid="stChatInputTextArea"]')), None)
        )
        box.send_keys(question + Keys.ENTER)
        try:
            wait(driver, 30).until(lambda d: len(replies(d)) >= 2 * turns - 1)
            break
        except TimeoutException:
            if attempt == 2:
                raise
    return wait(driver, ANSWER_S).until(
        lambda d: (shown := replies(d)) and len(shown) >= 2 * turns and expected in shown[-1].text and shown[-1].text
    )


def requested(driver, needle: str) -> list[str]:
    """The URLs containing `needle` that the browser requested since the last call."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent" and needle in message["params"]["request"]["url"]:
            urls.append(message["params"]["request"]["url"])
    return urls


def framed_pixels(app: str, image) -> int:
    """Pixels of the highlight frame's colour in an image the page shows."""
    from PIL import Image

    source = urllib.parse.urljoin(app + "/", image.get_attribute("src"))
    with urllib.request.urlopen(source, timeout=30) as response:
        picture = Image.open(io.BytesIO(response.read())).convert("RGB")
    return int((np.asarray(picture) == EDGE).all(axis=2).sum())


def test_a_linked_question_its_cited_page_and_a_follow_up(app, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    # a link with ?q= opens the page and asks the question
    browser.get(f"{app}/?{urllib.parse.urlencode({'q': PDF_QUESTION})}")
    reply = wait(browser, MODEL_S).until(
        lambda d: (
            (shown := replies(d)) and "March 2024" in (text := shown[-1].text) and "Gallium review" in text and text
        )
    )  # the answer and its citation drawn
    assert "introduced export licences for refined gallium" in reply

    # the PDF's title, Markdown and HTML included, is shown as text and fetches nothing
    assert TITLE in reply.replace("\u2060", "")  # as written, but for the invisible joiner that stops autolinks
    assert not browser.find_elements(By.CSS_SELECTOR, 'img[src*="127.0.0.1:9"], a[href*="127.0.0.1:9"]')
    assert not browser.find_elements(By.XPATH, "//a[contains(., '127.0.0.1')]")  # no bare URL made a link

    # the citation opens its page, with the cited sentence framed
    page_toggle = ".//label[contains(., 'Show page 1')]"
    toggle = wait(browser, ANSWER_S).until(lambda d: replies(d)[-1].find_elements(By.XPATH, page_toggle))[0]
    shoot(browser, "ask")  # the answer and its citation drawn, before the cited page opens below them
    toggle.click()
    image = wait(browser, ANSWER_S).until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, '[data-testid="stChatMessage"] [data-testid="stImage"] img'))
    )
    assert framed_pixels(app, image) > 500
    wait(browser, 60).until(lambda d: "the cited text is framed" in replies(d)[-1].text)

    # a follow-up is read with the conversation before it
    ask(browser, SHARE_2020, "25.7%", turns=2)
    follow = ask(browser, FOLLOW_UP, "22.1%", turns=3)
    assert "Read as:" in follow and "2010" in follow
    # the address reopens the last question (set just after the answer is drawn)
    wait(browser, 60).until(lambda d: "q=And+in+2010" in d.current_url)
    assert not requested(browser, "127.0.0.1:9")
    shoot(browser, "conversation")


def test_tables_as_printed_a_csv_download_and_an_upload(app, browser, tmp_path, corpus_assistant):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    from policyqa import printed_frame

    table = next(t for t in corpus_assistant.tables() if t.number == "2")
    row = next(r for r in table.rows if r.cells[1] == "51,914.8")  # printed with a thousands separator
    link = {"table": table.table_id, "row": row.index, "column": 1}
    browser.get(f"{app}/tables?{urllib.parse.urlencode(link)}")
    grid = wait(browser, MODEL_S).until(
        lambda d: (
            (found := d.find_elements(By.CSS_SELECTOR, '[data-testid="stDataFrame"]'))
            and found[0].get_attribute("innerHTML")
        )
    )
    # the grid draws on a canvas; the linked row is also printed as HTML, as the report prints it
    printed = wait(browser, 60).until(
        lambda d: (
            (found := d.find_elements(By.CSS_SELECTOR, '[data-testid="stMain"] .policyqa-evidence table'))
            and found[0].text
        )
    )
    assert printed.split("\n")[-1].startswith(f"{row.cells[0]} 51,914.8 {row.cells[2]}")
    assert "None" not in grid and "None" not in printed
    chart = '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'
    wait(browser, 60).until(lambda b: b.find_elements(By.CSS_SELECTOR, chart))
    shoot(browser, "tables")

    browser.find_element(By.XPATH, "//button[normalize-space()='CSV, as printed']").click()
    saved = browser.downloads / f"{table.table_id.replace(':', '-')}.csv"
    wait(browser, 60).until(lambda _: saved.is_file() and saved.stat().st_size > 0)
    rows = list(csv.reader(saved.read_text(encoding="utf-8").splitlines()))
    expected = printed_frame(table)  # the table's own headers (and its group column), cells as printed
    assert rows == [list(expected.columns), *expected.values.tolist()]
    assert "51,914.8" in rows[1 + row.index]

    upload = tmp_path / "gallium notes.md"
    upload.write_text(NOTES)
    browser.get(f"{app}/documents")
    wait(browser, MODEL_S).until(ec.presence_of_element_located((By.CSS_SELECTOR, 'input[type="file"]'))).send_keys(
        str(upload)
    )
    wait(browser, 30).until(
        ec.text_to_be_present_in_element((By.CSS_SELECTOR, '[data-testid="stFileUploader"]'), upload.name)
    )
    browser.find_element(By.XPATH, "//button[normalize-space()='Add and rebuild the index']").click()
    wait(browser, ANSWER_S).until(
        ec.text_to_be_present_in_element((By.CSS_SELECTOR, '[data-testid="stMain"]'), "Index rebuilt: 1 added")
    )
    # the listing is drawn again after the rebuild message: look it up afresh until it names the upload
    listing = wait(browser, 60).until(lambda b: listed(b, "gallium-notes.md"))
    assert "Gallium export controls" in listing
    assert not requested(browser, "127.0.0.1:9")
    shoot(browser, "documents")
    if SCREENSHOTS:
        photograph_evaluation(browser, app)


def listed(browser, name: str) -> str | None:
    """The documents listing's HTML once it names `name`; None while it is missing or being redrawn."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By

    for grid in browser.find_elements(By.CSS_SELECTOR, '[data-testid="stDataFrame"]'):
        try:
            html = grid.get_attribute("innerHTML") or ""
        except StaleElementReferenceException:
            return None
        if name in html:
            return html
    return None


def photograph_evaluation(browser, app: str) -> None:
    """The Evaluate page after its quick run, for docs/ only."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    browser.get(f"{app}/evaluate")
    quick = wait(browser, MODEL_S).until(
        ec.element_to_be_clickable((By.XPATH, f"//button[contains(., 'Quick run: {EVALUATED} questions')]"))
    )
    quick.click()
    wait(browser, 900).until(ec.visibility_of_element_located((By.CSS_SELECTOR, '[data-testid="stImage"] img')))
    shoot(browser, "evaluate")
