"""Running Debian's nginx (and the servers behind it) as a child process: its config from a template in
``deploy/nginx/``, a private run folder, free loopback ports, readiness polls, and stopping by PID."""

from __future__ import annotations

import ctypes
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
TEMPLATES = Path(__file__).with_name("nginx")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
ROOT = Path(__file__).resolve().parent.parent


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def check_nginx() -> None:
    if not Path(NGINX).exists() and not shutil.which("nginx"):
        raise SystemExit(f"{NGINX} not found: install Debian's nginx (apt-get install nginx), or set NGINX to its path")


def user_line() -> str:
    """As root, nginx's workers would run as nobody and could not read a private folder: run them as this
    user instead (the system's nginx runs them as www-data). Without root, nginx cannot switch users."""
    return f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""


def render(template: str, values: dict[str, str]) -> str:
    """``deploy/nginx/<template>`` with each ``@NAME@`` replaced; an unknown or missing name is an error."""
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    left = sorted(set(re.findall(r"@[A-Z_]+@", text)))
    if left:
        raise ValueError(f"{template}: no value for {', '.join(left)}")
    return text


def _die_with_parent() -> None:
    """In the child: be sent SIGTERM when the launcher dies (Linux prctl PR_SET_PDEATHSIG)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
    except OSError:
        pass


def spawn(args: Sequence[str], *, log: Path, cwd: Path | None = None, env: dict | None = None) -> subprocess.Popen:
    """Start a child that ends when this process ends; its output goes to ``log``."""
    with log.open("ab") as out:
        return subprocess.Popen(
            list(args), cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env, preexec_fn=_die_with_parent
        )


def start_nginx(conf: Path, run: Path) -> subprocess.Popen:
    """Test ``conf`` (a clear error if it is wrong), then run nginx in the foreground with it."""
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run / sub).mkdir(parents=True, exist_ok=True)
    args = [NGINX, "-p", f"{run}/", "-e", str(run / "error.log"), "-c", str(conf)]
    test = subprocess.run([*args, "-t", "-q"], capture_output=True, text=True)
    if test.returncode:
        raise SystemExit(f"nginx rejected {conf}:\n{test.stderr}")
    return spawn(args, log=run / "nginx.out")


def wait_http(url: str, *, timeout: float, proc: subprocess.Popen | None = None, log: Path | None = None) -> None:
    """Poll ``url`` until it answers 200 (never a fixed sleep); fail if ``proc`` ends first or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        if ok(url):
            return
        if proc is not None and proc.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"{proc.args[0]} ended (exit {proc.returncode}) before {url} answered:\n{tail}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")
        time.sleep(0.1)


def ok(url: str, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


def stop(proc: subprocess.Popen, *, sig: int = signal.SIGTERM, timeout: float = 10) -> None:
    """Stop one child by its PID: ``sig``, then SIGKILL after ``timeout`` seconds."""
    if proc.poll() is not None:
        return
    try:
        proc.send_signal(sig)
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def interrupted(*_) -> None:
    """SIGTERM handler: end the launcher's wait as Ctrl-C would; its ``finally`` then stops the children
    (waiting on a child inside the handler would deadlock with the wait it interrupted)."""
    raise KeyboardInterrupt
