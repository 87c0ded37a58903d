"""The README's two commands are the ones that exist, and CI runs the README's test command."""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_has_exactly_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Two commands", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["./run app", "./run tests"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^\./run tests\s*$", ci, re.M)
    run = (ROOT / "run").read_text(encoding="utf-8")
    assert "  app)" in run and "  tests)" in run and "pytest" in run


DOCS = ["README.md", "CONTRIBUTING.md", "data/README.md"]


def shell_lines() -> list[tuple[str, str]]:
    """Every command line of the docs' ``sh`` code blocks, with the file it is in."""
    lines = []
    for name in DOCS:
        text = (ROOT / name).read_text(encoding="utf-8")
        for block in re.findall(r"```sh\n(.*?)```", text, re.S):
            for line in block.replace("\\\n", " ").splitlines():
                if line.strip() and not line.startswith((" ", "#")):
                    lines.append((name, line.split("  #")[0].strip()))
    return lines


def test_every_documented_command_runs_through_the_run_script_which_knows_it():
    """Issue 13, item 10: a command copied from the docs works as written on a fresh machine (no
    ``python -m geo`` that needs an activated environment first)."""
    run = (ROOT / "run").read_text(encoding="utf-8")
    cases = re.findall(r"^  ([\w.*|-]+)\)", run, re.M)
    patterns = [pattern for case in cases for pattern in case.split("|")]
    assert len(shell_lines()) > 20
    for name, line in shell_lines():
        for command in re.split(r"\s+(?:&&|\|)\s+", line):
            words = command.split()
            if words[0] in ("git", "cd", "npm", "node", "streamlit", "KCM_DATA=…"):
                continue
            assert words[0] == "./run", f"{name}: {line!r} does not start with ./run"
            assert any(re.fullmatch(p.replace(".", r"\.").replace("*", r"\w+"), words[1]) for p in patterns), (
                f"{name}: ./run does not know {words[1]!r} ({line!r})"
            )


def test_a_documented_command_gives_its_answer_through_the_run_script():
    env = {**__import__("os").environ, "VENV": sys.prefix}
    result = subprocess.run(
        ["./run", "geo", "places", "--format", "json"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert any(place["place_id"] == "shusha" for place in json.loads(result.stdout))
    result = subprocess.run(["./run", "nonsense"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and "usage: ./run app | ./run tests" in result.stderr


FILE_TOKEN = re.compile(r"^[\w.*-]+\.(?:py|js|json|css|conf|png|md|toml|txt)$")
OPAQUE = {"places", "claims", "research", "leaflet"}  # folders of data, notes or vendored files: named, not listed


def layout_rows() -> dict[str, str]:
    """The README's Layout table: each first-cell path (one row may name several) → the row's text."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Layout\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in table.splitlines():
        if line.startswith("| `"):
            first, rest = line[2:].split(" | ", 1)
            for path in re.findall(r"`([^`]+)`", first):
                rows[path] = rest
    return rows


def tree() -> set[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {path for path in listed if (ROOT / path).exists() or (ROOT / path).is_symlink()}


def test_the_layout_table_names_every_file_and_folder_of_the_tree_and_nothing_else():
    rows, files = layout_rows(), tree()
    top = {path.split("/")[0] + ("/" if "/" in path else "") for path in files}
    unnamed = {entry for entry in top if not any(path == entry or path.startswith(entry) for path in rows)}
    assert unnamed == set(), "top-level entries the Layout table does not name"
    for folder, text in rows.items():
        if not folder.endswith("/"):
            assert folder in files, f"the Layout table names {folder}, which is not in the tree"
            continue
        tokens = set(re.findall(r"`([^`]+)`", text))
        globs = [t for t in tokens if "*" in t]
        inside = {path[len(folder) :] for path in files if path.startswith(folder)}
        assert inside, f"the Layout table names {folder}, which is not in the tree"
        children = {path.split("/")[0] + ("/" if "/" in path else "") for path in inside}
        for child in sorted(children):
            if folder + child in rows:
                continue
            named = child in tokens or any(Path(child).match(g) for g in globs)
            assert named, f"README Layout, row {folder}: {child} is in the tree but not named"
            if child.endswith("/") and child.rstrip("/") not in OPAQUE:
                for grandchild in sorted({p[len(child) :].split("/")[0] for p in inside if p.startswith(child)}):
                    assert grandchild in tokens or any(Path(grandchild).match(g) for g in globs), (
                        f"README Layout, row {folder}: {child}{grandchild} is in the tree but not named"
                    )
        for token in tokens:
            if FILE_TOKEN.match(token) and "*" not in token and "/" not in token:
                assert any(p.split("/")[-1] == token for p in inside), (
                    f"README Layout, row {folder}: names {token}, which is not in {folder}"
                )
