"""How long snapshots take: ``./run benchmarks.snapshot`` prints each figure beside its target.

Targets (issue 5): one HTML snapshot under 1 s, one PNG under 3 s (Chromium's start included), the
45 days of the 2020 war (27 Sep - 10 Nov 2020) as PNGs under 60 s (``write_range``: the PNG files,
the GIF and the timeline page).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from geo import Timeline, read_record
from layers.snapshot import every_day, snapshot_html, snapshot_png, write_range

DAY = dt.date(2020, 11, 8)
WAR = (dt.date(2020, 9, 27), dt.date(2020, 11, 10))


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def main() -> None:
    seconds, timeline = timed(lambda: Timeline.from_record(read_record()))
    print(f"{'record and timeline (not counted)':44} {seconds:7.2f} s")
    days = every_day(*WAR, dt.timedelta(days=1))
    rows = []
    seconds, html = timed(snapshot_html, timeline, [DAY])
    rows.append((f"one HTML snapshot ({len(html) / 1e6:.2f} MB)", seconds, 1))
    seconds, png = timed(snapshot_png, timeline, DAY)
    rows.append((f"one PNG 1600x1200 ({len(png) / 1e3:.0f} KB)", seconds, 3))
    with tempfile.TemporaryDirectory() as out:
        seconds, written = timed(write_range, timeline, days, Path(out), progress=False)
        size = sum(p.stat().st_size for p in written) / 1e6
    rows.append((f"{len(days)} PNGs of the 2020 war + GIF ({size:.0f} MB)", seconds, 60))
    for what, seconds, target in rows:
        print(f"{what:44} {seconds:7.2f} s   target < {target} s   {'ok' if seconds < target else 'SLOW'}")


if __name__ == "__main__":
    main()
