"""Append one claim to a claims file, keeping every byte already there, after validating the whole record.

Claims files hold one feature per line::

    {"type":"FeatureCollection","$schema":"../../schema/claims.schema.json","features":[
    {"type": "Feature", ...},
    {"type": "Feature", ...}
    ]}

:func:`add_claim` puts the new feature on a line of its own before the closing ``]}`` (after the comma
JSON needs at the end of the line before, and with the file's own line ending), checks the record as it
would be with the new file in it, and only then replaces the file atomically: a crash leaves the old
file or the new one, never half. Writers take turns: each holds a lock on the data folder (and on the
file's folder) from reading the file until it is replaced, so two at once never lose a claim. A claim
can add a new place (:func:`claim_feature`'s ``place_*`` arguments), as the first claim about a
village not yet in ``data/places`` does.

:class:`Questions` asks for what the command line did not give, checking each answer with the
validator as it is given (with its did-you-mean hints), and asking again until it is right.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import posixpath
import re
import secrets
import shlex
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from geo.errors import DataError, Problem
from geo.files import data_dir as default_data_dir
from geo.files import default_paths, display_name, read_data_file, read_features
from geo.load import validate_paths
from geo.schema import SCHEMA_DIR
from geo.validate import check_claims, cross_check, read_collection
from geo.vocabulary import (
    CLAIM_KINDS,
    CLAIMANTS,
    HOLDERS,
    NAME_LANGUAGES,
    POINT_KINDS,
    RECIPIENTS,
    SOURCE_KINDS,
    implied_holder,
)

#: What ``add-claim`` asks for, in the order it asks: field -> (required, help). The ``source_*`` fields
#: make up the claim's ``source``.
FIELDS: dict[str, tuple[bool, str]] = {
    "place": (True, "id of the place, e.g. shusha; `./run geo places` lists them; a new id adds a place"),
    "claimant": (True, f"who makes the claim: {', '.join(CLAIMANTS)}"),
    "claim": (True, f"what the claim says: {', '.join(CLAIM_KINDS)}"),
    "date": (True, "day the claim was made, YYYY-MM-DD"),
    "holder": (False, f"holder, when the kind of claim does not imply it: {', '.join(HOLDERS)}"),
    "to": (False, f"recipient of a handed_over place: {', '.join(RECIPIENTS)}"),
    "date_earliest": (False, "earliest day the event may have happened, when sources disagree (YYYY-MM-DD)"),
    "date_latest": (False, "latest day the event may have happened (YYYY-MM-DD)"),
    "statement": (False, "the claim in the claimant's own terms"),
    "source_title": (True, "title of the source"),
    "source_publisher": (True, "publisher of the source"),
    "source_date": (True, "publication date of the source: YYYY-MM-DD, YYYY-MM, YYYY or n.d."),
    "source_url": (True, "http(s) URL of the page read"),
    "source_kind": (
        True,
        "kind of source: official (the side's own statement), report (agency, press) or "
        "reference (encyclopaedia, later summary; only for an observer's claim)",
    ),
    "note": (False, "how the date was worked out, which source gives which date"),
}

#: A new place, added by its first claim (CONTRIBUTING, example 2): field -> (required, help). Giving any
#: of them makes the claim add its place.
PLACE_FIELDS: dict[str, tuple[bool, str]] = {
    "place_kind": (True, f"kind of the new place: {', '.join(POINT_KINDS)} (village if none is given)"),
    **{
        f"place_{lang}": (
            lang == "en",
            f"its name in {language}"
            + (" (as international sources spell it)" if lang == "en" else ", where a source gives it"),
        )
        for lang, language in (
            ("en", "English"),
            ("az", "Azerbaijani"),
            ("hy", "Armenian script"),
            ("hy_latn", "Armenian, romanised"),
            ("ru", "Russian"),
        )
    },
    "district": (True, "id of the district it lies in, from a source (e.g. shusha_district)"),
    "lon": (False, "longitude in degrees east, e.g. 46.7525 (none: the position is not known)"),
    "lat": (False, "latitude in degrees north, e.g. 39.7611"),
    "place_source_title": (True, "title of the source of its names and coordinates"),
    "place_source_publisher": (True, "publisher of that source"),
    "place_source_date": (True, "its date: YYYY-MM-DD, YYYY-MM, YYYY or n.d."),
    "place_source_url": (True, "http(s) URL of that source"),
    "place_source_kind": (False, f"kind of that source: {', '.join(SOURCE_KINDS)}"),
}

#: The field of the feature (as the validator names it) that each option fills.
FEATURE_FIELDS: dict[str, str] = {
    **{f: f for f in FIELDS if not f.startswith("source_")},
    **{f: f"source.{f.removeprefix('source_')}" for f in FIELDS if f.startswith("source_")},
    "place_kind": "place_kind",
    "district": "district",
    "lon": "geometry",
    "lat": "geometry",
    **{f"place_{lang}": f"place_names.{lang}" for lang in NAME_LANGUAGES},
    **{f: f"place_source.{f.removeprefix('place_source_')}" for f in PLACE_FIELDS if f.startswith("place_source_")},
}

#: How long a writer waits for another one to finish before giving up.
LOCK_TIMEOUT_S = 60.0

# The end of a claims file: the features list's "]", the collection's "}", white space.
_END = re.compile(rb"\]\s*\}\s*\Z")


def _coordinate(value):
    """A coordinate as a number when it reads as one; otherwise as given (the validator says why not)."""
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def claim_feature(
    *,
    place: str,
    claimant: str,
    claim: str,
    date: str,
    source_title: str,
    source_publisher: str,
    source_date: str,
    source_url: str,
    source_kind: str = "report",
    holder: str | None = None,
    to: str | None = None,
    date_earliest: str | None = None,
    date_latest: str | None = None,
    statement: str | None = None,
    note: str | None = None,
    place_kind: str | None = None,
    district: str | None = None,
    lon: float | str | None = None,
    lat: float | str | None = None,
    place_source_title: str | None = None,
    place_source_publisher: str | None = None,
    place_source_date: str | None = None,
    place_source_url: str | None = None,
    place_source_kind: str | None = None,
    **names: str | None,
) -> dict:
    """A claim feature with its properties in the order the record's files use (unchecked).

    Any of the ``place_*`` arguments, ``district``, ``lon`` or ``lat`` make the claim add its place: names
    as ``place_en``, ``place_az``, ``place_hy``, ``place_hy_latn``, ``place_ru``; a Point at ``lon``,
    ``lat`` (none: a settlement whose position is not known).
    """
    unknown = [k for k in names if k.removeprefix("place_") not in NAME_LANGUAGES or not k.startswith("place_")]
    if unknown:
        raise TypeError(f"claim_feature() got unexpected keyword arguments {', '.join(unknown)}")
    source = {
        "title": source_title,
        "publisher": source_publisher,
        "date": source_date,
        "url": source_url,
        "kind": source_kind,
    }
    properties = {
        "place": place,
        "claimant": claimant,
        "claim": claim,
        "holder": holder,
        "to": to,
        "date": date,
        "date_earliest": date_earliest,
        "date_latest": date_latest,
        "statement": statement,
        "source": source,
        "note": note,
    }
    place_source = {
        "title": place_source_title,
        "publisher": place_source_publisher,
        "date": place_source_date,
        "url": place_source_url,
        "kind": place_source_kind,
    }
    geometry = None
    if any(v is not None for v in (place_kind, district, lon, lat, *names.values(), *place_source.values())):
        properties["place_names"] = {
            lang: names[f"place_{lang}"] for lang in ("en", "az", "hy", "hy_latn", "ru") if names.get(f"place_{lang}")
        }
        properties["place_kind"] = place_kind or "village"
        properties["district"] = district
        properties["place_source"] = {k: v for k, v in place_source.items() if v is not None}
        if lon is not None or lat is not None:
            geometry = {"type": "Point", "coordinates": [_coordinate(lon), _coordinate(lat)]}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def new_claims_file(path: Path) -> bytes:
    """An empty claims file for ``path``, pointing at the published schema as the others do."""
    schema = posixpath.join(*Path(os.path.relpath(SCHEMA_DIR / "claims.schema.json", path.parent)).parts)
    return b'{"type":"FeatureCollection","$schema":' + json.dumps(schema).encode() + b',"features":[\n]}\n'


def with_feature(name: str, old: bytes, feature: dict) -> bytes:
    """``old`` with ``feature`` on a new line at the end of its features list; every old byte is kept,
    and the new line ends as the file's lines do (``\\r\\n`` in a file written on Windows).

    Raises :class:`DataError` when ``old`` is no FeatureCollection or does not end with its features list.
    """
    features, problems = read_collection(name, old)
    if problems:
        raise DataError(problems)
    end = _END.search(old)
    if end is not None:
        last = len(old[: end.start()].rstrip())  # just after the last feature (or the list's "[")
        newline = b"\r\n" if old.count(b"\r\n") * 2 > old.count(b"\n") else b"\n"
        line = json.dumps(feature, ensure_ascii=False).encode("utf-8")
        new = old[:last] + (newline if old[last - 1 : last] == b"[" else b"," + newline) + line + old[last:]
        if json.loads(new)["features"] == [*features, feature]:
            return new
    raise DataError(
        [
            Problem(
                name,
                None,
                None,
                "features",
                "cannot be appended to; expected the features list to close the file with ']}'",
                "add the claim by hand",
            )
        ]
    )


class LockTimeout(OSError):
    """Another writer held the lock for longer than the timeout."""


@contextlib.contextmanager
def locked(folders: list[Path], *, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold an exclusive lock on each of ``folders`` (``flock`` on the folder itself: no lock file is
    left behind, and a writer that dies lets go at once). Taken in one order, so two writers never
    wait for each other."""
    fds = []
    try:
        for folder in sorted({os.path.realpath(f) for f in folders}):
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            fds.append(fd)
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise LockTimeout(
                            f"another add-claim has been writing in {folder} for over {timeout:.0f} s; "
                            "try again when it has finished"
                        ) from None
                    time.sleep(0.002)
        yield
    finally:
        for fd in fds:
            os.close(fd)  # closing the descriptor lets the lock go


