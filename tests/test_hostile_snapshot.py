"""``python -m layers snapshot`` under hostile conditions, one row each: an --out that is a folder, an
--out-dir that is a file, a full disk, a read-only folder, Ctrl-C, a range of thousands of days. Each
ends in a message and an exit code, never a traceback, in bounded time; what is on disk is whole
(issue 14). And a range's GIF is streamed: memory does not grow with the number of frames."""

from __future__ import annotations

import errno
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

import pytest
from PIL import Image

from layers.__main__ import main
from layers.snapshot import CHROMIUM, GifWriter, write_file, write_gif
from tests.test_hostile_input import bounded

ROOT = Path(__file__).resolve().parent.parent
DAY = ["snapshot", "--date", "2020-11-08"]
RANGE = ["snapshot", "--from", "2020-11-07", "--to", "2020-11-09", "--format", "html", "--quiet"]


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def full_disk(monkeypatch) -> None:
    """The disk fills after the first 64 KB of a file."""
    import layers.snapshot

    real = layers.snapshot._write_chunk

    def write(fd, chunk):
        if os.lseek(fd, 0, os.SEEK_CUR) >= 65536:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, chunk[:65536])

    monkeypatch.setattr(layers.snapshot, "_write_chunk", write)


def read_only(monkeypatch) -> None:
    import layers.snapshot

    def refuse(path):
        raise OSError(errno.EROFS, "Read-only file system", str(path.parent))

    monkeypatch.setattr(layers.snapshot, "_open_temporary", refuse)


class Case(NamedTuple):
    desc: str
    args: list[str]  # {tmp} is the test's folder
    setup: object  # (tmp, monkeypatch) -> None
    code: int
    message: str


def a_folder(tmp, monkeypatch):
    (tmp / "out.html").mkdir()


def a_device(tmp, monkeypatch):
    (tmp / "device.html").symlink_to("/dev/full")


def a_file(tmp, monkeypatch):
    (tmp / "war").write_text("not a folder")


def an_old_file_and_a_full_disk(tmp, monkeypatch):
    (tmp / "out.html").write_text("the old snapshot")
    full_disk(monkeypatch)


CASES = [
    Case(
        "--out naming a folder",
        [*DAY, "--out", "{tmp}/out.html"],
        a_folder,
        2,
        "--out {tmp}/out.html is a folder; expected a file name ending in .html or .png",
    ),
    Case(
        "--out naming a device",
        [*DAY, "--out", "{tmp}/device.html"],
        a_device,
        2,
        "--out {tmp}/device.html is not a regular file",
    ),
    Case(
        "--out in a folder that does not exist",
        [*DAY, "--out", "{tmp}/nowhere/out.html"],
        lambda t, m: None,
        2,
        "the folder {tmp}/nowhere does not exist",
    ),
    Case(
        "--out-dir naming a file",
        [*RANGE, "--out-dir", "{tmp}/war"],
        a_file,
        2,
        "--out-dir {tmp}/war is a file; expected a folder",
    ),
    Case(
        "a full disk (one day)",
        [*DAY, "--out", "{tmp}/out.html"],
        an_old_file_and_a_full_disk,
        1,
        "error: cannot write {tmp}/out.html: No space left on device",
    ),
    Case(
        "a full disk (a range)",
        [*RANGE, "--out-dir", "{tmp}/war"],
        lambda t, m: full_disk(m),
        1,
        "No space left on device",
    ),
    Case(
        "a read-only folder (one day)",
        [*DAY, "--out", "{tmp}/out.html"],
        lambda t, m: read_only(m),
        1,
        "error: cannot write {tmp}: Read-only file system",
    ),
    Case(
        "a read-only folder (a range)",
        [*RANGE, "--out-dir", "{tmp}/war"],
        lambda t, m: read_only(m),
        1,
        "error: cannot write {tmp}/war: Read-only file system",
    ),
]


@pytest.fixture()
def record_read_once(timeline, monkeypatch):
    """The command reads the session's record instead of reading and validating it again."""
    import geo

    monkeypatch.setattr(geo, "read_record", lambda: timeline.record)


@pytest.mark.parametrize("case", CASES, ids=[c.desc for c in CASES])
def test_a_hostile_output_ends_in_a_message_and_an_exit_code(case, tmp_path, monkeypatch, capsys, record_read_once):
    case.setup(tmp_path, monkeypatch)
    before = files(tmp_path)
    args = [a.replace("{tmp}", str(tmp_path)) for a in case.args]
    with bounded(seconds=120, peak=None):
        if case.code == 2:  # refused by the command line before any work
            with pytest.raises(SystemExit) as exited:
                main(args)
            code = exited.value.code
        else:
            code = main(args)
    err = capsys.readouterr().err
    assert code == case.code and case.message.replace("{tmp}", str(tmp_path)) in err, err
    assert "Traceback" not in err
    after = files(tmp_path)
    assert not [name for name in after if name.endswith(".tmp")]  # no temporary file left
    assert {k: v for k, v in after.items() if k in before} == before  # an old file is kept as it was
    for name, data in after.items():  # what was written is whole
        assert name in before or data.rstrip().endswith(b"</html>"), name


def test_a_range_of_thousands_of_days_says_so_before_it_starts(tmp_path, monkeypatch, capsys, record_read_once):
    import layers.snapshot

    def interrupted(*args, **kwargs):
        said = capsys.readouterr().err  # before the first file
        assert "note: 3653 days from 1990-01-01 to 2000-01-01 make 3655 files" in said
        raise KeyboardInterrupt

    monkeypatch.setattr(layers.snapshot, "write_range", interrupted)
    out = tmp_path / "decade"
    assert main(["snapshot", "--from", "1990-01-01", "--to", "2000-01-01", "--out-dir", str(out)]) == 130
    assert "interrupted; nothing was written." in capsys.readouterr().err
    capsys.readouterr()
    monkeypatch.setattr(layers.snapshot, "write_range", lambda *a, **k: None)
    main(
        ["snapshot", "--from", "2020-09-27", "--to", "2020-11-10", "--format", "html", "--quiet", "--out-dir", str(out)]
    )
    assert "note:" not in capsys.readouterr().err  # the 45 days of the war: no note


