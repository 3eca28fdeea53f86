"""package_create / update / patch / delete / show / list."""

import pytest

SATU_DATA = {
    "produsen_data": "Dinas Kesehatan",
    "walidata": "Diskominfo Kota Samarinda",
    "frekuensi": "Tahunan",
    "tahun": "2019-2023",
    "temporal_start": "2019-01-01",
    "temporal_end": "2023-12-31",
    "cakupan_wilayah": "Kota Samarinda",
    "kode_wilayah": "6472",
    "satuan": "jiwa",
    "klasifikasi": "Terbuka",
}


def test_create_returns_ckan_package_dict(api):
    org = api.org("dinkes")
    group = api.group("kesehatan")
    pkg = api.ok(
        "package_create",
        {
            "name": "jumlah-kasus-dbd",
            "title": "Jumlah Kasus DBD Menurut Kecamatan",
            "notes": "Data ini menyajikan **kasus** DBD.",
            "owner_org": org["id"],
            "license_id": "cc-by-4.0",
            "tags": [{"name": "DBD"}, {"name": "kesehatan"}],
            "groups": [{"name": group["name"]}],
            "extras": [{"key": "sumber", "value": "Puskesmas"}],
            "resources": [
                {"name": "Tabel", "url": "https://example.go.id/dbd.csv", "format": "csv"}
            ],
            **SATU_DATA,
        },
        user=api.sysadmin(),
    )
    assert pkg["organization"]["name"] == "dinkes"
    assert [t["name"] for t in pkg["tags"]] == ["DBD", "kesehatan"]
    assert pkg["tags"][0]["display_name"] == "DBD"
    assert pkg["groups"][0]["name"] == "kesehatan"
    assert pkg["num_resources"] == 1 and pkg["num_tags"] == 2
    assert pkg["resources"][0]["format"] == "CSV"
    assert pkg["resources"][0]["package_id"] == pkg["id"]
    assert pkg["license_title"].startswith("Creative Commons Attribution 4.0")
    assert pkg["isopen"] is True
    assert pkg["frekuensi"] == "tahunan" and pkg["klasifikasi"] == "terbuka"
    extras = {e["key"]: e["value"] for e in pkg["extras"]}
    assert extras["sumber"] == "Puskesmas"
    assert extras["kode_wilayah"] == "6472"  # Satu Data fields also readable from extras
    assert extras["temporal_start"] == "2019-01-01"
    assert api.ok("package_show", {"id": pkg["name"]})["id"] == pkg["id"]


def test_satu_data_fields_sent_as_extras_land_in_columns(api):
    org = api.org()
    pkg = api.ok(
        "package_create",
        {
            "name": "extras-only",
            "owner_org": org["name"],
            "extras": [{"key": "satuan", "value": "orang"}, {"key": "tahun", "value": "2023"}],
        },
        user=api.sysadmin(),
    )
    assert pkg["satuan"] == "orang" and pkg["tahun"] == "2023"
    assert sorted(e["key"] for e in pkg["extras"]) == ["klasifikasi", "satuan", "tahun"]


@pytest.mark.parametrize(
    "field,value,fragment",
    [
        ("name", "Huruf Besar", "lowercase"),
        ("name", "a", "2 to 100"),
        ("name", "x" * 101, "2 to 100"),
        ("title", "t" * 501, "Longer than maximum"),
        ("private", "perhaps", "boolean"),
        ("tags", [{"name": "a"}], "length"),
        ("tags", [{"name": "bad<tag>"}], "alphanumeric"),
        ("tags", "not-a-list", "list"),
        ("frekuensi", "kadang-kadang", "Frekuensi"),
        ("klasifikasi", "rahasia", "Klasifikasi"),
        ("tahun", "tahun lalu", "Tahun"),
        ("kode_wilayah", "ABC", "BPS"),
        ("temporal_start", "kemarin", "date"),
        ("author_email", "bukan-email", "Email"),
        ("url", "javascript:alert(1)", "scheme"),
        ("extras", [{"key": "a", "value": {"x": 1}}], "strings"),
        ("resources", [{"size": "besar"}], "integer"),
    ],
)
def test_invalid_field_names_the_field(api, field, value, fragment):
    org = api.org()
    resp = api.call(
        "package_create",
        {"name": "valid-name", "owner_org": org["name"], field: value},
        user=api.sysadmin(),
    )
    assert resp.status == 409
    assert resp.error["__type"] == "Validation Error"
    assert fragment.lower() in str(resp.error[field]).lower()
    # nothing half-written
    assert api.call("package_show", {"id": "valid-name"}, user=api.sysadmin()).status == 404


def test_duplicate_name_is_refused(api):
    ds = api.dataset()
    resp = api.call(
        "package_create", {"name": ds["name"], "owner_org": ds["owner_org"]}, user=api.sysadmin()
    )
    assert resp.status == 409
    assert resp.error["name"] == ["That URL is already in use."]


