"""Command line: ``./run layers snapshot``, the map of a day or of a range of days as HTML or PNG.

Examples::

    python -m layers snapshot --date 2020-11-08 --out shusha.png --place shusha --lang az
    python -m layers snapshot --date 2020-11-08 --out map.html          # one self-contained file
    python -m layers snapshot --from 2020-09-27 --to 2020-11-10 --every 1d --out-dir war/
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path

from geo.errors import DataError
from layers.snapshot import LANGUAGES, PNG_SIZE

SUFFIXES = {".html": "html", ".htm": "html", ".png": "png"}


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; expected YYYY-MM-DD") from None


def _step(text: str) -> dt.timedelta:
    match = re.fullmatch(r"([1-9]\d*)([dw])", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not a step; expected a number and d or w, e.g. 1d or 1w")
    return dt.timedelta(days=int(match[1]) * (7 if match[2] == "w" else 1))


def _pixels(text: str) -> int:
    if not text.isdigit() or not 100 <= int(text) <= 8000:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size; expected 100 to 8000 pixels")
    return int(text)


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="./run layers", description="Karabakh control map: snapshots.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser(
        "snapshot",
        help="the map of a day (or of each day of a range) as HTML or PNG",
        description="One day: --date D --out FILE.html|FILE.png. A range: --from D1 --to D2 "
        "--out-dir DIR writes one file per day, the range as one HTML page with its "
        "own timeline and, for PNGs, an animated GIF.",
    )
    p.add_argument("--date", type=_day, metavar="YYYY-MM-DD", help="the day to draw (YYYY-MM-DD)")
    p.add_argument("--out", type=Path, metavar="FILE", help="the file to write: .html (self-contained) or .png")
    p.add_argument("--from", dest="first", type=_day, metavar="D1", help="first day of a range (YYYY-MM-DD)")
    p.add_argument("--to", dest="last", type=_day, metavar="D2", help="last day of a range (YYYY-MM-DD)")
    p.add_argument("--every", type=_step, default=dt.timedelta(days=1), help="step of a range: 1d (default), 1w, 3d...")
    p.add_argument("--out-dir", type=Path, metavar="DIR", help="folder for a range's files")
    p.add_argument(
        "--format",
        choices=["png", "html"],
        default="png",
        help="a range's per-day files: png (default, plus an animated GIF) or html",
    )
    p.add_argument("--place", help="centre the view on this place id (e.g. shusha); the whole region by default")
    p.add_argument("--lang", choices=LANGUAGES, help="language of place names; all sides' names by default")
    p.add_argument("--width", type=_pixels, default=PNG_SIZE[0], help=f"PNG width in pixels ({PNG_SIZE[0]})")
    p.add_argument("--height", type=_pixels, default=PNG_SIZE[1], help=f"PNG height in pixels ({PNG_SIZE[1]})")
    p.add_argument(
        "--tiles",
        nargs="?",
        const="OpenStreetMap",
        metavar="NAME",
        help="add a folium tile layer (OpenStreetMap if no NAME); needs the network; off by default",
    )
    p.add_argument(
        "--without-reference",
        action="store_true",
        help="leave out claims whose source is a reference work (the sides' statements and reports only)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(parser=p)  # errors name the subcommand
    from layers.site import add_parser as add_site_parser  # python -m layers site --out DIR (layers/site.py)

    add_site_parser(sub)
    return parser


#: A range of more files than this says how much it will write, and how long it will take, before it starts.
LARGE_RANGE = 1000


def _check_outputs(cli: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse, before any work, an --out that is a folder (or no regular file) or lies in no folder,
    and an --out-dir that is a file."""
    if args.out is not None:
        if args.out.is_dir():
            cli.error(f"--out {args.out} is a folder; expected a file name ending in .html or .png")
        if os.path.lexists(args.out) and not args.out.is_file():
            cli.error(f"--out {args.out} is not a regular file; expected a file name ending in .html or .png")
        if not args.out.absolute().parent.is_dir():
            cli.error(
                f"--out {args.out}: the folder {args.out.parent} does not exist; expected a file in an existing folder"
            )
    if args.out_dir is not None and os.path.lexists(args.out_dir) and not args.out_dir.is_dir():
        cli.error(f"--out-dir {args.out_dir} is a file; expected a folder (it is created if missing)")


