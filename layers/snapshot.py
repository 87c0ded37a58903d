"""Snapshots of the map: a self-contained HTML file (Leaflet and data inlined) or a PNG of it.

A snapshot is the app's own map (:func:`layers.map.base_map` with :func:`layers.map.day_group`
added), so it looks like the app. Several days make one page with the app's timeline inside the map,
spanning them (play, steps, a range input: every day is computed in the browser, offline). PNGs are
screenshots of that page in headless Chromium, one browser for many pictures; a range's GIF is written
frame by frame (:class:`GifWriter`), and every file whole or not at all (:func:`write_file`).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import difflib
import errno
import io
import logging
import os
import re
import secrets
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import folium
from branca.element import MacroElement
from jinja2 import Template

from geo.state import Timeline
from geo.story import pieces_of
from layers.i18n import LANGUAGES as I18N_LANGUAGES
from layers.i18n import day_label, language, t
from layers.map import base_data, base_map, day_group
from layers.popup import esc

TITLE = "Karabakh control map"
LEAFLET_DIR = Path(__file__).resolve().parent.parent / "static" / "leaflet"
#: Languages a snapshot can be drawn in: its words and its place names (:mod:`layers.i18n`).
LANGUAGES = tuple(I18N_LANGUAGES)
#: Print-friendly default size of a PNG, in CSS pixels.
PNG_SIZE = (1600, 1200)
#: Zoom when centred on a place: about 90 km across at 1600 px, the place and its neighbours.
PLACE_ZOOM = 11
#: Debian's Chromium (never a browser downloaded by Playwright); the tests read the same variable.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def day_text(day: dt.date, lang: str | None = None) -> str:
    return day_label(day, language(lang), short=True)


def citation(day: dt.date, as_of: dt.date, lang: str | None = None) -> str:
    """'Karabakh control map, state on 8 Nov 2020, data as of 12 Jun 2024' (in ``lang``)."""
    return citation_template(as_of, lang).replace("{day}", day_text(day, lang))


def citation_template(as_of: dt.date, lang: str | None = None) -> str:
    """:func:`citation` with ``{day}`` for the day (a range page fills it in as its timeline moves)."""
    ui = language(lang)
    return t(ui, "snapshot.citation", title=t(ui, "title"), day="{day}", as_of=day_text(as_of, ui))


def place_bounds(places, pid: str) -> list[list[float]]:
    """[[south, west], [north, east]] of a place; a ValueError naming close ids when there is no such place."""
    if pid not in places.index:
        close = difflib.get_close_matches(pid, [str(i) for i in places.index], n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `python -m geo state --date ...` for ids"
        raise ValueError(f"no place with id '{pid}'{hint}")
    west, south, east, north = places.at[pid, "geometry"].bounds
    return [[south, west], [north, east]]


class Citation(MacroElement):
    """The citation line, in the bottom-right corner above the attributions."""

    _template = Template("""
{% macro header(this, kwargs) %}
<style>.kcm-citation{background:rgba(255,255,255,.9);padding:2px 6px;border-radius:3px;
font:12px/1.4 system-ui,sans-serif;margin-bottom:0 !important}</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  var Citation = L.Control.extend({options: {position: 'bottomright'}, onAdd: function () {
    var d = L.DomUtil.create('div', 'kcm-citation'); d.id = 'kcm-citation'; d.textContent = {{ this.text|tojson }};
    return d; }});
  new Citation().addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
