"""OPDs (organizations), themes (groups) and memberships."""

import pytest


def test_organization_create_makes_creator_admin_and_lists(api):
    org = api.ok(
        "organization_create",
        {"name": "dishub", "title": "Dinas Perhubungan", "description": "Lalu lintas"},
        user=api.sysadmin(),
    )
    assert org["is_organization"] is True and org["type"] == "organization"
    shown = api.ok("organization_show", {"id": "dishub"}, user=api.sysadmin())
    assert [(u["name"], u["capacity"]) for u in shown["users"]] == [("admin", "admin")]
    assert api.ok("organization_list") == ["dishub"]
    full = api.ok("organization_list", {"all_fields": True})
    assert full[0]["title"] == "Dinas Perhubungan" and full[0]["package_count"] == 0


def test_only_sysadmin_creates_organizations(api):
    api.user("someone")
    resp = api.call("organization_create", {"name": "opd-baru"}, user="someone")
    assert resp.status == 403


@pytest.mark.parametrize("name", ["", "Dinas Baru", "a", "x" * 101])
def test_organization_name_validated(api, name):
    resp = api.call("organization_create", {"name": name}, user=api.sysadmin())
    assert resp.status == 409 and "name" in resp.error


def test_duplicate_organization_name(api):
    api.org("dinsos")
    resp = api.call("organization_create", {"name": "dinsos"}, user=api.sysadmin())
    assert resp.status == 409 and resp.error["name"]


def test_org_admin_updates_org_and_manages_members(api):
    api.user("kepala")
    api.user("staf")
    api.org("dlh", kepala="admin")
    updated = api.ok(
        "organization_patch", {"id": "dlh", "title": "Dinas Lingkungan Hidup"}, user="kepala"
    )
    assert updated["title"] == "Dinas Lingkungan Hidup"
    api.ok(
        "organization_member_create",
        {"id": "dlh", "username": "staf", "role": "editor"},
        user="kepala",
    )
    users = {
        u["name"]: u["capacity"]
        for u in api.ok("organization_show", {"id": "dlh"}, user="kepala")["users"]
    }
    assert users["staf"] == "editor"
    api.ok(
        "organization_member_create",
        {"id": "dlh", "username": "staf", "role": "member"},
        user="kepala",
    )
    api.ok("organization_member_delete", {"id": "dlh", "username": "staf"}, user="kepala")
    users = {u["name"] for u in api.ok("organization_show", {"id": "dlh"}, user="kepala")["users"]}
    assert "staf" not in users


def test_editor_cannot_manage_members_or_update_org(api):
    api.user("editor1")
    api.user("other")
    api.org("dispar", editor1="editor")
    assert (
        api.call(
            "organization_member_create",
            {"id": "dispar", "username": "other", "role": "admin"},
            user="editor1",
        ).status
        == 403
    )
    assert (
        api.call("organization_update", {"id": "dispar", "title": "X"}, user="editor1").status
        == 403
    )


def test_member_create_validation(api):
    api.org("dpupr")
    resp = api.call(
        "organization_member_create",
        {"id": "dpupr", "username": "nobody", "role": "editor"},
        user=api.sysadmin(),
    )
    assert resp.status == 409 and "username" in resp.error
    api.user("u1")
    resp = api.call(
        "organization_member_create",
        {"id": "dpupr", "username": "u1", "role": "boss"},
        user=api.sysadmin(),
    )
    assert resp.status == 409 and "role" in resp.error
    resp = api.call(
        "organization_member_delete", {"id": "dpupr", "username": "u1"}, user=api.sysadmin()
    )
    assert resp.status == 404


def test_members_hidden_from_public(api):
    api.user("staf")
    api.org("bpbd", staf="editor")
    assert api.ok("organization_show", {"id": "bpbd"})["users"] == []


