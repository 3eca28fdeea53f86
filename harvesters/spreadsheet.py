"""Harvest an OPD's data inventory kept as a spreadsheet (CSV or XLSX) at a URL.

One row per dataset, with the Indonesian column template shipped as
``harvesters/templates/inventaris_data.csv`` and documented in ``docs/harvesting.md``. Header
names are matched ignoring case, spaces, underscores and a few English aliases, so
"Judul", "JUDUL " and "title" are the same column. CSV files may use commas or semicolons and
be UTF-8 (with or without BOM) or Windows-1252; XLSX files are read with openpyxl.

The guid is the ``id`` column when filled, else a slug of ``judul``. Unknown columns are kept
as extras under their normalised header. Extra config keys: ``sheet`` (XLSX sheet name; the
first sheet by default).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from harvesters.base import (
    HarvestedPackage,
    Harvester,
    HarvestError,
    RecordError,
    RemoteRecord,
    RemoteRef,
    SourceConfig,
)
from harvesters.mapping import (
    iso,
    map_frequency,
    map_klasifikasi,
    map_license,
    parse_date,
    slugify,
    split_list,
    text,
)
from harvesters.package import add_extra, finish_package, matches_filters, new_package, new_resource
from harvesters.registry import register

#: Canonical column → accepted header spellings (after :func:`header_key`).
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "guid", "kode dataset", "identifier"),
    "judul": ("judul", "judul dataset", "nama dataset", "title", "name"),
    "deskripsi": ("deskripsi", "keterangan", "uraian", "description", "notes"),
    "tema": ("tema", "topik", "kategori", "grup", "theme", "themes", "group", "groups"),
    "tag": ("tag", "tags", "kata kunci", "keyword", "keywords"),
    "frekuensi": ("frekuensi", "frekuensi pembaruan", "periodisitas", "frequency"),
    "tahun": ("tahun", "periode", "tahun data", "year", "years", "period"),
    "satuan": ("satuan", "unit"),
    "produsen data": (
        "produsen data",
        "produsen",
        "opd",
        "organisasi",
        "publisher",
        "organization",
        "producer",
    ),
    "walidata": ("walidata", "wali data", "custodian"),
    "cakupan wilayah": ("cakupan wilayah", "wilayah", "cakupan", "coverage", "area"),
    "kode wilayah": ("kode wilayah", "kode bps", "region code", "area code"),
    "klasifikasi": ("klasifikasi", "sifat data", "akses", "classification", "access level"),
    "lisensi": ("lisensi", "license", "licence"),
    "tautan berkas": (
        "tautan berkas",
        "tautan",
        "link",
        "url",
        "tautan data",
        "links",
        "file url",
        "download url",
    ),
    "format berkas": ("format berkas", "format", "file format"),
}
_ALIASES = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
SATU_DATA = {
    "tahun": "tahun",
    "satuan": "satuan",
    "produsen data": "produsen_data",
    "walidata": "walidata",
    "cakupan wilayah": "cakupan_wilayah",
    "kode wilayah": "kode_wilayah",
}


def header_key(header: Any) -> str:
    """Normalise a header: lowercase, ``_``/``-``/runs of spaces to one space, no ``*`` or notes.

    >>> header_key(" Produsen_Data* (wajib)")
    'produsen data'
    """
    key = re.sub(r"\(.*?\)|[*:]", "", text(header).lower())
    return re.sub(r"[\s_\-]+", " ", key).strip()


def decode_csv(data: bytes) -> str:
    """Decode CSV bytes: UTF-8 (BOM dropped), else Windows-1252 as Excel writes it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def csv_rows(data: bytes) -> Iterator[list[Any]]:
    """Rows of a CSV file separated by commas, semicolons or tabs (guessed from the header)."""
    content = decode_csv(data)
    first = next((line for line in content.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    yield from csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)


def xlsx_rows(data: bytes, sheet: str | None) -> Iterator[list[Any]]:
    """Rows of an XLSX sheet, read in openpyxl's streaming read-only mode."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError ... on bad files
        raise HarvestError(f"not a readable XLSX file ({exc})") from None
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        for row in worksheet.iter_rows(values_only=True):
            yield list(row)
    except KeyError:
        raise HarvestError(f"the workbook has no sheet named {sheet!r}") from None
    finally:
        workbook.close()


def read_inventory(rows: Iterable[list[Any]]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(row number, {column: value})`` for each non-empty row under the header row."""
    header: list[str] | None = None
    for number, row in enumerate(rows, start=1):
        cells = [text(cell) for cell in row]
        if not any(cells):
            continue
        if header is None:
            header = [_ALIASES.get(header_key(cell), header_key(cell)) for cell in cells]
            if "judul" not in header:
                raise HarvestError(f"row {number}: no 'judul' (title) column in the header")
            continue
        values: dict[str, str] = {}
        for key, cell in zip(header, cells, strict=False):
            if key and cell and key not in values:
                values[key] = cell
        yield number, values


@register
class SpreadsheetHarvester(Harvester):
    """An OPD data inventory spreadsheet (CSV or XLSX), one row per dataset."""

    name = "spreadsheet"
    title = "Inventaris data (CSV/XLSX)"
    description = "An OPD's data inventory spreadsheet at a URL, in Tepian's column template."

    def gather(self, source: SourceConfig, since: datetime | None) -> Iterator[RemoteRef]:
        """Read the whole inventory and yield one ref per row; ``since`` is not used."""
        fetched = self.fetcher(source).get(source.url)
        is_xlsx = (
            fetched.content.startswith(b"PK\x03\x04") or "spreadsheetml" in fetched.content_type
        )
        try:
            rows = (
                xlsx_rows(fetched.content, source.config.get("sheet"))
                if is_xlsx
                else csv_rows(fetched.content)
            )
            seen: dict[str, int] = {}
            for number, values in read_inventory(rows):
                if not matches_filters(
                    source,
                    organizations=[values.get("produsen data", "")],
                    groups=split_list(values.get("tema")),
                    tags=split_list(values.get("tag")),
                ):
                    continue
                guid = values.get("id") or slugify(values.get("judul")) or f"baris-{number}"
                content: dict[str, Any] = {"_row": number, **values}
                if guid in seen:
                    content["_duplicate_of"] = seen[guid]
                    guid = f"{guid}#baris-{number}"
                seen.setdefault(guid, number)
                yield RemoteRef(guid, None, content, f"{source.url}#baris-{number}")
        except csv.Error as exc:
            raise HarvestError(f"{fetched.url}: not a readable CSV file ({exc})") from None
        except HarvestError as exc:
            raise HarvestError(f"{fetched.url}: {exc}") from None

    def parse(self, source: SourceConfig, record: RemoteRecord) -> HarvestedPackage:
        """Map one inventory row to a Tepian package; a row without ``judul`` is an error."""
        row = record.content
        if not isinstance(row, dict):
            raise RecordError("the inventory row is not a dict")
        number = row.get("_row", "?")
        if "_duplicate_of" in row:
            raise RecordError(
                f"baris {number}: same id/judul as baris {row['_duplicate_of']}; "
                "fill the 'id' column to tell them apart"
            )
        title = text(row.get("judul"))
        if not title:
            raise RecordError(f"baris {number}: kolom 'judul' is empty (title is required)")
        warnings: list[str] = []
        package = new_package()
        package.update(
            title=title,
            name=slugify(row.get("id")) or slugify(title) or record.guid,
            notes=row.get("deskripsi"),
            tags=split_list(row.get("tag")),
            groups=split_list(row.get("tema")),
        )
        for column, field in SATU_DATA.items():
            package[field] = row.get(column)
        package["tahun"] = re.sub(r"\s*[-–/]\s*", "-", text(row.get("tahun"))) or None
        if package["tahun"] and re.fullmatch(r"\d{4}(-\d{4})?", package["tahun"]):
            first, _, last = package["tahun"].partition("-")
            package["temporal_start"] = iso(parse_date(first))
            package["temporal_end"] = iso(parse_date(last or first, end=True))
        for column, mapper in (("frekuensi", map_frequency), ("klasifikasi", map_klasifikasi)):
            raw = text(row.get(column))
            package[column] = mapper(raw)
            if raw and not package[column]:
                warnings.append(f"baris {number}: {column} {raw!r} is not a known value")
                add_extra(package, f"{column}_asal", raw)
        licence = text(row.get("lisensi"))
        package["license_id"] = map_license(licence) or "notspecified"
        if licence and package["license_id"] == "notspecified":
            add_extra(package, "remote_license", licence)
        package["resources"] = self._resources(row)
        for key, value in row.items():
            if not key.startswith("_") and key not in COLUMNS:
                add_extra(package, key, value)
        package["remote_url"] = record.url
        organization = None
        if package["produsen_data"]:
            organization = {
                "name": slugify(package["produsen_data"]),
                "title": text(package["produsen_data"]),
            }
        return HarvestedPackage(
            guid=record.guid,
            package=finish_package(package, source),
            remote_url=record.url,
            organization=organization,
            warnings=warnings,
        )

    @staticmethod
    def _resources(row: dict[str, Any]) -> list[dict[str, Any]]:
        urls = [
            u
            for u in re.split(r"[\s,;]+", text(row.get("tautan berkas")))
            if u.lower().startswith(("http://", "https://"))
        ]
        formats = [f for f in re.split(r"[\s,;/]+", text(row.get("format berkas"))) if f]
        resources = []
        for index, url in enumerate(urls):
            fmt = (
                formats[index]
                if len(formats) == len(urls)
                else (formats[0] if len(formats) == 1 else None)
            )
            resources.append(new_resource(url, fmt=fmt))
        return resources
