"""CONTRIBUTING's add-claim examples are true: its commands do what it says, and its session at the
prompts, replayed against the record without Dashalty, asks the same questions, answers the same way and
appends the record's own Dashalty line."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geo.add_claim import Questions, add_claim, feature_of
from geo.files import default_paths
from geo.load import read_record
from geo.table import places_table
from tests.test_add_claim import Dialogue

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
CLAIMS = "data/claims/2020_war_oct_dec.geojson"


def blocks(after: str, fence: str) -> str:
    """The first code block (``fence``: "```sh" or "```") after the text ``after``."""
    return GUIDE.split(after, 1)[1].split(fence + "\n", 1)[1].split("```", 1)[0]


def command(after: str) -> list[str]:
    words = shlex.split(blocks(after, "```sh").replace("\\\n", " "))
    assert words[:3] == ["./run", "geo", "add-claim"]
    return words[2:]


def dashalty_line() -> dict:
    lines = [
        json.loads(line.rstrip(","))
        for line in (ROOT / CLAIMS).read_text(encoding="utf-8").splitlines()
        if '"place": "dashalty"' in line and '"geometry": {' in line
    ]
    (line,) = lines
    return line


@pytest.fixture()
def without_dashalty(tmp_path, monkeypatch) -> Path:
    """A copy of the record with every claim about Dashalty taken out; the working folder is its parent."""
    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("*.py", "*.md"))
    for path in (tmp_path / "data" / "claims").glob("*.geojson"):
        text = path.read_text(encoding="utf-8")
        if '"place": "dashalty"' in text:
            kept = "\n".join(line for line in text.split("\n") if '"place": "dashalty"' not in line)
            path.write_text(re.sub(r",\n\]\}", "\n]}", kept), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KCM_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


def test_example_1s_command_is_refused_as_shown_and_changes_nothing():
    before = (ROOT / CLAIMS).read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "geo", *command("**With `add-claim`.**")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    shown = blocks("which\nshows what a refusal looks like", "```").strip().splitlines()
    assert result.returncode == 1
    for line in shown[:-1]:  # the feature numbers change as the record grows
        assert re.sub(r"feature \d+", "feature N", line) in re.sub(r"feature \d+", "feature N", result.stderr)
    assert (ROOT / CLAIMS).read_bytes() == before


def test_example_2s_command_appends_the_records_own_dashalty_line(without_dashalty):
    result = subprocess.run(
        [sys.executable, "-m", "geo", *command("**With `add-claim`, from options.**")],
        cwd=without_dashalty.parent,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads((without_dashalty.parent / CLAIMS).read_bytes())["features"][-1] == dashalty_line()


PROMPT = re.compile(r"^(?P<prompt>(?:[a-z_]+ \(.*\)(?: \[Enter: [^\]]*\])?|.*\[y/N\]): )(?P<answer>.*)$")


def normalised(lines: list[str]) -> list[str]:
    """Lines as compared: without trailing white space, the 'did you mean' guess and the feature
    number, which change as the record grows."""
    return [
        re.sub(
            r"Hint: did you mean '[^']*'\?$",
            "Hint: did you mean …?",
            re.sub(r"feature \d+", "feature N", line.rstrip()),
        )
        for line in lines
    ]


def test_example_2s_session_at_the_prompts_is_the_session_it_shows(without_dashalty):
    shown = blocks("**With `add-claim`, from the prompts.**", "```").rstrip("\n").split("\n")
    steps = [(m["prompt"], m["answer"]) for line in shown if (m := PROMPT.match(line))]
    person = Dialogue(steps)
    transcript: list[str] = []

    def ask(prompt: str) -> str:
        answer = person.ask(prompt)
        transcript.append(prompt + answer)
        return answer

    file, answers = Questions(ask=ask, say=transcript.append).run(None, {})
    index = add_claim(file, feature_of(answers))
    transcript.append(f"Added the claim as feature {index} of {file}.")
    assert normalised(transcript) == normalised(shown)
    assert json.loads((without_dashalty.parent / CLAIMS).read_bytes())["features"][index] == dashalty_line()
    places = places_table(read_record(default_paths(without_dashalty))).set_index("place_id")
    assert places.loc["dashalty", ["kind", "district", "lon", "lat"]].tolist() == [
        "village",
        "shusha_district",
        46.74917,
        39.74167,
    ]
