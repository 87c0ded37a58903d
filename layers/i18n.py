"""The interface in four languages: one file of strings per language (``layers/strings/<lang>.json``).

``t(lang, key, **values)`` is a string of the interface with its ``{placeholders}`` filled; dates and
place names follow the language too (:func:`day_label`, :func:`place_name`). The sides' statements,
notes and sources are never translated: they stay as the record holds them.
``tests/test_i18n.py`` checks that every key exists in every language with the same placeholders.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

#: The languages of the interface, in the order the picker shows them (each in its own language).
LANGUAGES = {"en": "English", "az": "Azərbaycanca", "hy": "Հայերեն", "ru": "Русский"}
DEFAULT = "en"
STRINGS_DIR = Path(__file__).with_name("strings")
#: Which of a place's names each interface language shows first (then the fallbacks, in order).
NAME_ORDER = {"en": ("en",), "az": ("az",), "hy": ("hy", "hy_latn"), "ru": ("ru",)}


def language(value: str | None) -> str:
    """A supported language code for ``value`` (``?lang=``), English when it is missing or unknown."""
    code = (value or "").strip().lower().replace("-", "_")
    code = {"hy_latn": "hy"}.get(code, code)
    return code if code in LANGUAGES else DEFAULT


@cache
def strings(lang: str) -> dict[str, str]:
    """Every string of ``lang`` (key -> text)."""
    return json.loads((STRINGS_DIR / f"{language(lang)}.json").read_text(encoding="utf-8"))


def t(lang: str, key: str, **values) -> str:
    """The interface string ``key`` in ``lang``, with ``values`` filled in; English if ``lang`` lacks it."""
    text = strings(lang).get(key)
    if text is None:
        text = strings(DEFAULT)[key]
    return text.format(**values) if values else text


def months(lang: str, *, short: bool = False) -> list[str]:
    return t(lang, "months.short" if short else "months").split()


def day_label(day: dt.date, lang: str, *, short: bool = False) -> str:
    """'8 November 2020', '8 noyabr 2020', '8 նոյեմբերի 2020', '8 ноября 2020'."""
    return f"{day.day} {months(lang, short=short)[day.month - 1]} {day.year}"


def place_name(names: dict, lang: str | None, default: str) -> str:
    """A place's name in ``lang`` (its Azerbaijani, Armenian or Russian name); ``default`` (the label with
    every side's names) when no language was chosen or the place has no name in it."""
    if not lang:
        return default
    for key in NAME_ORDER[language(lang)]:
        if names.get(key):
            return names[key]
    return default


def browser_text(lang: str) -> dict:
    """The strings the browser code uses (``data.text`` in ``layers/js/main.js``)."""
    speeds = t(lang, "timeline.speeds").split("|")
    return {
        "months": months(lang),
        "inForce": t(lang, "popup.in_force"),
        "none": t(lang, "popup.none"),
        "noClaim": t(lang, "state.unclaimed"),
        "historyOne": t(lang, "popup.history.one"),
        "historyMany": t(lang, "popup.history.many", n="{n}"),
        "stripLabel": t(lang, "popup.strip"),
        "timeline": t(lang, "timeline"),
        "play": t(lang, "timeline.play"),
        "pause": t(lang, "timeline.pause"),
        "speed": t(lang, "timeline.speed"),
        "prev": t(lang, "timeline.prev"),
        "next": t(lang, "timeline.next"),
        "backWeek": t(lang, "timeline.back_week"),
        "backDay": t(lang, "timeline.back_day"),
        "forwardDay": t(lang, "timeline.forward_day"),
        "forwardWeek": t(lang, "timeline.forward_week"),
        "span": t(lang, "timeline.span"),
        "keyDays": t(lang, "timeline.key_days"),
        "range": t(lang, "timeline.range"),
        "speeds": [[n, label] for n, label in zip((2, 10, 35, 180, 730), speeds, strict=True)],
        "choose": t(lang, "choose"),
        "keyToggle": t(lang, "legend.toggle"),
        "keyClose": t(lang, "legend.close"),
        "statusWords": {
            k: t(lang, f"status.{k}") for k in ("agreed", "unconfirmed", "contested", "unclaimed", "divided")
        },
    }


__all__ = ["DEFAULT", "LANGUAGES", "browser_text", "day_label", "language", "months", "place_name", "strings", "t"]
