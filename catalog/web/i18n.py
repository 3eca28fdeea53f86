"""Languages of the pages: Indonesian first, English on request.

The message ids in the code and templates *are* the Indonesian text, so Indonesian needs no
catalog and never shows a half-translated page; ``catalog/translations/en`` holds English.
A visitor switches with ``?lang=en`` (or ``?lang=id``) on any page; the choice is kept in the
``tepian_lang`` cookie. Dates, numbers and sizes go through Babel for the chosen locale::

    {{ pkg.metadata_modified|fdate }}    -> "30 Nov 2026" (id) / "Nov 30, 2026" (en)
    {{ 12345|fnumber }}                  -> "12.345" (id) / "12,345" (en)
"""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlencode

from flask import Flask, Response, request
from flask_babel import Babel, format_date, format_datetime, format_decimal, get_locale

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT_LANGUAGE = "id"
COOKIE = "tepian_lang"


def select_locale() -> str:
    """The page language: ``?lang=``, then the cookie, then Indonesian."""
    asked = request.args.get("lang", "")
    if asked in LANGUAGES:
        return asked
    kept = request.cookies.get(COOKIE, "")
    return kept if kept in LANGUAGES else DEFAULT_LANGUAGE


def _remember_choice(response: Response) -> Response:
    asked = request.args.get("lang", "")
    if asked in LANGUAGES and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax")
    return response


def _as_datetime(value: str | date | datetime | None) -> datetime | date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date | datetime):
        return value
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def fdate(value: str | date | datetime | None, fmt: str = "medium") -> str:
    """A date in the page's language (empty for no date)."""
    parsed = _as_datetime(value)
    return format_date(parsed, fmt) if parsed is not None else ""


def fdatetime(value: str | datetime | None, fmt: str = "medium") -> str:
    parsed = _as_datetime(value)
    if parsed is None:
        return ""
    if not isinstance(parsed, datetime):
        return format_date(parsed, fmt)
    return format_datetime(parsed, fmt)


def fnumber(value: int | float | None) -> str:
    return format_decimal(value or 0)


def fsize(size: int | None) -> str:
    """Bytes as people read them: 1,5 MB (id) / 1.5 MB (en)."""
    if not size:
        return ""
    units = ["B", "KB", "MB", "GB", "TB"]
    value = float(size)
    unit = 0
    while value >= 1024 and unit < len(units) - 1:
        value /= 1024
        unit += 1
    return f"{format_decimal(round(value, 1))} {units[unit]}"


def lang_url(code: str) -> str:
    """The current URL with ``lang`` set to ``code`` (keeps the other query parameters)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    args.append(("lang", code))
    return f"{request.path}?{urlencode(args)}"


def init_app(app: Flask) -> None:
    """Attach Flask-Babel, the locale filters and the language cookie to ``app``."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Asia/Makassar")
    Babel(app, locale_selector=select_locale)
    app.jinja_env.filters.update(fdate=fdate, fdatetime=fdatetime, fnumber=fnumber, fsize=fsize)
    app.jinja_env.globals.update(lang_url=lang_url, LANGUAGES=LANGUAGES, get_locale=get_locale)
    app.after_request(_remember_choice)
