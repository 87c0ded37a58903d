"""The contract between Streamlit and the map's bridge (bridge.py, layers/js/bridge.js), in the real app.

The fast path — the map following the page's slider the moment it moves, before the server's
rerun — depends on how Streamlit renders st.slider. If an upgrade changed that, the map would still
move on the rerun and every other test would stay green; these tests fail instead.
"""

import bridge
from tests.test_browser import open_map

SLIDER = '[data-testid="stSlider"] input[type="range"]'


def health(frame):
    return frame.locator("body").evaluate("() => window.kcmBridge.health()")


def map_frame(page):
    """The map's frame itself (to wait on conditions inside it)."""
    return page.locator(f'iframe[title="{bridge.MAP_FRAME_TITLE}"]').element_handle().content_frame()


def test_the_map_follows_the_page_slider_through_the_bridge(page, app_url):
    frame = open_map(page, f"{app_url}/?date=2020-11-07")
    frame.locator('#kcm-date:has-text("7 November 2020")').wait_for()
    map_frame(page).wait_for_function("() => window.kcmBridge.health().bound", timeout=10_000)
    assert health(frame)["bound"], "the page's date slider was not found where bridge.js looks for it"
    before = health(frame)["followed"]

    # The slider's value is the day in microseconds since 1970 (what bridge.js reads).
    value = page.locator(SLIDER).first.get_attribute("value")
    assert (
        frame.locator("body").evaluate(
            "(body, v) => window.kcm.iso(window.kcmCore.calendar(window.kcm.data.timeline.first).fromMicroseconds(v))",
            value,
        )
        == "2020-11-07"
    )

    page.locator(SLIDER).first.focus()
    page.keyboard.press("ArrowRight")
    frame.locator('#kcm-date:has-text("8 November 2020")').wait_for(timeout=30_000)
    assert health(frame)["followed"] > before, "the map moved, but not through the bridge's fast path"


def test_the_contract_check_notices_when_the_slider_is_rendered_differently(page, app_url):
    open_map(page, f"{app_url}/?date=2020-11-07")
    inside = map_frame(page)
    inside.wait_for_function("() => window.kcmBridge.health().bound", timeout=10_000)
    # A Streamlit that renders the slider differently (here: another test id) breaks the selector; the
    # bridge rebinds every second and then reports that it is no longer bound.
    page.evaluate("() => document.querySelector('[data-testid=\"stSlider\"]').setAttribute('data-testid', 'xSlider')")
    inside.wait_for_function("() => !window.kcmBridge.health().bound", timeout=10_000)