def test_owner_org_is_required_and_must_exist(api):
    resp = api.call("package_create", {"name": "no-org"}, user=api.sysadmin())
    assert resp.status == 409 and "owner_org" in resp.error
    resp = api.call("package_create", {"name": "no-org", "owner_org": "nope"}, user=api.sysadmin())
    assert resp.error["owner_org"] == ["Organization does not exist"]


def test_unknown_group_is_a_validation_error(api):
    org = api.org()
    resp = api.call(
        "package_create",
        {"name": "ds-x", "owner_org": org["name"], "groups": [{"name": "nope"}]},
        user=api.sysadmin(),
    )
    assert resp.status == 409 and "nope" in resp.error["groups"][0]


def test_anonymous_cannot_create(api):
    org = api.org()
    resp = api.call("package_create", {"name": "anon", "owner_org": org["name"]})
    assert resp.status == 403


@pytest.mark.parametrize("role,allowed", [("admin", True), ("editor", True), ("member", False)])
def test_roles_creating_in_their_opd(api, role, allowed):
    api.user("steward")
    org = api.org(steward=role)
    resp = api.call("package_create", {"name": "by-role", "owner_org": org["name"]}, user="steward")
    assert (resp.status == 200) is allowed
    if not allowed:
        assert resp.error["__type"] == "Authorization Error"


def test_editor_cannot_edit_other_opd_dataset(api):
    api.user("steward")
    api.org("mine", steward="editor")
    other = api.dataset(org=api.org("theirs")["name"])
    resp = api.call("package_patch", {"id": other["id"], "title": "Diubah"}, user="steward")
    assert resp.status == 403
    assert api.ok("package_show", {"id": other["id"]})["title"] != "Diubah"
    resp = api.call("package_create", {"name": "sneaky", "owner_org": "theirs"}, user="steward")
    assert resp.status == 403


def test_update_replaces_fields_but_keeps_lists_not_sent(api):
    ds = api.dataset(
        notes="Catatan",
        tags=[{"name": "lama"}],
        resources=[{"url": "https://example.go.id/a.csv"}],
        satuan="jiwa",
    )
    updated = api.ok(
        "package_update",
        {"id": ds["id"], "name": ds["name"], "title": "Judul Baru", "owner_org": ds["owner_org"]},
        user=api.sysadmin(),
    )
    assert updated["title"] == "Judul Baru"
    assert updated["notes"] == "" and updated["satuan"] == ""  # scalars replaced, as in CKAN
    assert [t["name"] for t in updated["tags"]] == ["lama"]  # lists kept when not sent
    assert updated["num_resources"] == 1
    assert updated["metadata_modified"] > ds["metadata_modified"]


def test_update_resources_by_id_keeps_and_removes(api):
    ds = api.dataset(resources=[{"url": "https://e.go.id/a.csv"}, {"url": "https://e.go.id/b.csv"}])
    first = ds["resources"][0]
    updated = api.ok(
        "package_update",
        {**ds, "resources": [{**first, "name": "Ganti"}, {"url": "https://e.go.id/c.csv"}]},
        user=api.sysadmin(),
    )
    assert [r["url"] for r in updated["resources"]] == [
        "https://e.go.id/a.csv",
        "https://e.go.id/c.csv",
    ]
    assert updated["resources"][0]["id"] == first["id"]
    assert updated["resources"][0]["name"] == "Ganti"


def test_update_accepts_package_show_output_unchanged(api):
    ds = api.dataset(tags=[{"name": "sekolah"}], extras=[{"key": "a", "value": "b"}], **SATU_DATA)
    again = api.ok("package_update", api.ok("package_show", {"id": ds["id"]}), user=api.sysadmin())
    for key in ("name", "title", "tags", "extras", "resources", "organization", *SATU_DATA):
        assert again[key] == ds[key], key


def test_patch_changes_only_given_fields(api):
    ds = api.dataset(notes="Tetap", tags=[{"name": "tetap"}])
    patched = api.ok("package_patch", {"id": ds["name"], "title": "Baru"}, user=api.sysadmin())
    assert patched["title"] == "Baru" and patched["notes"] == "Tetap"
    assert [t["name"] for t in patched["tags"]] == ["tetap"]


def test_patch_validation_error_writes_nothing(api):
    ds = api.dataset()
    resp = api.call(
        "package_patch", {"id": ds["id"], "title": "Baru", "tahun": "x"}, user=api.sysadmin()
    )
    assert resp.status == 409 and "tahun" in resp.error
    assert api.ok("package_show", {"id": ds["id"]})["title"] == ds["title"]


def test_rename_to_taken_name_is_refused(api):
    a, b = api.dataset(), api.dataset()
    resp = api.call("package_patch", {"id": a["id"], "name": b["name"]}, user=api.sysadmin())
    assert resp.status == 409 and "name" in resp.error


