"""Uploading files through resource_create / _update / _patch, on local storage and S3."""

from __future__ import annotations

import hashlib

import pytest

from tests.integration.files.helpers import CountingStream, multipart, post_raw

CSV = b"kecamatan,jumlah\nSamarinda Ulu,1.234\nSungai Kunjang,987\n"


def _pkg(api, steward):
    return api.ok("package_show", {"id": steward["dataset"]["id"]})


def test_upload_creates_a_file_resource(api, steward, upload, stored_objects):
    resp = upload(
        "resource_create",
        {"package_id": steward["dataset"]["id"], "name": "Penduduk"},
        CSV,
        "penduduk 2024.csv",
        user="petugas",
    )
    assert resp.status_code == 200, resp.get_json()
    res = resp.get_json()["result"]
    ds_id = steward["dataset"]["id"]
    assert res["url_type"] == "upload"
    assert res["url"] == (
        f"http://tepian.test/dataset/{ds_id}/resource/{res['id']}/download/penduduk%202024.csv"
    )
    assert res["size"] == len(CSV)
    assert res["hash"] == hashlib.sha256(CSV).hexdigest()
    assert (res["format"], res["mimetype"]) == ("CSV", "text/csv")
    assert len(stored_objects()) == 1
    assert [r["id"] for r in _pkg(api, steward)["resources"]] == [res["id"]]


def test_new_upload_replaces_the_file_and_removes_the_old_object(
    api, steward, upload, storage, stored_objects
):
    first = upload(
        "resource_create", {"package_id": steward["dataset"]["id"]}, CSV, user="petugas"
    ).get_json()["result"]
    old_objects = stored_objects()
    new = b"a;b\n1;2\n"
    resp = upload(
        "resource_update", {"id": first["id"], "name": "Baru"}, new, "b.csv", user="petugas"
    )
    res = resp.get_json()["result"]
    assert res["hash"] == hashlib.sha256(new).hexdigest() and res["name"] == "Baru"
    assert res["url"].endswith("/download/b.csv")
    objects = stored_objects()
    assert len(objects) == 1 and objects != old_objects


def test_patch_without_a_file_keeps_the_upload(api, steward, upload):
    res = upload(
        "resource_create", {"package_id": steward["dataset"]["id"]}, CSV, user="petugas"
    ).get_json()["result"]
    patched = api.ok("resource_patch", {"id": res["id"], "description": "Tabel"}, user="petugas")
    assert patched["url_type"] == "upload" and patched["hash"] == res["hash"]
    # Sending back what resource_show returned (with lies about size) changes nothing.
    shown = api.ok("resource_show", {"id": res["id"]})
    updated = api.ok("resource_update", {**shown, "size": 1, "hash": "x"}, user="petugas")
    assert (updated["url"], updated["size"], updated["hash"]) == (
        res["url"],
        res["size"],
        res["hash"],
    )
    assert "download_count" not in api.ok("resource_show", {"id": res["id"]}).get("extras", {})


def test_upload_url_follows_the_site_address(api, app, steward, upload):
    res = upload(
        "resource_create", {"package_id": steward["dataset"]["id"]}, CSV, user="petugas"
    ).get_json()["result"]
    app.config["SITE_URL"] = "https://data.samarindakota.go.id"
    moved = api.ok("resource_show", {"id": res["id"]})
    assert moved["url"] == res["url"].replace(
        "http://tepian.test", "https://data.samarindakota.go.id"
    )
    # Sending back the new URL keeps the file (it is the same file at the new address).
    kept = api.ok("resource_update", {**moved, "description": "x"}, user="petugas")
    assert kept["url_type"] == "upload" and kept["hash"] == res["hash"]


def test_empty_file_is_refused_and_nothing_is_stored(api, steward, upload, stored_objects):
    resp = upload("resource_create", {"package_id": steward["dataset"]["id"]}, b"", user="petugas")
    assert resp.status_code == 409
    assert "empty" in resp.get_json()["error"]["upload"][0]
    assert stored_objects() == [] and _pkg(api, steward)["num_resources"] == 0


def test_oversize_upload_is_refused_before_reading_it(api, steward, stored_objects):
    body = multipart({"package_id": steward["dataset"]["id"]}, "big.csv", b"x" * (3 * 1024**2))
    stream = CountingStream(body)
    resp = post_raw(api, "resource_create", body, user="petugas", stream=stream)
    assert resp.status_code == 409
    assert "upload limit" in resp.get_json()["error"]["upload"][0]
    assert stream.read_bytes < 256 * 1024  # the file itself was never read
    assert stored_objects() == [] and _pkg(api, steward)["num_resources"] == 0


