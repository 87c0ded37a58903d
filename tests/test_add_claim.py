"""``add-claim``: one line inserted, every old byte kept, nothing written unless the record validates."""

import io
import json
import os
import shlex
import shutil
from pathlib import Path

import pytest

from geo.__main__ import main
from geo.add_claim import LockTimeout, Questions, add_claim, claim_feature, feature_of, locked, new_claims_file
from geo.errors import DataError
from geo.files import default_paths
from geo.load import read_record, validate_paths
from geo.schema import SCHEMA_DIR
from geo.table import places_table

ROOT = Path(__file__).resolve().parent.parent

OPTIONS = {
    "place": "shusha",
    "claimant": "artsakh",
    "claim": "lost",
    "date": "2020-11-09",
    "statement": "The Artsakh authorities said that Shushi (Շուշի) was out of their control.",
    "source_title": "Test: Artsakh statement",
    "source_publisher": "Test publisher",
    "source_date": "2020-11-09",
    "source_url": "https://example.org/artsakh-shushi",
    "source_kind": "report",
}
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
    assert any(
        f"2016_2024.geojson: feature {n} (place 'shushaa'): place: " in m and "did you mean 'shusha'" in m
        for m in messages
    ), messages
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


@pytest.mark.parametrize(
    "old,message",
    [
        (b'{"type":"FeatureCollection","features":[\n]}\n', None),
        (b'{"type":"FeatureCollection","features":[]}', None),
        (b'{"type":"FeatureCollection","features":[],"bbox":[44.5,38.3,48.5,41.2]}', "cannot be appended to"),
        (b'{"type":"FeatureCollection","features":[\n', "not valid JSON at line 2"),
    ],
)
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


class Dialogue:
    """A person at the terminal: each prompt must start as expected, and gets the answer given with it.
    What the command says between prompts is kept in ``said``."""

    def __init__(self, steps: list[tuple[str, str]]):
        self.steps, self.said, self.prompts = list(steps), [], []

    def ask(self, prompt: str) -> str:
        self.prompts.append(prompt)
        assert self.steps, f"asked {prompt!r} after the last answer"
        expected, answer = self.steps.pop(0)
        assert prompt.startswith(expected), (prompt, expected, self.said[-3:])
        return answer

    def say(self, text: str) -> None:
        self.said.append(text)


def claim_steps(**answers) -> list[tuple[str, str]]:
    """The prompts after the place for a claim with ``OPTIONS``' values (or ``answers``), in order."""
    values = {**OPTIONS, "note": "", "date_earliest": "", "date_latest": "", **answers}
    return [
        (f"{field} (", values[field])
        for field in (
            "claimant",
            "claim",
            "date",
            "date_earliest",
            "date_latest",
            "statement",
            "source_title",
            "source_publisher",
            "source_date",
            "source_url",
            "source_kind",
            "note",
        )
    ]


def test_each_answer_is_checked_when_given_with_the_validators_hints_and_asked_again(data_dir, tmp_path):
    path = data_dir / "claims" / "2016_2024.geojson"
    old = path.read_bytes()
    steps = [
        ("file (", str(data_dir / "claims" / "2016_2024.json")),
        ("file (", str(path)),
        ("place (", "shusah"),
        ("Or is it a new place", ""),
        ("place (", "Shusha"),
        ("place (", "Xankəndi"),
        ("place (", "shusha"),
        ("claimant (", "shusha"),
        ("claimant (", "artsakh"),
        ("claim (", "lost"),
        ("date (", "observer"),
        ("date (", "2020-02-30"),
        ("date (", "2020-11-09"),
        ("date_earliest (", ""),
        ("date_latest (", "2020-11-01"),
        ("date_latest (", ""),
        ("statement (", OPTIONS["statement"]),
        ("source_title (", ""),
        ("source_title (", OPTIONS["source_title"]),
        ("source_publisher (", OPTIONS["source_publisher"]),
        ("source_date (", "9 Nov 2020"),
        ("source_date (", "2020-11-09"),
        ("source_url (", "www.example.org"),
        ("source_url (", OPTIONS["source_url"]),
        ("source_kind (", "refrence"),
        ("source_kind (", "reference"),
        ("source_kind (", "report"),
        ("note (", ""),
    ]
    person = Dialogue(steps)
    file, answers = Questions(data_dir=data_dir, ask=person.ask, say=person.say).run(None, {})
    assert person.steps == []
    said = "\n".join(person.said)
    for expected in [
        "does not end in .geojson",
        "did you mean 'shusha'",
        "'Shusha' is a name; the place's id is 'shusha'",
        "'Xankəndi' is a name; the place's id is 'stepanakert'",
        "claimant: is 'shusha'; expected one of azerbaijan",
        "date: is 'observer'; expected a date as YYYY-MM-DD",
        "date: is '2020-02-30', which is not a real day",
        "date_latest: is 2020-11-01, before 'date' 2020-11-09",
        "source_title: is required",
        "source.date: is '9 Nov 2020'",
        "source.url: is 'www.example.org'; expected an http(s) URL",
        "did you mean 'reference'",
        "source.kind: is 'reference' for a claim by 'artsakh'",
    ]:
        assert expected in said, (expected, said)
    assert path.read_bytes() == old  # nothing written while asking
    assert add_claim(file, feature_of(answers), data_dir=data_dir) == len(json.loads(old)["features"])
    assert json.loads(path.read_bytes())["features"][-1] == CLAIM


