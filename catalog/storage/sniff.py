"""Tell a file's format from its first bytes, with its name as a hint.

Stewards' files are often misnamed (an ``.xls`` that is really HTML, a ``.csv`` that is a zip),
so the content decides and the extension only refines a generic answer (plain text that is
named ``.csv``, a zip whose first entries are not yet visible but that is named ``.xlsx``)::

    head = upload.stream.read(SNIFF_BYTES)
    found = sniff(head, upload.filename)
    found.format, found.mimetype      # ('CSV', 'text/csv')
    found.is_active_content           # True for HTML, SVG, scripted XML: serve as attachment

Format names and mimetypes follow CKAN's ``resource_formats.json``.
"""

from __future__ import annotations

import re
import struct
from typing import NamedTuple

from .sniff_text import detect_text

#: How many leading bytes to pass to ``sniff`` for a good answer.
SNIFF_BYTES = 64 * 1024


class Sniffed(NamedTuple):
    """A detected format: CKAN's format name, a mimetype, and whether browsers run it."""

    format: str
    mimetype: str
    is_active_content: bool = False


#: Format name -> mimetype, for every format ``sniff`` can answer.
MIMETYPES = {
    "CSV": "text/csv",
    "TSV": "text/tab-separated-values",
    "TXT": "text/plain",
    "JSON": "application/json",
    "GeoJSON": "application/geo+json",
    "XML": "application/xml",
    "RDF": "application/rdf+xml",
    "KML": "application/vnd.google-earth.kml+xml",
    "GML": "application/gml+xml",
    "RSS": "application/rss+xml",
    "Atom Feed": "application/atom+xml",
    "HTML": "text/html",
    "SVG": "image/svg+xml",
    "PDF": "application/pdf",
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "GIF": "image/gif",
    "TIFF": "image/tiff",
    "ZIP": "application/zip",
    "SHP": "application/zip",
    "KMZ": "application/vnd.google-earth.kmz",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "PPTX": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "ODS": "application/vnd.oasis.opendocument.spreadsheet",
    "ODT": "application/vnd.oasis.opendocument.text",
    "ODP": "application/vnd.oasis.opendocument.presentation",
    "XLS": "application/vnd.ms-excel",
    "DOC": "application/msword",
    "PPT": "application/vnd.ms-powerpoint",
    "GZ": "application/gzip",
    "RAR": "application/rar",
    "7Z": "application/x-7z-compressed",
    "Parquet": "application/vnd.apache.parquet",
    "BIN": "application/octet-stream",
}

#: File extension -> format name.
EXTENSIONS = {
    "csv": "CSV", "tsv": "TSV", "tab": "TSV", "txt": "TXT", "json": "JSON",
    "geojson": "GeoJSON", "xml": "XML", "rdf": "RDF", "kml": "KML", "gml": "GML",
    "rss": "RSS", "atom": "Atom Feed", "html": "HTML", "htm": "HTML", "xhtml": "HTML",
    "svg": "SVG", "pdf": "PDF", "png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "gif": "GIF",
    "tif": "TIFF", "tiff": "TIFF", "zip": "ZIP", "kmz": "KMZ", "xlsx": "XLSX",
    "docx": "DOCX", "pptx": "PPTX", "ods": "ODS", "odt": "ODT", "odp": "ODP", "xls": "XLS",
    "doc": "DOC", "ppt": "PPT", "gz": "GZ", "rar": "RAR", "7z": "7Z", "parquet": "Parquet",
}  # fmt: skip

#: Names that browsers render and may run scripts in, whatever the content looks like.
ACTIVE_EXTENSIONS = {"html", "htm", "xhtml", "shtml", "svg", "svgz", "js", "mjs", "swf"}

#: A generic answer from the content -> the names that may refine it.
REFINES = {
    "TXT": {"CSV", "TSV"},
    "JSON": {"GeoJSON"},
    "XML": {"RDF", "KML", "GML", "RSS", "Atom Feed"},
    "ZIP?": {"XLSX", "DOCX", "PPTX", "ODS", "ODT", "ODP", "SHP", "KMZ"},
    "OLE": {"XLS", "DOC", "PPT"},
}

