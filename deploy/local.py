"""The real app on a free loopback port, and Debian's Chromium through Playwright to look at it: the one
way the tests, the benchmarks and the load test run the real app."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from layers.snapshot import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "App", "free_port", "launch_chromium", "loopback_only", "streamlit"]


class App(NamedTuple):
    url: str
    pid: int
    log: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def streamlit(script: str = "app.py", env: dict[str, str] | None = None, timeout: float = 120) -> Iterator[App]:
    """Run ``streamlit run script`` on 127.0.0.1; yield it once ``/_stcore/health`` answers; stop it after."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="streamlit-") as tmp:
        log = Path(tmp) / "server.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    script,
                    "--server.headless",
                    "true",
                    "--server.address",
                    "127.0.0.1",
                    "--server.port",
                    str(port),
                ],
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**os.environ, **(env or {})},
            )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while not healthy(url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{script} did not start:\n{log.read_text(errors='replace')[-2000:]}")
                time.sleep(0.2)
            yield App(url, proc.pid, log)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def launch_chromium(playwright):
    """Debian's Chromium (never a browser downloaded by Playwright), headless, no background traffic."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def is_loopback(url: str) -> bool:
    return url.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))


def loopback_only(page) -> None:
    """Abort every request of ``page`` that does not go to 127.0.0.1."""
    page.route("**/*", lambda route: route.continue_() if is_loopback(route.request.url) else route.abort())
