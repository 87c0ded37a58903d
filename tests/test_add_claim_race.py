"""Two ``add-claim`` writers at once, and writers killed mid-write: no claim is lost, no file is left half
written, no temporary file stays behind."""

import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.add_claim import add_claim, claim_feature
from geo.load import validate_paths
from tests.factories import SOURCE, plain_places

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 200


def small_record(folder: Path) -> Path:
    """A data folder with a few places and no claims yet: validating it takes milliseconds."""
    (folder / "places").mkdir(parents=True)
    (folder / "claims").mkdir()
    (folder / "places" / "places.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": plain_places()}), encoding="utf-8"
    )
    return folder


def numbered_claim(writer: int, number: int) -> dict:
    return claim_feature(
        place="shusha",
        claimant="azerbaijan",
        claim="controls",
        date="2020-11-08",
        statement=f"Writer {writer}, claim {number}.",
        source_title=SOURCE["title"],
        source_publisher=SOURCE["publisher"],
        source_date=SOURCE["date"],
        source_url=f"https://example.org/{writer}/{number}",
        source_kind="report",
    )


def race(writer: int, folders: list[str], start, results) -> None:
    """One writer: in each round, wait for the other at the barrier, then add its claim to the round's file."""
    added, failed = [], []
    for number, folder in enumerate(folders):
        start.wait(timeout=60)
        try:
            add_claim(Path(folder) / "claims" / "race.geojson", numbered_claim(writer, number), data_dir=Path(folder))
            added.append(number)
        except Exception as exc:  # noqa: BLE001 (a lost race is reported, not raised in the child)
            failed.append(f"{number}: {exc}")
    results.put((writer, added, failed))


def test_two_writers_racing_200_times_lose_no_claim(tmp_path):
    folders = [str(small_record(tmp_path / f"round{i:03d}")) for i in range(ROUNDS)]
    context = multiprocessing.get_context("spawn")  # no fork of the test process and its threads
    start, results = context.Barrier(2), context.Queue()
    writers = [context.Process(target=race, args=(w, folders, start, results)) for w in (0, 1)]
    for process in writers:
        process.start()
    reports = {}
    for _ in writers:
        writer, added, failed = results.get(timeout=300)
        reports[writer] = (added, failed)
    for process in writers:
        process.join(timeout=60)
    assert [reports[w][1] for w in (0, 1)] == [[], []], "a writer was refused"
    complete = 0
    for number, folder in enumerate(folders):
        features = json.loads((Path(folder) / "claims" / "race.geojson").read_bytes())["features"]
        urls = sorted(f["properties"]["source"]["url"] for f in features)
        complete += urls == [f"https://example.org/{w}/{number}" for w in (0, 1)]
    assert complete == ROUNDS, f"{complete} of {ROUNDS} rounds kept both claims"


KILLED_WRITER = """
import sys
from pathlib import Path
import geo.add_claim
from geo.add_claim import add_claim
from tests.test_add_claim_race import numbered_claim
folder = Path(sys.argv[1])
if sys.argv[3] == "named":  # as where O_TMPFILE is missing: the temporary file has a name all along
    geo.add_claim._anonymous_file = lambda folder: None
print("ready", flush=True)
for number in range(10**6):
    add_claim(folder / "claims" / "killed.geojson", numbered_claim(int(sys.argv[2]), number), data_dir=folder)
"""


@pytest.mark.parametrize("temporary", ["anonymous", "named"])
def test_a_writer_killed_at_any_moment_leaves_a_whole_file_and_no_temporary_file_after_the_next_write(
    tmp_path, temporary
):
    folder = small_record(tmp_path / "data")
    path = folder / "claims" / "killed.geojson"
    rng = random.Random(14)
    leftovers = 0
    for kill in range(8):
        writer = subprocess.Popen(
            [sys.executable, "-c", KILLED_WRITER, str(folder), str(kill), temporary],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout.readline() == "ready\n", writer.stderr.read()
        time.sleep(rng.uniform(0.05, 0.4))  # somewhere inside a write: reading, validating, writing, renaming
        os.kill(writer.pid, signal.SIGKILL)
        writer.communicate(timeout=30)
        assert validate_paths([path], folder=folder) == []  # the old file or the new one, whole
        leftovers += len(list(path.parent.glob(".*.tmp")))
    count = len(json.loads(path.read_bytes())["features"])
    add_claim(path, numbered_claim(99, 0), data_dir=folder)  # the next writer clears what a killed one left
    assert sorted(p.name for p in path.parent.iterdir()) == ["killed.geojson"]
    assert len(json.loads(path.read_bytes())["features"]) == count + 1
    if temporary == "anonymous":  # named only just before the rename: a kill almost never finds one
        assert leftovers <= 1


def test_only_a_dead_writers_temporary_files_are_removed(tmp_path):
    folder = small_record(tmp_path / "data")
    path = folder / "claims" / "c.geojson"
    stale = [path.parent / ".c.geojson.1a2b3c4d.tmp", path.parent / ".c.geojson.tmpfile9.tmp"]
    kept = [
        path.parent / ".other.geojson.1a2b3c4d.tmp",
        path.parent / "c.geojson.notes.tmp",
        path.parent / ".c.geojson.1a2b.tmp.bak",
    ]
    for p in stale + kept:
        p.write_bytes(b"half a file")
    add_claim(path, numbered_claim(0, 0), data_dir=folder)
    assert not any(p.exists() for p in stale)
    assert all(p.read_bytes() == b"half a file" for p in kept)
