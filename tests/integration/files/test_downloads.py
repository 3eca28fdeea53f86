"""Downloading files: ETag, ranges, attachments for active content, private datasets, S3."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import pytest
import requests

CSV = b"kecamatan,jumlah\n" + b"Samarinda Ulu,1234\n" * 200


@dataclass
class Got:
    status: int
    headers: Any  # case-insensitive, as HTTP headers are
    body: bytes


def fetch(api, url: str, headers: dict | None = None, *, user: str | None = None) -> Got:
    """GET a download URL like a browser: follow Tepian's redirect to S3 if there is one."""
    headers = dict(headers or {})
    own = dict(headers)
    if user:
        own["Authorization"] = api.tokens[user]
    resp = api.client.get(url.replace("http://tepian.test", ""), headers=own)
    location = resp.headers.get("Location", "")
    if resp.status_code == 302 and location.startswith("http://127.0.0.1"):
        assert resp.headers["Cache-Control"] == "no-store"
        remote = requests.get(location, headers=headers, timeout=10)
        return Got(remote.status_code, remote.headers, remote.content)
    return Got(resp.status_code, resp.headers, resp.get_data())


@pytest.fixture
def stored(steward, upload):
    def make(content: bytes = CSV, name: str = "penduduk.csv", **fields) -> dict:
        resp = upload(
            "resource_create",
            {"package_id": steward["dataset"]["id"], **fields},
            content,
            name,
            user="petugas",
        )
        assert resp.status_code == 200, resp.get_json()
        return resp.get_json()["result"]

    return make


def test_download_returns_the_bytes_with_checksum_headers(api, stored):
    res = stored()
    got = fetch(api, res["url"])
    assert got.status == 200 and got.body == CSV
    assert hashlib.sha256(got.body).hexdigest() == res["hash"]
    assert got.headers["Content-Disposition"].startswith("attachment")
    assert "penduduk.csv" in got.headers["Content-Disposition"]


def test_download_without_file_name_works_too(api, stored):
    res = stored()
    bare = res["url"].rsplit("/", 1)[0]
    assert fetch(api, bare).body == CSV


def test_range_request_returns_part_of_the_file(api, stored):
    res = stored()
    got = fetch(api, res["url"], {"Range": "bytes=10-19"})
    assert got.status == 206 and got.body == CSV[10:20]
    assert got.headers["Content-Range"] == f"bytes 10-19/{len(CSV)}"
    tail = fetch(api, res["url"], {"Range": "bytes=-5"})
    assert tail.status == 206 and tail.body == CSV[-5:]


def test_range_outside_the_file_is_416(api, stored):
    res = stored()
    got = fetch(api, res["url"], {"Range": f"bytes={len(CSV) + 10}-"})
    assert got.status == 416


def test_etag_answers_if_none_match_with_304(api, stored):
    res = stored()
    resp = api.client.get(
        res["url"].replace("http://tepian.test", ""), headers={"If-None-Match": f'"{res["hash"]}"'}
    )
    assert resp.status_code == 304 and resp.headers["ETag"] == f'"{res["hash"]}"'
    other = api.client.get(
        res["url"].replace("http://tepian.test", ""), headers={"If-None-Match": '"abc"'}
    )
    assert other.status_code in (200, 302)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script>", "x.html"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "x.svg"),
        (b"<html><script>alert(1)</script></html>", "tabel.csv"),
    ],
)
def test_active_content_is_always_an_attachment(api, stored, content, name):
    res = stored(content, name)
    resp = api.client.get(res["url"].replace("http://tepian.test", "") + "?inline=1")
    got = fetch(api, res["url"] + "?inline=1")
    assert got.body == content
    assert got.headers["Content-Disposition"].startswith("attachment")
    if resp.status_code == 200:  # served by Tepian itself
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in resp.headers["Content-Security-Policy"]


def test_safe_types_may_be_shown_inline(api, stored, backend):
    if backend == "s3":
        pytest.skip("S3 downloads are always presigned attachments")
    pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    res = stored(pdf, "laporan.pdf")
    got = fetch(api, res["url"] + "?inline=1")
    assert got.headers["Content-Disposition"].startswith("inline")
    assert fetch(api, res["url"]).headers["Content-Disposition"].startswith("attachment")


def test_private_dataset_files_are_hidden_from_others(api, steward, upload):
    ds = api.dataset(org=steward["org"]["name"], private=True)
    res = upload(
        "resource_create", {"package_id": ds["id"]}, CSV, "rahasia.csv", user="petugas"
    ).get_json()["result"]
    assert fetch(api, res["url"]).status == 404
    api.user("warga")
    assert fetch(api, res["url"], user="warga").status == 404
    got = fetch(api, res["url"], user="petugas")
    assert got.status == 200 and got.body == CSV
    assert api.client.get(
        res["url"].replace("http://tepian.test", ""),
        headers={"Authorization": api.tokens["petugas"]},
    ).headers.get("Cache-Control", "no-store") in ("no-store", "private, no-store")


def test_resource_of_another_dataset_is_not_found(api, steward, stored):
    res = stored()
    other = api.dataset(org=steward["org"]["name"])
    url = res["url"].replace(steward["dataset"]["id"], other["id"])
    assert fetch(api, url).status == 404


def test_link_resource_redirects_to_its_url(api, steward):
    res = api.ok(
        "resource_create",
        {"package_id": steward["dataset"]["id"], "url": "https://data.example.go.id/a.csv"},
        user="petugas",
    )
    resp = api.client.get(f"/dataset/{steward['dataset']['name']}/resource/{res['id']}/download")
    assert resp.status_code == 302
    assert resp.headers["Location"] == "https://data.example.go.id/a.csv"


def test_downloads_are_counted(api, stored):
    res = stored()
    fetch(api, res["url"])
    fetch(api, res["url"])
    fetch(api, res["url"], {"Range": "bytes=5-9"})  # a resumed download is not a new one
    assert api.ok("resource_show", {"id": res["id"]})["download_count"] == 2


def test_presigned_redirect_on_s3(api, stored, backend):
    if backend != "s3":
        pytest.skip("only S3 redirects")
    res = stored()
    resp = api.client.get(res["url"].replace("http://tepian.test", ""))
    assert resp.status_code == 302
    location = resp.headers["Location"]
    assert "X-Amz-Signature" in location and "X-Amz-Expires=300" in location
    remote = requests.get(location, timeout=10)
    assert hashlib.sha256(remote.content).hexdigest() == res["hash"]
    assert remote.headers["Content-Disposition"].startswith("attachment")
