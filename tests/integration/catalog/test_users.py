"""Accounts and API tokens."""

import pytest


def test_sysadmin_creates_user_and_email_is_private(api):
    user = api.ok(
        "user_create",
        {"name": "budi", "email": "budi@dinkes.go.id", "password": "rahasia-sekali"},
        user=api.sysadmin(),
    )
    assert (
        user["email"] == "budi@dinkes.go.id"
        and "password" not in user
        and "password_hash" not in user
    )
    public = api.ok("user_show", {"id": "budi"})
    assert "email" not in public
    assert [u["name"] for u in api.ok("user_list")] == ["admin", "budi"]
    assert api.ok("user_list", {"all_fields": False, "q": "bud"}) == ["budi"]


def test_anonymous_and_users_cannot_create_accounts(api):
    api.user("biasa")
    data = {"name": "baru", "email": "baru@x.go.id", "password": "rahasia-sekali"}
    assert api.call("user_create", data).status == 403
    assert api.call("user_create", data, user="biasa").status == 403


@pytest.mark.parametrize(
    "data,field",
    [
        ({"name": "x y", "email": "a@b.go.id", "password": "rahasia-sekali"}, "name"),
        ({"name": "valid", "email": "bukan", "password": "rahasia-sekali"}, "email"),
        ({"name": "valid", "email": "a@b.go.id", "password": "pendek"}, "password"),
        ({"name": "valid", "email": "a@b.go.id"}, "password"),
        ({"name": "admin", "email": "a@b.go.id", "password": "rahasia-sekali"}, "name"),
    ],
)
def test_user_create_validation(api, data, field):
    resp = api.call("user_create", data, user=api.sysadmin())
    assert resp.status == 409 and field in resp.error


def test_user_updates_self_but_not_others_nor_sysadmin_flag(api):
    api.user("ani")
    api.user("budi")
    assert (
        api.ok("user_update", {"id": "ani", "fullname": "Ani Lestari"}, user="ani")["fullname"]
        == "Ani Lestari"
    )
    assert api.call("user_update", {"id": "budi", "fullname": "X"}, user="ani").status == 403
    assert api.call("user_update", {"id": "ani", "sysadmin": True}, user="ani").status == 403
    assert (
        api.ok("user_update", {"id": "ani", "sysadmin": True}, user=api.sysadmin())["sysadmin"]
        is True
    )


def test_token_create_use_and_revoke(api, client):
    api.user("dev")
    token = api.ok("api_token_create", {"user": "dev", "name": "skrip"}, user="dev")["token"]
    listed = api.ok("api_token_list", {"user": "dev"}, user="dev")
    assert {t["name"] for t in listed} == {"test", "skrip"}
    assert all("token" not in t for t in listed)
    resp = client.post("/api/3/action/api_token_list", json={}, headers={"Authorization": token})
    assert resp.status_code == 200
    api.ok("api_token_revoke", {"token": token}, user="dev")
    resp = client.post("/api/3/action/api_token_list", json={}, headers={"Authorization": token})
    assert resp.status_code == 403


def test_tokens_only_for_yourself(api):
    api.user("ani")
    api.user("budi")
    assert api.call("api_token_create", {"user": "budi", "name": "x"}, user="ani").status == 403
    jti = api.ok("api_token_list", {"user": "budi"}, user="budi")[0]["id"]
    assert api.call("api_token_revoke", {"jti": jti}, user="ani").status == 403
    assert api.call("api_token_create", {"user": "budi", "name": ""}, user="budi").status == 409


def test_expired_token_is_refused(api, client, app):
    from datetime import timedelta

    from catalog.db import transaction, utcnow
    from catalog.models import ApiToken

    api.user("dev")
    token = api.ok(
        "api_token_create", {"user": "dev", "name": "sebentar", "expires_in": 1}, user="dev"
    )
    with app.app_context():
        with transaction() as session:
            session.get(ApiToken, token["id"]).expires_at = utcnow() - timedelta(seconds=1)
    resp = client.post(
        "/api/3/action/api_token_list", json={}, headers={"Authorization": token["token"]}
    )
    assert resp.status_code == 403
