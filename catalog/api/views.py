"""``/api/3/action/<name>`` and ``/api/action/<name>``.

GET (query string) works for read actions only; POST takes JSON, a form, or multipart (for
uploads). Domain errors map to CKAN's error types and status codes here, and only here.
"""

from __future__ import annotations

import json
import logging

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException

from catalog import errors
from catalog.auth.login import current_actor
from catalog.db import transaction
from catalog.services import get_action
from catalog.services.multipart import MultipartBody

bp = Blueprint("api", __name__)
log = logging.getLogger(__name__)

MAX_JSON_BYTES = 10 * 1024 * 1024


def _envelope(name: str, payload: dict, status: int) -> Response:
    help_url = f"{current_app.config['SITE_URL']}/api/3/action/help_show?name={name}"
    body = {"help": help_url, **payload}
    return Response(
        json.dumps(body, ensure_ascii=False, default=str),
        status=status,
        mimetype="application/json",
    )


def _error(
    action: str, status: int, type_: str, message: str, fields: dict | None = None
) -> Response:
    error = {"__type": type_, "message": message, **(fields or {})}
    return _envelope(action, {"success": False, "error": error}, status)


def _refuse_nul(value: object, depth: int = 0) -> None:
    """NUL characters are never data here, and PostgreSQL refuses them: stop them at the door."""
    if isinstance(value, str):
        if "\x00" in value:
            raise errors.ValidationError(
                {"__root__": ["Parameters must not contain NUL characters."]}
            )
    elif isinstance(value, dict) and depth < 20:
        for key, item in value.items():
            _refuse_nul(key, depth + 1)
            _refuse_nul(item, depth + 1)
    elif isinstance(value, list) and depth < 20:
        for item in value:
            _refuse_nul(item, depth + 1)


def _not_json(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


def _request_data() -> dict:
    """The action's parameters, from the query string, a JSON body or a form."""
    if request.method == "GET":
        data: dict = {}
        for key in request.args:
            values = request.args.getlist(key)
            data[key] = values if len(values) > 1 else values[0]
        return data
    if request.mimetype == "multipart/form-data":
        # Fields up to the file; the file stays a stream on the socket until the action
        # (after its permission and field checks) streams it into storage.
        body = MultipartBody(
            request.stream,
            request.mimetype_params.get("boundary", ""),
            content_length=request.content_length,
        )
        data, upload = body.read_until_file()
        if upload is not None:
            data["upload"] = upload
        return data
    if request.content_length and request.content_length > MAX_JSON_BYTES:
        raise errors.ValidationError({"__root__": ["Request body is too large."]})
    if request.mimetype == "application/x-www-form-urlencoded":
        return {k: v for k, v in request.form.items()}
    raw = request.get_data(cache=False)
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw, parse_constant=_not_json)
    except RecursionError:
        raise errors.ValidationError({"__root__": ["Request body is nested too deeply."]}) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise errors.ValidationError(
            {"__root__": [f"Request body is not valid JSON: {exc}"]}
        ) from None
    if not isinstance(data, dict):
        raise errors.ValidationError({"__root__": ["Request body must be a JSON object."]})
    return data


@bp.route("/api/3/action/<name>", methods=["GET", "POST"])
@bp.route("/api/action/<name>", methods=["GET", "POST"])
def call_action(name: str) -> Response:
    try:
        action = get_action(name)
    except errors.NotFound:
        return _error(name, 400, "Bad request", f"Action name not known: {name}")
    if action.write and request.method == "GET":
        return _error(
            name, 400, "Bad request", f"Bad request - JSON Error: {name} must be called with POST"
        )
    try:
        data = _request_data()
        _refuse_nul(data)
        actor = current_actor()
        if action.write and actor is not None and not request.environ.get("tepian.token_auth"):
            _check_csrf()
        with transaction() as session:
            result = action.fn(session, actor, data)
    except errors.ValidationError as exc:
        fields = exc.errors if isinstance(exc.errors, dict) else {"__root__": exc.errors}
        return _error(name, 409, "Validation Error", exc.message, fields)
    except errors.Conflict as exc:
        return _error(name, 409, "Validation Error", exc.message, {"__root__": [exc.message]})
    except errors.PermissionDenied as exc:
        return _error(name, 403, "Authorization Error", f"Access denied: {exc.message}")
    except errors.NotFound as exc:
        return _error(name, 404, "Not Found Error", f"Not found: {exc.message}")
    except errors.SearchQueryError as exc:
        return _error(name, 400, "Search Query Error", f"Search Query Error: {exc.message}")
    except HTTPException:
        raise  # e.g. a client that went away mid-upload: Werkzeug answers it
    except Exception:  # noqa: BLE001 - clients get CKAN's envelope, operators the traceback
        log.exception("action %s failed", name)
        return _error(name, 500, "Internal Error", "Internal Server Error")
    return _envelope(name, {"success": True, "result": result}, 200)


def _check_csrf() -> None:
    """Writes authenticated by the session cookie need the page's CSRF token, as in CKAN 2.10."""
    from flask_wtf.csrf import ValidationError as CSRFError
    from flask_wtf.csrf import validate_csrf

    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    try:
        validate_csrf(request.headers.get("X-CSRFToken", ""))
    except CSRFError:
        raise errors.PermissionDenied(
            "a write with the session cookie needs the X-CSRFToken header (or use an API token)"
        ) from None


@bp.errorhandler(413)
def too_large(_exc) -> Response:
    return _error("", 413, "Validation Error", "Request body is too large.")