def test_oversize_upload_without_length_stops_at_the_limit(api, steward, stored_objects):
    body = multipart({"package_id": steward["dataset"]["id"]}, "big.csv", b"x" * (6 * 1024**2))
    stream = CountingStream(body)
    resp = api.client.post(
        "/api/3/action/resource_create",
        input_stream=stream,
        content_type="multipart/form-data; boundary=" + body[2:].split(b"\r\n", 1)[0].decode(),
        headers={"Authorization": api.tokens["petugas"], "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert resp.status_code == 409, resp.get_json()
    assert "upload limit" in resp.get_json()["error"]["upload"][0]
    assert stream.read_bytes < 4 * 1024**2  # stopped soon after the 2 MiB limit
    assert stored_objects() == []


def test_outsider_is_refused_before_the_file_is_read(api, steward, stored_objects):
    api.user("orang-luar")
    body = multipart({"package_id": steward["dataset"]["id"]}, "a.csv", b"x" * 1024**2)
    stream = CountingStream(body)
    resp = post_raw(api, "resource_create", body, user="orang-luar", stream=stream)
    assert resp.status_code == 403
    assert stream.read_bytes < 256 * 1024
    assert stored_objects() == []


@pytest.mark.parametrize(
    ("sent", "offered"),
    [
        ("../../etc/passwd.csv", "passwd.csv"),
        # In a quoted multipart header a backslash escapes the next character, so the
        # folders of a Windows path arrive glued together, never as separators.
        ("..\\..\\Windows\\win.csv", "Windowswin.csv"),
        ("CON.csv", "_CON.csv"),
        ("lap\x07oran\u202e.csv", "laporan.csv"),
        ("data<>:|?*.csv", "data______.csv"),
        ("....", "berkas"),
    ],
)
def test_file_names_are_made_safe(api, steward, upload, sent, offered):
    res = upload(
        "resource_create", {"package_id": steward["dataset"]["id"]}, CSV, sent, user="petugas"
    ).get_json()["result"]
    from urllib.parse import unquote

    assert unquote(res["url"].rsplit("/download/", 1)[1]) == offered
    resp = api.client.get(res["url"].replace("http://tepian.test", ""))
    if resp.status_code == 302:  # S3: the presigned URL carries the name
        assert "response-content-disposition" in resp.headers["Location"]
    else:
        assert offered.split(".")[0] in resp.headers["Content-Disposition"]


@pytest.mark.parametrize(
    ("content", "name", "fmt", "mimetype"),
    [
        (
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
            "tabel.csv",
            "PDF",
            "application/pdf",
        ),
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "data.csv", "HTML", "text/html"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "peta.pdf", "PNG", "image/png"),
        (b"a,b\n1,2\n", "angka.xlsx", "CSV", "text/csv"),
    ],
)
def test_content_decides_the_format_not_the_extension(
    api, steward, upload, content, name, fmt, mimetype
):
    res = upload(
        "resource_create",
        {"package_id": steward["dataset"]["id"], "format": "XLSX"},
        content,
        name,
        user="petugas",
    ).get_json()["result"]
    assert (res["format"], res["mimetype"]) == (fmt, mimetype)


def test_text_upload_keeps_the_format_the_steward_typed(api, steward, upload):
    res = upload(
        "resource_create",
        {"package_id": steward["dataset"]["id"], "format": "SAV"},
        b"just some words\n",
        "catatan",
        user="petugas",
    ).get_json()["result"]
    assert res["format"] == "SAV"


def test_fields_after_the_file_are_refused(api, steward, stored_objects):
    body = multipart({"package_id": steward["dataset"]["id"]}, "a.csv", CSV, {"name": "terlambat"})
    resp = post_raw(api, "resource_create", body, user="petugas")
    assert resp.status_code == 409
    assert "name" in resp.get_json()["error"]["upload"][0]
    assert stored_objects() == [] and _pkg(api, steward)["num_resources"] == 0


def test_a_file_sent_as_text_is_refused(api, steward):
    resp = api.call(
        "resource_create",
        {"package_id": steward["dataset"]["id"], "upload": "a.csv"},
        user="petugas",
    )
    assert resp.status == 409 and "multipart" in resp.error["upload"][0]
