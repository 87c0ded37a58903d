"""Command line: ``python -m geo validate|state|claims|stats|schema``.

Examples::

    python -m geo validate                      # every file in data/
    python -m geo validate data/claims/2020.geojson
    python -m geo state --date 2020-11-08 --format csv
    python -m geo claims --format json
    python -m geo stats
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from geo.errors import DataError


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; expected YYYY-MM-DD") from None


def _write(df, fmt: str) -> None:
    if fmt == "csv":
        df.to_csv(sys.stdout, index=False)
    elif fmt == "json":
        sys.stdout.write(df.to_json(orient="records", force_ascii=False, indent=1) + "\n")
    else:
        with __import__("pandas").option_context("display.max_rows", None, "display.max_colwidth", 60, "display.width", 200):
            print(df.to_string(index=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo", description="Karabakh control map: data tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check place and claim files; exit 1 listing every problem")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: all of data/)")
    p = sub.add_parser("state", help="each place's state on a day")
    p.add_argument("--date", type=_day, required=True, help="YYYY-MM-DD")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p = sub.add_parser("claims", help="every claim record")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    sub.add_parser("stats", help="claims per year, claimant and kind")
    sub.add_parser("schema", help="rewrite the JSON Schemas in schema/")
    args = parser.parse_args(argv)

    from geo.load import read_record, validate_paths

    if args.command == "validate":
        problems = validate_paths(args.paths or None)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found.", file=sys.stderr)
            return 1
        print("All files are valid.")
        return 0
    if args.command == "schema":
        from geo.schema import write_schemas

        for path in write_schemas():
            print(f"wrote {path}")
        return 0
    try:
        record = read_record()
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    from geo.table import claims_table, state_table, stats_tables

    if args.command == "state":
        from geo.state import Timeline

        _write(state_table(Timeline.from_record(record), args.date), args.format)
    elif args.command == "claims":
        _write(claims_table(record), args.format)
    elif args.command == "stats":
        for title, table in stats_tables(record).items():
            print(f"\n{title}\n{table.to_string()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
