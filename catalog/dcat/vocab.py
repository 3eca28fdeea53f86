"""Namespaces and code lists: how Tepian's coded values become DCAT-AP URIs.

Every mapping here is a plain dict, so the RDF export (:mod:`catalog.dcat.graph`), the
``data.json`` export (:mod:`catalog.dcat.datajson`) and the documentation agree::

    >>> FREQUENCIES["semesteran"]
    'ANNUAL_2'
    >>> str(eu("frequency", FREQUENCIES["semesteran"]))
    'http://publications.europa.eu/resource/authority/frequency/ANNUAL_2'

The EU authority tables (frequency, access-right, file-type, language) are the controlled
vocabularies DCAT-AP requires; their URIs are listed at
``http://publications.europa.eu/resource/authority/<table>``.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef

EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
ADMS = Namespace("http://www.w3.org/ns/adms#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
#: Satu Data Indonesia fields that have no DCAT home (see docs/dcat.md).
TEPIAN = Namespace("https://w3id.org/tepian/ns#")
#: The INSPIRE role DCAT-AP uses for a custodian (the walidata) in a qualified attribution.
CUSTODIAN_ROLE = URIRef(
    "http://inspire.ec.europa.eu/metadata-codelist/ResponsiblePartyRole/custodian"
)
IANA_MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"


def eu(table: str, code: str) -> URIRef:
    """The URI of ``code`` in the EU authority table ``table``."""
    return URIRef(f"{EU_AUTHORITY}{table}/{code}")


def eu_scheme(table: str) -> URIRef:
    """The concept scheme URI of an EU authority table."""
    return URIRef(f"{EU_AUTHORITY}{table}")


#: frekuensi -> EU frequency code (semesteran is twice a year: ANNUAL_2, not BIENNIAL).
FREQUENCIES: dict[str, str] = {
    "harian": "DAILY",
    "mingguan": "WEEKLY",
    "bulanan": "MONTHLY",
    "triwulanan": "QUARTERLY",
    "semesteran": "ANNUAL_2",
    "tahunan": "ANNUAL",
    "lima-tahunan": "QUINQUENNIAL",
    "tidak-tentu": "IRREG",
}
FREQUENCY_LABELS: dict[str, str] = {
    "DAILY": "daily",
    "WEEKLY": "weekly",
    "MONTHLY": "monthly",
    "QUARTERLY": "quarterly",
    "ANNUAL_2": "semiannual",
    "ANNUAL": "annual",
    "QUINQUENNIAL": "quinquennial",
    "IRREG": "irregular",
}
#: frekuensi -> the ISO 8601 repeat data.json uses.
ISO_FREQUENCIES: dict[str, str] = {
    "harian": "R/P1D",
    "mingguan": "R/P1W",
    "bulanan": "R/P1M",
    "triwulanan": "R/P3M",
    "semesteran": "R/P6M",
    "tahunan": "R/P1Y",
    "lima-tahunan": "R/P5Y",
    "tidak-tentu": "irregular",
}

#: klasifikasi -> EU access-right code and the data.json accessLevel.
ACCESS_RIGHTS: dict[str, str] = {
    "terbuka": "PUBLIC",
    "terbatas": "RESTRICTED",
    "tertutup": "NON_PUBLIC",
}
ACCESS_LABELS = {"PUBLIC": "public", "RESTRICTED": "restricted", "NON_PUBLIC": "non-public"}
ACCESS_LEVELS: dict[str, str] = {
    "terbuka": "public",
    "terbatas": "restricted public",
    "tertutup": "non-public",
}

#: Tepian licence id -> (licence URL, EU licence code or None).
LICENSES: dict[str, tuple[str, str | None]] = {
    "cc-by": ("http://creativecommons.org/licenses/by/4.0/", "CC_BY_4_0"),
    "cc-by-4.0": ("http://creativecommons.org/licenses/by/4.0/", "CC_BY_4_0"),
    "cc-by-sa": ("http://creativecommons.org/licenses/by-sa/4.0/", "CC_BYSA_4_0"),
    "cc-by-sa-4.0": ("http://creativecommons.org/licenses/by-sa/4.0/", "CC_BYSA_4_0"),
    "cc-zero": ("http://creativecommons.org/publicdomain/zero/1.0/", "CC0"),
    "cc0-1.0": ("http://creativecommons.org/publicdomain/zero/1.0/", "CC0"),
    "cc-nc": ("http://creativecommons.org/licenses/by-nc/2.0/", None),
    "cc-by-nc-4.0": ("http://creativecommons.org/licenses/by-nc/4.0/", "CC_BYNC_4_0"),
    "odc-pddl": ("http://opendatacommons.org/licenses/pddl/1.0/", "ODC_PDDL"),
    "odc-odbl": ("http://opendatacommons.org/licenses/odbl/1.0/", "ODC_ODBL"),
    "odc-by": ("http://opendatacommons.org/licenses/by/1.0/", "ODC_BY"),
    "gfdl": ("http://www.gnu.org/licenses/fdl-1.3.html", None),
    "uk-ogl": ("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/", None),
}

#: Upper-cased format -> (EU file-type code, IANA media type or None).
FORMATS: dict[str, tuple[str, str | None]] = {
    "CSV": ("CSV", "text/csv"),
    "TSV": ("TSV", "text/tab-separated-values"),
    "XLSX": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "XLS": ("XLS", "application/vnd.ms-excel"),
    "ODS": ("ODS", "application/vnd.oasis.opendocument.spreadsheet"),
    "JSON": ("JSON", "application/json"),
    "GEOJSON": ("GEOJSON", "application/geo+json"),
    "XML": ("XML", "application/xml"),
    "PDF": ("PDF", "application/pdf"),
    "DOC": ("DOC", "application/msword"),
    "DOCX": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "ODT": ("ODT", "application/vnd.oasis.opendocument.text"),
    "TXT": ("TXT", "text/plain"),
    "HTML": ("HTML", "text/html"),
    "ZIP": ("ZIP", "application/zip"),
    "SHP": ("SHP", None),
    "KML": ("KML", "application/vnd.google-earth.kml+xml"),
    "KMZ": ("KMZ", "application/vnd.google-earth.kmz"),
    "GPKG": ("GPKG", "application/geopackage+sqlite3"),
    "PNG": ("PNG", "image/png"),
    "JPEG": ("JPEG", "image/jpeg"),
    "JPG": ("JPEG", "image/jpeg"),
    "TIFF": ("TIFF", "image/tiff"),
    "GEOTIFF": ("TIFF", "image/tiff"),
    "RDF": ("RDF_XML", "application/rdf+xml"),
    "TTL": ("RDF_TURTLE", "text/turtle"),
    "JSON-LD": ("JSON_LD", "application/ld+json"),
    "WMS": ("WMS_SRVC", None),
    "WFS": ("WFS_SRVC", None),
}
#: Media type -> upper-cased format, to find the EU file type of a resource without a format.
MEDIA_FORMATS: dict[str, str] = {media: fmt for fmt, (_, media) in FORMATS.items() if media}


def file_format(resource: dict) -> tuple[str | None, str | None, str | None]:
    """Return ``(format label, EU file-type code, IANA media type)`` of a resource dict.

    The resource's own ``mimetype`` wins over the one its format implies.

        >>> file_format({"format": "csv", "mimetype": None})
        ('CSV', 'CSV', 'text/csv')
    """
    label = (resource.get("format") or "").strip().upper().lstrip(".") or None
    media = (resource.get("mimetype") or "").split(";")[0].strip().lower() or None
    if label is None and media in MEDIA_FORMATS:
        label = MEDIA_FORMATS[media]
    code, implied = FORMATS.get(label or "", (None, None))
    return label, code, media or implied


def media_type_uri(media: str) -> URIRef:
    """The IANA registry URI of a media type (``text/csv`` -> ``.../media-types/text/csv``)."""
    return URIRef(IANA_MEDIA_TYPES + media)
