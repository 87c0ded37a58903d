"""``add-claim``: one line inserted, every old byte kept, nothing written unless the record validates."""

import io
import json
import os
import shutil
from pathlib import Path

import pytest

from geo.__main__ import main
from geo.add_claim import FIELDS, add_claim, claim_feature, new_claims_file
from geo.errors import DataError
from geo.load import default_paths, validate_paths
from geo.schema import SCHEMA_DIR

ROOT = Path(__file__).resolve().parent.parent

OPTIONS = {"place": "shusha", "claimant": "artsakh", "claim": "lost", "date": "2020-11-09",
           "statement": "The Artsakh authorities said that Shushi (Շուշի) was out of their control.",
           "source_title": "Test: Artsakh statement", "source_publisher": "Test publisher", "source_date": "2020-11-09",
           "source_url": "https://example.org/artsakh-shushi", "source_kind": "report"}
CLAIM = claim_feature(**OPTIONS)


@pytest.fixture()
def data_dir(tmp_path) -> Path:
    """A copy of the record's files, to be appended to."""
    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("*.py", "*.md"))
    return tmp_path / "data"


def line_of(feature: dict) -> bytes:
    return json.dumps(feature, ensure_ascii=False).encode("utf-8")


def test_appended_file_is_the_old_bytes_with_one_line_inserted(data_dir):
    path = data_dir / "claims" / "2016_2024.geojson"
    old = path.read_bytes()
    index = add_claim(path, CLAIM, data_dir=data_dir)
    end = old.rindex(b"\n]}")  # after the last feature's closing brace
    assert path.read_bytes() == old[:end] + b",\n" + line_of(CLAIM) + old[end:]
    assert index == len(json.loads(old)["features"])
    assert len(path.read_bytes().splitlines()) == len(old.splitlines()) + 1
    assert validate_paths(default_paths(data_dir)) == []


def test_an_invalid_claim_is_refused_with_the_validators_messages_and_nothing_is_written(data_dir):
    path = data_dir / "claims" / "2016_2024.geojson"
    before = {p: p.read_bytes() for p in path.parent.iterdir()}
    bad = claim_feature(**{**OPTIONS, "place": "shushaa", "date": "2020-13-01"})
    n = len(json.loads(path.read_bytes())["features"])  # the new feature's number in the file
    with pytest.raises(DataError) as info:
        add_claim(path, bad, data_dir=data_dir)
    messages = [str(p) for p in info.value.problems]
    assert any(f"2016_2024.geojson: feature {n} (place 'shushaa'): place: " in m and "did you mean 'shusha'" in m
               for m in messages), messages
    assert any(f"feature {n} (place 'shushaa'): date: is '2020-13-01'" in m for m in messages), messages
    assert {p: p.read_bytes() for p in path.parent.iterdir()} == before


def test_a_claim_that_repeats_one_in_another_file_is_refused(data_dir):
    path = data_dir / "claims" / "extra.geojson"
    index = add_claim(data_dir / "claims" / "2016_2024.geojson", CLAIM, data_dir=data_dir)
    with pytest.raises(DataError, match=f"exactly repeats .*2016_2024.geojson feature {index}"):
        add_claim(path, CLAIM, data_dir=data_dir)
    assert not path.exists()


