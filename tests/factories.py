"""Test helpers that create objects through the real actions, so their rules apply."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from catalog.db import transaction
from catalog.services import call
from catalog.services.common import get_user
from catalog.services.users import create_account

_counter = itertools.count(1)


@dataclass
class Response:
    status: int
    body: dict

    @property
    def result(self) -> Any:
        assert self.body["success"] is True, self.body
        return self.body["result"]

    @property
    def error(self) -> dict:
        assert self.body["success"] is False, self.body
        return self.body["error"]


@dataclass
class Api:
    app: Any
    client: Any
    tokens: dict[str, str] = field(default_factory=dict)

    def call(
        self, name: str, data: dict | None = None, *, user: str | None = None, method: str = "POST"
    ) -> Response:
        headers = {}
        if user is not None:
            headers["Authorization"] = self.tokens[user]
        if method == "GET":
            resp = self.client.get(
                f"/api/3/action/{name}", query_string=data or {}, headers=headers
            )
        else:
            resp = self.client.post(
                f"/api/3/action/{name}",
                data=json.dumps(data or {}),
                headers=headers,
                content_type="application/json",
            )
        return Response(resp.status_code, resp.get_json())

    def ok(self, name: str, data: dict | None = None, *, user: str | None = None) -> Any:
        resp = self.call(name, data, user=user)
        assert resp.status == 200, resp.body
        return resp.result

    # factories --------------------------------------------------------------------------------
    def user(self, name: str | None = None, *, sysadmin: bool = False) -> str:
        name = name or f"user{next(_counter)}"
        with self.app.app_context():
            with transaction() as session:
                create_account(
                    session,
                    None,
                    {
                        "name": name,
                        "email": f"{name}@example.go.id",
                        "password": "kata-sandi-rahasia",
                        "sysadmin": sysadmin,
                    },
                )
                owner = get_user(session, name)
                token = call("api_token_create", session, owner, {"user": name, "name": "test"})
        self.tokens[name] = token["token"]
        return name

    def sysadmin(self) -> str:
        if "admin" not in self.tokens:
            self.user("admin", sysadmin=True)
        return "admin"

    def org(self, name: str | None = None, **members: str) -> dict:
        """An OPD; ``members`` maps user names to roles."""
        name = name or f"opd-{next(_counter)}"
        org = self.ok(
            "organization_create", {"name": name, "title": name.title()}, user=self.sysadmin()
        )
        for username, role in members.items():
            self.ok(
                "organization_member_create",
                {"id": name, "username": username, "role": role},
                user=self.sysadmin(),
            )
        return org

    def group(self, name: str | None = None) -> dict:
        name = name or f"tema-{next(_counter)}"
        return self.ok("group_create", {"name": name, "title": name.title()}, user=self.sysadmin())

    def dataset(self, org: str | None = None, **fields: Any) -> dict:
        org = org or self.org()["name"]
        data = {
            "name": f"dataset-{next(_counter)}",
            "title": "Jumlah Penduduk Menurut Kecamatan",
            "owner_org": org,
            **fields,
        }
        return self.ok("package_create", data, user=self.sysadmin())
