"""Hostile files, one row each: each gets one problem naming file, feature and field, in bounded time and
memory, with no traceback, and no file on disk changes (issue 14).

The rows run in this process under a time limit (SIGALRM) and a memory limit (tracemalloc's peak); the
command line runs once over all of them, in a child process with its address space limited.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from geo.add_claim import add_claim, claim_feature
from geo.errors import DataError
from geo.load import validate_paths
from tests.factories import SOURCE, claim, district_places

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 10  # each row
PEAK_BYTES = 64 * 2**20  # each row, as tracemalloc counts it (the real record takes ~15 MB)
CHILD_ADDRESS_SPACE = 3 * 2**30  # the command line over every row (numpy, shapely, pyproj: ~1.5 GB mapped)

GOOD = claim("shusha", "azerbaijan", "captured", "2020-11-08")["properties"]
NEW = {
    **GOOD,
    "place": "newvillage",
    "place_names": {"en": "New village"},
    "place_kind": "village",
    "district": "jabrayil_district",
    "place_source": SOURCE,
}
POINT = {"type": "Point", "coordinates": [46.9, 39.3]}


def feature(props: dict, geometry=None) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": props}


def collection(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}, ensure_ascii=False).encode()


def district(pid: str, coordinates) -> dict:
    return {
        "type": "Feature",
        "id": pid,
        "geometry": {"type": "Polygon", "coordinates": coordinates},
        "properties": {"id": pid, "kind": "district", "names": {"en": pid.title()}, "source": SOURCE},
    }


def town(pid: str, geometry=None, **names) -> dict:
    return {
        "type": "Feature",
        "id": pid,
        "geometry": geometry or POINT,
        "properties": {"id": pid, "kind": "town", "names": {"en": pid.title(), **names}, "source": SOURCE},
    }


SQUARE = [[46.0, 39.0], [46.1, 39.0], [46.1, 39.1], [46.0, 39.1], [46.0, 39.0]]


class Hostile(NamedTuple):
    """One hostile input: ``make(path)`` puts it at ``path`` (``claims/bad.geojson`` or
    ``places/bad.geojson``); the problem must start with ``where`` and contain ``fragment``."""

    desc: str
    folder: str
    make: Callable[[Path], None]
    where: str  # after the file name: "" (the file as a whole) or ": feature 0 (place 'x'): field"
    fragment: str


def writes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def links_to(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def fifo(path: Path) -> None:
    os.mkfifo(path)


def folder(path: Path) -> None:
    path.mkdir()


def link_loop(path: Path) -> None:
    path.symlink_to(path.name)


HOSTILE = [
    # files that are not files
    Hostile("a link to /dev/zero", "claims", links_to("/dev/zero"), "", "is a character device (a link to /dev/zero)"),
    Hostile("a link to /dev/urandom", "claims", links_to("/dev/urandom"), "", "is a character device"),
    Hostile("a FIFO", "claims", fifo, "", "is a named pipe (FIFO), not a regular file"),
    Hostile("a folder named *.geojson", "claims", folder, "", "is a folder with no .geojson file in it"),
    Hostile("a link to itself", "claims", link_loop, "", "cannot be read (Too many levels of symbolic links)"),
    Hostile(
        "a link to a file that says it is empty and never ends",
        "claims",
        links_to("/proc/self/pagemap"),
        "",
        "file is more than 20 MB; expected at most 20 MB",
    ),
    Hostile("a link to nothing", "claims", links_to("/nonexistent/x.geojson"), "", "cannot be read (No such file"),
    # JSON the parser cannot take
    Hostile(
        "nested 100,000 deep",
        "claims",
        writes(b'{"type": "FeatureCollection", "features": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}"),
        "",
        "nests lists and objects 100002 levels deep (level 33 at line 1, column",
    ),
    Hostile(
        "nested 40 deep inside a statement",
        "claims",
        writes(collection(feature({**GOOD, "statement": "x"})).replace(b'"x"', b"[" * 40 + b"]" * 40)),
        "",
        "nests lists and objects 44 levels deep",
    ),
    Hostile(
        "an integer of 5,000 digits",
        "claims",
        writes(b'{"type": "FeatureCollection",\n "features": [], "n": ' + b"7" * 5000 + b"}"),
        "",
        "has an integer of 5000 digits at line 2, column 23",
    ),
    Hostile(
        "an integer of 5,000 digits as a coordinate",
        "places",
        writes(collection(town("big")).replace(b"46.9", b"4" * 5000)),
        "",
        "has an integer of 5000 digits",
    ),
    # accepted although invalid
    Hostile(
        "a field given twice",
        "claims",
        writes(
            collection(feature(GOOD)).replace(b'"date": "2020-11-08"', b'"date": "2020-11-08", "date": "2020-11-09"')
        ),
        ": feature 0 (place 'shusha'): date",
        "is given twice in one object (only the last would count)",
    ),
    Hostile(
        "a source field given twice",
        "claims",
        writes(collection(feature(GOOD)).replace(b'"url": ', b'"url": "https://a.example", "url": ')),
        ": feature 0 (place 'shusha'): source.url",
        "is given twice",
    ),
    Hostile(
        "coordinates as text in a place file",
        "places",
        writes(collection(town("textual", {"type": "Point", "coordinates": ["46.9", "39.3"]}))),
        ": feature 0 (place 'textual'): geometry",
        'has a coordinate "46.9" (text) at coordinates[0]',
    ),
    Hostile(
        "coordinates as text in a new area",
        "claims",
        writes(
            collection(
                feature(
                    {**NEW, "place_kind": "area"},
                    {"type": "Polygon", "coordinates": [[[str(x), y] for x, y in SQUARE]]},
                )
            )
        ),
        ": feature 0 (place 'newvillage'): geometry",
        'has a coordinate "46.0" (text) at coordinates[0][0][0]',
    ),
    Hostile(
        "a coordinate true",
        "places",
        writes(collection(town("yes", {"type": "Point", "coordinates": [True, 39.3]}))),
        ": feature 0 (place 'yes'): geometry",
        "has a coordinate true (boolean)",
    ),
    Hostile(
        "a ring that is not closed",
        "places",
        writes(collection(district("open", [SQUARE[:-1] + [[46.0, 39.05]]]))),
        ": feature 0 (place 'open'): geometry",
        "has a ring that is not closed at coordinates[0]",
    ),
    Hostile(
        "an empty ring",
        "places",
        writes(collection(district("hollow", [[]]))),
        ": feature 0 (place 'hollow'): geometry",
        "has a ring with 0 positions at coordinates[0]",
    ),
    Hostile(
        "a ring of three positions",
        "places",
        writes(collection(district("thin", [SQUARE[:2] + [SQUARE[0]]]))),
        ": feature 0 (place 'thin'): geometry",
        "has a ring with 3 positions",
    ),
    Hostile(
        "an empty inner ring",
        "places",
        writes(collection(district("holed", [SQUARE, []]))),
        ": feature 0 (place 'holed'): geometry",
        "has a ring with 0 positions at coordinates[1]",
    ),
    Hostile(
        "an id with a final line break",
        "claims",
        writes(collection(feature({**GOOD, "place": "shusha\n"}))),
        ": feature 0 (place 'shusha\\n'): place",
        "is 'shusha\\n'; expected lowercase letters",
    ),
    Hostile(
        "a second Shusha, its id ending in a line break",
        "claims",
        writes(collection(feature({**NEW, "place": "shusha\n", "place_names": {"en": "Shusha"}}, POINT))),
        ": feature 0 (place 'shusha\\n'): place",
        "Hint: remove the white space or line break",
    ),
    Hostile(
        "a place file id with a final line break",
        "places",
        writes(collection(town("twin\n"))),
        ": feature 0 (place 'twin\\n'): id",
        "expected lowercase letters",
    ),
    Hostile(
        "a URL with a final line break",
        "claims",
        writes(collection(feature({**GOOD, "source": {**SOURCE, "url": SOURCE["url"] + "\n"}}))),
        ": feature 0 (place 'shusha'): source.url",
        "expected an http(s) URL",
    ),
    Hostile(
        "a name reversed by U+202E",
        "claims",
        writes(collection(feature({**NEW, "place_names": {"en": "\u202eahsuhS"}}, POINT))),
        ": feature 0 (place 'newvillage'): place_names.en",
        "contains U+202E RIGHT-TO-LEFT OVERRIDE at character 1, a bidirectional control",
    ),
    Hostile(
        "an isolate in a statement",
        "claims",
        writes(collection(feature({**GOOD, "statement": "Azerbaijan said \u2067it\u2069 was taken."}))),
        ": feature 0 (place 'shusha'): statement",
        "contains U+2067 RIGHT-TO-LEFT ISOLATE at character 17",
    ),
    Hostile(
        "a bidirectional mark in a place file's name",
        "places",
        writes(collection(town("marked", az="Şuşa\u200f"))),
        ": feature 0 (place 'marked'): names.az",
        "contains U+200F RIGHT-TO-LEFT MARK",
    ),
    Hostile(
        "a terminal escape in a source title",
        "claims",
        writes(collection(feature({**GOOD, "source": {**SOURCE, "title": "\x1b]8;;https://evil\x07x"}}))),
        ": feature 0 (place 'shusha'): source.title",
        "contains U+001B ESCAPE at character 1, a control character",
    ),
    Hostile(
        "a line break inside a name",
        "places",
        writes(collection(town("broken", ru="Шу\nша"))),
        ": feature 0 (place 'broken'): names.ru",
        "contains U+000A LINE FEED",
    ),
]


def _files(folder: Path) -> dict[str, str]:
    """What is on disk under ``folder``: each entry's kind, and a regular file's digest (a FIFO or a
    device is never opened)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        if stat.S_ISREG(info.st_mode):
            out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[str(path)] = f"mode {stat.S_IFMT(info.st_mode):o}" + (
                f" -> {os.readlink(path)}" if stat.S_ISLNK(info.st_mode) else ""
            )
    return out


