"""Real-browser tests: Debian's Chromium drives the running app."""

import re

from playwright.sync_api import expect

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def open_map(page, url):
    page.goto(url)
    page.wait_for_selector(MAP_FRAME, timeout=60_000)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator('path[data-place="shusha"]').wait_for(timeout=60_000)
    return frame


def style_of(frame, place):
    return frame.locator(f'path[data-place="{place}"]').get_attribute("data-style")


def fill_of(frame, place):
    return frame.locator(f'path[data-place="{place}"]').get_attribute("fill")


def test_slider_keyboard_moves_the_day_and_shusha_changes_colour(page, app_url):
    frame = open_map(page, f"{app_url}/?date=2020-11-07")
    frame.locator('#kcm-date:has-text("7 November 2020")').wait_for()
    assert style_of(frame, "shusha") == "armenian"
    before = fill_of(frame, "shusha")

    slider = page.locator(
        '[data-testid="stSlider"] [role="slider"], [data-testid="stSlider"] input[type="range"]'
    ).first
    slider.focus()
    page.keyboard.press("ArrowRight")  # 8 Nov: Azerbaijan announces Shusha's capture, Armenia denies
    frame.locator('#kcm-date:has-text("8 November 2020")').wait_for(timeout=30_000)
    assert style_of(frame, "shusha") == "contested"
    assert fill_of(frame, "shusha") == "url(#kcm-contested)" != before
    page.wait_for_url(re.compile(r"date=2020-11-08"))

    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # 10 Nov: both sides' accounts agree
    frame.locator('#kcm-date:has-text("10 November 2020")').wait_for(timeout=30_000)
    assert style_of(frame, "shusha") == "azerbaijan"
    assert page.outside_requests == []


def test_popup_shows_names_and_sources(page, app_url):
    frame = open_map(page, f"{app_url}/?date=2020-11-08")
    frame.locator('#kcm-date:has-text("8 November 2020")').wait_for()
    # Shusha's circle is small and its neighbours overlap it at this zoom: open it as a click would.
    frame.locator('path[data-place="shusha"]').evaluate("el => window.kcm.layers.shusha.openPopup()")
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "Shusha / Şuşa / Shushi" in text and "Шуша" in text
    assert "Contested" in text
    assert popup.locator("a[href^='http']").count() >= 2


def day_shown(frame):
    return frame.locator(".leaflet-container").get_attribute("data-day")


def inside(page):
    """The map's frame itself, to wait on a condition inside it (``wait_for_function``), never a fixed time."""
    return page.locator(MAP_FRAME).element_handle().content_frame()


#: The map shows a day after the given one (playback has moved on).
PAST = "day => document.querySelector('.leaflet-container').getAttribute('data-day') > day"


def test_slider_keeps_the_zoom_and_never_reloads_the_map_frame(page, app_url):
    frame = open_map(page, f"{app_url}/?date=2020-10-01")
    frame.locator('.leaflet-container[data-day="2020-10-01"]').wait_for()
    body = frame.locator("body")
    body.evaluate("() => { window.__sameFrame = true; kcm.map.setView([39.75, 46.75], 10, {animate: false}); }")
    view = body.evaluate("() => [kcm.map.getZoom(), kcm.map.getCenter().lat, kcm.map.getCenter().lng]")

    slider = page.locator('[data-testid="stSlider"] input[type="range"]')
    for expected in ("2020-10-02", "2020-10-03"):
        slider.focus()
        page.keyboard.press("ArrowRight")
        frame.locator(f'.leaflet-container[data-day="{expected}"]').wait_for(timeout=30_000)
        page.wait_for_url(re.compile(f"date={expected}"))  # the rerun has come and gone
    assert body.evaluate("() => window.__sameFrame === true")  # the same document: no reload
    assert body.evaluate("() => [kcm.map.getZoom(), kcm.map.getCenter().lat, kcm.map.getCenter().lng]") == view
    assert page.outside_requests == []


def test_in_map_timeline_moves_by_day_week_and_change_and_the_page_follows(page, app_url):
    frame = open_map(page, f"{app_url}/?date=2020-11-06")
    frame.locator('.leaflet-container[data-day="2020-11-06"]').wait_for()
    timeline = frame.locator(".kcm-range")
    timeline.focus()
    page.keyboard.press("ArrowRight")
    assert day_shown(frame) == "2020-11-07"  # drawn at once, in the browser
    page.keyboard.press("PageUp")  # the next day on which anything changes: Shusha on the 8th
    assert day_shown(frame) == "2020-11-08"
    assert style_of(frame, "shusha") == "contested"
    page.keyboard.press("Shift+ArrowRight")
    assert day_shown(frame) == "2020-11-15"
    page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("ArrowRight")
    assert day_shown(frame) == "2020-11-09"
    # Where it stopped reaches the app: the Streamlit slider and the URL follow.
    page.wait_for_url(re.compile(r"date=2020-11-09"), timeout=30_000)
    slider = page.locator('[data-testid="stSlider"] input[type="range"]')
    expect(slider).to_have_attribute("aria-valuetext", "9 Nov 2020", timeout=10_000)
    assert day_shown(frame) == "2020-11-09"


