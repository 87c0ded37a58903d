"""Viewers on any screen, in the real app in Debian's Chromium: a key on the phone, the right place under
a click or a tap, popups clear of the map's own boxes, places reachable by keyboard."""

import pytest

from tests.test_browser import MAP_FRAME, open_map


def point_of(page, frame, place):
    """Where ``place`` is drawn, in the page's coordinates (the map scrolled into view first)."""
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    box = page.locator(MAP_FRAME).bounding_box()
    x, y = frame.locator("body").evaluate(
        "(b, id) => { const p = window.kcm.map.latLngToContainerPoint(window.kcm.layers[id].getLatLng());"
        " return [p.x, p.y]; }",
        place,
    )
    return box["x"] + x, box["y"] + y


def popup_title(frame):
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    return popup.locator(".kcm-names b").first.inner_text()


@pytest.fixture()
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("place, title", [("hadrut", "Hadrut"), ("shusha", "Shusha / Şuşa / Shushi")])
def test_a_click_at_a_towns_position_at_the_default_zoom_opens_that_town(page, app_url, place, title):
    frame = open_map(page, f"{app_url}/?date=2020-11-08")
    x, y = point_of(page, frame, place)
    page.mouse.click(x + 3, y + 3)  # a little off the centre, as a finger or a hasty click lands
    assert popup_title(frame).startswith(title)


def test_a_tap_on_shusha_on_a_phone_opens_shusha(phone, app_url):
    frame = open_map(phone, f"{app_url}/?date=2020-11-08")
    x, y = point_of(phone, frame, "shusha")
    phone.touchscreen.tap(x, y)
    assert popup_title(frame).startswith("Shusha")


def test_several_villages_within_reach_offer_a_choice(page, app_url):
    frame = open_map(page, f"{app_url}/?date=2020-11-08")
    # zoom out until two villages with no town near them are within a fingertip of each other
    pair = frame.locator("body").evaluate("""() => {
      const map = window.kcm.map, ids = Object.keys(window.kcm.layers).filter(id => window.kcm.layers[id].getLatLng);
      const kind = id => window.kcm.layers[id].feature.properties.kind;
      for (let zoom = map.getZoom(); zoom >= 6; zoom -= 1) {
        map.setZoom(zoom, {animate: false});
        const pt = id => map.latLngToContainerPoint(window.kcm.layers[id].getLatLng());
        for (const a of ids) for (const b of ids) {
          if (a < b && kind(a) === 'village' && kind(b) === 'village' && pt(a).distanceTo(pt(b)) < 8 &&
              !ids.some(c => (kind(c) === 'town' || kind(c) === 'city') && pt(c).distanceTo(pt(a)) < 30)) return [a, b];
        }
      }
      return null; }""")
    assert pair, "no two villages close together at any zoom"
    x, y = point_of(page, frame, pair[0])
    page.mouse.click(x, y)
    chooser = frame.locator(".kcm-chooser")
    chooser.wait_for(timeout=10_000)
    assert chooser.locator(".kcm-choice").count() >= 2
    chooser.locator(".kcm-choice").first.click()
    frame.locator(".leaflet-popup-content .kcm-names").wait_for(timeout=10_000)


def overlaps(a, b):
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("viewport", [(1400, 1000), (390, 844)])
def test_an_open_popups_header_and_close_button_are_not_covered(browser, app_url, viewport):
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    frame = open_map(page, f"{app_url}/?date=2020-11-08")
    frame.locator("body").evaluate("() => window.kcm.layers.shusha.openPopup()")
    frame.locator(".leaflet-popup-content .kcm-names").wait_for()
    page.wait_for_timeout(400)  # the pan that clears the boxes is animated (Leaflet's 0.25 s)
    header = frame.locator(".leaflet-popup-content .kcm-names b").first.bounding_box()
    close = frame.locator(".leaflet-popup-close-button").bounding_box()
    for box in (".kcm-date", ".leaflet-control-zoom", ".kcm-legend", ".kcm-timeline"):
        if frame.locator(box).count() and frame.locator(box).is_visible():
            other = frame.locator(box).bounding_box()
            assert not overlaps(header, other), f"the popup's header lies under {box}"
            assert not overlaps(close, other), f"the popup's close button lies under {box}"
    context.close()


def test_the_phone_has_a_key_it_can_open(phone, app_url):
    frame = open_map(phone, f"{app_url}/?date=2020-11-08")
    toggle = frame.locator(".kcm-key-toggle")
    body = frame.locator(".kcm-legend-body")
    assert toggle.is_visible() and not body.is_visible()
    toggle.tap()
    assert body.is_visible() and "Contested" in body.inner_text() and toggle.get_attribute("aria-expanded") == "true"


def test_places_are_reachable_by_keyboard_and_say_their_state(page, app_url):
    frame = open_map(page, f"{app_url}/?date=2020-11-08")
    shusha = frame.locator('path[data-place="shusha"]')
    assert shusha.get_attribute("role") == "button" and shusha.get_attribute("tabindex") == "0"
    assert shusha.get_attribute("aria-label").startswith("Shusha / Şuşa / Shushi: Contested")
    shusha.focus()
    page.keyboard.press("Enter")
    assert popup_title(frame).startswith("Shusha")


@pytest.mark.parametrize("lang", ["en", "az"])
def test_on_a_phone_the_date_box_leaves_the_zoom_buttons_clear(phone, app_url, lang):
    frame = open_map(phone, f"{app_url}/?date=2020-11-08&lang={lang}")
    date, zoom = frame.locator(".kcm-date").bounding_box(), frame.locator(".leaflet-control-zoom").bounding_box()
    assert not overlaps(date, zoom)
