"""The local-edits rule on plain dicts (harvesters.merge), one case per clause."""

from __future__ import annotations

from harvesters.merge import comparable, merge_local_edits


def _current(**fields):
    base = {
        "id": "ds-1",
        "name": "data",
        "owner_org": "opd",
        "private": False,
        "title": "Judul Lama",
        "notes": "",
        "walidata": "Diskominfo",
        "tags": [{"name": "penduduk"}, {"name": "lokal"}],
        "groups": [{"name": "kesehatan"}],
        "extras": [{"key": "catatan", "value": "x"}, {"key": "sumber", "value": "lama"}],
        "resources": [
            {"id": "r1", "url": "https://a/1.csv", "name": "A", "description": "lokal"},
            {"id": "r2", "url": "https://a/lokal.pdf", "name": "Lokal"},
        ],
    }
    return {**base, **fields}


LAST = {
    "tags": [{"name": "penduduk"}],
    "groups": [],
    "extras": [{"key": "sumber", "value": "lama"}],
    "resources": [{"url": "https://a/1.csv"}],
}


def test_source_values_win_and_empty_source_fields_keep_local_values():
    remote = {"title": "Judul Baru", "notes": None, "walidata": "", "tags": [], "resources": []}
    merged = merge_local_edits(remote, LAST, _current())
    assert merged["title"] == "Judul Baru"
    assert merged["walidata"] == "Diskominfo"
    assert merged["name"] == "data" and merged["owner_org"] == "opd"


def test_tags_are_source_tags_plus_local_additions():
    remote = {"tags": [{"name": "kependudukan"}]}
    merged = merge_local_edits(remote, LAST, _current())
    assert [t["name"] for t in merged["tags"]] == ["kependudukan", "lokal"]


def test_groups_and_extras_follow_the_same_rule():
    remote = {"groups": [{"name": "ekonomi"}], "extras": [{"key": "sumber", "value": "BPS"}]}
    merged = merge_local_edits(remote, LAST, _current())
    assert [g["name"] for g in merged["groups"]] == ["ekonomi", "kesehatan"]
    assert merged["extras"] == [
        {"key": "catatan", "value": "x"},
        {"key": "sumber", "value": "BPS"},
    ]


def test_resources_match_by_url_and_local_ones_stay():
    remote = {"resources": [{"url": "https://a/1.csv", "name": "Baru", "description": None}]}
    merged = merge_local_edits(remote, LAST, _current())
    first, second = merged["resources"]
    assert first["id"] == "r1" and first["name"] == "Baru" and first["description"] == "lokal"
    assert second["id"] == "r2"


def test_resource_dropped_upstream_goes():
    merged = merge_local_edits({"resources": []}, LAST, _current())
    assert [r["id"] for r in merged["resources"]] == ["r2"]


def test_first_harvest_of_an_existing_dataset_keeps_everything_local():
    merged = merge_local_edits({"tags": [{"name": "baru"}]}, None, _current())
    assert [t["name"] for t in merged["tags"]] == ["baru", "penduduk", "lokal"]


def test_comparable_ignores_case_of_formats_and_empty_values():
    a = {"title": "x", "notes": None, "resources": [{"id": "r", "format": "GeoJSON"}]}
    b = {"title": "x", "notes": "", "resources": [{"id": "r", "format": "GEOJSON"}]}
    assert comparable(a) == comparable(b)
