"""The stewards' workbench: dashboard, dataset and resource forms, OPD members."""

from __future__ import annotations

import io
import re

import pytest

from catalog.services import ACTIONS


def has_action(name: str) -> bool:
    return name in ACTIONS


FORM = {
    "title": "Jumlah Posyandu Menurut Kecamatan",
    "name": "jumlah-posyandu",
    "notes": "Data ini menyajikan jumlah posyandu.",
    "tag_string": "posyandu, kesehatan",
    "license_id": "cc-by-4.0",
    "frekuensi": "tahunan",
    "tahun": "2024",
    "satuan": "unit",
    "klasifikasi": "terbuka",
    "save": "publish",
}


@pytest.fixture
def steward(api, login):
    """``petugas``, an editor of OPD ``dinkes``: ``steward.web`` is their browser."""
    api.user("petugas")
    org = api.org("dinkes", petugas="editor")
    org["web"] = login("petugas")
    return org


def test_workbench_needs_login(api, client):
    resp = client.get("/dashboard")
    assert resp.status_code == 302 and "/user/login" in resp.headers["Location"]
    assert client.post("/dataset/new", data=FORM).status_code == 302


def test_login_lands_on_the_dashboard(api, client):
    api.user("petugas")
    resp = client.post("/user/login", data={"login": "petugas", "password": "kata-sandi-rahasia"})
    assert resp.headers["Location"] == "/dashboard"


def test_dashboard_shows_what_needs_attention(api, client, steward):
    api.dataset(org="dinkes", title="Draf Saya", state="draft")
    api.dataset(org="dinkes", title="Privat Saya", private=True)
    api.dataset(org=api.org("dishub")["name"], title="Milik Dishub")
    html = steward["web"].get("/dashboard").get_data(as_text=True)
    assert "Draf Saya" in html and "Privat Saya" in html
    assert "Milik Dishub" not in html
    assert "Kurang: Produsen data" in html
    drafts = steward["web"].get("/dashboard?show=draft").get_data(as_text=True)
    assert "Draf Saya" in drafts and "Privat Saya" not in drafts


def test_create_a_dataset_through_the_form(api, client, steward):
    resp = steward["web"].post("/dataset/new", data={**FORM, "owner_org": steward["id"]})
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/dataset/jumlah-posyandu/resource/new"
    pkg = api.ok("package_show", {"id": "jumlah-posyandu"})
    assert pkg["organization"]["name"] == "dinkes" and pkg["frekuensi"] == "tahunan"
    assert sorted(t["name"] for t in pkg["tags"]) == ["kesehatan", "posyandu"]
    found = client.get("/dataset?q=posyandu").get_data(as_text=True)
    assert "/dataset/jumlah-posyandu" in found


def test_validation_errors_are_shown_next_to_their_fields(api, client, steward):
    data = {**FORM, "owner_org": steward["id"], "name": "Nama Salah!", "tahun": "dua ribu"}
    resp = steward["web"].post("/dataset/new", data=data)
    assert resp.status_code == 400
    html = resp.get_data(as_text=True)
    assert re.search(r'id="f-name"[^>]*aria-invalid="true"', html)
    assert 'id="name-error"' in html and "huruf kecil" in html
    assert 'id="tahun-error"' in html
    assert 'value="Jumlah Posyandu Menurut Kecamatan"' in html  # the form keeps what was typed


def test_save_as_draft(api, client, steward):
    form = {**FORM, "owner_org": steward["id"], "save": "draft"}
    assert steward["web"].post("/dataset/new", data=form).status_code == 302
    assert api.ok("package_show", {"id": "jumlah-posyandu"}, user="admin")["state"] == "draft"
    assert "Tidak ada dataset yang cocok" in client.get("/dataset?q=posyandu").get_data(
        as_text=True
    )


def test_edit_a_dataset(api, client, steward):
    ds = api.dataset(org="dinkes", title="Judul Lama")
    page = steward["web"].get(f"/dataset/edit/{ds['name']}").get_data(as_text=True)
    assert 'value="Judul Lama"' in page
    data = {**FORM, "name": ds["name"], "title": "Judul Baru", "owner_org": steward["id"]}
    resp = steward["web"].post(f"/dataset/edit/{ds['name']}", data=data)
    assert resp.status_code == 302
    assert api.ok("package_show", {"id": ds["id"]})["title"] == "Judul Baru"


