"""Append one claim to a claims file, keeping every byte already there, after validating the whole record.

Claims files hold one feature per line::

    {"type":"FeatureCollection","$schema":"../../schema/claims.schema.json","features":[
    {"type": "Feature", ...},
    {"type": "Feature", ...}
    ]}

:func:`add_claim` puts the new feature on a line of its own before the closing ``]}`` (after the comma
JSON needs at the end of the line before), checks the record as it would be with the new file in it,
and only then replaces the file atomically: a crash leaves the old file or the new one, never half.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import tempfile
from pathlib import Path

from geo.errors import DataError, Problem
from geo.load import DATA_DIR, default_paths, display_name, validate_paths
from geo.schema import SCHEMA_DIR
from geo.validate import read_collection
from geo.vocabulary import CLAIM_KINDS, CLAIMANTS, HOLDERS, RECIPIENTS

#: What ``add-claim`` asks for, in the order it asks: field -> (required, help). The ``source_*`` fields
#: make up the claim's ``source``.
FIELDS: dict[str, tuple[bool, str]] = {
    "place": (True, "id of the place, e.g. shusha (an unknown id gets the closest known one as a hint)"),
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
    "source_kind": (True, "kind of source: official (the side's own statement), report (agency, press) or "
                          "reference (encyclopaedia, later summary; only for an observer's claim)"),
    "note": (False, "how the date was worked out, which source gives which date"),
}

# The end of a claims file: the features list's "]", the collection's "}", white space.
_END = re.compile(rb"\]\s*\}\s*\Z")


def claim_feature(*, place: str, claimant: str, claim: str, date: str, source_title: str, source_publisher: str,
                  source_date: str, source_url: str, source_kind: str = "report", holder: str | None = None,
                  to: str | None = None,
                  date_earliest: str | None = None, date_latest: str | None = None, statement: str | None = None,
                  note: str | None = None) -> dict:
    """A claim feature with its properties in the order the record's files use (unchecked)."""
    source = {"title": source_title, "publisher": source_publisher, "date": source_date, "url": source_url,
              "kind": source_kind}
    properties = {"place": place, "claimant": claimant, "claim": claim, "holder": holder, "to": to, "date": date,
                  "date_earliest": date_earliest, "date_latest": date_latest, "statement": statement,
                  "source": source, "note": note}
    return {"type": "Feature", "geometry": None, "properties": properties}


def new_claims_file(path: Path) -> bytes:
    """An empty claims file for ``path``, pointing at the published schema as the others do."""
    schema = posixpath.join(*Path(os.path.relpath(SCHEMA_DIR / "claims.schema.json", path.parent)).parts)
    return b'{"type":"FeatureCollection","$schema":' + json.dumps(schema).encode() + b',"features":[\n]}\n'


def with_feature(name: str, old: bytes, feature: dict) -> bytes:
    """``old`` with ``feature`` on a new line at the end of its features list; every old byte is kept.

    Raises :class:`DataError` when ``old`` is no FeatureCollection or does not end with its features list.
    """
    features, problems = read_collection(name, old)
    if problems:
        raise DataError(problems)
    end = _END.search(old)
    if end is not None:
        last = len(old[: end.start()].rstrip())  # just after the last feature (or the list's "[")
        line = json.dumps(feature, ensure_ascii=False).encode("utf-8")
        new = old[:last] + (b"\n" if old[last - 1: last] == b"[" else b",\n") + line + old[last:]
        if json.loads(new)["features"] == [*features, feature]:
            return new
    raise DataError([Problem(name, None, None, "features", "cannot be appended to; expected the features list "
                             "to close the file with ']}'", "add the claim by hand")])


def write_atomically(path: Path, data: bytes, *, expected: bytes | None) -> None:
    """Replace ``path`` with ``data`` through a temporary file in the same folder and :func:`os.replace`.

    ``expected`` is what the file held when it was read (``None``: it did not exist); if it changed in
    the meantime nothing is written, so that no one else's edit is lost.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        current = path.read_bytes() if path.exists() else None
        if current != expected:
            raise OSError(f"{path} changed while the claim was being added; run the command again")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)  # make the rename itself durable
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def add_claim(path: Path, feature: dict, *, data_dir: Path = DATA_DIR) -> int:
    """Append ``feature`` to the claims file ``path`` (created if missing); return its index there.

    The record in ``data_dir`` is validated with ``path`` as it would be written (``path`` may lie inside
    ``data_dir`` or elsewhere). Nothing is written if any problem is found.

    Raises
    ------
    DataError
        Listing every problem, in the validator's words (``python -m geo validate`` gives the same).
    """
    path = Path(path)
    name = display_name(path)
    if not path.parent.is_dir():
        raise DataError([Problem(name, None, None, None, f"its folder {str(path.parent)!r} does not exist; "
                                 "expected a file in an existing folder such as data/claims")])
    old = path.read_bytes() if path.exists() else None
    new = with_feature(name, old if old is not None else new_claims_file(path), feature)
    paths = default_paths(data_dir)
    if path.resolve() not in {p.resolve() for p in paths}:
        paths.append(path)
    problems = validate_paths(paths, unsaved={path: new}, folder=data_dir)
    if problems:
        raise DataError(problems)
    write_atomically(path, new, expected=old)
    return len(json.loads(new)["features"]) - 1
