"""Sysadmin pages: statistics, OPDs, accounts, harvest sources."""

from __future__ import annotations

import pytest

from catalog.services import ACTIONS


@pytest.fixture
def admin_web(api, login):
    """The sysadmin's browser."""
    return login(api.sysadmin())


def test_admin_pages_are_for_sysadmins_only(api, client, login):
    assert client.get("/admin/").status_code == 302
    api.user("petugas")
    web = login("petugas")
    for path in ("/admin/", "/admin/organizations", "/admin/users"):
        assert web.get(path).status_code == 403


def test_site_statistics(api, admin_web):
    api.dataset(org=api.org("dinkes")["name"], private=True)
    api.dataset(org="dinkes")
    html = admin_web.get("/admin/").get_data(as_text=True)
    assert "Dataset per OPD" in html and "Dinkes" in html
    assert "<strong>2</strong>" in html and "<strong>1</strong>" in html
    if "search_status_show" in ACTIONS:
        assert "backlog" in html


def test_sysadmin_adds_an_opd(api, admin_web):
    resp = admin_web.post(
        "/admin/organizations", data={"name": "dispar", "title": "Dinas Pariwisata"}
    )
    assert resp.status_code == 302
    assert api.ok("organization_show", {"id": "dispar"})["title"] == "Dinas Pariwisata"
    bad = admin_web.post("/admin/organizations", data={"name": "Bukan Slug", "title": "X"})
    assert bad.status_code == 400 and 'id="name-error"' in bad.get_data(as_text=True)


def test_sysadmin_creates_an_account(api, admin_web):
    data = {
        "name": "baru",
        "fullname": "Petugas Baru",
        "email": "baru@x.go.id",
        "password": "rahasia-panjang-1",
    }
    assert admin_web.post("/admin/users", data=data).status_code == 302
    assert "baru" in admin_web.get("/admin/users").get_data(as_text=True)
    again = admin_web.post("/admin/users", data=data)
    assert again.status_code == 400 and 'id="name-error"' in again.get_data(as_text=True)


def test_harvest_pages_follow_the_harvest_actions(api, admin_web):
    status = admin_web.get("/admin/harvest").status_code
    assert status == (200 if "harvest_source_list" in ACTIONS else 404)


def test_harvest_source_create_run_and_history(api, admin_web):
    if "harvest_source_list" not in ACTIONS:
        pytest.skip("harvesting is not installed")
    api.org("dinkes")
    form = {
        "name": "portal-prov",
        "title": "Portal Provinsi",
        "url": "http://127.0.0.1:9/api/3/action/package_search",
        "source_type": "ckan",
        "owner_org": "dinkes",
        "frequency": "MANUAL",
    }
    assert admin_web.post("/admin/harvest", data=form).status_code == 302
    listing = admin_web.get("/admin/harvest").get_data(as_text=True)
    assert "Portal Provinsi" in listing
    bad = admin_web.post("/admin/harvest", data={**form, "name": "x y"})
    assert bad.status_code == 400 and 'id="name-error"' in bad.get_data(as_text=True)
    source = api.ok("harvest_source_show", {"id": "portal-prov"}, user="admin")
    assert admin_web.post(f"/admin/harvest/{source['id']}").status_code == 302
    page = admin_web.get(f"/admin/harvest/{source['id']}").get_data(as_text=True)
    assert "Riwayat panen" in page
    assert "Belum pernah dipanen" not in page