@contextlib.contextmanager
def bounded(seconds: int = SECONDS, peak: int | None = PEAK_BYTES):
    """Fail the block if it runs longer than ``seconds`` or its Python allocations peak above ``peak``
    (``None``: time only)."""

    def timeout(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(seconds)
    if peak is not None:
        tracemalloc.start()
    try:
        yield
        if peak is not None:
            _, top = tracemalloc.get_traced_memory()
            assert top < peak, f"peak of {top / 2**20:.0f} MB"
    finally:
        if peak is not None:
            tracemalloc.stop()
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def data_digest():
    return _files(ROOT / "data")


@pytest.fixture(scope="module")
def context(tmp_path_factory) -> Path:
    """A small data folder the hostile files are checked against (the whole record is checked against
    in the command-line test below)."""
    folder = tmp_path_factory.mktemp("context")
    (folder / "places").mkdir()
    (folder / "claims").mkdir()
    (folder / "places" / "places.geojson").write_bytes(collection(*district_places()))
    (folder / "claims" / "claims.geojson").write_bytes(collection(feature(GOOD)))
    return folder


@pytest.mark.parametrize("bad", HOSTILE, ids=[h.desc for h in HOSTILE])
def test_a_hostile_file_is_one_problem_in_bounded_time_and_memory(bad, tmp_path, monkeypatch, data_digest, context):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / bad.folder / "bad.geojson"
    path.parent.mkdir()
    bad.make(path)
    before = _files(tmp_path)
    with bounded():
        problems = [str(p) for p in validate_paths([path], folder=context)]
    start = f"{bad.folder}/bad.geojson{bad.where}: "
    assert any(p.startswith(start) and bad.fragment in p for p in problems), problems
    assert all("; expected" in p for p in problems), problems
    assert _files(tmp_path) == before
    assert _files(ROOT / "data") == data_digest


@pytest.mark.parametrize(
    "bad", [h for h in HOSTILE if h.folder == "claims"], ids=[h.desc for h in HOSTILE if h.folder == "claims"]
)
def test_add_claim_to_a_hostile_file_refuses_in_bounded_time_and_writes_nothing(bad, tmp_path, monkeypatch, context):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "claims" / "bad.geojson"
    path.parent.mkdir()
    bad.make(path)
    before = _files(tmp_path)
    new = claim_feature(
        place="shusha",
        claimant="azerbaijan",
        claim="captured",
        date="2020-11-08",
        source_title="t",
        source_publisher="p",
        source_date="2020",
        source_url="https://example.org/h",
    )
    with bounded(), pytest.raises(DataError) as info:
        add_claim(path, new, data_dir=context)
    assert any(str(p).startswith("claims/bad.geojson") for p in info.value.problems), info.value.problems
    assert _files(tmp_path) == before


def _limit_child() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_ADDRESS_SPACE, CHILD_ADDRESS_SPACE))