VILLAGE = {
    "place": "new_kend",
    "place_kind": "village",
    "place_en": "New Kend",
    "place_az": "Yeni Kənd",
    "place_hy": "Նոր Գյուղ",
    "place_hy_latn": "Nor Gyugh",
    "place_ru": "Нью Кенд",
    "district": "shusha_district",
    "lon": "46.7301",
    "lat": "39.7402",
    "place_source_title": "Test gazetteer: New Kend",
    "place_source_publisher": "Test gazetteer",
    "place_source_date": "n.d.",
    "place_source_url": "https://example.org/gazetteer/new-kend",
}


def village_feature() -> dict:
    feature = claim_feature(**{**OPTIONS, **VILLAGE, "claimant": "azerbaijan", "claim": "captured"})
    feature["geometry"]["coordinates"] = [46.7301, 39.7402]
    return feature


def test_a_new_village_from_the_prompts_is_added_with_its_names_district_position_and_source(data_dir):
    path = data_dir / "claims" / "2020_war_oct_dec.geojson"
    steps = [
        ("file (", str(path)),
        ("place (", "new_kend"),
        ("Is 'new_kend' a new place", "y"),
        ("place_kind (", ""),
        ("place_en (", ""),
        ("place_en (", "New Kend"),
        ("place_az (", "Yeni Kənd"),
        ("place_hy (", "Նոր Գյուղ"),
        ("place_hy_latn (", "Nor Gyugh"),
        ("place_ru (", "Нью Кенд"),
        ("district (", "Shusha"),
        ("district (", "shusha"),
        ("district (", "shusha_district"),
        ("lon (", "46.73E"),
        ("lon (", "39.7402"),
        ("lat (", "46.7301"),  # swapped: asked again, as a pair
        ("lon (", "46.7301"),
        ("lat (", "39.7402"),
        ("place_source_title (", VILLAGE["place_source_title"]),
        ("place_source_publisher (", VILLAGE["place_source_publisher"]),
        ("place_source_date (", "n.d."),
        ("place_source_url (", VILLAGE["place_source_url"]),
        ("place_source_kind (", ""),
        *claim_steps(claimant="azerbaijan", claim="captured"),
    ]
    person = Dialogue(steps)
    file, answers = Questions(data_dir=data_dir, ask=person.ask, say=person.say).run(None, {})
    said = "\n".join(person.said)
    for expected in [
        "place_en: is required",
        "'Shusha' is the name of the town 'shusha', which lies in 'shusha_district'",
        "district: is 'shusha', a town; expected the id of a district",
        "lon: is '46.73E'; expected a number",
        "latitude and longitude look swapped",
    ]:
        assert expected in said, (expected, said)
    index = add_claim(file, feature_of(answers), data_dir=data_dir)
    assert json.loads(path.read_bytes())["features"][index] == village_feature()
    places = places_table(read_record(default_paths(data_dir))).set_index("place_id")
    assert places.loc["new_kend", ["kind", "district", "lon", "lat"]].tolist() == [
        "village",
        "shusha_district",
        46.7301,
        39.7402,
    ]
    assert places.loc["new_kend", "names"] == "New Kend;Yeni Kənd;Նոր Գյուղ;Nor Gyugh;Нью Кенд"


def test_a_new_village_from_options(data_dir, monkeypatch, capsys):
    monkeypatch.setenv("KCM_DATA", str(data_dir))  # the record add-claim checks against: one setting everywhere
    path = data_dir / "claims" / "2020_war_oct_dec.geojson"
    values = {**OPTIONS, **VILLAGE, "claimant": "azerbaijan", "claim": "captured"}
    assert main(options(path, values)) == 0, capsys.readouterr().err
    assert json.loads(path.read_bytes())["features"][-1] == village_feature()
    assert main(options(path, {**values, "source_url": "https://example.org/2"})) == 1  # a second geometry
    assert "adds place 'new_kend', already defined in" in capsys.readouterr().err


def test_a_village_without_a_known_position_needs_its_district(data_dir, monkeypatch, capsys):
    monkeypatch.setenv("KCM_DATA", str(data_dir))
    path = data_dir / "claims" / "2020_war_oct_dec.geojson"
    values = {k: v for k, v in {**OPTIONS, **VILLAGE}.items() if k not in ("lon", "lat", "district")}
    assert main(options(path, values)) == 2
    assert "missing --district" in capsys.readouterr().err
    assert main(options(path, {**values, "district": "shusha_district"})) == 0
    added = json.loads(path.read_bytes())["features"][-1]
    assert added["geometry"] is None and added["properties"]["district"] == "shusha_district"


