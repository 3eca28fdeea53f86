"""Log in and out through the pages, with CSRF protection on the form."""

import re

import pytest


@pytest.fixture
def csrf_app(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def _token(client, path="/user/login"):
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_login_with_password_then_logout(api, csrf_app, client):
    api.user("petugas")
    token = _token(client)
    resp = client.post(
        "/user/login",
        data={"login": "petugas", "password": "kata-sandi-rahasia", "csrf_token": token},
    )
    assert resp.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "petugas" in home and "Keluar" in home
    resp = client.post("/user/logout", data={"csrf_token": _token(client, "/")})
    assert resp.status_code == 302
    assert "Masuk" in client.get("/").get_data(as_text=True)


def test_wrong_password_message_next_to_field(api, csrf_app, client):
    api.user("petugas")
    resp = client.post(
        "/user/login", data={"login": "petugas", "password": "salah", "csrf_token": _token(client)}
    )
    assert resp.status_code == 400
    html = resp.get_data(as_text=True)
    assert 'id="password-error"' in html and "salah" in html


def test_login_without_csrf_token_is_refused(api, csrf_app, client):
    api.user("petugas")
    resp = client.post("/user/login", data={"login": "petugas", "password": "kata-sandi-rahasia"})
    assert resp.status_code == 400
    assert "petugas" not in client.get("/").get_data(as_text=True)


def test_login_redirects_only_within_site(api, csrf_app, client):
    api.user("petugas")
    data = {"login": "petugas", "password": "kata-sandi-rahasia", "csrf_token": _token(client)}
    resp = client.post("/user/login?next=https://evil.example/", data=data)
    assert resp.headers["Location"] == "/"


def test_logged_in_session_reads_private_dataset_through_api(api, client, app):
    api.user("anggota")
    org = api.org(anggota="member")
    ds = api.dataset(org=org["name"], private=True)
    client.post("/user/login", data={"login": "anggota", "password": "kata-sandi-rahasia"})
    resp = client.get("/api/3/action/package_show", query_string={"id": ds["id"]})
    assert resp.status_code == 200


def test_pages_render_dataset(api, client):
    ds = api.dataset(title="Jumlah Penduduk Samarinda", satuan="jiwa")
    assert "Jumlah Penduduk Samarinda" in client.get("/dataset?q=penduduk").get_data(as_text=True)
    page = client.get(f"/dataset/{ds['name']}").get_data(as_text=True)
    assert "jiwa" in page
    assert client.get("/dataset/tidak-ada").status_code == 404
    assert client.get("/dataset?q=title:(").status_code == 200
