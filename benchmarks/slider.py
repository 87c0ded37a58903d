"""How fast the map answers a date change, in the real app, in headless Chromium.

For the real record and a synthetic one ``--factor`` times larger, it measures, from a key press
until the new day's colours are drawn (the map carries ``data-day`` and a frame has been painted):

- ``slider``:   the Streamlit slider (a server rerun; the map is not rebuilt, only the day is sent);
- ``timeline``: the timeline inside the map (no server round trip);
- ``naive``:    the naive app, ``benchmarks/naive_app.py``, which rebuilds the folium map and calls
  ``st_folium`` on every rerun (the frame reloads).

    python -m benchmarks.slider [--steps 25] [--factor 10] [--start 2020-09-27]

Its last line is ``slider_median_ms=<n> timeline_median_ms=<n> naive_median_ms=<n> speedup=<naive/slider>``
for the real record.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks import synthetic
from deploy.local import launch_chromium, loopback_only, streamlit
from geo.files import DATA_ENV

FRAME = 'iframe[title="streamlit_folium.st_folium"]'
SLIDER = '[data-testid="stSlider"] input[type="range"]'
#: True once the map in the (current) component frame shows ``day`` and a frame has been painted.
DRAWN = """day => {
  const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const doc = frame && frame.contentDocument;
  const map = doc && doc.querySelector('.leaflet-container[data-day]');
  if (!map || map.dataset.day !== day) return false;
  return new Promise(resolve => frame.contentWindow.requestAnimationFrame(() => resolve(true)));
}"""


def _open(page, url: str, day: dt.date) -> None:
    page.goto(f"{url}/?date={day.isoformat()}")
    page.wait_for_function(DRAWN, arg=day.isoformat(), timeout=120_000, polling=50)
    page.wait_for_timeout(500)  # let the first run settle


def _steps(page, focus, day: dt.date, steps: int, settle_ms: int, confirmed: list | None = None) -> list[float]:
    """Press ArrowRight ``steps`` times on the focused control; the time until each new day is drawn
    (and, into ``confirmed``, until the server's rerun has put the day in the page's URL)."""
    times = []
    for _ in range(steps):
        day += dt.timedelta(days=1)
        focus()
        t0 = time.perf_counter()
        page.keyboard.press("ArrowRight")
        try:
            page.wait_for_function(DRAWN, arg=day.isoformat(), timeout=30_000, polling="raf")
        except Exception:
            shown = page.evaluate(
                "() => document.querySelector('iframe')?.contentDocument?.querySelector('[data-day]')?.dataset.day"
            )
            raise RuntimeError(f"the map did not show {day} after a key press (it shows {shown})") from None
        times.append((time.perf_counter() - t0) * 1000)
        if confirmed is not None:
            page.wait_for_function(
                "day => location.search.includes('date=' + day)", arg=day.isoformat(), timeout=30_000, polling="raf"
            )
            confirmed.append((time.perf_counter() - t0) * 1000)
        page.wait_for_timeout(settle_ms)  # let the rerun finish before the next press
    return times


def measure(browser, url: str, start: dt.date, steps: int, *, in_map: bool) -> dict[str, list[float]]:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    loopback_only(page)
    _open(page, url, start)
    slider = page.locator(SLIDER)
    out = {"confirmed": []}
    out["slider"] = _steps(page, slider.focus, start, steps, settle_ms=200, confirmed=out["confirmed"])
    if in_map:
        end = start + dt.timedelta(days=steps)
        timeline = page.frame_locator(FRAME).locator(".kcm-range")
        out["timeline"] = _steps(page, timeline.focus, end, steps, settle_ms=20)
        # How much of that is the page's own work: kcm.go for the next day, script only.
        out["timeline_script"] = (
            page.frame_locator(FRAME)
            .locator("body")
            .evaluate(
                """() => { const t = []; for (let i = 0; i < 50; i++) { const a = performance.now();
               kcm.go(kcm.n + 1); t.push(performance.now() - a); } return t; }"""
            )
        )
        info = (
            page.frame_locator(FRAME)
            .locator("body")
            .evaluate("() => ({places: Object.keys(kcm.layers).length, states: kcm.data.timeline.states.length})")
        )
        out["info"] = info
    page.close()
    return out


def summary(times: list[float]) -> str:
    return (
        f"median {statistics.median(times):7.1f} ms   min {min(times):7.1f}   max {max(times):7.1f}   (n={len(times)})"
    )


def run(data_dir: Path | None, label: str, browser, start: dt.date, steps: int) -> dict[str, float]:
    env = {DATA_ENV: str(data_dir)} if data_dir else {}
    with streamlit("app.py", env) as app:
        ours = measure(browser, app.url, start, steps, in_map=True)
    with streamlit("benchmarks/naive_app.py", env) as app:
        naive = measure(browser, app.url, start, steps, in_map=False)
    print(f"\n{label}: {ours['info']['places']} drawn places, {ours['info']['states']} distinct states")
    for name, times in (
        ("slider (this app)", ours["slider"]),
        ("  rerun confirmed", ours["confirmed"]),
        ("in-map timeline", ours["timeline"]),
        ("  of which script", ours["timeline_script"]),
        ("naive (rebuild map)", naive["slider"]),
        ("  rerun confirmed", naive["confirmed"]),
    ):
        print(f"  {name:22s} {summary(times)}")
    medians = {
        k: statistics.median(v)
        for k, v in (("slider", ours["slider"]), ("timeline", ours["timeline"]), ("naive", naive["slider"]))
    }
    print(f"  naive / slider: {medians['naive'] / medians['slider']:.1f}x")
    return medians


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="./run benchmarks.slider", description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=25, help="key presses per approach (at least 20)")
    parser.add_argument("--factor", type=int, default=10, help="size of the synthetic record (times the real one)")
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2020, 9, 26))
    args = parser.parse_args(argv)
    print(
        f"machine: {platform.machine()}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}"
    )
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
        browser = launch_chromium(pw)
        real = run(None, "real record", browser, args.start, args.steps)
        big = run(
            synthetic.write(Path(tmp) / "synthetic", args.factor),
            f"synthetic record x{args.factor}",
            browser,
            args.start,
            args.steps,
        )
        browser.close()
    print(
        f"\ngrowth x{args.factor} record: slider {big['slider'] / real['slider']:.2f}x, "
        f"timeline {big['timeline'] / real['timeline']:.2f}x, naive {big['naive'] / real['naive']:.2f}x"
    )
    print(json.dumps({"real": real, f"x{args.factor}": big}))
    print(
        f"slider_median_ms={real['slider']:.0f} timeline_median_ms={real['timeline']:.0f} "
        f"naive_median_ms={real['naive']:.0f} speedup={real['naive'] / real['slider']:.1f}"
    )


if __name__ == "__main__":
    main()