def test_editor_cannot_edit_other_opd_dataset(api, client, steward):
    other = api.dataset(org=api.org("dishub")["name"])
    assert steward["web"].get(f"/dataset/edit/{other['name']}").status_code == 403
    resp = steward["web"].post(
        f"/dataset/edit/{other['name']}", data={**FORM, "name": other["name"]}
    )
    assert resp.status_code == 403
    assert "Akses ditolak" in resp.get_data(as_text=True)
    assert steward["web"].get(f"/dataset/{other['name']}/resource/new").status_code == 403
    assert steward["web"].post(f"/dataset/delete/{other['name']}").status_code == 403


def test_add_a_link_resource(api, client, steward):
    ds = api.dataset(org="dinkes")
    form = steward["web"].get(f"/dataset/{ds['name']}/resource/new").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in form and "data-upload-api" in form
    resp = steward["web"].post(
        f"/dataset/{ds['name']}/resource/new",
        data={"name": "Tabel 2024", "format": "csv", "url": "https://x.go.id/t.csv"},
    )
    assert resp.status_code == 302
    res = api.ok("package_show", {"id": ds["id"]})["resources"]
    assert [(r["name"], r["format"]) for r in res] == [("Tabel 2024", "CSV")]


def test_delete_a_dataset(api, client, steward):
    ds = api.dataset(org="dinkes")
    assert steward["web"].post(f"/dataset/delete/{ds['name']}").status_code == 302
    assert api.call("package_show", {"id": ds["id"]}).status == 404


def test_forms_need_the_csrf_token(api, app, client, steward):
    app.config["WTF_CSRF_ENABLED"] = True
    resp = steward["web"].post("/dataset/new", data={**FORM, "owner_org": steward["id"]})
    assert resp.status_code == 400
    assert api.call("package_show", {"id": "jumlah-posyandu"}, user="admin").status == 404


def test_opd_admin_manages_members(api, login):
    api.user("kepala")
    api.user("staf")
    api.org("dinkes", kepala="admin")
    web = login("kepala")
    assert web.get("/organization/members/dinkes").status_code == 200
    resp = web.post("/organization/members/dinkes", data={"username": "staf", "role": "editor"})
    assert resp.status_code == 302
    members = {
        u["name"]: u["capacity"]
        for u in api.ok("organization_show", {"id": "dinkes"}, user="admin")["users"]
    }
    assert members["staf"] == "editor"
    bad = web.post("/organization/members/dinkes", data={"username": "siapa", "role": "editor"})
    assert bad.status_code == 400 and 'id="username-error"' in bad.get_data(as_text=True)
    web.post("/organization/members/dinkes", data={"username": "staf", "action": "remove"})
    users = api.ok("organization_show", {"id": "dinkes"}, user="admin")["users"]
    assert "staf" not in [u["name"] for u in users]


def test_editor_cannot_manage_members(api, client, steward):
    assert steward["web"].get("/organization/members/dinkes").status_code == 403


def test_upload_a_file_and_preview_it(api, client, steward):
    if not has_action("resource_preview_show"):
        pytest.skip("file uploads are not installed")
    ds = api.dataset(org="dinkes")
    csv = io.BytesIO(b"kecamatan,jumlah\nPalaran,21\nSambutan,18\n")
    resp = steward["web"].post(
        f"/dataset/{ds['name']}/resource/new",
        data={"name": "Posyandu", "format": "CSV", "upload": (csv, "posyandu.csv")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 302, resp.get_data(as_text=True)
    res = api.ok("package_show", {"id": ds["id"]})["resources"][0]
    page = client.get(f"/dataset/{ds['name']}/resource/{res['id']}").get_data(as_text=True)
    assert '<th scope="col">kecamatan</th>' in page and "<td>Palaran</td>" in page
    download = client.get(res["url"].replace("http://tepian.test", ""))
    assert download.status_code in (200, 302)


def test_upload_by_xhr_needs_the_page_csrf_token(api, app, steward):
    """What tepian.js does: multipart to the API with the session cookie and X-CSRFToken."""
    if not has_action("resource_preview_show"):
        pytest.skip("file uploads are not installed")
    app.config["WTF_CSRF_ENABLED"] = True
    ds = api.dataset(org="dinkes")
    web = steward["web"]
    form = web.get(f"/dataset/{ds['name']}/resource/new").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)

    def send(headers: dict) -> int:
        data = {"package_id": ds["id"], "name": "x", "upload": (io.BytesIO(b"a,b\n1,2\n"), "x.csv")}
        return web.post(
            "/api/3/action/resource_create",
            data=data,
            headers=headers,
            content_type="multipart/form-data",
        ).status_code

    assert send({}) == 403
    assert send({"X-CSRFToken": token}) == 200
