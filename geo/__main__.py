"""Command line: ``./run geo validate|add-claim|state|claims|places|stats|schema``.

Examples::

    ./run geo validate                      # every file in data/
    ./run geo validate data/claims/2020.geojson
    ./run geo add-claim                     # in a terminal: asks for each field
    ./run geo add-claim --file data/claims/2016_2024.geojson --place shusha --claimant azerbaijan ...
    ./run geo add-claim --place dashalty --place-en Dashalty --district shusha_district --lon 46.74 ...
    ./run geo state --date 2020-11-08 --format csv
    ./run geo claims --format json
    ./run geo stats
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
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
        from geo.safe_csv import to_csv

        to_csv(df, sys.stdout)  # no cell a spreadsheet would run as a formula
    elif fmt == "json":
        sys.stdout.write(df.to_json(orient="records", force_ascii=False, indent=1) + "\n")
    else:
        import pandas as pd

        with pd.option_context("display.max_rows", None, "display.max_colwidth", 60, "display.width", 200):
            print(df.to_string(index=False))


def _add_claim(args: argparse.Namespace) -> int:
    from geo.add_claim import (
        FIELDS,
        PLACE_FIELDS,
        Cancelled,
        Questions,
        add_claim,
        adds_place,
        feature_of,
        options_command,
    )

    given = {field: getattr(args, field) for field in [*FIELDS, *PLACE_FIELDS] if getattr(args, field) is not None}
    required = [field for field, (needed, _) in FIELDS.items() if needed]
    if adds_place(given):  # a new place: its names, district and source too (kind and position may be left out)
        required += [field for field, (needed, _) in PLACE_FIELDS.items() if needed and field != "place_kind"]
    missing = ["file"] * (args.file is None) + [field for field in required if field not in given]
    terminal = sys.stdin.isatty()
    if missing and not terminal:
        options = ", ".join(f"--{f.replace('_', '-')}" for f in missing)
        print(
            f"add-claim: missing {options}; give them as options, or run it in a terminal to be asked", file=sys.stderr
        )
        return 2
    file = args.file
    try:
        questions = Questions() if terminal else None
        if questions:  # every answer, and every option given, checked as it comes; wrong ones asked again
            file, given = questions.run(file, given, optional=bool(missing))
        while True:
            try:
                index = add_claim(file, feature_of(given))
                break
            except DataError as exc:  # what only the whole record shows (a repeat of a claim, say)
                if questions and questions.ask_again(given, exc.problems):
                    continue
                print(exc, file=sys.stderr)
                print(
                    f"The claim was not added; {file} is unchanged. Your answers, to edit and run again:\n  "
                    f"{options_command(file, given)}",
                    file=sys.stderr,
                )
                return 1
            except OSError as exc:
                print(
                    f"add-claim: {exc.strerror or exc} ({exc.filename or file})"
                    if exc.strerror
                    else f"add-claim: {exc}",
                    file=sys.stderr,
                )
                print(f"The claim was not added; {file} is unchanged.", file=sys.stderr)
                return 1
    except Cancelled:
        print(
            "\nadd-claim: cancelled; nothing was written. Your answers so far, to run again:\n  "
            + options_command(file, given),
            file=sys.stderr,
        )
        return 1
    print(f"Added the claim as feature {index} of {file}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./run geo", description="Karabakh control map: data tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check place and claim files; exit 1 listing every problem")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: all of data/)")
    p = sub.add_parser(
        "add-claim",
        help="append one claim to a claims file, after validating the whole record; "
        "in a terminal, asks for each field not given",
    )
    p.add_argument("--file", type=Path, help="claims file to append to (created if missing)")
    from geo.add_claim import FIELDS, PLACE_FIELDS

    for field, (required, text) in FIELDS.items():
        p.add_argument(f"--{field.replace('_', '-')}", dest=field, help=text + ("" if required else " (optional)"))
    new_place = p.add_argument_group("a new place, added by this claim (CONTRIBUTING, example 2)")
    for field, (required, text) in PLACE_FIELDS.items():
        new_place.add_argument(
            f"--{field.replace('_', '-')}", dest=field, help=text + ("" if required else " (optional)")
        )
    p = sub.add_parser("state", help="each place's state on a day")
    p.add_argument("--date", type=_day, required=True, help="YYYY-MM-DD")
    p.add_argument(
        "--without-reference",
        action="store_true",
        help="leave out claims whose source is a reference work (the sides' statements and reports only)",
    )
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p = sub.add_parser("claims", help="every claim record")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p = sub.add_parser("places", help="every place a claim can name: id, kind, district, names")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    sub.add_parser("stats", help="claims per year, claimant, kind and kind of source; the 2020 war by district")
    sub.add_parser("schema", help="rewrite the JSON Schemas in schema/")
    args = parser.parse_args(argv)

    from geo.files import default_paths, expand
    from geo.load import read_record, validate_paths

    if args.command == "add-claim":
        return _add_claim(args)
    if args.command == "validate":
        problems = validate_paths(args.paths or None)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found.", file=sys.stderr)
            return 1
        count = len(expand(args.paths) if args.paths else default_paths())
        print(f"All {count} files are valid." if count != 1 else "The file is valid.")
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
    from geo.table import claims_table, places_table, state_table, stats_tables

    if args.command == "state":
        from geo.state import ALL_SOURCES, STATEMENTS_AND_REPORTS, Timeline

        sources = STATEMENTS_AND_REPORTS if args.without_reference else ALL_SOURCES
        _write(state_table(Timeline.from_record(record, sources=sources), args.date), args.format)
    elif args.command == "places":
        _write(places_table(record), args.format)
    elif args.command == "claims":
        _write(claims_table(record), args.format)
    elif args.command == "stats":
        for title, table in stats_tables(record).items():
            print(f"\n{title}\n{table.to_string()}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C: a word, not a traceback (add-claim writes a file whole or not at all)
        print("\ninterrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:  # `python -m geo claims --format csv | head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
