"""What every page blueprint shares: calling actions, form errors, Markdown, staleness.

Pages read and write only through :func:`act`, which runs one action in its own unit of work::

    pkg = act("package_show", {"id": name})

Domain errors reach the view unchanged; :func:`field_errors` turns a ``ValidationError`` into
one message per form field, translated when the services' English message is a known one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import markdown as md
import nh3
from flask import abort
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from catalog import errors
from catalog.auth.login import current_actor
from catalog.db import transaction
from catalog.services import ACTIONS, call

# How old a dataset may get before it is late for the frequency it declares (days).
FREQUENCY_DAYS = {
    "harian": 1,
    "mingguan": 7,
    "bulanan": 31,
    "triwulanan": 92,
    "semesteran": 183,
    "tahunan": 366,
    "lima-tahunan": 5 * 366,
}
# The Satu Data fields a complete dataset fills in (shown as "missing" on the workbench).
REQUIRED_SATU_DATA = (
    "produsen_data",
    "walidata",
    "frekuensi",
    "tahun",
    "cakupan_wilayah",
    "kode_wilayah",
    "satuan",
    "klasifikasi",
)
# Known English service messages, in the page's language (prefix match).
_MESSAGES = {
    "Missing value": _l("Wajib diisi."),
    "Must be purely lowercase": _l(
        "Hanya huruf kecil, angka, - dan _ (2 sampai 100 karakter), mis. jumlah-penduduk-2023."
    ),
    "That URL is already in use": _l("Nama URL ini sudah dipakai dataset lain."),
    "Frekuensi must be one of": _l("Pilih salah satu frekuensi dari daftar."),
    "Klasifikasi must be one of": _l("Pilih Terbuka, Terbatas atau Tertutup."),
    "Tahun must be a year": _l('Tulis tahun, rentang atau daftar tahun, mis. "2023", "2019-2023".'),
    "Kode wilayah must be": _l('Tulis kode wilayah BPS, mis. "64", "6472" atau "64.72.01".'),
    "Email address is not valid": _l("Alamat email tidak valid."),
    "Must not be before temporal_start": _l("Tidak boleh sebelum tanggal mulai."),
    "Organization does not exist": _l("OPD tidak ditemukan."),
    "User not found": _l("Pengguna tidak ditemukan."),
    "Group name already exists": _l("Nama ini sudah dipakai."),
    "That login name is not available": _l("Nama pengguna ini sudah dipakai."),
    "Not a valid date": _l("Tanggal tidak valid (tttt-bb-hh)."),
    "Longer than maximum length": _l("Terlalu panjang."),
}


def actor():
    """The logged-in user or None (a thin alias, so views read well)."""
    return current_actor()


def act(name: str, data: dict | None = None) -> Any:
    """Run action ``name`` as the current user in one transaction and return its result."""
    with transaction() as session:
        return call(name, session, current_actor(), data or {})


def has_action(name: str) -> bool:
    """Whether an action is installed (search, uploads and harvesting arrive separately)."""
    return name in ACTIONS


def show_or_404(name: str, data: dict) -> Any:
    """Run a read action; a missing (or hidden) object is a 404 page."""
    try:
        return act(name, data)
    except errors.NotFound:
        abort(404)


def translate_message(message: str) -> str:
    for prefix, text in _MESSAGES.items():
        if str(message).startswith(prefix):
            return str(text)
    return str(message)


def field_errors(exc: errors.ValidationError) -> dict[str, str]:
    """``{field: message}`` from a service's ValidationError (first message per field)."""
    result: dict[str, str] = {}
    for field, messages in (exc.errors or {}).items():
        if isinstance(messages, dict):
            for sub, sub_messages in field_errors(errors.ValidationError(messages)).items():
                result[f"{field}.{sub}"] = sub_messages
            continue
        if isinstance(messages, list) and messages:
            first = messages[0]
            if isinstance(first, dict):
                nested = field_errors(errors.ValidationError(first))
                result.update({f"{field}.{k}": v for k, v in nested.items()})
                continue
            result[str(field)] = translate_message(first)
        elif isinstance(messages, str):
            result[str(field)] = translate_message(messages)
    return result


def render_markdown(text: str | None) -> Markup:
    """Markdown to HTML, then cleaned by nh3 (no scripts, styles or event handlers)."""
    if not text:
        return Markup("")
    html = md.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    return Markup(nh3.clean(html, link_rel="noopener noreferrer nofollow"))


def clean_highlight(html: str) -> Markup:
    """A search highlight snippet with only ``<mark>`` kept."""
    return Markup(nh3.clean(html, tags={"mark"}, attributes={}))


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=None) if parsed.tzinfo else parsed


def last_updated(pkg: dict) -> datetime | None:
    """When the data last changed: the newest of the dataset's and its files' stamps."""
    stamps = [_parse(pkg.get("metadata_modified"))]
    stamps += [_parse(r.get("last_modified")) for r in pkg.get("resources") or []]
    present = [s for s in stamps if s is not None]
    return max(present) if present else None


def stale_days(pkg: dict, now: datetime | None = None) -> int | None:
    """Days a dataset is late for its declared frekuensi, or None when it is on time.

    A dataset declaring ``bulanan`` that last changed 40 days ago is 9 days late. Datasets with
    no frekuensi or ``tidak-tentu`` are never late.
    """
    period = FREQUENCY_DAYS.get(pkg.get("frekuensi") or "")
    updated = last_updated(pkg)
    if period is None or updated is None:
        return None
    now = now or datetime.now(UTC).replace(tzinfo=None)
    late = (now - updated - timedelta(days=period)).days
    return late if late > 0 else None


def missing_fields(pkg: dict) -> list[str]:
    return [f for f in REQUIRED_SATU_DATA if not pkg.get(f)]


def broken_links(pkg: dict) -> list[dict]:
    """Resources whose link checker status says broken (when the checker has run)."""
    bad = []
    for res in pkg.get("resources") or []:
        status = str(res.get("link_status") or "").lower()
        if status and status not in ("ok", "200", "unknown", "pending"):
            bad.append(res)
    return bad