def _megabytes(size: float) -> str:
    return f"{size / 1e9:.1f} GB" if size >= 1e9 else f"{size / 1e6:.0f} MB"


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    cli = args.parser
    if args.command == "site":
        from layers.site import main as site_main

        return site_main(args)
    if (args.date is None) == (args.first is None):
        cli.error("give either --date and --out (one day) or --from, --to and --out-dir (a range)")
    if args.date is not None and (args.out is None or args.out.suffix.lower() not in SUFFIXES):
        cli.error(f"--out is {args.out}; expected a file name ending in .html or .png")
    if args.first is not None and (args.last is None or args.out_dir is None):
        cli.error("a range needs --from, --to and --out-dir")
    if args.first is not None and args.last < args.first:
        cli.error(f"--to {args.last} is before --from {args.first}")
    _check_outputs(cli, args)
    written: list[Path] = []
    try:
        return _snapshot(cli, args, written)
    except KeyboardInterrupt:  # Ctrl-C: what is there is whole (each file is written whole or not at all)
        where = args.out_dir if args.out_dir is not None else args.out
        done = (
            f"{len(written)} file{'s' if len(written) != 1 else ''} written to {where}"
            if written
            else "nothing was written"
        )
        print(f"\ninterrupted; {done}.", file=sys.stderr)
        return 130


def _snapshot(cli: argparse.ArgumentParser, args: argparse.Namespace, written: list[Path]) -> int:
    from geo import Timeline, read_record
    from layers.snapshot import (
        every_day,
        place_bounds,
        range_size,
        snapshot_html,
        snapshot_png,
        write_file,
        write_range,
    )

    try:
        record = read_record()
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    for day in (args.date, args.first, args.last):
        if day is not None and not record.first_day <= day <= record.last_day:
            cli.error(f"{day} is outside the record; expected a day from {record.first_day} to {record.last_day}")
    if args.place:
        try:
            place_bounds(record.places, args.place)
        except ValueError as exc:
            cli.error(f"--place: {exc}")
    from geo.state import ALL_SOURCES, STATEMENTS_AND_REPORTS

    timeline = Timeline.from_record(record, sources=STATEMENTS_AND_REPORTS if args.without_reference else ALL_SOURCES)
    options = {"place": args.place, "lang": args.lang, "tiles": args.tiles}
    try:
        if args.date is not None:
            if SUFFIXES[args.out.suffix.lower()] == "png":
                data = snapshot_png(timeline, args.date, width=args.width, height=args.height, **options)
            else:
                data = snapshot_html(timeline, [args.date], **options)
            written.append(write_file(args.out, data))
            print(f"wrote {args.out}")
        else:
            days = every_day(args.first, args.last, args.every)
            files, size, seconds = range_size(days, fmt=args.format, width=args.width, height=args.height)
            if files > LARGE_RANGE:  # a 10-year daily range: say what it costs before it starts
                print(
                    f"note: {len(days)} days from {days[0]} to {days[-1]} make {files} files in {args.out_dir}, "
                    f"about {_megabytes(size)} and {seconds / 60:.0f} minutes on a machine like the project's; "
                    "--every 1w makes a seventh of them. Ctrl-C stops it, keeping the files written.",
                    file=sys.stderr,
                )
            write_range(
                timeline,
                days,
                args.out_dir,
                fmt=args.format,
                width=args.width,
                height=args.height,
                progress=not args.quiet,
                written=written,
                **options,
            )
            print(
                f"wrote {len(days)} {args.format.upper()} files to {args.out_dir}, and "
                + ", ".join(p.name for p in written[len(days) :])
            )
    except RuntimeError as exc:  # the page failed in Chromium
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # no Chromium; a full disk, a read-only folder, a file where a folder should be
        if exc.filename and exc.strerror:
            print(f"error: cannot write {exc.filename}: {exc.strerror}", file=sys.stderr)
        else:
            print(f"error: {exc}", file=sys.stderr)
        if written:
            print(f"{len(written)} files were written before it; each is whole.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())  # Ctrl-C is handled in main(): a word, not a traceback