""")

    def __init__(self, text: str):
        super().__init__()
        self._name = "Citation"
        self.text = text


class View(MacroElement):
    """Fit the view to ``bounds`` at once, without animation (folium's FitBounds would animate)."""

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }}, {maxZoom: {{ this.max_zoom }}, animate: false});
{% endmacro %}
""")

    def __init__(self, bounds: list[list[float]], *, max_zoom: int):
        super().__init__()
        self._name = "View"
        self.bounds, self.max_zoom = bounds, max_zoom


def snapshot_map(
    timeline: Timeline,
    days: Sequence[dt.date],
    *,
    place: str | None = None,
    lang: str | None = None,
    tiles: str | None = None,
) -> folium.Map:
    """The app's map of ``days[0]``; for several days, with the app's timeline inside the map, spanning them.

    Parameters
    ----------
    timeline : the record's :class:`Timeline`.
    days : one day, or the first and last (and any between) of a range.
    place : a place id to centre the view on (zoom :data:`PLACE_ZOOM` at most); the whole region by default.
    lang : the snapshot's language (:data:`LANGUAGES`): its words and its place names; English words and
        every side's names by default.
    tiles : a folium tile layer name (fetched from its server: not offline); none by default.
    """
    if not days:
        raise ValueError("no day to draw; expected at least one date")
    record = timeline.record
    many = len(days) > 1
    ui = language(lang)
    m = base_map(
        base_data(timeline, lang),
        leaflet_js=None,
        leaflet_css=None,
        tiles=tiles,
        timeline=many,
        span=(days[0], days[-1]) if many else None,
        citation=citation_template(record.as_of, ui) if many else None,
        zoom_control=many,
        town_labels=True,
        title=t(ui, "title"),
    )
    label = day_text(days[0], ui) if not many else f"{day_text(days[0], ui)} – {day_text(days[-1], ui)}"
    m.get_root().title = esc(f"{t(ui, 'title')}, {label}")
    if place:
        View(place_bounds(record.places, place), max_zoom=PLACE_ZOOM).add_to(m)
    Citation(citation(days[0], record.as_of, ui)).add_to(m)
    day_group(timeline, days[0], focus=pieces_of(timeline, place) if place else None, fit=False).add_to(m)
    return m


def leaflet_inline() -> str:
    """Leaflet's CSS and JS as inline tags; the images its CSS points at become data: URIs."""

    def data_uri(match: re.Match) -> str:
        png = base64.b64encode((LEAFLET_DIR / match[1]).read_bytes()).decode()
        return f"url(data:image/png;base64,{png})"

    css = re.sub(r"url\((images/[\w.-]+\.png)\)", data_uri, (LEAFLET_DIR / "leaflet.css").read_text())
    js = (LEAFLET_DIR / "leaflet.js").read_text()
    if "</script" in js.lower():  # would end the inline script early
        raise ValueError(f"{LEAFLET_DIR / 'leaflet.js'} contains '</script'; it cannot be inlined as it is")
    # A snapshot opens at its final view at once: a zoom animation (the base map's fitBounds) would be
    # caught midway by a screenshot, and would fight a second fitBounds (``--place``).
    still = "L.Map.mergeOptions({zoomAnimation: false, fadeAnimation: false});"
    return f"<style>\n{css}\n</style>\n<script>\n{js}\n{still}\n</script>\n"


def snapshot_html(timeline: Timeline, days: Sequence[dt.date], **options) -> str:
    """One self-contained HTML page of :func:`snapshot_map` (same options): no request to any host."""
    html = snapshot_map(timeline, days, **options).get_root().render()
    html = re.sub(r"<html(?=[\s>])", f'<html lang="{language(options.get("lang"))}"', html, count=1)
    return html.replace("<head>", "<head>\n" + leaflet_inline(), 1)


class Screenshots:
    """Headless Chromium taking PNGs of snapshot pages: one browser for many pictures.

    ``browser`` is a Playwright browser to use (a test's, say); without it Chromium is started here
    and closed on exit (Playwright's sync API cannot run twice in one thread).

    >>> with Screenshots(1600, 1200) as shots:                       # doctest: +SKIP
    ...     pngs = list(shots.take(snapshot_html(timeline, days), days))
    """

    def __init__(self, width: int = PNG_SIZE[0], height: int = PNG_SIZE[1], *, offline: bool = True, browser=None):
        self.size = {"width": width, "height": height}
        self.offline, self.browser = offline, browser
        self._playwright = None
        self._errors: list[str] = []

    def __enter__(self) -> Screenshots:
        if self.browser is None:
            from playwright.sync_api import sync_playwright

            if not Path(CHROMIUM).exists():
                raise FileNotFoundError(
                    f"{CHROMIUM} not found; PNGs need Chromium (apt-get install chromium, or set CHROMIUM to its path)"
                )
            self._playwright = sync_playwright().start()
            try:
                self.browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            except Exception:
                self._playwright.stop()
                raise
        self._page = self.browser.new_page(viewport=self.size, device_scale_factor=1)
        if self.offline:
            self._page.route("**/*", lambda route: route.abort())
        self._page.on("pageerror", lambda exc: self._errors.append(str(exc)))
        self._page.on("console", lambda msg: msg.type == "error" and self._errors.append(msg.text))
        return self

    def __exit__(self, kind, value, traceback) -> None:
        # After Ctrl-C the browser and Playwright's driver got the signal too and may be gone: closing
        # them then fails, and that must not hide the interrupt (or the error) that ended the work.
        # Playwright's driver may also answer a command that the interrupt cancelled; it logs that as
        # an error with a traceback, which is noise once the work has ended for a known reason.
        quiet = contextlib.suppress(Exception) if kind is not None else contextlib.nullcontext()
        driver_log = logging.getLogger("playwright")
        was_disabled = driver_log.disabled
        driver_log.disabled = was_disabled or kind is not None
        try:
            with quiet:
                self._page.close()
            if self._playwright is not None:
                with quiet:
                    self.browser.close()
                with quiet:
                    self._playwright.stop()
        finally:
            driver_log.disabled = was_disabled

    def take(self, html: str, days: Sequence[dt.date] = ()) -> Iterator[bytes]:
        """PNG bytes of the page as it opens, or of each of ``days`` in turn (a range page's timeline
        moved to each; the timeline control itself is for people, and hidden)."""
        self._errors.clear()
        self._page.set_content(html, wait_until="load")
        if days:
            self._page.add_style_tag(content=".kcm-timeline{display:none}")
        for day in days or [None]:
            if day is not None:
                self._page.evaluate("day => window.kcm.go(window.kcm.number(day))", day.isoformat())
            if self._errors:
                raise RuntimeError(f"the snapshot page failed in Chromium: {'; '.join(self._errors)}")
            yield self._page.screenshot(type="png")


