"""Shared mapping (licences, frequencies, names, tags), the package shape, base and registry."""

from __future__ import annotations

import pytest

from harvesters.base import ConfigError, SourceConfig, content_hash, default_fetcher
from harvesters.mapping import (
    clean_tags,
    map_frequency,
    map_klasifikasi,
    map_license,
    package_name,
    parse_temporal,
    slugify,
)
from harvesters.package import LIST_FIELDS, SCALAR_FIELDS, finish_package, new_package
from harvesters.registry import get_harvester, register, source_types


@pytest.mark.parametrize(
    "value, expected",
    [
        ("cc-by", "cc-by"),
        ("CC-BY-4.0", "cc-by"),
        ("CC BY 4.0", "cc-by"),
        ("Creative Commons Attribution", "cc-by"),
        ("https://creativecommons.org/licenses/by/4.0/", "cc-by"),
        ("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0", "cc-by"),
        ("CC-BY-SA-4.0", "cc-by-sa"),
        ("Creative Commons Attribution Share-Alike", "cc-by-sa"),
        ("CC0-1.0", "cc-zero"),
        ("https://creativecommons.org/publicdomain/zero/1.0/", "cc-zero"),
        ("http://dcat-ap.de/def/licenses/cc-zero", "cc-zero"),
        ("CC-BY-NC-4.0", "cc-nc"),
        ("ODbL-1.0", "odc-odbl"),
        ("https://opendatacommons.org/licenses/odbl/1-0/", "odc-odbl"),
        ("odc-pddl", "odc-pddl"),
        ("ODC-BY-1.0", "odc-by"),
        ("other-open", "other-open"),
        ("other-closed", "other-closed"),
        ("notspecified", "notspecified"),
        ("http://www.usa.gov/publicdomain/label/1.0/", "other-pd"),
        ("uk-ogl", "uk-ogl"),
        ("lisensi-pemkot", None),
        ("", None),
        (None, None),
    ],
)
def test_map_license(value: str | None, expected: str | None) -> None:
    assert map_license(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("R/P1Y", "tahunan"),
        ("R/P1M", "bulanan"),
        ("R/P3M", "triwulanan"),
        ("R/P6M", "semesteran"),
        ("R/P1D", "harian"),
        ("R/P1W", "mingguan"),
        ("R/P5Y", "lima-tahunan"),
        ("P1Y", "tahunan"),
        ("irregular", "tidak-tentu"),
        ("Harian", "harian"),
        ("MINGGUAN", "mingguan"),
        ("Triwulanan", "triwulanan"),
        ("Semesteran", "semesteran"),
        ("Lima Tahunan", "lima-tahunan"),
        ("Tidak Tentu", "tidak-tentu"),
        ("annual", "tahunan"),
        ("Quarterly", "triwulanan"),
        ("http://publications.europa.eu/resource/authority/frequency/ANNUAL", "tahunan"),
        ("http://publications.europa.eu/resource/authority/frequency/ANNUAL_2", "semesteran"),
        ("http://publications.europa.eu/resource/authority/frequency/IRREG", "tidak-tentu"),
        ("http://purl.org/cld/freq/monthly", "bulanan"),
        ("R/P2Y", None),
        ("R/PT1H", None),
        ("kadang", None),
        (None, None),
    ],
)
def test_map_frequency(value: str | None, expected: str | None) -> None:
    assert map_frequency(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Terbuka", "terbuka"),
        ("public", "terbuka"),
        ("restricted public", "terbatas"),
        ("TERBATAS", "terbatas"),
        ("non-public", "tertutup"),
        ("Tertutup", "tertutup"),
        ("http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC", "tertutup"),
        ("entah", None),
    ],
)
def test_map_klasifikasi(value: str, expected: str | None) -> None:
    assert map_klasifikasi(value) == expected


