"""The real ``ckanapi`` client uploading to a running ``tepian serve``, on each backend."""

from __future__ import annotations

import hashlib
import os

import pytest
import requests
from ckanapi import RemoteCKAN, ValidationError

from tests.servers import serve, tepian

PASSWORD = "kata-sandi-rahasia"


@pytest.fixture
def database_url() -> str:
    return "unused"  # the server below has its own SQLite database


@pytest.fixture
def server(tmp_path, app_config):
    instance = tmp_path / "site" / "instance"
    instance.parent.mkdir()
    env = {
        "TEPIAN_DATABASE_URL": f"sqlite:///{instance / 'tepian.db'}",
        "TEPIAN_MAX_UPLOAD_BYTES": str(4 * 1024 * 1024),
    }
    if "STORAGE_URL" in app_config:
        env["TEPIAN_STORAGE_URL"] = app_config["STORAGE_URL"]
    tepian(instance, "db", "upgrade", "--revision", "heads", env=env)
    tepian(
        instance,
        *("user", "create", "admin", "--email", "a@x.go.id", "--password", PASSWORD),
        "--sysadmin",
        env=env,
    )
    token = tepian(instance, "token", "create", "admin", env=env).strip().splitlines()[-1]
    running = serve(instance, env={**os.environ, **env})
    yield running.url, token
    running.stop()


def test_ckanapi_uploads_and_the_file_downloads_intact(server, tmp_path):
    url, token = server
    site = RemoteCKAN(url, apikey=token)
    site.action.organization_create(name="dinkes", title="Dinas Kesehatan")
    site.action.package_create(name="penduduk", owner_org="dinkes")
    path = tmp_path / "Penduduk 2024.csv"
    content = b"kecamatan,jumlah\n" + b"Palaran,1234\n" * 50_000
    path.write_bytes(content)
    with open(path, "rb") as f:
        res = site.action.resource_create(package_id="penduduk", name="Penduduk", upload=f)
    assert res["url_type"] == "upload" and res["size"] == len(content)
    assert res["hash"] == hashlib.sha256(content).hexdigest() and res["format"] == "CSV"
    assert res["url"].startswith(f"{url}/dataset/")
    got = requests.get(res["url"], timeout=30)  # follows an S3 redirect
    assert got.status_code == 200 and got.content == content
    with open(path, "rb") as f:
        patched = site.action.resource_patch(id=res["id"], upload=f, description="baru")
    assert patched["description"] == "baru" and patched["url"] != ""


def test_ckanapi_sees_a_validation_error_for_an_empty_file(server, tmp_path):
    url, token = server
    site = RemoteCKAN(url, apikey=token)
    site.action.organization_create(name="dinkes", title="Dinas Kesehatan")
    site.action.package_create(name="penduduk", owner_org="dinkes")
    empty = tmp_path / "kosong.csv"
    empty.write_bytes(b"")
    with open(empty, "rb") as f, pytest.raises(ValidationError) as caught:
        site.action.resource_create(package_id="penduduk", upload=f)
    assert "upload" in caught.value.error_dict


def test_ckanapi_sees_an_oversize_file_refused_before_it_is_sent(server, tmp_path, app_config):
    url, token = server
    site = RemoteCKAN(url, apikey=token)
    site.action.organization_create(name="dinkes", title="Dinas Kesehatan")
    site.action.package_create(name="penduduk", owner_org="dinkes")
    big = tmp_path / "besar.csv"
    big.write_bytes(b"x" * (40 * 1024 * 1024))  # the server's limit is 4 MiB
    with open(big, "rb") as f, pytest.raises(ValidationError) as caught:
        site.action.resource_create(package_id="penduduk", upload=f)
    assert "upload limit" in caught.value.error_dict["upload"][0]
    assert site.action.package_show(id="penduduk")["num_resources"] == 0
