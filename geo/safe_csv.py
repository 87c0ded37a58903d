"""CSV that no spreadsheet runs: every CSV the project writes (``geo claims|state|places --format csv``,
the app's download of the day's table) goes through :func:`to_csv`.

A spreadsheet reads a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or a carriage return
before one of them) as a formula: a note ``=HYPERLINK("https://…","source")`` would become a live link,
and worse formulas can run commands or send the sheet's data away. As OWASP recommends ("CSV
Injection"), such a text cell is written with a ``'`` in front, which the spreadsheet shows as text and
hides; the CSV module quotes cells holding the separator, quotes or line breaks. Numbers are left as they
are (a negative number is not a formula); every text cell is quoted.
"""

from __future__ import annotations

import csv
import io
from typing import Any, TextIO

import pandas as pd

#: What a spreadsheet may take as the start of a formula (OWASP's list, and the full-width forms that
#: some spreadsheets read as the same).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value: Any) -> Any:
    """``value`` as a cell no spreadsheet evaluates: text that starts like a formula (after any leading
    white space) gets a leading ``'``; everything else is returned unchanged.

    >>> neutralise('=HYPERLINK("https://example.org")')
    '\\'=HYPERLINK("https://example.org")'
    >>> neutralise("Shusha"), neutralise(-3)
    ('Shusha', -3)
    """
    if (
        isinstance(value, str)
        and value
        and (value.startswith(FORMULA_STARTS) or value.lstrip(" ").startswith(FORMULA_STARTS))
    ):
        return "'" + value
    return value


def neutralised(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every text cell, and every column name, passed through :func:`neutralise`."""
    out = df.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]) and not pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def to_csv(df: pd.DataFrame, stream: TextIO | None = None) -> str | None:
    """``df`` as CSV (no index) that a spreadsheet opens without running anything: to ``stream``, or
    returned as text when no stream is given."""
    out = stream if stream is not None else io.StringIO()
    # Every text cell in quotes: a carriage return inside a cell would otherwise end the row for some
    # readers (the csv module quotes a field only for the separator, quotes and "\n").
    neutralised(df).to_csv(out, index=False, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    return None if stream is not None else out.getvalue()


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """:func:`to_csv` as UTF-8 bytes, for a download."""
    return to_csv(df).encode("utf-8")


__all__ = ["FORMULA_STARTS", "neutralise", "neutralised", "to_csv", "to_csv_bytes"]