@pytest.mark.parametrize("crash_in", ["fsync", "replace"])
def test_a_crash_while_writing_leaves_the_old_file_whole_and_no_temporary_file(data_dir, monkeypatch, crash_in):
    path = data_dir / "claims" / "2016_2024.geojson"
    before = {p: p.read_bytes() for p in path.parent.iterdir()}

    def crash(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(f"geo.add_claim.os.{crash_in}", crash)
    with pytest.raises(OSError, match="No space left"):
        add_claim(path, CLAIM, data_dir=data_dir)
    assert {p: p.read_bytes() for p in path.parent.iterdir()} == before


def test_a_file_changed_by_someone_else_meanwhile_is_not_overwritten(data_dir, monkeypatch):
    path = data_dir / "claims" / "2016_2024.geojson"
    real_fsync = os.fsync

    def someone_edits(fd):
        real_fsync(fd)
        path.write_bytes(path.read_bytes().replace(b"\n]}", b",\n{}\n]}"))

    monkeypatch.setattr("geo.add_claim.os.fsync", someone_edits)
    with pytest.raises(OSError, match="changed while the claim was being added"):
        add_claim(path, CLAIM, data_dir=data_dir)
    assert path.read_bytes().endswith(b",\n{}\n]}\n")
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_missing_file_is_created_with_the_schema_and_the_claim(data_dir):
    path = data_dir / "claims" / "2020_more.geojson"
    assert add_claim(path, CLAIM, data_dir=data_dir) == 0
    text = path.read_bytes()
    assert text.splitlines()[1:] == [line_of(CLAIM), b"]}"]
    assert (path.parent / json.loads(text)["$schema"]).resolve() == SCHEMA_DIR / "claims.schema.json"
    assert path.stat().st_mode & 0o777 == 0o644
    assert validate_paths(default_paths(data_dir)) == []


def test_a_new_file_in_data_claims_starts_as_the_others_do():
    first_line = (ROOT / "data" / "claims" / "1994_baseline.geojson").read_bytes().splitlines()[0]
    assert new_claims_file(ROOT / "data" / "claims" / "new.geojson").splitlines()[0] == first_line


@pytest.mark.parametrize("old,message", [
    (b'{"type":"FeatureCollection","features":[\n]}\n', None),
    (b'{"type":"FeatureCollection","features":[]}', None),
    (b'{"type":"FeatureCollection","features":[],"bbox":[44.5,38.3,48.5,41.2]}', "cannot be appended to"),
    (b'{"type":"FeatureCollection","features":[\n', "not valid JSON at line 2"),
])
def test_appending_to_other_shapes_of_file(tmp_path, old, message):
    path = tmp_path / "claims" / "odd.geojson"
    path.parent.mkdir()
    path.write_bytes(old)
    if message is None:
        add_claim(path, CLAIM)
        assert json.loads(path.read_bytes())["features"] == [CLAIM]
    else:
        with pytest.raises(DataError, match=message):
            add_claim(path, CLAIM)
        assert path.read_bytes() == old


def test_a_file_in_a_folder_that_does_not_exist_is_refused(tmp_path):
    with pytest.raises(DataError, match="its folder .* does not exist"):
        add_claim(tmp_path / "clams" / "new.geojson", CLAIM)
    assert not (tmp_path / "clams").exists()


def options(path: Path, values: dict) -> list[str]:
    return ["add-claim", "--file", str(path)] + [a for k, v in values.items() for a in (f"--{k.replace('_', '-')}", v)]


def test_cli_with_every_field_as_an_option(tmp_path, capsys):
    path = tmp_path / "claims" / "extra.geojson"
    path.parent.mkdir()
    assert main(options(path, OPTIONS)) == 0
    assert "Added the claim as feature 0" in capsys.readouterr().out
    assert json.loads(path.read_bytes())["features"] == [CLAIM]
    before = path.read_bytes()
    assert main(options(path, {**OPTIONS, "claimant": "artsak"})) == 1
    err = capsys.readouterr().err
    assert "feature 1 (place 'shusha'): claimant: is 'artsak'" in err and "did you mean 'artsakh'" in err
    assert "The claim was not added" in err
    assert path.read_bytes() == before


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_cli_asks_for_what_is_missing_in_a_terminal(tmp_path, monkeypatch, capsys):
    path = tmp_path / "claims" / "asked.geojson"
    path.parent.mkdir()
    answers = {**OPTIONS, "note": "Asked at the prompt."}
    # file, then each field in FIELDS' order ("" skips an optional one); an empty answer to a required
    # field is asked again
    lines = [str(path), ""] + [answers.get(field, "") for field in FIELDS if field != "claimant"]
    monkeypatch.setattr("sys.stdin", Terminal("\n".join(lines) + "\n"))
    assert main(["add-claim", "--claimant", "artsakh"]) == 0
    assert "claimant (" not in capsys.readouterr().out  # given as an option: not asked
    assert json.loads(path.read_bytes())["features"] == [claim_feature(**answers)]


def test_cli_without_a_terminal_names_the_missing_options(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["add-claim", "--file", str(tmp_path / "x.geojson"), "--place", "shusha"]) == 2
    assert "missing --claimant, --claim, --date, --source-title" in capsys.readouterr().err
    assert not (tmp_path / "x.geojson").exists()
