"""HTML for popups, legends and claim lists. Every text that comes from data is escaped here."""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import urlparse

from geo.names import place_label
from geo.vocabulary import HOLDERS, NAME_LANGUAGES, POINT_KINDS, Status
from layers.i18n import language, place_name, strings, t


def text(value) -> str | None:
    """``value`` as text, or None when it is missing (None, NaN or empty)."""
    if value is None or (isinstance(value, float) and value != value) or value == "":
        return None
    return str(value)


def esc(value) -> str:
    return html.escape(text(value) or "", quote=True)


#: Characters that Streamlit's Markdown would read as markup (links, images, emphasis, HTML, ...).
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$])")


def esc_markdown(value) -> str:
    """Text shown by a Streamlit element that renders Markdown (warnings, headers), taken literally:
    text from the URL or the data cannot become a link, an image or markup."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", text(value) or "")


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None: a ``javascript:`` or ``data:`` URL is never a link."""
    if not url:
        return None
    parsed = urlparse(url.strip())
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else None


def source_html(source: dict) -> str:
    """'Title — Publisher, date' linking to the URL (or showing it as text when it is not http(s))."""
    title = esc(source.get("title"))
    meta = esc(", ".join(x for x in (source.get("publisher"), source.get("date")) if x))
    url = safe_url(source.get("url"))
    if url:
        return f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{title}</a> — {meta}'
    return f"{title} — {meta} ({esc(source.get('url'))})"


def holding_words(value: str | None, lang: str | None = None) -> str:
    """A holder, status or split marker in words of ``lang`` ('Azerbaijan', 'contested', 'split')."""
    return _holder_word(value, language(lang))


def _holder_word(value: str | None, lang: str) -> str:
    if not value:
        return ""
    if value in HOLDERS:
        return t(lang, f"holder.{value}")
    if " / " in value:  # a district's account whose pieces say several holders
        return " / ".join(_holder_word(v, lang) for v in value.split(" / "))
    return t(lang, f"status.{value}") if f"status.{value}" in strings(lang) else value


def claim_html(claim, *, about: str | None = None, lang: str | None = None) -> str:
    """One claim as a list item: date, claimant, what it says (in its own words), source and its kind.

    ``about`` names the area, district or sector the claim is about, when it speaks for the places in
    it: the popup of every place it speaks for then says which area spoke. ``lang`` is the interface
    language; the statement, note and source stay as recorded."""
    ui = language(lang)
    day = claim["date"].isoformat()
    earliest, latest = claim.get("date_earliest"), claim.get("date_latest")
    earliest = earliest if isinstance(earliest, dt.date) else None
    latest = latest if isinstance(latest, dt.date) else None
    lo, hi = (earliest or claim["date"]), (latest or claim["date"])
    if lo != hi:  # a window, not the claim's own day twice
        day = f"{day} ({t(ui, 'popup.between', first=lo.isoformat(), last=hi.isoformat())})"
    who = esc(t(ui, f"claimant.{claim['claimant']}"))
    what = esc(t(ui, f"claim.{claim['claim']}"))
    holder = _holder_word(text(claim.get("holder")), ui)
    parts = [
        f'<li class="kcm-claim kcm-by-{esc(claim["claimant"])}"><b>{esc(day)}</b> · {who}: <i>{what}</i>'
        + (f" ({esc(t(ui, 'popup.holder', holder=holder))})" if holder else "")
    ]
    if about:
        parts.append(f'<div class="kcm-about">{esc(t(ui, "popup.about", area=about))}</div>')
    if text(claim.get("statement")):
        parts.append(f'<div class="kcm-statement">“{esc(claim["statement"])}”</div>')
    if text(claim.get("note")):
        parts.append(f'<div class="kcm-note">{esc(t(ui, "popup.note"))}: {esc(claim["note"])}</div>')
    source_kind = claim["source"].get("kind")
    kind = t(ui, f"source.{source_kind}") if source_kind else ""
    parts.append(
        f'<div class="kcm-source">{esc(t(ui, "popup.source"))}{f" ({esc(kind)})" if kind else ""}: '
        f"{source_html(claim['source'])}</div></li>"
    )
    return "".join(parts)


def about_label(places, place: str, lang: str | None = None) -> str | None:
    """The name of what a claim is about when it speaks for other places too (a district, a sector,
    a zone, an area), in ``lang``; None for a settlement, whose claims speak only for it."""
    if places.at[place, "kind"] in POINT_KINDS:
        return None
    return place_name(places.at[place, "names"], lang, places.at[place, "label"])


def names_html(names: dict, *, title: str | None = None, lang: str | None = None) -> str:
    """``title`` (the place's label by default) in bold, then every name with its language."""
    ui = language(lang)
    rows = "".join(
        f"<div><small>{esc(t(ui, f'lang.{code}'))}:</small> {esc(names[code])}</div>"
        for code in NAME_LANGUAGES
        if names.get(code)
    )
    return f'<div class="kcm-names"><b>{esc(title or place_label(names))}</b>{rows}</div>'


def status_text(
    holder: str | None, status: str, accounts: dict, shares: dict | None = None, *, lang: str | None = None
) -> str:
    """Plain-language summary of a state in ``lang`` (text, not HTML: escape it when embedding)."""
    ui = language(lang)
    who = _holder_word(holder, ui)
    if shares:
        parts = ", ".join(f"{_holder_word(k, ui)} {v:.0%}" for k, v in shares.items())
        key = status if status in (Status.AGREED, Status.UNCONFIRMED, Status.CONTESTED, Status.DIVIDED) else "unclaimed"
        return t(ui, "state.district.area", lead=t(ui, f"state.district.{key}", holder=who), shares=parts)
    by = "; ".join(f"{t(ui, f'account.{a}')}: {_holder_word(h, ui)}" for a, h in accounts.items())
    if status == Status.AGREED:
        return t(ui, "state.agreed", holder=who)
    if status == Status.UNCONFIRMED:
        return t(ui, "state.unconfirmed", holder=who, accounts=by)
    if status == Status.CONTESTED:
        return t(ui, "state.contested", accounts=by)
    return t(ui, "state.unclaimed")