def test_delete_is_soft_and_hides_the_dataset(api):
    api.user("steward")
    org = api.org(steward="editor")
    ds = api.dataset(org=org["name"])
    api.ok("package_delete", {"id": ds["id"]}, user="steward")
    assert api.call("package_show", {"id": ds["id"]}).status == 404
    assert ds["name"] not in api.ok("package_list")
    shown = api.ok("package_show", {"id": ds["id"]}, user="steward")
    assert shown["state"] == "deleted"  # still there for its OPD: nothing purged
    other = api.dataset(org=org["name"])
    assert api.call("package_delete", {"id": other["id"]}).status == 403


@pytest.mark.parametrize(
    "action", ["package_show", "package_update", "package_patch", "package_delete"]
)
def test_unknown_dataset_is_404(api, action):
    resp = api.call(action, {"id": "does-not-exist"}, user=api.sysadmin())
    assert resp.status == 404 and resp.error["__type"] == "Not Found Error"


def test_private_dataset_is_invisible_without_membership(api):
    api.user("member1")
    api.user("outsider")
    org = api.org(member1="member")
    ds = api.dataset(org=org["name"], private=True)
    assert api.call("package_show", {"id": ds["id"]}).status == 404
    assert api.call("package_show", {"id": ds["id"]}, user="outsider").status == 404
    assert api.ok("package_show", {"id": ds["id"]}, user="member1")["private"] is True
    assert ds["name"] not in api.ok("package_list")
    assert api.ok("package_search", {"q": "*:*"})["count"] == 0
    assert api.ok("package_search", {"include_private": True}, user="outsider")["count"] == 0
    assert api.ok("package_search", {"include_private": True}, user="member1")["count"] == 1


def test_draft_visible_only_to_editors_and_with_include_drafts(api):
    api.user("editor1")
    org = api.org(editor1="editor")
    draft = api.ok(
        "package_create",
        {"name": "konsep", "owner_org": org["name"], "state": "draft"},
        user="editor1",
    )
    assert draft["state"] == "draft"
    assert api.call("package_show", {"id": "konsep"}).status == 404
    assert api.ok("package_search", {}, user="editor1")["count"] == 0
    assert api.ok("package_search", {"include_drafts": True}, user="editor1")["count"] == 1
    assert api.ok("package_search", {"include_drafts": True})["count"] == 0


def test_package_list_and_current_package_list(api):
    a = api.dataset(name="alpha")
    api.dataset(name="beta")
    assert api.ok("package_list") == ["alpha", "beta"]
    assert api.ok("package_list", {"limit": 1, "offset": 1}) == ["beta"]
    current = api.ok("current_package_list_with_resources", {"limit": 1})
    assert len(current) == 1 and current[0]["name"] == "beta"
    assert "resources" in current[0]
    assert a["name"] == "alpha"


def test_package_list_rejects_bad_limit(api):
    resp = api.call("package_list", {"limit": "banyak"}, method="GET")
    assert resp.status == 409 and "limit" in resp.error


def test_create_with_given_id_then_duplicate_id_refused(api):
    org = api.org()
    fixed = "0f5b8f8e-4a57-4c43-9e0f-5c5c5c5c5c5c"
    assert (
        api.ok(
            "package_create",
            {"id": fixed, "name": "with-id", "owner_org": org["name"]},
            user=api.sysadmin(),
        )["id"]
        == fixed
    )
    resp = api.call(
        "package_create",
        {"id": fixed, "name": "with-id-2", "owner_org": org["name"]},
        user=api.sysadmin(),
    )
    assert resp.status == 409 and "id" in resp.error


def test_only_sysadmins_choose_ids_and_names_cannot_be_uuids(api):
    api.user("editor1")
    org = api.org(editor1="editor")
    target = api.dataset(org=org["name"])
    other = api.org(editor1="editor")
    resp = api.call(
        "package_create",
        {"name": "copy", "owner_org": other["name"], "id": "a" * 8 + "-aaaa-4aaa-8aaa-" + "a" * 12},
        user="editor1",
    )
    assert resp.status == 409 and "sysadmin" in resp.error["id"][0]
    resp = api.call(
        "package_create",
        {"name": "x", "owner_org": org["name"], "id": target["name"]},
        user=api.sysadmin(),
    )
    assert resp.status == 409 and "UUID" in resp.error["id"][0]
    resp = api.call(
        "package_create", {"name": target["id"], "owner_org": org["name"]}, user="editor1"
    )
    assert resp.status == 409 and "name" in resp.error
    resp = api.call(
        "resource_create",
        {"package_id": target["id"], "url": "https://e.go.id/x", "id": "../../etc"},
        user="editor1",
    )
    assert resp.status == 409 and "id" in resp.error
    assert api.ok("package_show", {"id": target["name"]})["id"] == target["id"]
