"""render --format html: one self-contained page, opened in a real headless browser
(Debian's Chromium driven by ChromeDriver through Selenium): a click on a person shows
their tasks and findings, the keyboard reaches everything, the filters and the search
work, and the page makes no network request."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_cli import run

ROOT = Path(__file__).resolve().parent.parent
KASTANJEN = ROOT / "orgs" / "kastanjen.org.yaml"
AS_OF = "2026-12-01"


def _render(tmp: Path, *args: str, source: Path = KASTANJEN) -> tuple[Path, str]:
    target = tmp / "kastanjen.html"
    code, output = run("render", str(source), "-o", str(target), "--as-of", AS_OF, *args)
    assert code == 0, output
    return target, target.read_text(encoding="utf-8")


# -- without a browser ----------------------------------------------------------------------


def test_the_page_is_self_contained_and_forbids_every_request(tmp_path: Path) -> None:
    _, page = _render(tmp_path)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None and "default-src &#x27;none&#x27;" in policy.group(1)
    # nothing is loaded from anywhere: no src, no href but the in-page skip link, no url()
    assert not re.search(r"\ssrc=", page)
    assert re.findall(r'href="([^"]*)"', page) == ["#panel"]
    assert "url(http" not in page and "@import" not in page
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", page))
    assert urls <= {"http://www.w3.org/2000/svg"}, urls  # the SVG namespace is a name


def test_the_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _, first = _render(tmp_path / "a", "--lang", "da")
    _, second = _render(tmp_path / "b", "--lang", "da")
    assert first == second


def test_no_name_can_break_out_of_the_page(tmp_path: Path) -> None:
    hostile = tmp_path / "x.org.yaml"
    name = "</script><script>alert(1)</script><b onmouseover=x>&amp;"
    hostile.write_text(
        "version: 1\norganisation: {id: x, name: X}\n"
        f"people:\n  a: {{name: {json.dumps(name)}, role: leader}}\n",
        encoding="utf-8",
    )
    _, page = _render(tmp_path, source=hostile)
    assert "<script>alert" not in page and "<b onmouseover" not in page
    assert page.count("<script") == 2  # the data and the page's own script


def test_the_words_follow_the_file_language(tmp_path: Path) -> None:
    _, page = _render(tmp_path)  # kastanjen says language: da
    assert '<html lang="da">' in page and "Søg på navn" in page
    _, english = _render(tmp_path, "--lang", "en")
    assert '<html lang="en">' in english and "Search by name" in english


# -- in a browser ---------------------------------------------------------------------------


def _browser_paths() -> tuple[str, str] | None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium is None and os.path.exists("/usr/bin/chromium"):
        chromium = "/usr/bin/chromium"
    if driver is None and os.path.exists("/usr/bin/chromedriver"):
        driver = "/usr/bin/chromedriver"
    return (chromium, driver) if chromium and driver else None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    paths = _browser_paths()
    if paths is None:
        pytest.skip(
            "no headless browser here: install Debian's chromium and chromium-driver "
            "(apt-get install chromium chromium-driver); .ci/run does where apt is available"
        )
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("selenium is not installed (it is in the test extras: pip install '.[test]')")
    chromium, driver_path = paths
    options = Options()
    options.binary_location = chromium
    profile = tempfile.mkdtemp(prefix="coordgraph-chromium-")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--window-size=1600,1000",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def page(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    target, _ = _render(tmp_path_factory.mktemp("html"), "--lang", "da")
    browser.get_log("performance")  # start the request log with this page
    browser.get(target.as_uri())
    return browser


def _panel(driver: Any) -> str:
    from selenium.webdriver.common.by import By

    text: str = driver.find_element(By.ID, "panel").text
    return text


def _wait_for(driver: Any, test: Any) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10).until(test)


def test_a_click_on_a_person_shows_their_tasks_and_findings(page: Any) -> None:
    from selenium.webdriver.common.by import By

    card = page.find_element(By.CSS_SELECTOR, '#view-org [data-key="people/jonas"]')
    card.click()
    _wait_for(page, lambda d: "Jonas Friis" in _panel(d))
    text = _panel(page)
    assert "Ansvarlig for" in text and "Sprogindsats i Egern" in text  # the task he owns
    assert "Bidrager til" in text and "Tovholder på ICDP i hele huset" in text
    assert "Mangler mandat (CG201)" in text  # a finding on his task, in words
    assert "Forslag:" in text  # with what to do
    assert "Hvad er mandatet?" in text and "Åben" in text
    # the panel heading has the focus, so a screen reader reads what opened
    assert page.switch_to.active_element.text == "Jonas Friis"


def test_the_keyboard_opens_a_task_and_escape_closes_it(page: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    page.find_element(By.CSS_SELECTOR, '.tabs button[data-view="view-tasks"]').click()
    task = page.find_element(By.CSS_SELECTOR, '#view-tasks [data-key="tasks/sprogindsats"]')
    assert task.get_attribute("tabindex") == "0" and task.get_attribute("role") == "button"
    page.execute_script("arguments[0].focus()", task)
    page.switch_to.active_element.send_keys(Keys.ENTER)
    _wait_for(page, lambda d: "Sprogindsats i Egern" in _panel(d))
    text = _panel(page)
    for question in ("Hvad er opgaven?", "Hvad er ressourcerne?", "Hvad er mandatet?"):
        assert question in text
    assert "Opfølgning" in text and "Jonas Friis" in text
    # the file writes neither kind nor complexity: both are shown as defaults
    assert "ledelsesopgave (standard) · middel kompleksitet (standard)" in text
    page.switch_to.active_element.send_keys(Keys.ESCAPE)
    _wait_for(page, lambda d: "Sprogindsats i Egern" not in _panel(d))
    assert page.switch_to.active_element.get_attribute("data-key") == "tasks/sprogindsats"
    page.find_element(By.CSS_SELECTOR, '.tabs button[data-view="view-org"]').click()


def test_filters_by_unit_and_rule_family_and_search_by_name(page: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    def classes(key: str) -> str:
        element = page.find_element(By.CSS_SELECTOR, f'#view-org [data-key="{key}"]')
        return element.get_attribute("class") or ""

    Select(page.find_element(By.ID, "unit-filter")).select_by_value("units/ugler")
    assert "dim" in classes("people/jonas") and "dim" not in classes("people/kasper")
    Select(page.find_element(By.ID, "unit-filter")).select_by_value("")
    assert "dim" not in classes("people/jonas")

    mandate_line = '#view-org [data-key="people/jonas"] g.fline[data-family="CG2"]'
    assert page.find_element(By.CSS_SELECTOR, mandate_line).is_displayed()
    page.find_element(By.CSS_SELECTOR, 'input[data-family="CG2"]').click()
    assert not page.find_element(By.CSS_SELECTOR, mandate_line).is_displayed()
    page.find_element(By.CSS_SELECTOR, 'input[data-family="CG2"]').click()

    search = page.find_element(By.ID, "search")
    search.send_keys("sofie")
    _wait_for(page, lambda d: d.find_element(By.ID, "search-status").text == "1 fundet")
    assert "match" in classes("people/sofie") and "dim" in classes("people/jonas")
    search.clear()
    search.send_keys(" ")
    search.clear()


def test_the_page_makes_no_network_request(page: Any) -> None:
    page.refresh()
    _wait_for(page, lambda d: d.execute_script("return document.readyState") == "complete")
    url = page.current_url
    requests = []  # (the document that asked, the address asked for)
    for entry in page.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            params = message["params"]
            requests.append((params.get("documentURL", ""), params["request"]["url"]))
    ours = [asked for document, asked in requests if document == url]
    assert ours, "the browser logged no request of the page: the check would prove nothing"
    assert all(asked.startswith("file://") for asked in ours), ours  # only the page itself
    # nothing at all left the machine, from the page or from the browser around it
    remote = [asked for _, asked in requests if re.match(r"(https?|wss?|ftp):", asked)]
    assert not remote, remote
    # and the script ran under the page's own policy (no violation logged)
    errors = [e for e in page.get_log("browser") if e.get("level") == "SEVERE"]
    assert not errors, errors
