"""Accessibility measured with axe-core (npm, pinned in package-lock.json) in Debian's Chromium: no serious
or critical violation on the app page, the embed, the map inside them and the HTML snapshot."""

import datetime as dt
from pathlib import Path

import pytest

from layers.snapshot import snapshot_html
from tests.test_browser import MAP_FRAME, open_map

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: ./run tests installs it (npm ci)")
    return AXE.read_text(encoding="utf-8")


def violations(frame, axe_source) -> list[str]:
    """axe's serious and critical violations in ``frame`` (a Page or a Frame), one line each."""
    frame.evaluate(axe_source)
    result = frame.evaluate("() => axe.run(document, {resultTypes: ['violations'], iframes: false})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — e.g. {v['nodes'][0]['html'][:160]}"
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]


def map_frame(page):
    return page.locator(MAP_FRAME).element_handle().content_frame()


@pytest.mark.parametrize(
    "query", ["?date=2020-11-08", "?date=2020-11-08&lang=hy&place=shusha", "?date=2020-11-08&embed=true"]
)
def test_the_app_and_its_map_have_no_serious_violation(page, app_url, axe_source, query):
    open_map(page, f"{app_url}/{query}")
    page.get_by_text("2020").first.wait_for()
    found = violations(page, axe_source) + violations(map_frame(page), axe_source)
    assert not found, "\n".join(found)


def test_the_html_snapshot_has_no_serious_violation(browser, tmp_path, timeline, axe_source):
    path = tmp_path / "snapshot.html"
    path.write_text(snapshot_html(timeline, [dt.date(2020, 11, 8)], lang="ru"), encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    page.goto(path.as_uri())
    page.locator('path[data-place="shusha"]').wait_for()
    found = violations(page, axe_source)
    context.close()
    assert not found, "\n".join(found)
