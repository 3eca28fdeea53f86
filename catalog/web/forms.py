"""The dataset and resource forms: which fields, how they are labelled, form data -> action data.

The marshmallow schema (``catalog.schemas.dataset``) stays the one source of truth for what is
valid: the form only collects strings and hands them to ``package_create`` / ``package_patch``;
the services' ValidationError messages are shown next to the fields named here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from catalog.schemas.dataset import CLASSIFICATIONS, FREQUENCIES


@dataclass(frozen=True)
class Field:
    """One form field: ``kind`` is text, textarea, select, date, email, url or checkbox."""

    name: str
    label: Any
    kind: str = "text"
    help: Any = ""
    required: bool = False
    options: tuple[tuple[str, Any], ...] = field(default_factory=tuple)
    autocomplete: str = "off"


# Written out (not looped) so that pybabel finds each label.
FREQUENCY_LABELS = {
    "harian": _l("Harian"),
    "mingguan": _l("Mingguan"),
    "bulanan": _l("Bulanan"),
    "triwulanan": _l("Triwulanan"),
    "semesteran": _l("Semesteran"),
    "tahunan": _l("Tahunan"),
    "lima-tahunan": _l("Lima tahunan"),
    "tidak-tentu": _l("Tidak tentu"),
}
CLASSIFICATION_LABELS = {
    "terbuka": _l("Terbuka"),
    "terbatas": _l("Terbatas"),
    "tertutup": _l("Tertutup"),
}
assert set(FREQUENCY_LABELS) == set(FREQUENCIES) and set(CLASSIFICATION_LABELS) == set(
    CLASSIFICATIONS
)
FREQUENCY_OPTIONS = (("", _l("Pilih frekuensi")), *FREQUENCY_LABELS.items())
CLASSIFICATION_OPTIONS = tuple(CLASSIFICATION_LABELS.items())

DESCRIBE = (
    Field(
        "title",
        _l("Judul"),
        required=True,
        help=_l("mis. Jumlah Penduduk Menurut Kecamatan Tahun 2023"),
    ),
    Field(
        "name",
        _l("Nama URL"),
        required=True,
        help=_l("Huruf kecil, angka dan tanda hubung; menjadi alamat /dataset/nama-url."),
    ),
    Field("notes", _l("Deskripsi"), "textarea", help=_l("Boleh memakai Markdown.")),
    Field(
        "tag_string", _l("Kata kunci"), help=_l("Pisahkan dengan koma, mis. penduduk, kecamatan")
    ),
)
SATU_DATA = (
    Field("produsen_data", _l("Produsen data")),
    Field("walidata", _l("Walidata")),
    Field("frekuensi", _l("Frekuensi pembaruan"), "select", options=FREQUENCY_OPTIONS),
    Field("tahun", _l("Tahun"), help=_l('mis. "2023" atau "2019-2023"')),
    Field("temporal_start", _l("Periode mulai"), "date"),
    Field("temporal_end", _l("Periode selesai"), "date"),
    Field("cakupan_wilayah", _l("Cakupan wilayah"), help=_l("mis. Kota Samarinda")),
    Field("kode_wilayah", _l("Kode wilayah BPS"), help=_l('mis. "6472"')),
    Field("satuan", _l("Satuan"), help=_l("mis. jiwa, persen, rupiah")),
    Field("klasifikasi", _l("Klasifikasi"), "select", options=CLASSIFICATION_OPTIONS),
)
CONTACT = (
    Field("maintainer", _l("Pengelola"), autocomplete="name"),
    Field("maintainer_email", _l("Email pengelola"), "email", autocomplete="email"),
    Field("url", _l("Halaman sumber"), "url"),
)
DATASET_FIELDS = DESCRIBE + SATU_DATA + CONTACT
TEXT_NAMES = tuple(f.name for f in DATASET_FIELDS) + ("license_id", "owner_org")

RESOURCE_FIELDS = (
    Field("name", _l("Nama berkas"), required=True),
    Field("description", _l("Keterangan"), "textarea"),
    Field("format", _l("Format"), help=_l("mis. CSV, XLSX, PDF, GeoJSON")),
)


def dataset_data(form: MultiDict) -> dict:
    """Action data from a submitted dataset form."""
    data: dict[str, Any] = {name: form.get(name, "").strip() for name in TEXT_NAMES}
    data["private"] = form.get("private") == "1"
    data["groups"] = [{"name": g} for g in form.getlist("groups") if g]
    for key in ("temporal_start", "temporal_end"):
        data[key] = data[key] or None
    if form.get("save") == "draft":
        data["state"] = "draft"
    elif form.get("save") == "publish":
        data["state"] = "active"
    return data


def dataset_values(pkg: dict) -> dict:
    """Form values from a package dict (to edit it)."""
    values = {name: pkg.get(name) or "" for name in TEXT_NAMES}
    values["tag_string"] = ", ".join(t["name"] for t in pkg.get("tags", []))
    values["groups"] = [g["name"] for g in pkg.get("groups", [])]
    values["private"] = bool(pkg.get("private"))
    values["state"] = pkg.get("state", "active")
    return values


def form_values(form: MultiDict) -> dict:
    """Echo a submitted form back into its fields after an error."""
    values = {name: form.get(name, "") for name in TEXT_NAMES}
    values["groups"] = form.getlist("groups")
    values["private"] = form.get("private") == "1"
    return values
