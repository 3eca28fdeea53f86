"""The shared backend behaviour suite against a real OpenSearch node, plus parity checks:
for the same data and query, both backends must return the same datasets and facets."""

from __future__ import annotations

import pytest
from search_suite import *  # noqa: F403
from search_suite_results import *  # noqa: F403

from search import SearchQuery

pytestmark = pytest.mark.opensearch

PARITY_QUERIES = [
    "", "penduduk", "kependudukan", "jumlah penduduk kecamatan", '"jenis kelamin"',
    "dishub", "dinkes", "apbd", "kesehatn", "education", "tags:kesehatan",
    "sekolah AND guru", "paud OR guru", "tags:sekolah -tags:guru", "title:jumlah*",
    "res_format:csv", "organization:(dinas-kesehatan OR bapperida)",
    "metadata_modified:[2024-01-01T00:00:00Z TO 2024-06-30T23:59:59Z]",
    "years:[2020 TO 2021]", "satuan:*", "notes:puskesmas", "realisasi pendapatan",
    "title:kependudukan", "pendidikan", "pajak OR retribusi", "-tags:kesehatan",
    "notes:*", "author:*", "-maintainer:*", "extras_sumber:*", "tags:kes*", "name:jumlah-*",
    "PM2.5", '"2.500 gram"', "kab/kota", "capacity:private", "private:true",
    "klasifikasi:terbatas", "kode_wilayah:6472",
]  # fmt: skip
LABELS = [["public"], None]


@pytest.mark.parametrize("labels", LABELS, ids=["anonymous", "sysadmin"])
@pytest.mark.parametrize("q", PARITY_QUERIES)
def test_backends_agree(backend, embedded, q, labels):
    query = SearchQuery(q=q, labels=labels, rows=1000, facet_fields=["organization", "tags",
                        "res_format", "years", "frekuensi"], facet_limit=-1)  # fmt: skip
    ours, theirs = backend.search(query), embedded.search(query)
    assert {r["name"] for r in ours.results} == {r["name"] for r in theirs.results}
    assert ours.count == theirs.count
    assert ours.facets == theirs.facets


@pytest.mark.parametrize("sort", ["title_string asc", "metadata_modified desc", "name desc"])
def test_backends_agree_on_order(backend, embedded, sort):
    query = SearchQuery(q="jumlah", labels=["public"], sort=sort, rows=1000)
    assert [r["name"] for r in backend.search(query).results] == [
        r["name"] for r in embedded.search(query).results
    ]


def test_engine_is_detected(backend):
    assert backend.engine == "opensearch"
    assert backend.stats()["needs_reindex"] is False
