"""Shared fixtures: the real record, and a real Streamlit server driven by Debian's Chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from deploy.local import CHROMIUM, is_loopback, launch_chromium


@pytest.fixture(scope="session")
def timeline():
    from geo import Timeline, read_record

    return Timeline.from_record(read_record())


@pytest.fixture(scope="session")
def app_url():
    """The real app on a free loopback port (``deploy/local.py``), up until the session ends."""
    from deploy.local import streamlit

    with streamlit("app.py") as app:
        yield app.url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright (never a downloaded browser). In CI it must exist."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    # The app must work offline: any request off this machine fails the test.
    outside = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if is_loopback(route.request.url) else (outside.append(route.request.url), route.abort())
        ),
    )
    pg = context.new_page()
    pg.outside_requests = outside
    yield pg
    context.close()