def temporary_name(path: Path) -> Path:
    """Where a new version of ``path`` is named just before it replaces ``path``."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove temporary files a killed writer left beside ``path`` (call it holding :func:`locked`:
    then no live writer has one). Returns what was removed."""
    removed = []
    for tmp in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
        if re.fullmatch(rf"\.{re.escape(path.name)}\.\w+\.tmp", tmp.name) and tmp.is_file() and not tmp.is_symlink():
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def _anonymous_file(folder: Path) -> int | None:
    """An unnamed file in ``folder`` (Linux ``O_TMPFILE``): it gets a name only just before it replaces
    the old file, so a writer killed while writing leaves nothing behind. ``None`` where unsupported."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY | os.O_CLOEXEC, 0o600)
    except OSError:  # a filesystem without it
        return None


def _name_anonymous_file(fd: int, path: Path) -> None:
    """Give the :func:`_anonymous_file` ``fd`` the name ``path``. A folder descriptor makes Python call
    ``linkat`` with ``AT_SYMLINK_FOLLOW`` (plain ``link`` would link the ``/proc`` entry itself)."""
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.link(f"/proc/self/fd/{fd}", path.name, dst_dir_fd=folder, follow_symlinks=True)
    finally:
        os.close(folder)


def write_atomically(path: Path, data: bytes, *, expected: bytes | None) -> None:
    """Replace ``path`` with ``data``: written to an unnamed file in the same folder, synced, named, and
    moved over ``path`` with :func:`os.replace`; the folder is synced after.

    ``expected`` is what the file held when it was read (``None``: it did not exist); if it changed in
    the meantime (an editor, not another add-claim: they take turns) nothing is written, so that no one
    else's edit is lost.
    """
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    tmp = temporary_name(path)
    fd = _anonymous_file(path.parent)
    named = fd is None
    if named:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
            os.fchmod(fd, mode)
            current, _ = read_data_file(path) if path.exists() else (None, None)
            if current != expected:
                raise OSError(f"{path} changed while the claim was being added; run the command again")
            if not named:
                _name_anonymous_file(fd, tmp)
                named = True
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        if named:
            tmp.unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)  # make the rename itself durable
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def add_claim(path: Path, feature: dict, *, data_dir: Path | None = None, timeout: float = LOCK_TIMEOUT_S) -> int:
    """Append ``feature`` to the claims file ``path`` (created if missing); return its index there.

    The record in ``data_dir`` (default :func:`geo.files.data_dir`) is validated with ``path`` as it would
    be written (``path`` may lie inside ``data_dir`` or elsewhere). Nothing is written if any problem is
    found. A symbolic link is written through (the link stays, its target gets the claim). Concurrent
    calls take turns (:func:`locked`); the file is read again under the lock.

    Raises
    ------
    DataError
        Listing every problem, in the validator's words (``python -m geo validate`` gives the same).
    OSError
        When the file cannot be written (full disk, read-only folder), changed meanwhile, or the lock
        was held by another writer for longer than ``timeout`` seconds (:class:`LockTimeout`).
    """
    data_dir = default_data_dir() if data_dir is None else Path(data_dir)
    path = Path(path)
    name = display_name(path)
    target = Path(os.path.realpath(path))
    if not target.parent.is_dir():
        raise DataError(
            [
                Problem(
                    name,
                    None,
                    None,
                    None,
                    f"its folder {str(path.parent)!r} does not exist; "
                    "expected a file in an existing folder such as data/claims",
                )
            ]
        )
    if not data_dir.is_dir():
        raise DataError(
            [
                Problem(
                    display_name(data_dir),
                    None,
                    None,
                    None,
                    "is no folder; expected the data folder with places/ and claims/",
                )
            ]
        )
    with locked([data_dir, target.parent], timeout=timeout):
        remove_stale_temporaries(target)
        old = None
        if os.path.lexists(target):
            old, problem = read_data_file(target, name)
            if problem:
                raise DataError([problem])
        new = with_feature(name, old if old is not None else new_claims_file(target), feature)
        paths = default_paths(data_dir)
        if target not in {Path(os.path.realpath(p)) for p in paths}:
            paths.append(path)
        problems = validate_paths(paths, unsaved={path: new}, folder=data_dir)
        if problems:
            raise DataError(problems)
        write_atomically(target, new, expected=old)
    return len(json.loads(new)["features"]) - 1


# ---- asking for a claim, one checked answer at a time --------------------------------------------------

#: Answers that mean yes.
YES = ("y", "yes")


class Cancelled(Exception):
    """The person at the terminal gave up (Ctrl-C, Ctrl-D)."""


def options_command(file: Path | str | None, answers: dict[str, str | None]) -> str:
    """The ``./run geo add-claim`` command that gives ``answers`` as options (to run it again)."""
    words = ["./run", "geo", "add-claim"]
    if file:
        words += ["--file", str(file)]
    for field in [*FIELDS, *PLACE_FIELDS]:
        if answers.get(field) not in (None, ""):
            words += [f"--{field.replace('_', '-')}", str(answers[field])]
    return shlex.join(words)


def adds_place(answers: dict) -> bool:
    """Whether the answers (or options) describe a new place."""
    return any(answers.get(f) not in (None, "") for f in PLACE_FIELDS)


def feature_of(answers: dict[str, str | None]) -> dict:
    """The claim feature the answers make, as far as they go (missing required fields stay missing)."""
    values = {f: answers.get(f) or None for f in [*FIELDS, *PLACE_FIELDS]}
    feature = claim_feature(**{**values, "source_kind": values["source_kind"]})
    props = feature["properties"]
    for field, key in (("place", "place"), ("claimant", "claimant"), ("claim", "claim"), ("date", "date")):
        if values[field] is None:
            del props[key]
    props["source"] = {k: v for k, v in props["source"].items() if v is not None}
    if adds_place(answers) and not answers.get("place_kind"):
        props["place_kind"] = "village"
    if props.get("district") is None:
        props.pop("district", None)
    return feature


class Questions:
    """Ask for every field not given, checking each answer with the validator as it is given.

    ``ask(prompt)`` returns one line typed (``input``); ``say(text)`` shows a line (``print``). Each
    answer is checked against the record in ``data_dir`` — a known place id (a name given for it gets
    the id as a hint), a claimant, a kind, a real day, a holder where the claim needs one — and asked
    again until it passes, with the validator's message and hint. Fields given as options are checked
    the same way, and asked for again when they fail.
    """

    def __init__(
        self, *, data_dir: Path | None = None, ask: Callable[[str], str] = input, say: Callable[[str], None] = print
    ):
        self.data_dir = default_data_dir() if data_dir is None else Path(data_dir)
        self.ask_line, self.say = ask, say
        self.optional = True
        place_files, claim_files, _ = read_features(default_paths(self.data_dir))
        self.context = (place_files, claim_files)

    def problems(self, fields: tuple[str, ...], answers: dict) -> list[Problem]:
        """What the validator says about ``fields`` (validator names: ``source.url``) of the claim the
        answers make so far, with the rest of the record as context."""
        feature = feature_of(answers)
        found = check_claims("answer", [feature]) + cross_check(
            self.context[0], [*self.context[1], ("answer", [feature])]
        )
        return [
            p
            for p in found
            if p.file == "answer"
            and p.field is not None
            and any(p.field == f or p.field.startswith(f + ".") for f in fields)
        ]

    def _show(self, problems: list[Problem]) -> None:
        for p in problems:
            self.say(f"  {p.field}: {p.message}" + (f". Hint: {p.hint}" if p.hint else ""))

    def _line(self, prompt: str) -> str:
        try:
            return self.ask_line(prompt).strip()
        except (EOFError, KeyboardInterrupt):
            raise Cancelled from None

    def _answer(self, field: str, answers: dict, *, required: bool, help: str, default: str | None = None) -> None:
        """Take ``field`` from the options or ask for it, until it is given when required."""
        while answers.get(field) in (None, ""):
            empty = f" [Enter: {default}]" if default else ("" if required else " [Enter: none]")
            answers[field] = self._line(f"{field} ({help}){empty}: ") or default
            if answers[field] in (None, "") and required:
                self.say(f"  {field}: is required")
            if answers[field] in (None, ""):
                answers[field] = None
                if not required:
                    return

    def ask(self, field: str, answers: dict, *, required: bool, help: str, default: str | None = None) -> None:
        """Ask for ``field`` until its answer passes (an optional field may be left empty; it is not
        asked for at all when :meth:`run` was told to skip the optional fields)."""
        if not required and not self.optional and answers.get(field) in (None, ""):
            return
        while True:
            self._answer(field, answers, required=required, help=help, default=default)
            found = self.problems((FEATURE_FIELDS[field],), answers)
            if not found:
                return
            self._show(found)
            answers[field] = None

    def ask_place(self, answers: dict) -> None:
        """The place: a known id, or a new place (then its names, district, position and source)."""
        new = adds_place(answers)
        while True:
            self._answer("place", answers, required=True, help=FIELDS["place"][1])
            found = self.problems(("place",), answers)
            if not found:
                break
            self._show(found)
            if all("which is no known place" in p.message for p in found) and not new:
                question = "Or is it" if found[0].hint else f"Is '{answers['place']}'"
                if self._line(f"{question} a new place, to add with this claim? [y/N]: ").lower() in YES:
                    new = True
                    break
            answers["place"] = None
        if not new:
            return
        self.say(f"New place '{answers['place']}': its kind, names, district, position and their source.")
        self.ask("place_kind", answers, required=False, help=PLACE_FIELDS["place_kind"][1], default="village")
        for field in ("place_en", "place_az", "place_hy", "place_hy_latn", "place_ru", "district"):
            required, text = PLACE_FIELDS[field]
            self.ask(field, answers, required=required, help=text)
        self.ask_position(answers)
        for field in (
            "place_source_title",
            "place_source_publisher",
            "place_source_date",
            "place_source_url",
            "place_source_kind",
        ):
            required, text = PLACE_FIELDS[field]
            self.ask(field, answers, required=required, help=text)

    def ask_position(self, answers: dict) -> None:
        """Longitude and latitude, as a pair (both empty: a settlement whose position is not known)."""
        while True:
            self._answer("lon", answers, required=False, help=PLACE_FIELDS["lon"][1])
            if answers.get("lon") and not isinstance(_coordinate(answers["lon"]), float):
                self.say(f"  lon: is {answers['lon']!r}; expected a number of degrees, e.g. 46.7525")
                answers["lon"] = None
                continue
            if answers.get("lon"):
                self._answer("lat", answers, required=True, help=PLACE_FIELDS["lat"][1])
            found = self.problems(("geometry", "place_kind"), answers)
            if answers.get("lat") and not answers.get("lon"):
                found.insert(
                    0, Problem("answer", None, None, "lat", "is given without a longitude; expected both or neither")
                )
            if not found:
                return
            self._show(found)
            answers["lon"] = answers["lat"] = None

    def ask_holder(self, answers: dict) -> None:
        """``to`` for a handed_over claim; ``holder`` where the kind of claim does not say who holds it."""
        claim = answers.get("claim")
        if claim == "handed_over" or answers.get("to"):
            self.ask("to", answers, required=claim == "handed_over", help=FIELDS["to"][1])
        if claim in ("evacuated", "accepted_terms") and not answers.get("holder"):
            return  # they never name a holder
        implied = implied_holder(answers["claimant"], claim, to=answers.get("to"))
        if implied is None or answers.get("holder"):
            needed = implied is None and claim != "declares"
            why = f" (required: a {claim!r} claim by {answers['claimant']!r} does not say)" if needed else ""
            self.ask("holder", answers, required=needed, help=FIELDS["holder"][1] + why)

    def ask_file(self, file: Path | None) -> Path:
        """The claims file, until it is one a claim can be added to (or a new one in an existing folder)."""
        while True:
            if file is None:
                text = self._line("file (claims file, e.g. data/claims/2016_2024.geojson; created if missing): ")
                if not text:
                    self.say("  file: is required")
                    continue
                file = Path(text).expanduser()
            found = file_problems(file)
            if not found:
                return file
            self._show(found)
            file = None

    def run(self, file: Path | None, answers: dict, *, optional: bool = True) -> tuple[Path, dict]:
        """Ask for the file and every field missing from ``answers`` (the optional ones too, unless
        ``optional`` is false); check the given ones too."""
        self.optional = optional
        file = self.ask_file(file)
        self.ask_place(answers)
        for field in ("claimant", "claim", "date"):
            self.ask(field, answers, required=True, help=FIELDS[field][1])
        self.ask_holder(answers)
        for field in (
            "date_earliest",
            "date_latest",
            "statement",
            "source_title",
            "source_publisher",
            "source_date",
            "source_url",
            "source_kind",
        ):
            required, text = FIELDS[field]
            self.ask(field, answers, required=required, help=text)
        windowed = bool(answers.get("date_earliest") or answers.get("date_latest"))
        self.ask(
            "note",
            answers,
            required=windowed,
            help=("required with a date window: " if windowed else "") + FIELDS["note"][1],
        )
        return file, answers

    def ask_again(self, answers: dict, problems: list[Problem]) -> bool:
        """After the whole record refused the claim: ask again for each field a problem names (checked
        as before). False when a problem names no field that can be asked for (an exact repeat)."""
        by_feature_field = {v: k for k, v in FEATURE_FIELDS.items() if k not in ("lon", "lat")}
        fields = []
        for p in problems:
            field = by_feature_field.get(p.field or "")
            if field is None and p.field == "geometry":
                field = "lon"
            if field is None:
                return False
            fields.append(field)
        self._show(problems)
        self.say("Give these again:")
        for field in dict.fromkeys(fields):
            if field == "lon":
                answers["lon"] = answers["lat"] = None
                self.ask_position(answers)
                continue
            answers[field] = None
            required, text = {**FIELDS, **PLACE_FIELDS}[field]
            self.ask(field, answers, required=required, help=text)
        return True


def file_problems(file: Path) -> list[Problem]:
    """Why ``file`` cannot take a claim, before any other question is asked."""
    name = display_name(file)
    if file.suffix != ".geojson":
        return [
            Problem(
                name,
                None,
                None,
                "file",
                "does not end in .geojson; expected a claims file such as data/claims/2016_2024.geojson",
            )
        ]
    if not Path(os.path.realpath(file)).parent.is_dir():
        return [
            Problem(
                name,
                None,
                None,
                "file",
                f"is in a folder that does not exist ({str(file.parent)!r}); "
                "expected a file in an existing folder such as data/claims",
            )
        ]
    if not os.path.lexists(file):
        return []
    old, problem = read_data_file(file, name)
    if problem:
        return [problem]
    try:
        with_feature(name, old, {"type": "Feature", "geometry": None, "properties": {}})
    except DataError as exc:
        return exc.problems
    return []


__all__ = [
    "FEATURE_FIELDS",
    "FIELDS",
    "LOCK_TIMEOUT_S",
    "PLACE_FIELDS",
    "Cancelled",
    "LockTimeout",
    "Questions",
    "add_claim",
    "adds_place",
    "claim_feature",
    "feature_of",
    "file_problems",
    "locked",
    "new_claims_file",
    "options_command",
    "remove_stale_temporaries",
    "with_feature",
    "write_atomically",
]
