"""HTML for popups, legends and claim lists. Every text that comes from data is escaped here."""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import urlparse

from geo.load import place_label
from geo.vocabulary import ACCOUNTS, CLAIMANTS, HOLDERS, NAME_LANGUAGES, POINT_KINDS, Status


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


#: How a claim's source is named in popups and lists (:data:`geo.vocabulary.SOURCE_KINDS`).
SOURCE_KIND_TEXT = {"official": "the side's own statement", "report": "a report of it",
                    "reference": "a reference work"}


def claim_html(claim, *, about: str | None = None) -> str:
    """One claim as a list item: date, claimant, what it says (in its own words), source and its kind.

    ``about`` names the area, district or sector the claim is about, when it speaks for the places in
    it: the popup of every place it speaks for then says which area spoke."""
    day = claim["date"].isoformat()
    earliest, latest = claim.get("date_earliest"), claim.get("date_latest")
    earliest = earliest if isinstance(earliest, dt.date) else None
    latest = latest if isinstance(latest, dt.date) else None
    if earliest or latest:
        lo = earliest.isoformat() if earliest else day
        hi = latest.isoformat() if latest else day
        day = f"{day} (between {lo} and {hi})"
    who = esc(CLAIMANTS[claim["claimant"]].label)
    what = esc(claim["claim"].replace("_", " "))
    holder = HOLDERS.get(text(claim.get("holder")) or "", "")
    parts = [f'<li class="kcm-claim kcm-by-{esc(claim["claimant"])}"><b>{esc(day)}</b> · {who}: <i>{what}</i>'
             + (f" (holder: {esc(holder)})" if holder else "")]
    if about:
        parts.append(f'<div class="kcm-about">About: {esc(about)} (speaks for every place in it)</div>')
    if text(claim.get("statement")):
        parts.append(f'<div class="kcm-statement">“{esc(claim["statement"])}”</div>')
    if text(claim.get("note")):
        parts.append(f'<div class="kcm-note">Note: {esc(claim["note"])}</div>')
    kind = SOURCE_KIND_TEXT.get(claim["source"].get("kind"), "")
    parts.append(f'<div class="kcm-source">Source{f" ({esc(kind)})" if kind else ""}: '
                 f'{source_html(claim["source"])}</div></li>')
    return "".join(parts)


def about_label(places, place: str) -> str | None:
    """The label of what a claim is about when it speaks for other places too (a district, a sector,
    a zone, an area), else None: a claim about a settlement speaks only for it."""
    if places.at[place, "kind"] in POINT_KINDS:
        return None
    return places.at[place, "label"]


def names_html(names: dict, *, title: str | None = None) -> str:
    """``title`` (the place's label by default) in bold, then every name with its language."""
    rows = "".join(f"<div><small>{esc(NAME_LANGUAGES[lang])}:</small> {esc(names[lang])}</div>"
                   for lang in NAME_LANGUAGES if names.get(lang))
    return f'<div class="kcm-names"><b>{esc(title or place_label(names))}</b>{rows}</div>'


def status_text(holder: str | None, status: str, accounts: dict, shares: dict | None = None) -> str:
    """Plain-language summary of a state (text, not HTML: escape it when embedding)."""
    if shares:
        parts = ", ".join(f"{HOLDERS.get(k, k)} {v:.0%}" for k, v in shares.items())
        lead = {Status.AGREED: f"Held by {HOLDERS.get(holder, holder)}",
                Status.UNCONFIRMED: f"Claimed by {HOLDERS.get(holder, holder)}",
                Status.CONTESTED: "Partly contested", Status.DIVIDED: "Divided"}.get(status, "No claim")
        return f"{lead}. Area: {parts}."
    by = "; ".join(f"{ACCOUNTS[a]}: {HOLDERS.get(h, h)}" for a, h in accounts.items())
    if status == Status.AGREED:
        return f"Held by {HOLDERS.get(holder, holder)}: all sides' claims agree."
    if status == Status.UNCONFIRMED:
        return f"Claimed by {HOLDERS.get(holder, holder)}; the other side has not answered since. ({by})"
    if status == Status.CONTESTED:
        return f"Contested: {by}."
    return "No claim about this place in the record for this day."
