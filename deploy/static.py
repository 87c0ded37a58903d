"""The static site behind Debian's nginx, started by one command::

    python -m deploy.static --site site/ [--build] [--port 8080] [--host 127.0.0.1]

``--build`` writes the site first (``python -m layers site --out site/``). The config is
``deploy/nginx/static.conf`` (precompressed ``.br``/``.gz`` copies sent as they are, hashed files
cached for a year as immutable, ``index.html`` revalidated after a minute), run from a private folder;
nginx runs in the foreground until this command gets SIGTERM or Ctrl-C, and stops with it.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from deploy._nginx import (
    BROTLI_MODULE,
    ROOT,
    check_nginx,
    free_port,
    interrupted,
    render,
    start_nginx,
    stop,
    user_line,
    wait_http,
)


def config(site: Path, run: Path, *, host: str, port: int, access_log: str = "off") -> str:
    """``deploy/nginx/static.conf`` for serving ``site`` on ``host:port`` from the run folder ``run``."""
    brotli = BROTLI_MODULE.exists()
    return render(
        "static.conf",
        {
            "USER": user_line(),
            "RUN": str(run),
            "ROOT": str(site.resolve()),
            "LISTEN": f"{host}:{port}",
            "ACCESS_LOG": access_log,
            "LOAD_BROTLI": f"load_module {BROTLI_MODULE};" if brotli else "# (no brotli_static module: .gz only)",
            "BROTLI_STATIC": "brotli_static on;" if brotli else "",
        },
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./run deploy.static", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, required=True, help="the folder written by python -m layers site")
    parser.add_argument("--build", action="store_true", help="write the site into --site first")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one, printed)")
    parser.add_argument("--access-log", default="off", help="nginx access log file (default: off)")
    args = parser.parse_args(argv)
    check_nginx()
    if args.build:
        subprocess.run(
            [sys.executable, "-m", "layers", "site", "--out", str(args.site), "--quiet"], cwd=ROOT, check=True
        )
    if not (args.site / "index.html").exists():
        parser.error(
            f"{args.site}/index.html not found; write the site first "
            f"(python -m layers site --out {args.site}, "
            "or add --build)"
        )
    port = args.port or free_port(args.host)
    with tempfile.TemporaryDirectory(prefix="kcm-nginx-static-") as tmp:
        run = Path(tmp)
        conf = run / "nginx.conf"
        conf.write_text(config(args.site, run, host=args.host, port=port, access_log=args.access_log))
        nginx = start_nginx(conf, run)
        signal.signal(signal.SIGTERM, interrupted)
        try:
            wait_http(f"http://{args.host}:{port}/", timeout=30, proc=nginx, log=run / "error.log")
            print(f"serving http://{args.host}:{port}/ (nginx pid {nginx.pid}, {args.site.resolve()})", flush=True)
            nginx.wait()
        except KeyboardInterrupt:
            pass
        finally:
            stop(nginx)
    return 0


if __name__ == "__main__":
    sys.exit(main())