def test_cli_asks_for_what_is_missing_in_a_terminal(tmp_path, monkeypatch, capsys):
    path = tmp_path / "claims" / "asked.geojson"
    path.parent.mkdir()
    answers = {**OPTIONS, "note": "Asked at the prompt."}
    lines = [str(path), "shusha"] + [
        answers.get(field, "")
        for field in (
            "claim",
            "date",
            "date_earliest",
            "date_latest",
            "statement",
            "source_title",
            "source_publisher",
            "source_date",
            "source_url",
            "source_kind",
            "note",
        )
    ]
    monkeypatch.setattr("sys.stdin", Terminal("\n".join(lines) + "\n"))
    assert main(["add-claim", "--claimant", "artsakh"]) == 0, capsys.readouterr().err
    assert "claimant (" not in capsys.readouterr().out  # given as an option: not asked
    assert json.loads(path.read_bytes())["features"] == [claim_feature(**answers)]


def test_a_refusal_by_the_whole_record_keeps_the_answers_as_a_command(data_dir, monkeypatch, capsys):
    monkeypatch.setenv("KCM_DATA", str(data_dir))
    path = data_dir / "claims" / "2016_2024.geojson"
    add_claim(path, CLAIM, data_dir=data_dir)
    old = path.read_bytes()
    monkeypatch.setattr("sys.stdin", Terminal(""))  # a terminal, with every answer already given
    assert main(options(path, OPTIONS)) == 1
    err = capsys.readouterr().err
    assert "exactly repeats" in err and "The claim was not added" in err
    command = err.split("to edit and run again:\n")[1].strip()
    words = shlex.split(command)
    assert words[:2] == ["./run", "geo"] and words[2:] == options(path, OPTIONS)  # every answer, as given
    assert path.read_bytes() == old


def test_cancelling_writes_nothing_and_shows_the_answers_so_far(data_dir, monkeypatch, capsys):
    monkeypatch.setenv("KCM_DATA", str(data_dir))
    path = data_dir / "claims" / "2016_2024.geojson"
    before = {p: p.read_bytes() for p in path.parent.iterdir()}
    monkeypatch.setattr("sys.stdin", Terminal(f"{path}\nshusha\nartsakh\n"))  # then Ctrl-D
    assert main(["add-claim"]) == 1
    err = capsys.readouterr().err
    assert "cancelled; nothing was written" in err and "--place shusha --claimant artsakh" in err
    assert {p: p.read_bytes() for p in path.parent.iterdir()} == before


def test_cli_without_a_terminal_names_the_missing_options(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["add-claim", "--file", str(tmp_path / "x.geojson"), "--place", "shusha"]) == 2
    assert "missing --claimant, --claim, --date, --source-title" in capsys.readouterr().err
    assert not (tmp_path / "x.geojson").exists()


def test_a_symbolic_link_is_written_through_and_stays_a_link(data_dir, tmp_path):
    target = data_dir / "claims" / "2016_2024.geojson"
    link = tmp_path / "link.geojson"
    link.symlink_to(target)
    old = target.read_bytes()
    add_claim(link, CLAIM, data_dir=data_dir)
    assert link.is_symlink() and link.resolve() == target
    assert target.read_bytes().startswith(old[: old.rindex(b"\n]}")]) and line_of(CLAIM) in target.read_bytes()


def test_a_crlf_file_gets_a_crlf_line(data_dir):
    path = data_dir / "claims" / "2016_2024.geojson"
    old = path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(old)
    add_claim(path, CLAIM, data_dir=data_dir)
    end = old.rindex(b"\r\n]}")
    assert path.read_bytes() == old[:end] + b",\r\n" + line_of(CLAIM) + old[end:]


def test_a_writer_waits_for_the_lock_and_gives_up_in_time_leaving_the_file_alone(data_dir):
    path = data_dir / "claims" / "2016_2024.geojson"
    old = path.read_bytes()
    with locked([data_dir]):  # another add-claim is writing
        with pytest.raises(LockTimeout, match="another add-claim has been writing"):
            add_claim(path, CLAIM, data_dir=data_dir, timeout=0.2)
    assert path.read_bytes() == old
    add_claim(path, CLAIM, data_dir=data_dir, timeout=0.2)  # once it is done


def test_kcm_data_is_the_record_add_claim_checks_against(data_dir, tmp_path, monkeypatch):
    """The claim names a place only the other data folder has: accepted there, refused in data/."""
    path = tmp_path / "claims" / "extra.geojson"
    path.parent.mkdir()
    village = json.loads((data_dir / "places" / "settlements.geojson").read_bytes())["features"][0]
    village = {**village, "id": "only_here", "properties": {**village["properties"], "id": "only_here"}}
    places = data_dir / "places" / "settlements.geojson"
    places.write_bytes(places.read_bytes().replace(b"\n]}", b",\n" + line_of(village) + b"\n]}"))
    feature = claim_feature(**{**OPTIONS, "place": "only_here"})
    with pytest.raises(DataError, match="'only_here', which is no known place"):
        add_claim(path, feature)
    monkeypatch.setenv("KCM_DATA", str(data_dir))
    assert add_claim(path, feature) == 0
