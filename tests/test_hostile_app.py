"""The app under hostile input, through AppTest (no browser): the URL's text stays plain text, another
data folder is named as the one in use (issue 14). The real-browser side is tests/test_hostile_browser.py."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")

#: What GitHub-flavoured Markdown (remark-gfm, as Streamlit renders it) turns into a link in plain text:
#: mdast-util-gfm-autolink-literal's two patterns, for a URL or www. host, and for an e-mail address.
AUTOLINK_URL = re.compile(r"(https?://|www(?=\.))[-.\w]+", re.IGNORECASE)
AUTOLINK_EMAIL = re.compile(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+")

INPUTS = [
    "www.example.com",
    "https://evil.example/login",
    "someone@example.com",
    "mailto:someone@example.com",
    "WWW.EXAMPLE.ORG/path",
    "[click](https://evil.example)",
    "<b>bold</b>",
    "xmpp:a@b.example",
]


def shown(body: str) -> str:
    """The text a Markdown body shows: backslash escapes resolved."""
    return re.sub(r"\\(.)", r"\1", body)


@pytest.mark.parametrize("text", INPUTS)
def test_a_url_host_or_address_in_the_url_is_quoted_as_plain_text_never_a_link(text):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["date"] = text
    at.query_params["place"] = text
    at.run()
    assert not at.exception
    bodies = [shown(w.body) for w in at.warning]
    assert len(bodies) == 2, bodies
    for body in bodies:
        assert not AUTOLINK_URL.search(body) and not AUTOLINK_EMAIL.search(body), body
        assert f"'{text}'" in body.replace("\u2060", "")  # the input, as it was typed


def test_the_error_names_the_data_folder_in_use(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "data" / "places", tmp_path / "elsewhere" / "places")
    (tmp_path / "elsewhere" / "claims").mkdir()
    (tmp_path / "elsewhere" / "claims" / "pipe.geojson").symlink_to("/dev/zero")
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("KCM_DATA", str(tmp_path / "elsewhere"))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    (error,) = at.error
    assert str(tmp_path / "elsewhere") in error.body and "data/" not in error.body.replace(str(tmp_path), "")
    (code,) = [c.value for c in at.code]
    assert "pipe.geojson: is a character device (a link to /dev/zero)" in code