def test_key_days_and_playback(page, app_url):
    frame = open_map(page, f"{app_url}/?date=2020-01-01")
    frame.locator(".kcm-timeline select[data-act=bookmark]").select_option(label="2020: Shusha")
    assert day_shown(frame) == "2020-11-08"
    assert frame.locator(".kcm-timeline select[data-act=period]").input_value() == "war2"
    frame.locator(".kcm-timeline select[data-act=speed]").select_option("10")
    frame.locator(".kcm-timeline [data-act=play]").click()
    inside(page).wait_for_function(PAST, arg="2020-11-09", timeout=10_000)  # it plays: a day after the 9th
    frame.locator(".kcm-timeline [data-act=play]").click()  # pause
    later = day_shown(frame)
    assert "2020-11-10" <= later <= "2020-12-31"
    assert not inside(page).evaluate("() => kcm.control.playing()")
    page.wait_for_url(re.compile(f"date={later}"), timeout=30_000)  # the page follows where it paused...
    inside(page).wait_for_function("() => !kcm.sync.driving", timeout=10_000)  # ...and the app has answered
    assert day_shown(frame) == later  # paused: the map is still there


def test_a_place_shows_its_whole_history(page, app_url):
    frame = open_map(page, f"{app_url}/?date=2020-11-10")
    frame.locator("body").evaluate("() => kcm.layers.shusha.openPopup()")
    popup = frame.locator(".leaflet-popup-content")
    summary = popup.locator(".kcm-history summary")
    assert "Whole history" in summary.inner_text()
    summary.click()
    items = popup.locator(".kcm-history li")
    assert items.count() >= 10
    text = popup.locator(".kcm-history").inner_text()
    assert "1992-05-08" in text and "2020-11-08" in text  # both wars, both sides
    assert popup.locator(".kcm-history svg.kcm-strip rect").count() >= 3


def test_the_page_works_at_phone_width(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    frame = open_map(page, f"{app_url}/?date=2020-11-08")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the screen
    assert frame.locator(".kcm-timeline").is_visible()
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    assert box["width"] > 300 and box["x"] >= 0
    assert page.locator('[data-testid="stSlider"]').is_visible()
    context.close()


def test_embed_mode_puts_the_map_first_and_its_timeline_drives(page, app_url):
    page.goto(f"{app_url}/?date=2020-11-07&embed=true")
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    frame.locator('.leaflet-container[data-day="2020-11-07"]').wait_for(timeout=60_000)
    assert page.locator('[data-testid="stSlider"]').count() == 0 and page.locator("h1").count() == 0
    frame.locator(".kcm-range").focus()
    page.keyboard.press("ArrowRight")
    assert day_shown(frame) == "2020-11-08"
    page.wait_for_url(re.compile(r"date=2020-11-08"), timeout=30_000)  # the page follows the map
    page.get_by_text("Claims made on 8 November 2020").wait_for(timeout=30_000)


def test_quick_moves_on_both_controls_end_on_the_last_one(page, app_url):
    frame = open_map(page, f"{app_url}/?date=2005-01-01")
    assert frame.locator(".kcm-timeline select[data-act=period]").input_value() == "between"
    plus_one = frame.locator('.kcm-timeline [data-step="1"]')
    plus_one.click()
    map_frame = inside(page)
    # the first move is posted (after the 250 ms debounce) and its rerun under way...
    map_frame.wait_for_function("() => kcmBridge.health().posted >= 1", timeout=10_000)
    plus_one.click()  # ...when the second comes
    assert day_shown(frame) == "2005-01-03"
    page.wait_for_url(re.compile(r"date=2005-01-03"), timeout=30_000)
    slider = page.locator('[data-testid="stSlider"] input[type="range"]')
    expect(slider).to_have_attribute("aria-valuetext", "3 Jan 2005", timeout=10_000)  # the page shows the posted day
    map_frame.wait_for_function("() => !kcm.sync.driving", timeout=10_000)  # the app has answered the newest move
    assert day_shown(frame) == "2005-01-03"  # the rerun of the first move did not pull it back
    posted = map_frame.evaluate("() => kcmBridge.health().posted")

    frame.locator('.kcm-timeline [data-step="7"]').click()  # the map moves a week...
    slider.focus()
    page.keyboard.press("ArrowLeft")  # ...and at once the page's slider a day back: that is the newest
    page.wait_for_url(re.compile(r"date=2005-01-02"), timeout=30_000)
    expect(slider).to_have_attribute("aria-valuetext", "2 Jan 2005")
    map_frame.wait_for_function("() => !kcm.sync.driving", timeout=10_000)
    expect(frame.locator(".leaflet-container")).to_have_attribute("data-day", "2005-01-02")
    assert map_frame.evaluate("() => kcmBridge.health().posted") == posted  # the week's move was dropped, never posted


def test_playback_is_not_pulled_back_by_a_rerun_and_open_popups_follow_the_day(page, app_url):
    frame = open_map(page, f"{app_url}/?date=2010-06-01")
    body = frame.locator("body")
    body.evaluate("() => kcm.layers.shusha.openPopup()")
    body.evaluate("() => kcm.go(kcm.number('2012-06-01'))")
    assert "Claims in force on 1 June 2012" in frame.locator(".leaflet-popup-content").inner_text()
    body.evaluate("() => kcm.map.closePopup()")

    frame.locator(".kcm-timeline select[data-act=speed]").select_option("180")
    frame.locator(".kcm-timeline [data-act=play]").click()
    inside(page).wait_for_function(PAST, arg="2012-06-01", timeout=10_000)  # playing: past the day it started on
    moved = day_shown(frame)
    body.evaluate("() => kcm.set({date: '2010-01-05'})")  # a rerun for another widget, mid-play
    assert day_shown(frame) >= moved
    frame.locator(".kcm-timeline [data-act=play]").click()


def test_a_map_whose_data_cannot_be_loaded_says_so(page, app_url):
    page.route("**/app/static/generated/*", lambda route: route.fulfill(status=404, body="not found"))
    page.goto(f"{app_url}/?date=2020-11-08")
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    alert = frame.locator(".kcm-error[role=alert]")
    alert.wait_for(timeout=60_000)
    assert "could not be loaded" in alert.inner_text() and "404" in alert.inner_text()