def snapshot_png(
    timeline: Timeline, day: dt.date, *, width: int = PNG_SIZE[0], height: int = PNG_SIZE[1], browser=None, **options
) -> bytes:
    """A PNG of :func:`snapshot_html` for ``day`` (same options), taken by headless Chromium
    (``browser``, or one started for it)."""
    html = snapshot_html(timeline, [day], **options)
    with Screenshots(width, height, offline=options.get("tiles") is None, browser=browser) as shots:
        return next(shots.take(html))


#: The size of one GIF frame, in pixels across (a GIF at print size is tens of MB).
GIF_WIDTH = 800


class GifWriter:
    """An animated GIF written a frame at a time, so that a range of thousands of days never holds more
    than one frame in memory (Pillow's ``save_all`` keeps every frame until the end). Each frame has its
    own palette; the last one rests three times as long. Written to a temporary file, moved into place
    when complete: an interrupted range leaves no half GIF.

    >>> with GifWriter(Path("war.gif")) as gif:                # doctest: +SKIP
    ...     for png in pngs:
    ...         gif.add(png)
    """

    def __init__(self, path: Path, *, frame_ms: int = 700, width: int = GIF_WIDTH):
        self.path, self.frame_ms, self.width = Path(path), frame_ms, width
        self._pending = None  # the frame written when the next one comes (or, longer, at the end)
        self._out = None
        self.frames = 0

    def __enter__(self) -> GifWriter:
        self._tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        self._out = self._tmp.open("wb")
        return self

    def _frame(self, png: bytes):
        from PIL import Image

        with Image.open(io.BytesIO(png)) as picture:
            image = picture.convert("RGB")
        image = image.resize((self.width, round(image.height * self.width / image.width)), Image.Resampling.LANCZOS)
        return image.quantize(colors=128, method=Image.Quantize.FASTOCTREE)

    def _write(self, frame, duration_ms: int) -> None:
        from PIL import GifImagePlugin

        if self.frames == 0:
            header, _ = GifImagePlugin.getheader(frame, info={"loop": 0, "duration": duration_ms})
            for part in header:
                self._out.write(part)
        for part in GifImagePlugin.getdata(frame, duration=duration_ms, include_color_table=self.frames > 0):
            self._out.write(part)
        self.frames += 1

    def add(self, png: bytes) -> None:
        """Add a PNG (bytes) as the next frame."""
        frame = self._frame(png)
        if self._pending is not None:
            self._write(self._pending, self.frame_ms)
        self._pending = frame

    def __exit__(self, kind, value, traceback) -> None:
        try:
            if kind is None and self._pending is not None:
                self._write(self._pending, self.frame_ms * 3)  # rest on the last day
                self._out.write(b";")  # the GIF trailer
            self._out.close()
            if kind is None and self.frames:
                os.replace(self._tmp, self.path)
        finally:
            self._out.close()
            self._tmp.unlink(missing_ok=True)


