"""The public pages, read through the actions: search, facets, a dataset, OPDs, themes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest


def _titles(html: str) -> list[str]:
    """Result titles, without the search highlights."""
    found = re.findall(r'<h3><a href="/dataset/[^"]+">(.+?)</a></h3>', html)
    return [re.sub(r"</?mark>", "", title) for title in found]


def test_home_shows_counts_opds_themes_and_recent(api, client):
    org = api.org("dinkes")
    api.group("kesehatan")
    api.dataset(org=org["name"], title="Jumlah Puskesmas", groups=[{"name": "kesehatan"}])
    html = client.get("/").get_data(as_text=True)
    assert "Jumlah Puskesmas" in html
    assert "/organization/dinkes" in html and "/group/kesehatan" in html
    assert 'data-suggest="/search/suggest"' in html


def test_facet_values_of_one_facet_are_or_ed(api, client):
    for name in ("dinkes", "dishub", "dlh"):
        api.dataset(org=api.org(name)["name"], title=f"Data {name}")
    html = client.get("/dataset?organization=dinkes&organization=dishub").get_data(as_text=True)
    assert sorted(_titles(html)) == ["Data dinkes", "Data dishub"]
    assert html.count('class="chip"') == 2


def test_different_facets_are_and_ed(api, client):
    org = api.org("dinkes")["name"]
    api.dataset(
        org=org, title="Tahunan CSV", frekuensi="tahunan", resources=[{"url": "a", "format": "csv"}]
    )
    api.dataset(
        org=org, title="Bulanan CSV", frekuensi="bulanan", resources=[{"url": "b", "format": "csv"}]
    )
    html = client.get("/dataset?res_format=CSV&frekuensi=tahunan").get_data(as_text=True)
    assert _titles(html) == ["Tahunan CSV"]


def test_facet_link_toggles_the_filter_and_chip_removes_it(api, client):
    api.dataset(org=api.org("dinkes")["name"], title="Data dinkes")
    html = client.get("/dataset").get_data(as_text=True)
    assert 'href="/dataset?organization=dinkes"' in html
    html = client.get("/dataset?q=data&organization=dinkes").get_data(as_text=True)
    assert 'href="/dataset?q=data"' in html  # the chip (and the facet link) drop the filter
    assert 'aria-current="true"' in html


def test_paging_keeps_the_query(api, client):
    org = api.org()["name"]
    for i in range(21):
        api.dataset(org=org, title=f"Data Penduduk {i:02d}")
    first = client.get("/dataset?q=penduduk").get_data(as_text=True)
    assert len(_titles(first)) == 20
    assert 'href="/dataset?q=penduduk&amp;page=2"' in first
    second = client.get("/dataset?q=penduduk&page=2").get_data(as_text=True)
    assert len(_titles(second)) == 1


def test_nothing_found_suggests_dropping_a_filter(api, client):
    api.dataset(org=api.org("dinkes")["name"], title="Jumlah Penduduk")
    api.org("dishub")
    html = client.get("/dataset?q=penduduk&organization=dishub").get_data(as_text=True)
    assert "Tidak ada dataset yang cocok" in html
    assert 'href="/dataset?q=penduduk"' in html  # "without OPD: dishub" finds one


def test_private_datasets_stay_hidden_from_visitors(api, client):
    org = api.org()["name"]
    api.dataset(org=org, title="Rahasia Internal", private=True)
    assert "Rahasia Internal" not in client.get("/dataset").get_data(as_text=True)
    assert "Rahasia Internal" not in client.get("/").get_data(as_text=True)


def test_dataset_page_renders_markdown_safely(api, client):
    ds = api.dataset(
        notes="Data ini **penting**.\n\n<script>alert(1)</script> [tautan](javascript:alert(2))",
        satuan="jiwa",
        frekuensi="tahunan",
        tags=["penduduk"],
    )
    html = client.get(f"/dataset/{ds['name']}").get_data(as_text=True)
    assert "<strong>penting</strong>" in html
    assert "<script>alert" not in html and "javascript:alert" not in html
    assert "jiwa" in html and "Tahunan" in html
    assert f"/api/3/action/package_show?id={ds['name']}" in html
    assert "Kutipan" in html and f'href="/dataset/{ds["name"]}.ttl"' in html


def test_dataset_page_lists_resources_with_download_and_preview(api, client):
    ds = api.dataset(
        resources=[{"name": "Tabel 2023", "url": "https://x.go.id/t.csv", "format": "csv"}]
    )
    html = client.get(f"/dataset/{ds['name']}").get_data(as_text=True)
    rid = ds["resources"][0]["id"]
    assert 'href="https://x.go.id/t.csv"' in html
    assert f"/dataset/{ds['name']}/resource/{rid}" in html
    page = client.get(f"/dataset/{ds['name']}/resource/{rid}")
    assert page.status_code == 200 and "Pratinjau" in page.get_data(as_text=True)
    assert client.get(f"/dataset/{ds['name']}/resource/tidak-ada").status_code == 404


def test_missing_dataset_is_a_404_page(api, client):
    resp = client.get("/dataset/tidak-ada")
    assert resp.status_code == 404
    assert "Halaman tidak ditemukan" in resp.get_data(as_text=True)


def test_organization_and_group_pages_search_their_datasets(api, client):
    api.group("kesehatan")
    org = api.org("dinkes")["name"]
    api.dataset(org=org, title="Di Tema", groups=[{"name": "kesehatan"}])
    api.dataset(org=org, title="Tanpa Tema")
    api.dataset(title="OPD Lain")
    org_html = client.get("/organization/dinkes").get_data(as_text=True)
    assert sorted(_titles(org_html)) == ["Di Tema", "Tanpa Tema"]
    group_html = client.get("/group/kesehatan").get_data(as_text=True)
    assert _titles(group_html) == ["Di Tema"]
    assert "Dinkes" in client.get("/organization").get_data(as_text=True)
    assert "Kesehatan" in client.get("/group").get_data(as_text=True)
    assert client.get("/organization/tidak-ada").status_code == 404


def test_api_page_shows_examples_with_a_real_dataset(api, client):
    ds = api.dataset()
    html = client.get("/api").get_data(as_text=True)
    assert f"package_show?id={ds['name']}" in html
    assert "ckanapi action package_show" in html


def test_suggestions_are_json(api, client):
    api.dataset(title="Jumlah Penduduk Samarinda")
    items = client.get("/search/suggest?q=pendu").get_json()
    assert any("Penduduk" in i["text"] for i in items)
    assert all(i["url"].startswith("/") for i in items)
    assert client.get("/search/suggest?q=p").get_json() == []


def test_bad_query_shows_a_message_not_an_error(api, client):
    resp = client.get("/dataset?q=title:(")
    assert resp.status_code == 200
    assert 'role="alert"' in resp.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/dataset", "/organization", "/api"])
def test_pages_stay_within_the_weight_budget(api, app, client, path):
    """HTML plus the site's CSS and JS under 200 KB (images aside), see docs/web.md."""
    org = api.org()["name"]
    for i in range(20):
        api.dataset(org=org, title=f"Jumlah Penduduk Kecamatan {i}", notes="Data ini " * 40)
    html = client.get(path).get_data()
    static = Path(app.static_folder)
    assets = sum((static / name).stat().st_size for name in ("tepian.css", "tepian.js"))
    assert len(html) + assets < 200_000