def test_slugify_and_package_name() -> None:
    assert slugify("  Persentase Penduduk Miskin (%) — Kab./Kota Tahun 2023 ") == (
        "persentase-penduduk-miskin-kab-kota-tahun-2023"
    )
    assert slugify("Éducation Ñ") == "education-n"
    assert len(slugify("Data " * 60)) <= 100 and not slugify("Data " * 60).endswith("-")
    assert package_name(None, "!!!", "guid-1").startswith("dataset-")
    assert package_name("Nama_Remote", "Judul", "g") == "nama_remote"


def test_clean_tags() -> None:
    tags = clean_tags(
        [
            " Kesehatan ",
            "kesehatan",
            {"name": "COVID-19"},
            "Kab/Kota",
            "",
            "a",
            {"display_name": "Ibu & Anak"},
            None,
            "x" * 150,
        ]
    )
    assert tags[:4] == [
        {"name": "Kesehatan"},
        {"name": "COVID-19"},
        {"name": "Kab Kota"},
        {"name": "Ibu Anak"},
    ]
    assert len(tags) == 5 and len(tags[4]["name"]) == 100
    assert clean_tags("penduduk; Kecamatan, penduduk") == [
        {"name": "penduduk"},
        {"name": "Kecamatan"},
    ]


def test_parse_temporal() -> None:
    start, end = parse_temporal("2019-01-01/2023-12-31")
    assert (start.isoformat(), end.isoformat()) == ("2019-01-01", "2023-12-31")
    start, end = parse_temporal("2021")
    assert (start.isoformat(), end.isoformat()) == ("2021-01-01", "2021-12-31")


def test_finish_package_guarantees_the_shape() -> None:
    source = SourceConfig("s", "https://x.example", "ckan")
    package = new_package() | {
        "title": " Judul ",
        "unexpected": "dropped",
        "resources": [{"url": None}, {"url": "https://x.example/a.csv"}],
    }
    finished = finish_package(package, source)
    assert list(finished) == list(SCALAR_FIELDS + LIST_FIELDS)
    assert finished["title"] == "Judul" and finished["notes"] is None
    assert finished["resources"] == [
        {"url": "https://x.example/a.csv"}
        | dict.fromkeys(["name", "description", "format", "mimetype", "size"])
    ]


def test_content_hash_is_canonical() -> None:
    assert content_hash({"a": 1, "b": [1, 2]}) == content_hash({"b": [1, 2], "a": 1})
    assert content_hash({"a": 1, "_row": 3}) == content_hash({"a": 1, "_row": 9})
    assert content_hash({"a": 1}) != content_hash({"a": 2})
    assert content_hash("teks") == content_hash(b"teks")


def test_registry_knows_the_four_source_types() -> None:
    assert [t["name"] for t in source_types()] == ["ckan", "dcat_json", "dcat_rdf", "spreadsheet"]
    assert get_harvester("ckan").name == "ckan"
    with pytest.raises(KeyError, match="unknown harvest source type 'oai'"):
        get_harvester("oai")


def test_registering_a_second_class_under_a_taken_name_fails() -> None:
    other = type(get_harvester("ckan"))
    clash = type("Clash", (other,), {"name": "ckan"})
    with pytest.raises(ValueError, match="already registered"):
        register(clash)


def test_validate_config() -> None:
    harvester = get_harvester("ckan")
    assert harvester.validate_config({"rate_limit": 2, "tags": ["a"]}) == {
        "rate_limit": 2,
        "tags": ["a"],
    }
    for bad in ({"rate_limit": "cepat"}, {"rate_limit": 0}, {"field_mapping": []}):
        with pytest.raises(ConfigError):
            harvester.validate_config(bad)


def test_default_fetcher_follows_source_config() -> None:
    source = SourceConfig(
        "s",
        "https://x.example",
        "ckan",
        {"rate_limit": 4, "timeout": 7, "max_bytes": 1000},
        allow_private=True,
    )
    with default_fetcher(source) as fetcher:
        assert (fetcher.min_interval, fetcher.timeout, fetcher.max_bytes) == (0.25, (7, 7), 1000)
        assert fetcher.allow_private
