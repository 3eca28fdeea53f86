"""The Action API's envelope, error types and status codes."""

import pytest


def test_status_show_has_ckan_envelope(client):
    resp = client.get("/api/3/action/status_show")
    body = resp.get_json()
    assert resp.status_code == 200
    assert body["success"] is True
    assert "help" in body
    assert body["result"]["ckan_version"].startswith("2.")


def test_unversioned_path_works(client):
    assert client.get("/api/action/site_read").get_json()["result"] is True


def test_unknown_action_is_400(client):
    body = client.get("/api/3/action/no_such_action").get_json()
    assert body["success"] is False
    assert body["error"]["__type"] == "Bad request"


def test_write_action_refuses_get(api):
    resp = api.call("package_create", {"name": "x"}, method="GET")
    assert resp.status == 400
    assert "POST" in resp.error["message"]


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe"],
    ids=["broken", "list", "str", "bytes"],
)
def test_malformed_json_is_a_validation_error(api, client, body):
    admin = api.sysadmin()
    resp = client.post(
        "/api/3/action/package_create",
        data=body,
        headers={"Authorization": api.tokens[admin]},
        content_type="application/json",
    )
    assert resp.status_code == 409
    assert resp.get_json()["error"]["__type"] == "Validation Error"


def test_invalid_token_is_anonymous(client):
    resp = client.post(
        "/api/3/action/package_create",
        json={"name": "abc"},
        headers={"Authorization": "tpn_not-a-real-token"},
    )
    assert resp.status_code == 403
    assert resp.get_json()["error"]["__type"] == "Authorization Error"


def test_bearer_and_ckan_header_are_accepted(api, client):
    admin = api.sysadmin()
    for headers in (
        {"Authorization": f"Bearer {api.tokens[admin]}"},
        {"X-CKAN-API-Key": api.tokens[admin]},
    ):
        resp = client.post(
            "/api/3/action/group_create",
            json={"name": f"g-{len(headers)}x{id(headers) % 97}"},
            headers=headers,
        )
        assert resp.status_code == 200, resp.get_json()


def test_form_encoded_post_is_read(api, client):
    admin = api.sysadmin()
    resp = client.post(
        "/api/3/action/organization_create",
        data={"name": "dinas-form", "title": "Dinas Form"},
        headers={"Authorization": api.tokens[admin]},
    )
    assert resp.status_code == 200
    assert resp.get_json()["result"]["name"] == "dinas-form"


def test_cookie_write_without_csrf_token_is_refused(api, app, client):
    api.user("steward")
    app.config["WTF_CSRF_ENABLED"] = True
    with client.session_transaction() as sess:
        from sqlalchemy import select

        from catalog.db import get_session
        from catalog.models import User

        with app.app_context():
            user_id = get_session().scalars(select(User.id).where(User.name == "steward")).one()
        sess["_user_id"] = user_id
        sess["_fresh"] = True
    resp = client.post("/api/3/action/api_token_create", json={"user": "steward", "name": "x"})
    assert resp.status_code == 403
    assert "CSRF" in resp.get_json()["error"]["message"]
