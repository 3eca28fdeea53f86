"""Indonesian first, English on request; dates and numbers in the page's language."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from catalog.web.helpers import stale_days
from catalog.web.i18n import fdate, fnumber, fsize

ROOT = Path(__file__).resolve().parents[3]
TRANSLATIONS = ROOT / "catalog" / "translations"
EN = TRANSLATIONS / "en" / "LC_MESSAGES"


def _messages(path: Path, reader=read_po) -> dict[str, str]:
    with path.open("rb") as f:
        return {m.id: m.string for m in reader(f) if m.id}


def test_pages_are_indonesian_by_default(api, client):
    html = client.get("/dataset").get_data(as_text=True)
    assert '<html lang="id">' in html and "Saring" in html


def test_lang_parameter_switches_and_the_cookie_keeps_it(api, client):
    resp = client.get("/dataset?lang=en")
    html = resp.get_data(as_text=True)
    assert '<html lang="en">' in html and "datasets found" in html
    assert "tepian_lang=en" in resp.headers["Set-Cookie"]
    assert "Log in" in client.get("/").get_data(as_text=True)
    assert "Masuk" in client.get("/?lang=id").get_data(as_text=True)


def test_unknown_language_falls_back_to_indonesian(api, client):
    assert '<html lang="id">' in client.get("/?lang=xx").get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "date", "number", "size"),
    [("id", "30 Nov 2026", "12.345,5", "1,5 MB"), ("en", "Nov 30, 2026", "12,345.5", "1.5 MB")],
)
def test_dates_numbers_and_sizes_follow_the_language(app, lang, date, number, size):
    with app.test_request_context(f"/?lang={lang}"):
        assert fdate("2026-11-30T10:00:00") == date
        assert fnumber(12345.5) == number
        assert fsize(1536 * 1024) == size


def test_template_catalog_has_every_message_in_the_sources():
    """``pybabel extract`` (see docs/web.md) was run after the last string changed."""
    method_map = [("catalog/web/**.py", "python"), ("templates/**.html", "jinja2")]
    found = {
        msgid if isinstance(msgid, str) else msgid[0]
        for _file, _line, msgid, _comments, _context in extract_from_dir(
            str(ROOT),
            method_map,
            keywords={**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None},
        )
    }
    assert found - set(_messages(TRANSLATIONS / "messages.pot")) == set()


def test_english_catalog_translates_every_message():
    english = _messages(EN / "messages.po")
    missing = [m for m in _messages(TRANSLATIONS / "messages.pot") if not english.get(m)]
    assert missing == []


def test_compiled_catalog_matches_the_po_file():
    assert _messages(EN / "messages.po") == _messages(EN / "messages.mo", read_mo)


@pytest.mark.parametrize(
    ("frekuensi", "modified", "late"),
    [
        ("bulanan", "2026-10-01T00:00:00", 29),
        ("bulanan", "2026-11-15T00:00:00", None),
        ("tahunan", "2026-01-01T00:00:00", None),
        ("tidak-tentu", "2020-01-01T00:00:00", None),
        ("", "2020-01-01T00:00:00", None),
    ],
)
def test_stale_when_older_than_its_declared_frequency(frekuensi, modified, late):
    pkg = {"frekuensi": frekuensi, "metadata_modified": modified, "resources": []}
    assert stale_days(pkg, now=datetime(2026, 11, 30)) == late
