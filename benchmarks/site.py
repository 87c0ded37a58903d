"""Serving benchmark: the static site against the app, on this machine, loopback only. Prints its figures.

    python -m benchmarks.site [--site DIR] [--runs 5] [--seconds 10] [--sessions 20] [--steps 5]

In one run:

1. **First map on screen**, static site (behind nginx, ``deploy/static.py``) vs the app (``streamlit run
   app.py``): a fresh Chromium context each time (nothing cached), from ``goto`` until Shusha is drawn with
   its state (``path[data-place=shusha][data-status]``); median of ``--runs``.
2. **Bytes of a first visit**, compressed, as Chromium received them from nginx (brotli), the map's data
   apart, against a budget of 300 KB for the map data; and the same files as gzip (a browser without
   brotli); and the app's first visit for comparison.
3. **The static site under HTTP load**: Debian's ``wrk`` against nginx on 127.0.0.1 at 50, 200 and 1,000
   concurrent connections, ``--seconds`` each, over the files of a first visit (brotli): requests per
   second, p50, p95, errors. ``wrk`` and nginx share the machine's cores.
4. **The app behind nginx with 1 and 2 replicas** (``deploy/replicas.py``), ``--sessions`` browser
   sessions at once each pressing ArrowRight ``--steps`` times (``benchmarks/load.py``): the step latency
   and the errors. The browsers run on the same cores as the replicas: on 2 cores a second replica shows
   the cost per session, not what a second machine would add.

Every request goes to 127.0.0.1; every load is bounded in connections and time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.load import FIRST_DAY, SLIDER, Results, _wait_for_day, percentile
from deploy.local import CHROMIUM, is_loopback, launch_chromium, streamlit

ROOT = Path(__file__).resolve().parent.parent
MAP_DATA_BUDGET = 300_000
CONNECTIONS = (50, 200, 1000)
WRK_SCRIPT = r"""
-- Rotate over the files of a first visit; report the figures as one JSON line.
local paths = {%(paths)s}
local i = 0
wrk.headers["Accept-Encoding"] = "br, gzip"
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %%d, "duration_us": %%d, "bytes": %%d, "connect": %%d, "read": %%d, ' ..
    '"write": %%d, "status": %%d, "timeout": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, "max_us": %%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


async def sessions(url: str, *, count: int, steps: int, timeout: float, step_timeout: float) -> Results:
    """``benchmarks/load.py``'s sessions (each opens its own day and presses ArrowRight on the slider), with
    the page's opening bounded by ``step_timeout`` like every step (20 pages opening at once on 2 cores
    take longer than Playwright's default 30 s for a navigation)."""
    import datetime as dt

    from playwright.async_api import TimeoutError as PlaywrightTimeout
    from playwright.async_api import async_playwright

    results = Results()

    async def one(browser, number: int) -> None:
        context = await browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_navigation_timeout(step_timeout * 1000)

        async def only_loopback(route):
            if is_loopback(route.request.url):
                await route.continue_()
            else:
                results.blocked.append(route.request.url)
                await route.abort()

        await context.route("**/*", only_loopback)
        page = await context.new_page()
        page.on("pageerror", lambda exc: results.errors.append(f"session {number}: page error: {exc}"))
        page.on(
            "console",
            lambda m: m.type == "error" and results.errors.append(f"session {number}: console error: {m.text}"),
        )
        day = FIRST_DAY + dt.timedelta(days=number * 3)
        try:
            start = time.perf_counter()
            await page.goto(f"{url}/?date={day.isoformat()}", wait_until="commit")
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

    async with async_playwright() as p:
        browser = await launch_chromium(p)
        try:
            await asyncio.wait_for(asyncio.gather(*(one(browser, n) for n in range(count))), timeout)
        except TimeoutError:
            results.errors.append(f"total time limit of {timeout:.0f} s reached")
        finally:
            await browser.close()
    return results


class Launched:
    """A deploy command (``python -m deploy.…``) until it says ``serving URL``; stopped by its PID."""

    def __init__(self, *args: str, timeout: float = 300):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(
            target=lambda: self.lines.extend(line.rstrip() for line in self.proc.stdout), daemon=True
        )
        self.reader.start()
        deadline = time.monotonic() + timeout
        while not any(line.startswith("serving ") for line in self.lines):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{' '.join(args)} did not start:\n" + "\n".join(self.lines))
            time.sleep(0.1)
        self.url = re.search(r"serving (http://\S+?)/? ", next(x for x in self.lines if x.startswith("serving ")))[1]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.reader.join(timeout=10)
        self.proc.stdout.close()


