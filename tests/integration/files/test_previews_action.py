"""resource_preview_show: computed once per file version, permission-checked, cached."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from catalog.db import transaction
from catalog.models import ResourcePreview

CSV = b"kecamatan;penduduk\nPalaran;1.234\nSambutan;2.000\n"


def _previews(app) -> int:
    with app.app_context(), transaction() as session:
        return session.scalar(select(func.count()).select_from(ResourcePreview))


def test_csv_preview_is_a_table_and_is_cached_per_version(api, app, steward, upload):
    res = upload(
        "resource_create", {"package_id": steward["dataset"]["id"]}, CSV, user="petugas"
    ).get_json()["result"]
    first = api.ok("resource_preview_show", {"id": res["id"]})
    assert first["kind"] == "table" and first["file_version"] == 1
    assert [c["type"] for c in first["columns"]] == ["text", "integer"]
    assert api.ok("resource_preview_show", {"id": res["id"]}) == first
    assert _previews(app) == 1
    upload("resource_update", {"id": res["id"]}, b"a,b\nx,y\n", user="petugas")
    second = api.ok("resource_preview_show", {"id": res["id"]})
    assert second["file_version"] == 2 and second["rows"] == [["x", "y"]]
    assert _previews(app) == 2


def test_pdf_preview_points_at_the_inline_file(api, steward, upload):
    pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    res = upload(
        "resource_create", {"package_id": steward["dataset"]["id"]}, pdf, "a.pdf", user="petugas"
    ).get_json()["result"]
    got = api.ok("resource_preview_show", {"id": res["id"]})
    assert got["kind"] == "pdf" and got["url"] == res["url"] + "?inline=1"


def test_link_resource_has_no_preview(api, steward):
    res = api.ok(
        "resource_create",
        {"package_id": steward["dataset"]["id"], "url": "https://e.go.id/a.csv"},
        user="petugas",
    )
    assert api.ok("resource_preview_show", {"id": res["id"]})["kind"] == "none"


@pytest.mark.parametrize("who", [None, "warga"])
def test_private_resource_preview_is_not_found_for_others(api, steward, upload, who):
    ds = api.dataset(org=steward["org"]["name"], private=True)
    res = upload("resource_create", {"package_id": ds["id"]}, CSV, user="petugas").get_json()[
        "result"
    ]
    if who:
        api.user(who)
    assert api.call("resource_preview_show", {"id": res["id"]}, user=who).status == 404
    assert api.ok("resource_preview_show", {"id": res["id"]}, user="petugas")["kind"] == "table"
