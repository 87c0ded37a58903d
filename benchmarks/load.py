"""Load test: concurrent browser sessions scrub the date slider of the real app; errors and latency.

    python -m benchmarks.load [--sessions 20] [--steps 10] [--timeout 600] [--url http://127.0.0.1:8501]

Starts ``streamlit run app.py`` on a free loopback port (unless ``--url`` names a running app), opens
``--sessions`` pages in Debian's Chromium at once, each on its own ``?date=``, and in each presses
ArrowRight on the focused slider ``--steps`` times. A step's latency runs from the key press until the
map (inside the streamlit-folium iframe) carries the next day in its ``data-day`` attribute. Every
request that is not to 127.0.0.1 is blocked. Page errors, console errors and timeouts are errors; the
exit status is 1 if there is any, or if the total time limit is reached.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import math
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Browser, Page, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeout

from deploy.local import is_loopback, launch_chromium, streamlit

SLIDER = '[data-testid="stSlider"] input[type="range"], [data-testid="stSlider"] [role="slider"]'
#: Session i opens on FIRST_DAY + i * DAYS_APART: the autumn 2020 war, where most days carry claims.
FIRST_DAY = dt.date(2020, 9, 27)
DAYS_APART = 3
#: True once the map in any same-origin iframe shows ``day`` (layers/map.py sets ``data-day``).
MAP_SHOWS_DAY = """day => Array.from(document.querySelectorAll('iframe')).some(frame => {
  try { return frame.contentDocument.querySelector('[data-day="' + day + '"]') !== null; }
  catch (e) { return false; }
})"""


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)  # seconds, one per step
    first_loads: list[float] = field(default_factory=list)  # page open until the map shows its day
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)  # URLs off this machine the pages asked for


def peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident set size so far (Linux ``VmHWM``), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


async def _wait_for_day(page: Page, day: dt.date, timeout: float) -> None:
    await page.wait_for_function(MAP_SHOWS_DAY, arg=day.isoformat(), polling=20, timeout=timeout * 1000)


async def scrub(browser: Browser, url: str, number: int, steps: int, step_timeout: float, results: Results) -> None:
    """One session: open the app on its own day, then press ArrowRight ``steps`` times, timing each."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})

    async def only_loopback(route):
        if is_loopback(route.request.url):
            await route.continue_()
        else:
            results.blocked.append(route.request.url)
            await route.abort()

    await context.route("**/*", only_loopback)

    def console(message):
        if message.type == "error":
            results.errors.append(f"session {number}: console error: {message.text}")

    page = await context.new_page()
    page.on("pageerror", lambda exc: results.errors.append(f"session {number}: page error: {exc}"))
    page.on("console", console)
    day = FIRST_DAY + dt.timedelta(days=number * DAYS_APART)
    try:
        start = time.perf_counter()
        await page.goto(f"{url}/?date={day.isoformat()}")
        await _wait_for_day(page, day, step_timeout)
        results.first_loads.append(time.perf_counter() - start)
        await page.locator(SLIDER).first.focus()
        for _ in range(steps):
            day += dt.timedelta(days=1)
            start = time.perf_counter()
            await page.keyboard.press("ArrowRight")
            await _wait_for_day(page, day, step_timeout)
            results.latencies.append(time.perf_counter() - start)
    except PlaywrightTimeout:
        results.errors.append(f"session {number}: timeout: the map did not show {day} within {step_timeout:.0f} s")
    finally:
        await context.close()


async def run_sessions(url: str, *, sessions: int, steps: int, timeout: float, step_timeout: float) -> Results:
    """All sessions at once in one browser (a context each), stopped at ``timeout`` seconds in all."""
    results = Results()
    async with async_playwright() as p:
        browser = await launch_chromium(p)  # the async API's launch, awaited
        try:
            await asyncio.wait_for(
                asyncio.gather(*(scrub(browser, url, n, steps, step_timeout, results) for n in range(sessions))),
                timeout,
            )
        except TimeoutError:
            results.errors.append(f"total time limit of {timeout:.0f} s reached")
        finally:
            await browser.close()
    return results


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (``p`` in 0..100) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def report(
    results: Results, *, sessions: int, steps: int, seconds: float, rss_mb: float | None, load_before: float
) -> str:
    def spread(values: list[float]) -> str:
        if not values:
            return "none measured"
        return (
            ", ".join(
                f"{name} {percentile(values, p) * 1000:.0f}"
                for name, p in [("min", 0), ("median", 50), ("p90", 90), ("p95", 95), ("max", 100)]
            )
            + " ms"
        )

    kinds = {kind: sum(f": {kind}" in e for e in results.errors) for kind in ("page error", "console error", "timeout")}
    lines = [
        f"sessions: {sessions}, steps per session: {steps}, steps measured: {len(results.latencies)} of "
        f"{sessions * steps}, wall time: {seconds:.1f} s",
        f"errors: {len(results.errors)} (" + ", ".join(f"{k}s: {v}" for k, v in kinds.items()) + ")",
        f"requests blocked (not to 127.0.0.1): {len(results.blocked)}",
        f"step latency, key press to map showing the day: {spread(results.latencies)}",
        f"first load, page open to map showing its day: {spread(results.first_loads)}",
        f"server peak RSS: {f'{rss_mb:.0f} MB' if rss_mb is not None else 'n/a (server not started here)'}",
        f"machine: {os.cpu_count()} CPUs, 1-minute load average {load_before:.1f} before the run",
    ]
    return "\n".join(lines + [f"  {e}" for e in results.errors[:20]])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./run benchmarks.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent browser sessions (default 20)")
    parser.add_argument("--steps", type=int, default=10, help="ArrowRight presses per session (default 10)")
    parser.add_argument("--timeout", type=float, default=600, help="total time limit in seconds (default 600)")
    parser.add_argument(
        "--step-timeout", type=float, default=120, help="longest wait for one day to show, in seconds (default 120)"
    )
    parser.add_argument("--url", help="test an app already running at this loopback URL instead of starting one")
    args = parser.parse_args(argv)
    if args.url and not args.url.startswith("http://127.0.0.1:"):
        parser.error("--url must be on 127.0.0.1: the load test stays on this machine")

    def measure(url: str) -> tuple[Results, float]:
        start = time.perf_counter()
        results = asyncio.run(
            run_sessions(
                url, sessions=args.sessions, steps=args.steps, timeout=args.timeout, step_timeout=args.step_timeout
            )
        )
        return results, time.perf_counter() - start

    load_before = os.getloadavg()[0]  # the browsers and the server share this machine with whatever else runs
    if args.url:
        (results, seconds), rss = measure(args.url.rstrip("/")), None
    else:
        with streamlit("app.py") as app:
            results, seconds = measure(app.url)
            rss = peak_rss_mb(app.pid)
    print(
        report(results, sessions=args.sessions, steps=args.steps, seconds=seconds, rss_mb=rss, load_before=load_before)
    )
    complete = len(results.latencies) == args.sessions * args.steps
    return 0 if complete and not results.errors else 1


if __name__ == "__main__":
    sys.exit(main())