def first_map_seconds(browser, url: str, *, app: bool, runs: int) -> tuple[list[float], dict]:
    """Seconds from goto until Shusha is drawn with its state, each in a fresh context; and the bytes of
    the first visit by resource (Chromium's encoded body sizes) from the first run."""
    times, sizes = [], {}
    for run in range(runs):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.route("**/*", lambda route: route.continue_() if is_loopback(route.request.url) else route.abort())
        page = context.new_page()
        responses = []
        page.on("requestfinished", lambda request, seen=responses: seen.append(request))
        start = time.perf_counter()
        page.goto(f"{url}/?date=2020-11-08")
        where = page.frame_locator('iframe[title="streamlit_folium.st_folium"]') if app else page
        where.locator('path[data-place="shusha"][data-status]').wait_for(timeout=120_000)
        times.append(time.perf_counter() - start)
        if run == 0:
            page.wait_for_load_state("networkidle")
            for request in responses:
                body = request.sizes()["responseBodySize"]
                sizes[request.url] = sizes.get(request.url, 0) + body
        context.close()
    return times, sizes


def wrk(url: str, paths: list[str], connections: int, seconds: int, threads: int) -> dict:
    """One bounded wrk run against ``url`` (loopback); its figures."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths)})
    try:
        command = [
            "wrk",
            "-t",
            str(threads),
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--timeout",
            "5s",
            "-s",
            script.name,
            url,
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    finally:
        os.unlink(script.name)
    line = next((x for x in done.stdout.splitlines() if x.startswith('{"requests"')), None)
    if line is None:
        raise RuntimeError(f"wrk gave no figures:\n{done.stdout}\n{done.stderr}")
    figures = json.loads(line)
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    figures["errors"] = sum(figures[k] for k in ("connect", "read", "write", "status", "timeout"))
    return figures


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = (
        next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        / 1024
        / 1024
    )
    debian = Path("/etc/debian_version").read_text().strip() if Path("/etc/debian_version").exists() else "?"

    def version(*args: str) -> str:
        try:
            done = subprocess.run(args, capture_output=True, text=True, timeout=30)
            return (done.stdout + done.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "?"

    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory:.0f} GB, Debian {debian}, Python {platform.python_version()}, "
        f"{version('nginx', '-v')}, {version(CHROMIUM, '--version')}, {version('wrk', '--version')}"
    )


def raise_open_files() -> None:
    """1,000 connections need more file descriptors than the usual soft limit of 1,024."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(max(soft, 65536), hard), hard))


