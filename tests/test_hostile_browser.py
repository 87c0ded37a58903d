"""The real app, in Debian's Chromium, on a hostile record: the notice for a bad ?place= or ?date= has no
link, the day's CSV download has no cell a spreadsheet would run, and the map's data is there for a new
viewer after ``static/generated`` was removed under the running app (issue 14)."""

from __future__ import annotations

import csv
import io
import shutil
import urllib.parse
from pathlib import Path

import pytest

from deploy.local import streamlit
from tests.test_safe_csv import hostile_record, runs_as_formula

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    folder = hostile_record(tmp_path_factory.mktemp("hostile-app") / "data")
    with streamlit("app.py", env={"KCM_DATA": str(folder)}) as app:
        yield app.url


@pytest.fixture()
def hostile_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("text", ["www.example.com", "https://evil.example/login", "someone@example.com"])
def test_browser_a_notice_quoting_the_url_shows_it_as_plain_text(hostile_app, hostile_page, text):
    hostile_page.goto(f"{hostile_app}/?date={urllib.parse.quote(text)}&place={urllib.parse.quote(text)}")
    alerts = hostile_page.locator('[data-testid="stAlert"]')
    alerts.nth(1).wait_for(timeout=120_000)
    assert alerts.count() == 2
    for i in range(2):
        assert alerts.nth(i).locator("a").count() == 0, alerts.nth(i).inner_html()
        assert f"'{text}'" in alerts.nth(i).inner_text().replace("\u2060", "")


def test_browser_the_days_csv_download_has_no_cell_a_spreadsheet_would_run(hostile_app, hostile_page):
    hostile_page.goto(f"{hostile_app}/?date=2020-11-08")
    button = hostile_page.get_by_role("button", name="Download this table (CSV)")
    button.wait_for(timeout=120_000)
    with hostile_page.expect_download(timeout=60_000) as download:
        button.click()
    text = download.value.path().read_text(encoding="utf-8")
    cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    assert not [cell for cell in cells if runs_as_formula(cell)]
    assert any(cell.startswith("'=1+1") for cell in cells)  # Shusha's hostile name, there as text


MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def test_browser_a_new_viewer_gets_the_map_after_static_generated_is_removed(hostile_app, hostile_page):
    hostile_page.goto(f"{hostile_app}/?date=2020-11-08")
    hostile_page.frame_locator(MAP_FRAME).locator('path[data-place="shusha"]').wait_for(timeout=120_000)
    shutil.rmtree(ROOT / "static" / "generated")  # git clean -fdX while the app runs
    hostile_page.goto(f"{hostile_app}/?date=2020-11-09")  # a new viewer (a reload is one too)
    frame = hostile_page.frame_locator(MAP_FRAME)
    frame.locator('path[data-place="shusha"]').wait_for(timeout=120_000)
    assert frame.locator(".kcm-error").count() == 0
