"""Real-browser tests: Debian's Chromium drives the running app."""

import re

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

    slider = page.locator('[data-testid="stSlider"] [role="slider"], [data-testid="stSlider"] input[type="range"]').first
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