def kb(n: float) -> str:
    return f"{n / 1000:,.0f} KB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./run benchmarks.site", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a site written by python -m layers site (default: write one)")
    parser.add_argument("--runs", type=int, default=5, help="first-map runs each (default 5)")
    parser.add_argument("--seconds", type=int, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument("--sessions", type=int, default=20, help="browser sessions for the app (default 20)")
    parser.add_argument("--steps", type=int, default=5, help="ArrowRight presses per session (default 5)")
    parser.add_argument("--skip-app-load", action="store_true", help="leave out part 4 (the replicas)")
    args = parser.parse_args(argv)
    for tool in ("nginx", "wrk"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            parser.error(f"{tool} not found: apt-get install nginx wrk libnginx-mod-http-brotli-static")
    raise_open_files()
    load_before = os.getloadavg()[0]
    print(f"machine: {machine()}; 1-minute load average before the run {load_before:.1f}", flush=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="kcm-site-bench-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "layers", "site", "--out", str(site), "--quiet"], cwd=ROOT, check=True
            )
            print(f"site written in {time.perf_counter() - start:.1f} s", flush=True)
        static = Launched("deploy.static", "--site", str(site))
        try:
            with streamlit("app.py") as app, sync_playwright() as p:
                browser = launch_chromium(p)
                first_map_seconds(browser, static.url, app=False, runs=1)  # warm nginx's and the disk's caches
                first_map_seconds(browser, app.url, app=True, runs=1)  # the app computes its caches once
                static_times, static_sizes = first_map_seconds(browser, static.url, app=False, runs=args.runs)
                app_times, app_sizes = first_map_seconds(browser, app.url, app=True, runs=args.runs)
                browser.close()

            # ---- 1. first map on screen
            s_med, a_med = statistics.median(static_times), statistics.median(app_times)
            print(
                f"\n1. first map on screen (Chromium, loopback, nothing cached; median of {args.runs}): "
                f"static site {s_med * 1000:.0f} ms (min {min(static_times) * 1000:.0f}, "
                f"max {max(static_times) * 1000:.0f}); "
                f"app {a_med * 1000:.0f} ms (min {min(app_times) * 1000:.0f}, max {max(app_times) * 1000:.0f}); "
                f"app / static {a_med / s_med:.1f}x"
            )

            # ---- 2. bytes of a first visit
            paths = [u.removeprefix(static.url) for u in static_sizes]
            data = {u: n for u, n in static_sizes.items() if "/assets/data-" in u}
            data_br = sum(data.values())
            total_br = sum(static_sizes.values())

            def local(url: str) -> Path:  # the file of the site a URL names
                path = url.removeprefix(static.url).split("?")[0].lstrip("/")
                return site / (path or "index.html")

            gz_sizes = {u: local(u).with_name(local(u).name + ".gz").stat().st_size for u in static_sizes}
            data_gz = sum(n for u, n in gz_sizes.items() if "/assets/data-" in u)
            total_gz = sum(gz_sizes.values())
            raw = sum(local(u).stat().st_size for u in static_sizes)
            verdict = "within" if max(data_br, data_gz) <= MAP_DATA_BUDGET else "OVER"
            print(
                f"2. bytes of a first visit, compressed ({len(static_sizes)} files, {kb(raw)} uncompressed): "
                f"brotli {kb(total_br)} of which the map data {kb(data_br)}; "
                f"gzip {kb(total_gz)}, map data {kb(data_gz)}; "
                f"budget for the map data {kb(MAP_DATA_BUDGET)}: {verdict}. "
                f"The app's first visit: {kb(sum(app_sizes.values()))} in {len(app_sizes)} requests"
            )
            for u, n in sorted(static_sizes.items(), key=lambda kv: -kv[1]):
                print(f"   {n:>9,} B  {u.removeprefix(static.url)}")

            # ---- 3. the static site under load
            print(
                f"3. the static site under HTTP load (wrk, {args.seconds} s each, 2 threads, brotli, "
                f"the {len(paths)} files of a first visit in turn):"
            )
            figures = {}
            for connections in CONNECTIONS:
                f = wrk(static.url, paths, connections, args.seconds, threads=2)
                figures[connections] = f
                print(
                    f"   {connections:>5} connections: {f['rps']:,.0f} requests/s, "
                    f"{f['bytes'] / f['duration_us']:,.0f} MB/s, p50 {f['p50_us'] / 1000:.1f} ms, "
                    f"p95 {f['p95_us'] / 1000:.1f} ms, p99 {f['p99_us'] / 1000:.1f} ms, "
                    f"errors {f['errors']} (connect {f['connect']}, read {f['read']}, write {f['write']}, "
                    f"status {f['status']}, timeout {f['timeout']}) of {f['requests']:,}",
                    flush=True,
                )
        finally:
            static.stop()

    # ---- 4. the app with 1 and 2 replicas behind nginx
    app_figures = {}
    if not args.skip_app_load:
        print(
            f"4. the app behind nginx, {args.sessions} browser sessions at once, {args.steps} steps each "
            f"(on {os.cpu_count()} cores the browsers, nginx and the replicas share the CPU: a second replica "
            "here shows the cost per session, not the gain of a second machine):"
        )
        for count in (1, 2):
            balancer = Launched("deploy.replicas", "--replicas", str(count))
            try:
                start = time.perf_counter()
                results = asyncio.run(
                    sessions(balancer.url, count=args.sessions, steps=args.steps, timeout=900, step_timeout=180)
                )
                wall = time.perf_counter() - start
            finally:
                balancer.stop()
            lat = results.latencies
            nan = float("nan")
            app_figures[count] = (statistics.median(lat) if lat else nan, percentile(lat, 95) if lat else nan)
            first = statistics.median(results.first_loads) if results.first_loads else nan
            print(
                f"   {count} replica{'s' if count > 1 else ' '}: steps {len(lat)} of {args.sessions * args.steps}, "
                f"errors {len(results.errors)}, blocked {len(results.blocked)}, "
                f"step median {app_figures[count][0]:.2f} s, "
                f"p95 {app_figures[count][1]:.2f} s, first load median "
                f"{first:.1f} s, wall {wall:.0f} s",
                flush=True,
            )
            for error in results.errors[:5]:
                print(f"     {error}")

    summary = [
        f"first_map_static_ms={s_med * 1000:.0f}",
        f"first_map_app_ms={a_med * 1000:.0f}",
        f"first_visit_br_kb={total_br / 1000:.0f}",
        f"map_data_br_kb={data_br / 1000:.0f}",
        f"map_data_gz_kb={data_gz / 1000:.0f}",
    ]
    summary += [f"rps_{c}={figures[c]['rps']:.0f}" for c in CONNECTIONS]
    summary += [f"p95_{c}_ms={figures[c]['p95_us'] / 1000:.1f}" for c in CONNECTIONS]
    summary += [f"errors_{c}={figures[c]['errors']}" for c in CONNECTIONS]
    summary += [f"app_{n}_replicas_median_s={m:.2f}" for n, (m, _) in app_figures.items()]
    print("\n" + " ".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