def test_organization_show_include_datasets_respects_privacy(api):
    org = api.org("disnaker")
    api.dataset(org="disnaker", name="terbuka")
    api.dataset(org="disnaker", name="rahasia", private=True)
    shown = api.ok("organization_show", {"id": org["id"], "include_datasets": True})
    assert [p["name"] for p in shown["packages"]] == ["terbuka"]
    assert shown["package_count"] == 1
    shown = api.ok(
        "organization_show", {"id": "disnaker", "include_datasets": True}, user=api.sysadmin()
    )
    assert sorted(p["name"] for p in shown["packages"]) == ["rahasia", "terbuka"]


def test_organization_delete_refuses_while_it_owns_datasets(api):
    api.org("bapenda")
    ds = api.dataset(org="bapenda")
    resp = api.call("organization_delete", {"id": "bapenda"}, user=api.sysadmin())
    assert resp.status == 409
    api.ok("package_delete", {"id": ds["id"]}, user=api.sysadmin())
    assert api.call("organization_delete", {"id": "bapenda"}, user=api.sysadmin()).status == 200
    assert api.call("organization_show", {"id": "bapenda"}).status == 404
    assert "bapenda" not in api.ok("organization_list")


def test_organization_delete_is_sysadmin_only(api):
    api.user("kepala")
    api.org("dinsos", kepala="admin")
    assert api.call("organization_delete", {"id": "dinsos"}, user="kepala").status == 403


def test_organization_users_list_on_update(api):
    api.user("a1")
    api.org("diskop")
    api.ok(
        "organization_update",
        {"id": "diskop", "users": [{"name": "a1", "capacity": "editor"}]},
        user=api.sysadmin(),
    )
    users = {
        u["name"]: u["capacity"]
        for u in api.ok("organization_show", {"id": "diskop"}, user=api.sysadmin())["users"]
    }
    assert users == {"a1": "editor"}
    resp = api.call(
        "organization_update", {"id": "diskop", "users": [{"name": "ghost"}]}, user=api.sysadmin()
    )
    assert resp.status == 409 and "ghost" in str(resp.error["users"])


def test_group_lifecycle(api):
    group = api.ok("group_create", {"name": "kesehatan", "title": "Kesehatan"}, user=api.sysadmin())
    assert group["is_organization"] is False
    ds = api.dataset()
    api.ok(
        "member_create",
        {"id": "kesehatan", "object": ds["id"], "object_type": "package", "capacity": "public"},
        user=api.sysadmin(),
    )
    assert api.ok("group_show", {"id": "kesehatan"})["package_count"] == 1
    assert [
        p["name"]
        for p in api.ok("group_show", {"id": "kesehatan", "include_datasets": True})["packages"]
    ] == [ds["name"]]
    assert api.ok("package_show", {"id": ds["id"]})["groups"][0]["name"] == "kesehatan"
    api.ok(
        "group_update", {"id": "kesehatan", "title": "Kesehatan Masyarakat"}, user=api.sysadmin()
    )
    assert api.ok("group_list", {"all_fields": True})[0]["title"] == "Kesehatan Masyarakat"
    api.ok("group_delete", {"id": "kesehatan"}, user=api.sysadmin())
    assert api.ok("group_list") == []
    assert api.call("group_show", {"id": "kesehatan"}).status == 404


def test_groups_are_sysadmin_managed(api):
    api.user("steward")
    assert api.call("group_create", {"name": "tema-x"}, user="steward").status == 403
    api.group("tema-y")
    assert api.call("group_update", {"id": "tema-y", "title": "X"}, user="steward").status == 403
    assert api.call("group_delete", {"id": "tema-y"}, user="steward").status == 403
    resp = api.call("group_create", {"name": "Bad Name"}, user=api.sysadmin())
    assert resp.status == 409


def test_member_create_needs_edit_rights_on_dataset(api):
    api.user("steward")
    api.group("ekonomi")
    ds = api.dataset()
    resp = api.call(
        "member_create",
        {"id": "ekonomi", "object": ds["id"], "object_type": "package"},
        user="steward",
    )
    assert resp.status == 403
    resp = api.call(
        "member_create",
        {"id": "ekonomi", "object": ds["id"], "object_type": "thing"},
        user="steward",
    )
    assert resp.status == 409
