"""GeoJSON previews for a map: validated, with a bounding box and a capped set of features.

Only the structure RFC 7946 defines is accepted: a ``FeatureCollection``, a ``Feature`` or a
bare geometry, with WGS 84 longitude/latitude coordinates. The result carries at most
``MAX_FEATURES`` features and ``MAX_POINTS`` coordinate pairs, so a large file still gives a
small answer; ``feature_count`` and ``bbox`` always describe the whole file.
"""

from __future__ import annotations

from typing import Any

from catalog.previews.tabular import PreviewError

MAX_FEATURES = 1000
MAX_POINTS = 100_000
GEOMETRY_TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
}


def looks_like_geojson(doc: Any) -> bool:
    """Whether a parsed JSON document claims to be GeoJSON."""
    return isinstance(doc, dict) and (
        doc.get("type") in ("FeatureCollection", "Feature") or doc.get("type") in GEOMETRY_TYPES
    )


def _positions(geometry: Any, depth: int = 0) -> list[tuple[float, float]]:
    if geometry is None:
        return []
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        raise PreviewError("A geometry has no valid GeoJSON type.")
    if geometry["type"] == "GeometryCollection":
        if depth > 3:
            raise PreviewError("Geometry collections are nested too deeply.")
        points: list[tuple[float, float]] = []
        for part in geometry.get("geometries") or []:
            points += _positions(part, depth + 1)
        return points
    found: list[tuple[float, float]] = []
    _walk(geometry.get("coordinates"), found, 0)
    return found


def _walk(node: Any, out: list[tuple[float, float]], depth: int) -> None:
    if depth > 4 or not isinstance(node, list):
        raise PreviewError("Coordinates are not nested lists of numbers.")
    if node and all(isinstance(v, int | float) and not isinstance(v, bool) for v in node):
        if len(node) < 2:
            raise PreviewError("A position needs a longitude and a latitude.")
        lon, lat = float(node[0]), float(node[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise PreviewError(
                "Coordinates are outside longitude/latitude ranges (GeoJSON must be WGS 84)."
            )
        out.append((lon, lat))
        return
    for child in node:
        _walk(child, out, depth + 1)


def geojson_preview(doc: Any) -> dict[str, Any]:
    """Validate a parsed GeoJSON document and describe it for a map."""
    if not looks_like_geojson(doc):
        raise PreviewError("The file is not GeoJSON.")
    if doc["type"] == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list):
            raise PreviewError("A FeatureCollection needs a list of features.")
    elif doc["type"] == "Feature":
        features = [doc]
    else:
        features = [{"type": "Feature", "geometry": doc, "properties": {}}]
    kept: list[dict[str, Any]] = []
    types: dict[str, int] = {}
    bbox = [180.0, 90.0, -180.0, -90.0]
    points_kept = 0
    for feature in features:
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise PreviewError("Every member of features must be a Feature.")
        geometry = feature.get("geometry")
        positions = _positions(geometry)
        if geometry:
            types[geometry["type"]] = types.get(geometry["type"], 0) + 1
        for lon, lat in positions:
            bbox = [min(bbox[0], lon), min(bbox[1], lat), max(bbox[2], lon), max(bbox[3], lat)]
        if len(kept) < MAX_FEATURES and points_kept + len(positions) <= MAX_POINTS:
            properties = feature.get("properties")
            kept.append(
                {
                    "type": "Feature",
                    "geometry": geometry,
                    "properties": properties if isinstance(properties, dict) else {},
                }
            )
            points_kept += len(positions)
    return {
        "kind": "geojson",
        "feature_count": len(features),
        "geometry_types": types,
        "bbox": bbox if bbox[0] <= bbox[2] else None,
        "features": {"type": "FeatureCollection", "features": kept},
        "truncated": len(kept) < len(features),
    }
