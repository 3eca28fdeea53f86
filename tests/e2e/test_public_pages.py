"""The public portal in a real browser: search, facets, paging, a dataset, languages."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from tests.e2e.conftest import screenshot, serious_violations

pytestmark = pytest.mark.browser


def _api(page, action: str, **params) -> dict:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    with urllib.request.urlopen(f"{page.base}/api/3/action/{action}?{query}", timeout=10) as resp:
        return json.load(resp)["result"]


def test_home_is_keyboard_usable_and_accessible(page):
    page.goto(page.base + "/")
    assert page.locator("h1").inner_text() == "Satu Data Kota Samarinda"
    screenshot(page, "home")
    assert serious_violations(page) == []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_search_with_a_facet_click_and_paging(page):
    total = _api(page, "package_search", rows=0)["count"]
    page.goto(page.base + "/dataset")
    assert page.locator(".result-count").inner_text().startswith(str(total))
    page.locator(".facet a", has_text="Dinas Kesehatan").first.click()
    page.wait_for_url(re.compile(r"organization=dinkes"))
    assert page.locator(".chip", has_text="Dinas Kesehatan").is_visible()
    orgs = page.locator(".dataset-item .meta span:first-child").all_inner_texts()
    assert orgs and set(orgs) == {"Dinas Kesehatan"}
    screenshot(page, "search-facet")
    assert serious_violations(page) == []

    page.goto(page.base + "/dataset")
    page.get_by_role("link", name="Berikutnya").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert page.locator('.pager [aria-current="page"]').inner_text() == "2"
    assert page.locator(".dataset-item").count() > 0


def test_nothing_found_suggests_dropping_a_filter(page):
    page.goto(page.base + "/dataset?q=penduduk&organization=dishub")
    assert "Tidak ada dataset yang cocok" in page.locator(".empty").inner_text()
    page.locator(".empty a").first.click()
    assert page.locator(".dataset-item").count() > 0


def test_open_a_dataset_and_its_resource(page):
    page.goto(page.base + "/dataset?q=penduduk")
    first = page.locator(".dataset-item h3 a").first
    title = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text() == title
    assert page.locator(".meta-table").get_by_text("Walidata").is_visible()
    assert page.get_by_role("link", name=re.compile("package_show")).is_visible()
    screenshot(page, "dataset")
    assert serious_violations(page) == []
    download = page.locator(".resource .button", has_text="Unduh").first
    assert download.get_attribute("href").startswith("http")
    page.locator(".resource .button", has_text="Pratinjau").first.click()
    assert page.locator("#preview-title").is_visible()
    assert serious_violations(page) == []


def test_switch_language_and_keep_it(page):
    page.goto(page.base + "/dataset")
    page.locator(".lang a[hreflang=en]").click()
    assert page.locator("h1").inner_text() == "Datasets"
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Agencies", exact=True).click()
    assert "agencies" in page.locator("h1").inner_text().lower()
    page.locator(".lang a[hreflang=id]").click()
    assert page.locator("html").get_attribute("lang") == "id"


def test_developer_and_opd_pages_are_accessible(page):
    name = _api(page, "package_search", rows=1)["results"][0]["name"]
    page.goto(page.base + "/api")
    assert name in page.locator("main").inner_text()
    assert serious_violations(page) == []
    page.goto(page.base + "/organization/dinkes")
    assert page.locator("h1").inner_text() == "Dinas Kesehatan"
    screenshot(page, "organization")
    assert serious_violations(page) == []


def test_search_box_suggests_as_you_type(page):
    page.goto(page.base + "/")
    page.get_by_label("Cari data dari semua OPD").press_sequentially("pendud", delay=30)
    options = page.get_by_role("option")
    options.first.wait_for()
    assert page.locator("#q").get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/dataset"))
    assert page.locator("h1").count() == 1