def test_the_command_line_over_every_hostile_file_lists_each_and_never_hangs_or_raises(tmp_path, data_digest):
    folder = tmp_path / "hostile"
    paths = []
    for number, bad in enumerate(HOSTILE):
        path = folder / bad.folder / f"{number:02d}.geojson"
        path.parent.mkdir(parents=True, exist_ok=True)
        bad.make(path)
        paths.append(path)
    before = _files(folder)
    result = subprocess.run(
        [sys.executable, "-m", "geo", "validate", *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_child,
    )
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr, result.stderr[-3000:]
    for path, bad in zip(paths, HOSTILE, strict=True):
        assert f"{path}{bad.where}: " in result.stderr, bad.desc
    assert _files(folder) == before
    assert _files(ROOT / "data") == data_digest


def test_a_data_folder_holding_a_fifo_and_a_device_is_validated_without_hanging(tmp_path):
    """``python -m geo validate`` with ``KCM_DATA`` at a folder whose claims/ holds special files."""
    import shutil

    shutil.copytree(ROOT / "data" / "places", tmp_path / "places")
    (tmp_path / "claims").mkdir()
    shutil.copy(ROOT / "data" / "claims" / "areas.geojson", tmp_path / "claims")
    os.mkfifo(tmp_path / "claims" / "pipe.geojson")
    (tmp_path / "claims" / "zero.geojson").symlink_to("/dev/zero")
    result = subprocess.run(
        [sys.executable, "-m", "geo", "validate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "KCM_DATA": str(tmp_path)},
        preexec_fn=_limit_child,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "pipe.geojson: is a named pipe" in result.stderr and "zero.geojson: is a character device" in result.stderr


@pytest.mark.parametrize("command", [["validate"], ["claims"], ["state", "--date", "2020-11-08"]])
def test_kcm_data_is_read_by_every_command(tmp_path, command):
    result = subprocess.run(
        [sys.executable, "-m", "geo", *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "KCM_DATA": str(tmp_path / "elsewhere")},
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "elsewhere: has no places/ or claims/ folder" in result.stderr
    assert "KCM_DATA is set to" in result.stderr
