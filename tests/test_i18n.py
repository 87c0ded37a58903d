"""The interface's four languages: every string in every language, with the same placeholders."""

import datetime as dt
import re
import string

import pytest

from geo.story import BOOKMARKS, PERIODS
from geo.vocabulary import ACCOUNTS, CLAIM_KINDS, CLAIMANTS, HOLDERS, NAME_LANGUAGES, SOURCE_KINDS, Status
from layers.i18n import LANGUAGES, browser_text, day_label, language, place_name, strings, t
from layers.style import LEGEND_ROWS


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_every_key_exists_in_every_language_with_the_same_placeholders(lang):
    english, other = strings("en"), strings(lang)
    assert set(other) == set(english), set(english) ^ set(other)
    for key, text in english.items():
        assert placeholders(other[key]) == placeholders(text), key
        assert other[key].strip(), key


def test_the_vocabulary_and_the_story_have_words_in_every_language():
    keys = (
        [f"holder.{h}" for h in HOLDERS]
        + [f"claimant.{c}" for c in CLAIMANTS]
        + [f"claim.{k}" for k in CLAIM_KINDS]
        + [f"account.{a}" for a in ACCOUNTS]
        + [f"source.{k}" for k in SOURCE_KINDS]
        + [f"status.{s}" for s in Status]
        + [f"lang.{code}" for code in NAME_LANGUAGES]
        + [f"period.{p.key}" for p in PERIODS]
        + [f"bookmark.{b.day.isoformat()}" for b in BOOKMARKS]
        + [key for _, key in LEGEND_ROWS]
    )
    for lang in LANGUAGES:
        missing = [k for k in keys if k not in strings(lang)]
        assert not missing, (lang, missing)


def test_months_and_speeds_have_the_right_count():
    for lang in LANGUAGES:
        assert len(t(lang, "months").split()) == 12 and len(t(lang, "months.short").split()) == 12
        assert len(browser_text(lang)["speeds"]) == 5


def test_days_and_place_names_follow_the_language():
    day = dt.date(2020, 11, 8)
    assert [day_label(day, lang) for lang in LANGUAGES] == [
        "8 November 2020",
        "8 noyabr 2020",
        "8 նոյեմբերի 2020",
        "8 ноября 2020",
    ]
    names = {"en": "Shusha", "az": "Şuşa", "hy": "Շուշի", "hy_latn": "Shushi", "ru": "Шуша"}
    assert [place_name(names, lang, "all") for lang in LANGUAGES] == ["Shusha", "Şuşa", "Շուշի", "Шуша"]
    assert place_name(names, None, "all") == "all"
    assert place_name({"en": "Sor"}, "ru", "Sor / Tsor") == "Sor / Tsor"  # no Russian name: every side's


def test_unknown_languages_fall_back_to_english():
    assert language("fr") == "en" and language(None) == "en" and language("HY") == "hy" and language("hy_latn") == "hy"
    assert t("fr", "title") == "Karabakh control map"


def test_no_string_contains_markup():
    for lang in LANGUAGES:
        for key, text in strings(lang).items():
            assert not re.search(r"<[a-zA-Z/]", text), (lang, key)
