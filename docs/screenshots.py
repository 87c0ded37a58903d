"""Take the README's screenshots from the real app: ``./run docs.screenshots``.

Starts the app on a free loopback port (deploy/local.py) and Debian's Chromium, and writes
``docs/screenshot.png`` (a laptop, 1400 × 1000) and ``docs/screenshot-phone.png`` (a 390 × 844 phone with
the key open), both on 8 November 2020. Requests off 127.0.0.1 are blocked, as in the tests.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

from deploy.local import launch_chromium, loopback_only, streamlit

DOCS = Path(__file__).resolve().parent
FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def shoot(browser, url: str, path: Path, *, width: int, height: int, phone: bool = False) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone, device_scale_factor=1
    )
    page = context.new_page()
    loopback_only(page)
    page.goto(url)
    frame = page.frame_locator(FRAME)
    frame.locator('path[data-place="shusha"][data-status="contested"]').wait_for(timeout=120_000)
    if phone:
        page.locator(FRAME).scroll_into_view_if_needed()
        frame.locator(".kcm-key-toggle").tap()
    page.wait_for_timeout(500)  # let the last tiles of text settle (fonts, Streamlit's transitions)
    page.screenshot(path=str(path), full_page=False)
    context.close()
    print(f"wrote {path}")


def main() -> None:
    with streamlit("app.py") as app, sync_playwright() as p:
        browser = launch_chromium(p)
        shoot(browser, f"{app.url}/?date=2020-11-08", DOCS / "screenshot.png", width=1400, height=1000)
        shoot(
            browser,
            f"{app.url}/?date=2020-11-08&lang=az",
            DOCS / "screenshot-phone.png",
            width=390,
            height=844,
            phone=True,
        )
        browser.close()


if __name__ == "__main__":
    main()