def write_gif(pngs: Iterable[bytes], path: Path, *, frame_ms: int = 700, width: int = GIF_WIDTH) -> Path:
    """An animated GIF of ``pngs`` (any iterable, consumed one at a time), scaled to ``width`` pixels."""
    with GifWriter(path, frame_ms=frame_ms, width=width) as gif:
        for png in pngs:
            gif.add(png)
    return path


def _open_temporary(path: Path) -> tuple[int, Path]:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(3)}.tmp")
    return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644), tmp


def _write_chunk(fd: int, chunk: memoryview) -> int:
    return os.write(fd, chunk)


def write_file(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` whole or not at all: through a temporary file in the same folder, moved
    over ``path`` when complete. A full disk or a read-only folder raises :class:`OSError` and leaves
    ``path`` as it was (and no temporary file). Only a regular file is replaced (never a device or a folder)."""
    path = Path(path)
    if os.path.lexists(path) and not path.is_file():
        raise IsADirectoryError(errno.EISDIR, "not a regular file", str(path))
    content = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = _open_temporary(path)
    try:
        try:
            view = memoryview(content)
            while view:
                view = view[_write_chunk(fd, view) :]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.filename is None:  # say which file could not be written
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def range_size(
    days: Sequence[dt.date], *, fmt: str = "png", width: int = PNG_SIZE[0], height: int = PNG_SIZE[1]
) -> tuple[int, float, float]:
    """What a range will take: (files, bytes, seconds), roughly, from this machine's measures (README:
    a PNG at 1600 x 1200 is about 0.33 MB and 0.16 s; an HTML page 1.1 MB and 0.15 s)."""
    if fmt == "png":
        scale = width * height / (PNG_SIZE[0] * PNG_SIZE[1])
        return len(days) + 2, len(days) * (0.33e6 * scale + 0.08e6), len(days) * 0.16 * max(scale, 0.5)
    return len(days) + 1, len(days) * 1.1e6, len(days) * 0.15


def every_day(first: dt.date, last: dt.date, step: dt.timedelta) -> list[dt.date]:
    """``first``, ``first + step``, ... up to ``last`` (included when a step lands on it)."""
    if step <= dt.timedelta(0):
        raise ValueError(f"the step is {step}; expected at least one day")
    return [first + i * step for i in range((last - first) // step + 1)]


def write_range(
    timeline: Timeline,
    days: Sequence[dt.date],
    out_dir: Path,
    *,
    fmt: str = "png",
    width: int = PNG_SIZE[0],
    height: int = PNG_SIZE[1],
    progress: bool = True,
    written: list[Path] | None = None,
    **options,
) -> list[Path]:
    """One file per day in ``out_dir`` (``YYYY-MM-DD.png`` or ``.html``), then the range as one page with
    its own timeline (``FIRST_to_LAST.html``) and, for PNGs, as an animated GIF (``FIRST_to_LAST.gif``).

    Each file is written whole or not at all (:func:`write_file`); the GIF is streamed frame by frame as
    the PNGs are taken, so memory does not grow with the range. ``options`` are :func:`snapshot_map`'s;
    ``progress`` shows a progress bar on stderr; ``written`` (a list) receives each path as it is written,
    so that a caller interrupted half way knows what is there. Returns the paths written.
    """
    from tqdm import tqdm

    if fmt not in ("png", "html"):
        raise ValueError(f"format '{fmt}'; expected png or html")
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{days[0].isoformat()}_to_{days[-1].isoformat()}"
    page = snapshot_html(timeline, days, **options)
    written = [] if written is None else written
    with tqdm(total=len(days), unit="day", desc=f"{fmt.upper()} snapshots", disable=not progress) as bar:
        if fmt == "png":
            gif = out_dir / f"{stem}.gif"
            with Screenshots(width, height, offline=options.get("tiles") is None) as shots, GifWriter(gif) as frames:
                for day, png in zip(days, shots.take(page, days), strict=True):
                    written.append(write_file(out_dir / f"{day.isoformat()}.png", png))
                    frames.add(png)
                    bar.update()
            written.append(gif)
        else:
            for day in days:
                written.append(
                    write_file(out_dir / f"{day.isoformat()}.html", snapshot_html(timeline, [day], **options))
                )
                bar.update()
    written.append(write_file(out_dir / f"{stem}.html", page))
    return written
