"""Text formats for ``sniff``: JSON and GeoJSON, XML and its kin, HTML, CSV and TSV.

Only the head of a file is seen, so the last line or value may be cut short; every check here
tolerates that: JSON is accepted when it parses or when its start is unmistakably JSON, CSV
rows are read without the last, possibly partial, line.
"""

from __future__ import annotations

import csv
import io
import json
import re

_GEOJSON_TYPES = {
    "FeatureCollection", "Feature", "Point", "MultiPoint", "LineString", "MultiLineString",
    "Polygon", "MultiPolygon", "GeometryCollection",
}  # fmt: skip
_GEOJSON_HINT = re.compile(r'"type"\s*:\s*"(FeatureCollection|Feature)"')
_JSON_OBJECT_START = re.compile(r'\{\s*(\}|"(?:[^"\\\n]|\\.)*"\s*:)')
_JSON_ARRAY_START = re.compile(r'\[\s*(\]|[-\d"{\[]|true\b|false\b|null\b)')
_COMMENT = re.compile(r"<!--.*?(-->|$)", re.S)
_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")
_HTML_TAGS = {
    "html", "head", "body", "div", "p", "table", "script", "meta", "title", "iframe", "a",
    "img", "style", "form", "b", "i", "br", "h1", "h2", "h3", "font", "span", "link", "object",
    "embed", "base",
}  # fmt: skip
_XML_ROOTS = {"rdf": "RDF", "kml": "KML", "rss": "RSS", "feed": "Atom Feed", "svg": "SVG"}
_ACTIVE = re.compile(
    r"<([\w-]+:)?script\b|http://www\.w3\.org/1999/xhtml|<\?xml-stylesheet|javascript:"
    r"|\son[a-z]+\s*=|<([\w-]+:)?(iframe|object|embed|foreignobject)\b",
    re.I,
)
_DELIMITERS = ["\t", ",", ";", "|"]


def detect_text(head: bytes) -> tuple[str | None, bool]:
    """Return ``(format, is_active_content)`` for text, or ``(None, False)`` for binary."""
    text = _decode(head)
    if text is None:
        return None, False
    body = text.lstrip("\ufeff \t\r\n")
    if body.startswith(("{", "[")):
        found = _json_kind(body)
        if found:
            return found, False
    if body.startswith("<"):
        return _markup_kind(body)
    return _table_kind(text), False


def _decode(head: bytes) -> str | None:
    """Decode as UTF-8 (tolerating a character cut at the end), UTF-16 or Windows-1252."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head[: len(head) // 2 * 2].decode("utf-16", "replace")
    else:
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
                text = head[: exc.start].decode("utf-8")
            else:
                text = head.decode("cp1252", "replace")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\r\n\f")
    if controls > max(1, len(text) // 100):
        return None
    return text


def _json_kind(body: str) -> str | None:
    """``JSON``, ``GeoJSON`` or None when the text only looks like it starts with a bracket."""
    try:
        value = json.loads(body)
    except ValueError:
        value = _first_json_line(body)
    if value is not None:
        if isinstance(value, dict) and value.get("type") in _GEOJSON_TYPES:
            return "GeoJSON"
        return "JSON"
    pattern = _JSON_OBJECT_START if body.startswith("{") else _JSON_ARRAY_START
    if not pattern.match(body):
        return None
    if body.startswith("{") and _GEOJSON_HINT.search(body[:8192]):
        return "GeoJSON"
    return "JSON"


def _first_json_line(body: str) -> object | None:
    """The first line parsed as JSON (JSON Lines), or None."""
    first, newline, _ = body.partition("\n")
    if not newline:
        return None
    try:
        value: object = json.loads(first)
    except ValueError:
        return None
    return value


def _markup_kind(body: str) -> tuple[str, bool]:
    """HTML, SVG, a known XML vocabulary or plain XML, and whether scripts may run."""
    sample = body[:16384]
    lower = sample.lower()
    active = bool(_ACTIVE.search(sample))
    root_match = _ROOT.search(_COMMENT.sub("", sample))
    root = root_match.group(1) if root_match else ""
    local = root.rsplit(":", 1)[-1].lower()
    if "<!doctype html" in lower or local == "html":
        return "HTML", True
    if local in _XML_ROOTS:
        found = _XML_ROOTS[local]
        return found, active or found == "SVG"
    if local == "featurecollection" and "opengis.net/gml" in lower:
        return "GML", active
    if not lower.startswith("<?xml") and local in _HTML_TAGS:
        return "HTML", True  # a fragment that browsers would render as a page
    return "XML", active


def _table_kind(text: str) -> str:
    """``CSV`` or ``TSV`` when at least two rows split evenly on one delimiter, else ``TXT``."""
    lines = text.splitlines(keepends=True)
    if len(lines) > 1 and not text.endswith(("\n", "\r")):
        lines = lines[:-1]  # the head probably cut the last line short
    sample = "".join(lines[:200])
    best: tuple[float, int, str] | None = None
    for delimiter in _DELIMITERS:
        try:
            rows = [r for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if r]
        except csv.Error:
            continue
        if len(rows) < 2:
            continue
        counts = [len(r) for r in rows]
        width = max(set(counts), key=counts.count)
        agreement = counts.count(width) / len(counts)
        if width < 2 or agreement < 0.8:
            continue
        score = (agreement, width, delimiter)
        if best is None or score[:2] > best[:2]:
            best = score
    if best is None:
        return "TXT"
    return "TSV" if best[2] == "\t" else "CSV"
