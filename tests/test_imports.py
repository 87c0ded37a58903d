"""Who may speak to Streamlit: the page (``app.py``) and the one bridge (``bridge.py``), nothing else.

ruff's banned-api rule (pyproject.toml, TID251) enforces it in CI; this test runs the same check
through ruff, so that loosening the configuration fails too, and it says what ruff cannot: that the
page reaches streamlit_folium only through the bridge."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUFF = Path(sys.executable).with_name("ruff")


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_page_and_the_bridge_import_streamlit(tmp_path):
    speaking = sorted(
        path.relative_to(ROOT).as_posix()
        for folder in ("geo", "layers", "deploy", "docs", "data")
        for path in (ROOT / folder).rglob("*.py")
        if {"streamlit", "streamlit_folium"} & imported(path)
    )
    assert speaking == []
    assert "streamlit_folium" not in imported(ROOT / "app.py") and "streamlit_folium" in imported(ROOT / "bridge.py")
    # ruff, as CI runs it, refuses a module of geo/ that imports streamlit
    intruder = ROOT / "geo" / "_intruder_for_test.py"
    intruder.write_text('"""A module that should not be."""\n\nimport streamlit\n\nstreamlit.write("x")\n')
    try:
        result = subprocess.run(
            [str(RUFF), "check", "--output-format", "concise", str(intruder)], cwd=ROOT, capture_output=True, text=True
        )
    finally:
        intruder.unlink()
    assert result.returncode == 1 and "TID251 `streamlit` is banned" in result.stdout, result.stdout


def test_mutation_testing_copies_every_package_its_tests_import():
    """mutmut runs the rule tests in its own copy of the project (pyproject.toml, [tool.mutmut]): every
    package of ours that those tests, and the conftest they load, import must be copied there."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    copied = {Path(p).parts[0].removesuffix(".py") for p in config["source_paths"] + config["also_copy"]}
    ours = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()} | {p.stem for p in ROOT.glob("*.py")}
    tests = [ROOT / "tests" / "conftest.py", ROOT / "tests" / "factories.py"]
    tests += [ROOT / t for t in config["pytest_add_cli_args_test_selection"]]
    needed = {name for path in tests for name in imported(path)} & ours - {"tests"}
    assert needed <= copied, f"add {sorted(needed - copied)} to [tool.mutmut] also_copy"
