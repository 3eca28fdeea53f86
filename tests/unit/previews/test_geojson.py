"""GeoJSON previews: validation, bounding box, counts and caps."""

from __future__ import annotations

import io
import json

import pytest

from catalog.previews import make_preview
from catalog.previews.geo import MAX_FEATURES


def preview(doc, fmt: str = "GeoJSON"):
    return make_preview(io.BytesIO(json.dumps(doc).encode()), format=fmt)


def point(lon: float, lat: float, **props) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": props,
    }


def test_feature_collection_gives_bbox_and_count():
    doc = {
        "type": "FeatureCollection",
        "features": [
            point(117.1, -0.5, nama="Palaran"),
            point(117.2, -0.4),
            {
                "type": "Feature",
                "properties": {},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[117.0, -0.6], [117.3, -0.6], [117.3, -0.3], [117.0, -0.6]]],
                },
            },
        ],
    }
    result = preview(doc)
    assert result["kind"] == "geojson" and result["feature_count"] == 3
    assert result["bbox"] == [117.0, -0.6, 117.3, -0.3]
    assert result["geometry_types"] == {"Point": 2, "Polygon": 1}
    assert result["features"]["features"][0]["properties"] == {"nama": "Palaran"}


def test_json_format_that_is_geojson_is_a_map():
    assert preview(point(117.1, -0.5), "JSON")["kind"] == "geojson"


def test_features_are_capped_but_counted():
    doc = {
        "type": "FeatureCollection",
        "features": [point(117 + i / 10000, -0.5) for i in range(MAX_FEATURES + 50)],
    }
    result = preview(doc)
    assert result["feature_count"] == MAX_FEATURES + 50
    assert len(result["features"]["features"]) == MAX_FEATURES and result["truncated"]


@pytest.mark.parametrize(
    "doc",
    [
        {"type": "FeatureCollection", "features": "nope"},
        {"type": "FeatureCollection", "features": [{"type": "Point", "coordinates": [1, 2]}]},
        point(500000.0, 9950000.0),  # UTM metres, not longitude/latitude
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": ["a", "b"]}},
        {"type": "Feature", "geometry": {"type": "Circle", "coordinates": [1, 2]}},
    ],
)
def test_invalid_geojson_has_no_preview(doc):
    result = preview(doc)
    assert result["kind"] == "none" and result["reason"]
