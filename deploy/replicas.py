"""The Streamlit app as N identical replicas behind Debian's nginx, started by one command::

    python -m deploy.replicas [--replicas 2] [--port 8080] [--host 127.0.0.1]

Each replica is ``streamlit run app.py`` on its own free loopback port, all with one cookie secret (so
that a session handed to another replica keeps a valid XSRF cookie) and the same checkout: the map data
they publish (``layers.map.publish``: ``static/generated/base-<content hash>.json``) is the same file
for the same record. nginx (``deploy/nginx/replicas.conf``) keeps each browser on one replica (a cookie
and a consistent hash) and proxies the websocket. Health checks: the replicas must answer
``/_stcore/health`` before nginx starts; then every ``--check-every`` seconds a replica that fails it
three times in a row (5 s each) is marked ``down`` (nginx reloaded) until it answers again (the last
replica in is never taken out: a slow answer is better than none), and one whose process has ended is
started again on its port. Everything stops with this command (SIGTERM or Ctrl-C), each child by its PID.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from subprocess import Popen

from deploy._nginx import (
    ROOT,
    check_nginx,
    free_port,
    interrupted,
    ok,
    render,
    spawn,
    start_nginx,
    stop,
    user_line,
    wait_http,
)

FAILS_TO_MARK_DOWN = 3
#: A replica busy with many sessions answers slowly, but answers: allow it this long.
HEALTH_TIMEOUT_S = 5


@dataclass
class Replica:
    number: int
    port: int
    proc: Popen | None = None
    down: bool = False
    fails: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def config(replicas: list[Replica], run: Path, *, host: str, port: int, access_log: str = "off") -> str:
    """``deploy/nginx/replicas.conf`` for ``replicas`` (a replica marked down is left out of the hash)."""
    servers = "\n".join(
        f"        server 127.0.0.1:{r.port} max_fails=1 fail_timeout=5s{' down' if r.down else ''};" for r in replicas
    )
    return render(
        "replicas.conf",
        {
            "USER": user_line(),
            "RUN": str(run),
            "LISTEN": f"{host}:{port}",
            "ACCESS_LOG": access_log,
            "SERVERS": servers,
        },
    )


class Balancer:
    """The replicas and nginx in front of them, in the run folder ``run``."""

    def __init__(self, count: int, run: Path, *, host: str, port: int, access_log: str, app: str = "app.py"):
        self.run, self.host, self.port, self.access_log, self.app = run, host, port, access_log, app
        self.replicas = [Replica(i + 1, free_port()) for i in range(count)]
        self.secret = secrets.token_hex(32)
        self.nginx: Popen | None = None
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    def start_replica(self, r: Replica) -> None:
        r.proc = spawn(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                self.app,
                "--server.headless",
                "true",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(r.port),
                "--browser.gatherUsageStats",
                "false",
            ],
            log=self.run / f"replica-{r.number}.log",
            cwd=ROOT,
            env={**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": self.secret},
        )  # not allowed as a flag

    def write_config(self) -> Path:
        conf = self.run / "nginx.conf"
        conf.write_text(config(self.replicas, self.run, host=self.host, port=self.port, access_log=self.access_log))
        return conf

    def start(self, timeout: float = 180) -> None:
        for r in self.replicas:
            self.start_replica(r)
        for r in self.replicas:
            wait_http(f"{r.url}/_stcore/health", timeout=timeout, proc=r.proc, log=self.run / f"replica-{r.number}.log")
            say(f"replica {r.number}: {r.url} (pid {r.proc.pid}) healthy")
        self.nginx = start_nginx(self.write_config(), self.run)
        wait_http(
            f"http://{self.host}:{self.port}/_stcore/health", timeout=30, proc=self.nginx, log=self.run / "error.log"
        )

    def check(self) -> None:
        """One round of health checks; reload nginx when a replica goes down or comes back."""
        changed = False
        for r in self.replicas:
            if r.proc.poll() is not None and not self.stopping.is_set():
                say(f"replica {r.number}: process ended (exit {r.proc.returncode}); marked down, starting it again")
                r.down, changed = True, True
                self.start_replica(r)
                continue
            healthy = ok(f"{r.url}/_stcore/health", timeout=HEALTH_TIMEOUT_S)
            r.fails = 0 if healthy else r.fails + 1
            if r.down and healthy:
                r.down, changed = False, True
                say(f"replica {r.number}: healthy again (pid {r.proc.pid}); back in")
            elif not r.down and r.fails >= FAILS_TO_MARK_DOWN:
                if sum(not other.down for other in self.replicas) <= 1:
                    if r.fails == FAILS_TO_MARK_DOWN:  # said once: the last replica in is never taken out
                        say(f"replica {r.number}: failed /_stcore/health {r.fails} times; kept in, as the last one")
                    continue
                r.down, changed = True, True
                say(f"replica {r.number}: failed /_stcore/health {r.fails} times; marked down")
        if changed and not self.stopping.is_set():
            self.write_config()
            self.nginx.send_signal(signal.SIGHUP)  # nginx re-reads its config, open connections carry on

    def watch(self, every: float) -> None:
        while not self.stopping.wait(every):
            with self.lock:
                self.check()

    def stop(self) -> None:
        self.stopping.set()
        with self.lock:
            if self.nginx is not None:
                stop(self.nginx)
            for r in self.replicas:
                if r.proc is not None:
                    stop(r.proc)


def say(text: str) -> None:
    print(text, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./run deploy.replicas", description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2, help="how many app processes (default 2)")
    parser.add_argument("--host", default="127.0.0.1", help="address nginx listens on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="nginx's port (default: a free one, printed)")
    parser.add_argument("--check-every", type=float, default=2.0, help="seconds between health checks (default 2)")
    parser.add_argument("--access-log", default="off", help="nginx access log file (default: off)")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error(f"--replicas is {args.replicas}; expected at least 1")
    check_nginx()
    with tempfile.TemporaryDirectory(prefix="kcm-nginx-replicas-") as tmp:
        balancer = Balancer(
            args.replicas, Path(tmp), host=args.host, port=args.port or free_port(args.host), access_log=args.access_log
        )
        signal.signal(signal.SIGTERM, interrupted)
        try:
            balancer.start()
            say(
                f"serving http://{args.host}:{balancer.port}/ (nginx pid {balancer.nginx.pid}, "
                f"{args.replicas} replica{'s' if args.replicas > 1 else ''}, sticky sessions)"
            )
            watcher = threading.Thread(target=balancer.watch, args=(args.check_every,), daemon=True)
            watcher.start()
            while balancer.nginx.poll() is None:
                time.sleep(0.5)
            say(f"nginx ended (exit {balancer.nginx.returncode})")
            return 1
        except KeyboardInterrupt:
            return 0
        finally:
            balancer.stop()


if __name__ == "__main__":
    sys.exit(main())