def interrupt(args: list[str], out: Path, *, after: str, group: bool) -> subprocess.CompletedProcess:
    """Run the command, and press Ctrl-C once a file matching ``after`` is in ``out`` (to the whole
    process group, as a terminal does, when ``group``)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "layers", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not list(out.glob(after)) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    (os.killpg if group else os.kill)(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def test_ctrl_c_in_an_html_range_is_a_message_and_leaves_whole_files(tmp_path):
    out = tmp_path / "range"
    result = interrupt(
        [
            "snapshot",
            "--from",
            "2020-01-01",
            "--to",
            "2020-12-31",
            "--format",
            "html",
            "--quiet",
            "--out-dir",
            str(out),
        ],
        out,
        after="2020-01-0*.html",
        group=False,
    )
    assert result.returncode == 130 and "Traceback" not in result.stderr, result.stderr
    assert "interrupted; " in result.stderr and " written to " in result.stderr
    written = sorted(out.iterdir())
    assert written and all(p.suffix == ".html" and p.read_bytes().rstrip().endswith(b"</html>") for p in written)


@pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"), reason="needs Chromium")
def test_ctrl_c_in_a_png_range_stops_chromium_too_with_no_traceback_and_no_half_gif(tmp_path):
    out = tmp_path / "range"
    result = interrupt(
        [
            "snapshot",
            "--from",
            "2020-09-27",
            "--to",
            "2020-12-31",
            "--width",
            "400",
            "--height",
            "300",
            "--quiet",
            "--out-dir",
            str(out),
        ],
        out,
        after="2020-09-2*.png",
        group=True,
    )
    assert result.returncode == 130 and "Traceback" not in result.stderr, result.stderr
    assert "interrupted; " in result.stderr
    written = sorted(out.iterdir())
    assert written and all(p.suffix == ".png" for p in written)  # no GIF, whole or half, no temporary file
    for path in written:
        with Image.open(path) as image:
            image.verify()


def frame(n: int, size=(400, 300)) -> bytes:
    image = Image.new("RGB", size, ((n * 37) % 256, (n * 91) % 256, 120))
    image.paste((255, 255, 255), (n % size[0], 0, n % size[0] + 20, size[1]))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_the_gif_has_every_frame_in_order_and_rests_on_the_last(tmp_path):
    path = write_gif((frame(n) for n in range(5)), tmp_path / "w.gif", frame_ms=500, width=200)
    with Image.open(path) as gif:
        assert (gif.n_frames, gif.size, gif.info.get("loop")) == (5, (200, 150), 0)
        durations, colours = [], []
        for n in range(5):
            gif.seek(n)
            durations.append(gif.info["duration"])
            colours.append(gif.convert("RGB").getpixel((199, 140)))
    assert durations == [500, 500, 500, 500, 1500]
    for n, colour in enumerate(colours):
        expected = ((n * 37) % 256, (n * 91) % 256, 120)
        assert all(abs(a - b) <= 12 for a, b in zip(colour, expected, strict=True)), (n, colour, expected)


def test_an_interrupted_gif_leaves_nothing(tmp_path):
    with pytest.raises(KeyboardInterrupt), GifWriter(tmp_path / "w.gif", width=100) as gif:
        gif.add(frame(0))
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


PEAK = """
import resource, sys
from tests.test_hostile_snapshot import frame
from layers.snapshot import write_gif
write_gif((frame(n, (600, 450)) for n in range(int(sys.argv[1]))), sys.argv[2], width=600)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def test_the_gif_is_streamed_memory_does_not_grow_with_the_frames(tmp_path):
    """220 frames of 600 x 450 held until the end would take 54 MB more than 20 do."""
    peaks = []
    for count in (20, 220):
        result = subprocess.run(
            [sys.executable, "-c", PEAK, str(count), str(tmp_path / f"{count}.gif")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        peaks.append(int(result.stdout))
    assert peaks[1] - peaks[0] < 20 * 2**20, [p / 2**20 for p in peaks]


def test_write_file_never_replaces_a_device_or_a_folder(tmp_path):
    (tmp_path / "folder.html").mkdir()
    for path in (Path("/dev/null"), tmp_path / "folder.html"):
        with pytest.raises(IsADirectoryError):
            write_file(path, "x")
    assert Path("/dev/null").is_char_device() and (tmp_path / "folder.html").is_dir()


class GoneBrowser:
    """A browser whose page can no longer be closed (Chromium got the Ctrl-C too, or crashed)."""

    class Page:  # noqa: D106 (a stand-in, its name says it)
        def route(self, *args):
            pass

        def on(self, *args):
            pass

        def close(self):
            raise RuntimeError("Target page, context or browser has been closed")

    def new_page(self, **kwargs):
        return self.Page()


@pytest.mark.parametrize("ending", [KeyboardInterrupt, OSError])
def test_a_browser_gone_on_the_way_out_does_not_hide_what_ended_the_work(ending):
    from layers.snapshot import Screenshots

    with pytest.raises(ending), Screenshots(browser=GoneBrowser()):
        raise ending()
    with pytest.raises(RuntimeError, match="has been closed"), Screenshots(browser=GoneBrowser()):
        pass  # a clean exit still says when closing fails
