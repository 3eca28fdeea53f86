"""The stewards' workbench in a real browser: log in, create a dataset, permissions."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request

import pytest

from tests.e2e.conftest import login, screenshot, serious_violations

pytestmark = pytest.mark.browser


def _has_uploads(page) -> bool:
    try:
        urllib.request.urlopen(f"{page.base}/api/3/action/resource_preview_show?id=x", timeout=5)
    except urllib.error.HTTPError as exc:
        return "Action name not known" not in exc.read().decode()
    return True


def test_log_in_and_see_my_dashboard(page):
    login(page)
    assert page.locator("h1").inner_text() == "Dasbor petugas data"
    assert page.locator(".org-roles").get_by_text("Dinas Kesehatan").is_visible()
    screenshot(page, "dashboard")
    assert serious_violations(page) == []


def test_create_dataset_with_a_validation_error_then_find_it(page, tmp_path):
    login(page)
    page.goto(page.base + "/dataset/new")
    title = f"Jumlah Posyandu Menurut Kecamatan Uji {int(time.time())}"
    page.get_by_label("Judul").fill(title)
    page.get_by_label("Nama URL").fill("Nama Salah!")
    page.get_by_label("Tahun", exact=True).fill("dua ribu")
    page.get_by_role("button", name="Simpan dan lanjut ke berkas").click()
    name_error = page.locator("#name-error")
    assert name_error.is_visible() and "huruf kecil" in name_error.inner_text()
    assert page.locator("#f-name").get_attribute("aria-invalid") == "true"
    assert page.locator("#tahun-error").is_visible()
    screenshot(page, "dataset-form-error")
    assert serious_violations(page) == []

    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    page.get_by_label("Nama URL").fill(slug)
    page.get_by_label("Tahun", exact=True).fill("2024")
    page.get_by_label("Frekuensi pembaruan").select_option("tahunan")
    page.get_by_label("Satuan").fill("unit")
    page.get_by_role("button", name="Simpan dan lanjut ke berkas").click()
    page.wait_for_url(re.compile(r"/resource/new"))

    page.get_by_label("Nama berkas").fill("Data posyandu 2024")
    page.get_by_label("Format").fill("CSV")
    if _has_uploads(page):
        data = tmp_path / "posyandu.csv"
        data.write_text("kecamatan,jumlah\nPalaran,21\nSambutan,18\n")
        page.get_by_label("Unggah berkas").set_input_files(str(data))
    else:
        page.get_by_label("Tautan (URL) berkas").fill("https://data.example.go.id/posyandu.csv")
    uploads = _has_uploads(page)
    if uploads:  # tepian.js sends the file to the API by XHR (with a progress bar)
        with page.expect_request("**/action/resource_create") as sent:
            page.get_by_role("button", name="Tambahkan").click()
        assert sent.value.headers.get("x-csrftoken")
    else:
        page.get_by_role("button", name="Tambahkan").click()
    page.wait_for_url(re.compile(rf"/dataset/{slug}$"))
    assert page.locator(".resource").count() == 1
    if uploads:
        page.locator(".resource .button", has_text="Pratinjau").click()
        page.locator("table.data td", has_text="Palaran").wait_for()
        screenshot(page, "resource-preview")
        assert serious_violations(page) == []
        with page.expect_download() as download:
            page.locator(".actions .button", has_text="Unduh").click()
        assert download.value.suggested_filename.endswith(".csv")
        with open(download.value.path(), encoding="utf-8") as saved:
            assert "Palaran,21" in saved.read()

    page.goto(page.base + "/dataset?q=posyandu")
    assert page.locator(".dataset-item h3", has_text=title).is_visible()


def test_steward_is_denied_another_opds_dataset(page):
    url = f"{page.base}/api/3/action/package_search?fq=organization:dishub&rows=1"
    with urllib.request.urlopen(url, timeout=10) as resp:
        name = json.load(resp)["result"]["results"][0]["name"]
    login(page)
    response = page.goto(f"{page.base}/dataset/edit/{name}")
    assert response.status == 403
    assert page.locator("h1").inner_text() == "Akses ditolak"
    page.goto(f"{page.base}/dataset/{name}")
    assert page.get_by_role("link", name="Ubah dataset").count() == 0


def test_failed_upload_is_explained_on_the_page(page, tmp_path):
    if not _has_uploads(page):
        return
    login(page)
    page.goto(page.base + "/dataset?organization=dinkes")
    name = page.locator(".dataset-item h3 a").first.get_attribute("href").rsplit("/", 1)[1]
    page.goto(f"{page.base}/dataset/{name}/resource/new")
    refusal = {"success": False, "error": {"__type": "Validation Error", "upload": ["Too big."]}}
    page.route(
        "**/action/resource_create",
        lambda route: route.fulfill(status=409, json=refusal),
    )
    data = tmp_path / "besar.csv"
    data.write_text("a,b\n1,2\n")
    page.get_by_label("Nama berkas").fill("Besar")
    page.get_by_label("Unggah berkas").set_input_files(str(data))
    page.get_by_role("button", name="Tambahkan").click()
    status = page.locator(".upload-status")
    status.wait_for(state="visible")
    assert "Unggahan gagal" in status.inner_text() and "Too big." in status.inner_text()
    assert page.get_by_role("button", name="Tambahkan").is_enabled()
    assert page.url.endswith("/resource/new")


def test_sysadmin_pages_are_accessible(page):
    login(page, "admin")
    for path in ("/admin/", "/admin/organizations", "/admin/users", "/organization/members/dinkes"):
        page.goto(page.base + path)
        assert page.locator("h1").count() == 1
        assert serious_violations(page) == [], path
    page.goto(page.base + "/admin/")
    screenshot(page, "admin")
