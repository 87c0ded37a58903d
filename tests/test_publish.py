"""The map's data file is there whenever a page asks for it: put back when ``static/generated`` is removed
under a running app, and never removed by another instance while its instance runs (issue 14)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from layers.map import _PUBLISHED, PUBLISH_CHECK_S, publish

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def static(tmp_path):
    (tmp_path / "static").mkdir()
    yield tmp_path / "static"
    for path in list(_PUBLISHED.files):  # this test's files: no longer kept in place
        if tmp_path in path.parents:
            _PUBLISHED.release(path)


def file_of(url: str, static: Path) -> Path:
    return static / url.removeprefix("/app/static/")


def eventually(check, seconds: float = 3.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(PUBLISH_CHECK_S / 4)
    return check()


def test_the_published_file_is_put_back_when_its_folder_is_removed(static):
    url = publish({"places": [1, 2, 3]}, static)
    path = file_of(url, static)
    content = path.read_bytes()
    shutil.rmtree(static / "generated")  # git clean -fdX under a running app
    assert eventually(lambda: path.exists() and path.read_bytes() == content)
    path.unlink()
    assert eventually(lambda: path.exists() and path.read_bytes() == content)


def test_a_file_replaced_under_a_running_app_is_written_again(static):
    url = publish({"places": [7]}, static)
    path = file_of(url, static)
    content = path.read_bytes()
    other = path.with_name("garbage.tmp")
    other.write_bytes(b"{}")
    other.replace(path)
    assert eventually(lambda: path.read_bytes() == content)


def test_nothing_is_made_again_once_the_static_folder_itself_is_gone(static):
    url = publish({"places": [8]}, static)
    shutil.rmtree(static)
    time.sleep(PUBLISH_CHECK_S * 5)
    assert not static.exists() and not file_of(url, static).exists()


OTHER_INSTANCE = """
import sys
from pathlib import Path
from layers.map import publish
print(publish({"places": ["the other instance"]}, Path(sys.argv[1])), flush=True)
sys.stdin.read()  # runs until the test closes its input
"""


def test_another_instance_never_removes_a_live_file_however_old_and_removes_a_dead_one(static):
    other = subprocess.Popen(
        [sys.executable, "-c", OTHER_INSTANCE, str(static)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        live = file_of(other.stdout.readline().strip(), static)
        assert json.loads(live.read_bytes()) == {"places": ["the other instance"]}
        dead = static / "generated" / "base-0123456789abcdef.json"  # an instance that has ended
        dead.write_text("{}")
        stale = static / "generated" / ".base-0123456789abcdef.json.999.tmp"  # and one killed mid-write
        stale.write_text("{")
        for path in (live, dead, stale):
            os.utime(path, (0, 0))  # written long ago: older than any keep_s
        publish({"places": ["this instance"]}, static)
        assert live.exists() and not dead.exists() and not stale.exists()
        publish({"places": ["this instance, again"]}, static, keep_s=0)
        assert live.exists()
    finally:
        other.communicate("", timeout=30)
    publish({"places": ["after the other ended"]}, static)
    assert not live.exists()  # its instance has ended: old and held by no one


def test_a_held_file_is_renewed_so_that_age_alone_never_marks_it_dead(static):
    path = file_of(publish({"places": [9]}, static, keep_s=0.4), static)  # renewed every keep_s / 4
    os.utime(path, (0, 0))
    assert eventually(lambda: time.time() - path.stat().st_mtime < 5)


def test_a_long_running_app_holds_a_bounded_number_of_files(static):
    urls = [publish({"places": [n]}, static) for n in range(70)]
    held = [p for p in _PUBLISHED.files if static in p.parents]
    assert len(held) <= 64 and file_of(urls[-1], static) in held
