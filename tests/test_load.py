"""The load test itself runs: two sessions of two steps against the test server, no errors."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_load_test_smoke(app_url, browser):  # browser: skips or fails exactly as the other browser tests do
    command = [
        sys.executable,
        "-m",
        "benchmarks.load",
        "--sessions",
        "2",
        "--steps",
        "2",
        "--url",
        app_url,
        "--timeout",
        "120",
        "--step-timeout",
        "60",
    ]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "steps measured: 4 of 4" in result.stdout
    assert "errors: 0 " in result.stdout and "requests blocked (not to 127.0.0.1): 0" in result.stdout


def test_the_benchmarks_synthetic_record_is_a_valid_record(tmp_path):
    from benchmarks import synthetic
    from geo.files import default_paths
    from geo.load import read_record

    record = read_record(default_paths(synthetic.write(tmp_path / "synthetic", 2)))
    real = read_record()
    assert len(record.claims) > 1.5 * len(real.claims)  # every settlement's claims again, about its copy
