"""The ways to serve (deploy/), each started by its one command on 127.0.0.1 free ports with Debian's nginx,
and a real browser going through the balancer: the static site, and two app replicas with sticky sessions."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from deploy._nginx import NGINX
from deploy.local import is_loopback
from tests.test_site import build_site_once

ROOT = Path(__file__).resolve().parent.parent
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
SLIDER = '[data-testid="stSlider"] input[type="range"]'


@pytest.fixture(scope="module", autouse=True)
def nginx_installed():
    if not Path(NGINX).exists() and not shutil.which("nginx"):
        if os.environ.get("CI"):
            pytest.fail(f"{NGINX} is missing in CI: .ci/run must install Debian's nginx")
        pytest.skip("nginx not installed (apt-get install nginx)")


class Launched:
    """A deploy command run as it would be by hand; its output read as it comes; stopped by its PID."""

    def __init__(self, *args: str, timeout: float = 240):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.url = self.wait_for(r"^serving (http://127\.0\.0\.1:\d+)/", timeout)[1]

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float, start: int = 0) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[start:]:
                if match := re.search(pattern, line):
                    return match
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"no line matching {pattern!r}; output:\n" + "\n".join(self.lines))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(timeout=10)
        self.proc.stdout.close()


def get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def loopback_context(browser, **options):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, **options)
    context.outside = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if is_loopback(route.request.url)
            else (context.outside.append(route.request.url), route.abort())
        ),
    )
    return context


# ---- the static site behind nginx ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def static_site(tmp_path_factory):
    site = build_site_once(tmp_path_factory)
    server = Launched("deploy.static", "--site", str(site), timeout=60)
    yield server.url, site
    server.stop()
    assert server.proc.returncode == 0, "\n".join(server.lines)


def test_nginx_sends_the_precompressed_copies_and_caches_hashed_files_for_good(static_site):
    url, site = static_site
    js = next(p for p in (site / "assets").iterdir() if re.fullmatch(r"kcm-[0-9a-f]{16}\.js", p.name))
    status, headers, body = get(f"{url}/assets/{js.name}", {"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200 and headers["content-encoding"] == "br"
    assert body == js.with_name(js.name + ".br").read_bytes()
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "accept-encoding" in headers["vary"].lower()
    status, headers, body = get(f"{url}/assets/{js.name}", {"Accept-Encoding": "gzip"})
    assert headers["content-encoding"] == "gzip" and body == js.with_name(js.name + ".gz").read_bytes()
    status, headers, body = get(f"{url}/assets/{js.name}")
    assert "content-encoding" not in headers and body == js.read_bytes()
    assert headers["content-type"].startswith("application/javascript")

    status, headers, body = get(f"{url}/?date=2020-11-08", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert headers["cache-control"] == "public, max-age=60, must-revalidate"
    csv = next(p for p in (site / "assets").iterdir() if p.suffix == ".csv")
    assert get(f"{url}/assets/{csv.name}")[1]["content-type"].startswith("text/csv")
    assert get(f"{url}/assets/kcm-0000000000000000.js")[0] == 404
    assert get(f"{url}/.nojekyll")[0] == 404


def test_through_nginx_the_day_opens_contested_the_timeline_moves_the_url_and_a_place_opens_in_armenian(
    browser, static_site
):
    url, _ = static_site
    context = loopback_context(browser)
    try:
        page = context.new_page()
        page.goto(f"{url}/?date=2020-11-08")
        page.wait_for_selector("body[data-site-ready]", timeout=30_000)
        shusha = page.locator('path[data-place="shusha"]')
        assert shusha.get_attribute("data-status") == "contested"
        assert shusha.get_attribute("data-holder") == ""
        page.locator(".kcm-timeline [data-step='1']").click()
        page.wait_for_url(re.compile(r"\?date=2020-11-09"))
        page.locator(".kcm-timeline .kcm-range").focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_url(re.compile(r"\?date=2020-11-10"))
        assert shusha.get_attribute("data-status") == "agreed" and shusha.get_attribute("data-holder") == "azerbaijan"
        page.mouse.move(300, 300)
        page.mouse.wheel(0, -300)  # the viewer zooms: the view joins the URL
        page.wait_for_url(re.compile(r"&view=\d+\.\d+,\d+\.\d+,[\d.]+"))

        page.goto(f"{url}/?place=shusha&lang=hy")
        page.wait_for_selector("body[data-site-ready]", timeout=30_000)
        assert page.evaluate("document.documentElement.lang") == "hy"
        assert "Շուշի" in page.locator("#kcm-place-title").inner_text()
        page.locator('path.kcm-focus[data-place="shusha"]').wait_for()
        page.wait_for_function("() => kcm.map.getZoom() >= 9.5 && kcm.map.getBounds().contains([39.76, 46.75])")
        assert context.outside == []
    finally:
        context.close()


# ---- two app replicas behind nginx ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def replicas():
    server = Launched("deploy.replicas", "--replicas", "2", "--check-every", "1")
    server.replicas = {
        int(m[1]): (m[2], int(m[3]))
        for line in server.lines
        if (m := re.match(r"replica (\d+): (http://127\.0\.0\.1:\d+) \(pid (\d+)\) healthy", line))
    }
    assert len(server.replicas) == 2, server.lines
    yield server
    server.stop()
    assert server.proc.returncode == 0, "\n".join(server.lines)
    for _, pid in server.replicas.values():  # every replica stopped with it
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()


def pinned_cookies(server) -> dict[str, str]:
    """A value of the affinity cookie for each replica (found by asking the balancer)."""
    found = {}
    for value in (f"k{i}" for i in range(200)):
        address = get(f"{server.url}/_stcore/health", {"Cookie": f"kcm_replica={value}"})[1]["x-replica"]
        found.setdefault(address, value)
        if len(found) == len(server.replicas):
            return found
    raise AssertionError(f"the balancer sent every session to {list(found)}")


def test_the_balancer_answers_health_and_keeps_each_browser_on_one_replica(replicas):
    status, headers, body = get(f"{replicas.url}/_stcore/health")
    assert status == 200 and body == b"ok"
    cookie = re.match(r"kcm_replica=([0-9a-f]{32}); Path=/; HttpOnly; SameSite=Lax", headers["set-cookie"])
    assert cookie
    seen = {
        get(f"{replicas.url}/_stcore/health", {"Cookie": f"kcm_replica={cookie[1]}"})[1]["x-replica"] for _ in range(10)
    }
    assert len(seen) == 1
    addresses = {url.removeprefix("http://") for url, _ in replicas.replicas.values()}
    assert set(pinned_cookies(replicas)) == addresses


def test_through_the_balancer_each_replica_serves_the_same_map_and_the_slider_works(browser, replicas):
    data_urls, frames = {}, {}
    contexts = []
    try:
        for address, value in pinned_cookies(replicas).items():
            context = loopback_context(browser)
            contexts.append(context)
            context.add_cookies([{"name": "kcm_replica", "value": value, "url": replicas.url}])
            page = context.new_page()
            requested = []
            page.on("request", lambda r, seen=requested: seen.append(r.url))
            page.goto(f"{replicas.url}/?date=2020-11-08")
            frame = page.frame_locator(MAP_FRAME)
            frame.locator('path[data-place="shusha"][data-status="contested"]').wait_for(timeout=90_000)
            data_urls[address] = [u for u in requested if "/generated/base-" in u]
            frames[address] = (page, frame)
        published = {tuple(urls) for urls in data_urls.values()}
        assert len(published) == 1 and len(next(iter(published))) == 1, data_urls  # one file, the same name
        path = next(iter(published))[0].removeprefix(replicas.url)
        bodies = {get(f"{url}{path}")[2] for url, _ in replicas.replicas.values()}
        assert len(bodies) == 1 and len(next(iter(bodies))) > 100_000  # the same bytes from each replica
        page, frame = next(iter(frames.values()))
        page.locator(SLIDER).first.focus()
        page.keyboard.press("ArrowRight")  # the websocket goes through nginx: the rerun answers
        frame.locator('#kcm-date:has-text("9 November 2020")').wait_for(timeout=60_000)
        page.wait_for_url(re.compile(r"date=2020-11-09"), timeout=60_000)
        assert all(c.outside == [] for c in contexts)
    finally:
        for context in contexts:
            context.close()


def test_a_replica_that_dies_hands_its_sessions_on_and_is_started_again(replicas):
    pinned = pinned_cookies(replicas)
    url, pid = replicas.replicas[1]
    address = url.removeprefix("http://")
    mark = len(replicas.lines)
    os.kill(pid, signal.SIGKILL)  # a replica this test's launcher started, by its PID
    status, headers, _ = get(f"{replicas.url}/_stcore/health", {"Cookie": f"kcm_replica={pinned[address]}"})
    assert status == 200 and headers["x-replica"] != address  # nginx retried on the other replica
    replicas.wait_for(r"^replica 1: process ended", timeout=30, start=mark)
    replicas.wait_for(r"^replica 1: healthy again", timeout=180, start=mark)
    deadline = time.monotonic() + 30
    cookie = {"Cookie": f"kcm_replica={pinned[address]}"}
    while get(f"{replicas.url}/_stcore/health", cookie)[1]["x-replica"] != address:
        assert time.monotonic() < deadline, "the restarted replica did not get its sessions back"
        time.sleep(0.5)