_MAGIC = [
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"\x1f\x8b", "GZ"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"7z\xbc\xaf\x27\x1c", "7Z"),
    (b"PAR1", "Parquet"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE"),
]
_ZIP_ENTRY = re.compile(rb"PK\x03\x04")
_ODF = {
    b"application/vnd.oasis.opendocument.spreadsheet": "ODS",
    b"application/vnd.oasis.opendocument.text": "ODT",
    b"application/vnd.oasis.opendocument.presentation": "ODP",
}


def sniff(head: bytes, filename: str = "") -> Sniffed:
    """Detect the format of a file from its first bytes (``SNIFF_BYTES`` is plenty).

    The content wins over the name: an HTML page named ``data.xls`` is HTML. The name's
    extension is used only to refine a generic answer (``TXT`` -> ``CSV``, ``ZIP`` -> ``XLSX``,
    ``XML`` -> ``KML``, ``JSON`` -> ``GeoJSON``) or when the content says nothing at all.
    ``is_active_content`` is True when a browser could run scripts from the file, judged from
    the content *or* the name; such files must only ever be served as attachments.
    """
    basename = filename.replace("\\", "/").rsplit("/", 1)[-1]
    ext = basename.rsplit(".", 1)[-1].lower() if "." in basename else ""
    by_name = EXTENSIONS.get(ext)
    detected, active = _detect(head)
    if detected is None:
        found = by_name or (ext.upper() if ext.isalnum() and len(ext) <= 10 else "BIN")
    elif by_name is not None and by_name in REFINES.get(detected, set()):
        found = by_name
    else:
        found = detected
    # Generic answers the name could not refine: a zip whose entries were not all seen,
    # an old Office file of unknown kind.
    found = {"ZIP?": "ZIP", "OLE": "BIN"}.get(found, found)
    active = active or ext in ACTIVE_EXTENSIONS or found in {"HTML", "SVG"}
    return Sniffed(found, MIMETYPES.get(found, "application/octet-stream"), active)


def _detect(head: bytes) -> tuple[str | None, bool]:
    """Return the format the content shows (or None) and whether it holds scripts."""
    for magic, fmt in _MAGIC:
        if head.startswith(magic):
            return fmt, False
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(head), False
    if b"\x00" in head[:8192] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, False  # binary we do not know
    return detect_text(head)


def _zip_kind(head: bytes) -> str:
    """Tell Office, OpenDocument, shapefile and KMZ zips from plain ones by their entries.

    Returns ``ZIP?`` when the head ends before the zip's central directory, so that entries
    we did not see might still make it an Office file: the name may then decide.
    """
    names = list(_zip_names(head))
    if names and names[0] == "mimetype":
        for mime, fmt in _ODF.items():
            if mime in head[30:200]:
                return fmt
    if names and names[0].lower().endswith(".kml"):
        return "KMZ"
    for name in names:
        lower = name.lower()
        if lower.startswith("xl/"):
            return "XLSX"
        if lower.startswith("word/"):
            return "DOCX"
        if lower.startswith("ppt/"):
            return "PPTX"
        if lower.endswith((".shp", ".shx", ".dbf")):
            return "SHP"
    return "ZIP" if b"PK\x05\x06" in head else "ZIP?"


def _zip_names(head: bytes) -> list[str]:
    """The entry names of every local file header found in ``head``."""
    names = []
    for match in _ZIP_ENTRY.finditer(head):
        start = match.start()
        if start + 30 > len(head):
            break
        name_len = struct.unpack_from("<H", head, start + 26)[0]
        raw = head[start + 30 : start + 30 + name_len]
        if len(raw) == name_len and 0 < name_len < 1024:
            names.append(raw.decode("utf-8", "replace"))
    return names
