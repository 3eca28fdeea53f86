"""``/dataset/<id>/resource/<rid>/download[/<filename>]``: the files people download.

- A local file is streamed by the application with ``ETag`` (its sha256), ``Range``
  requests (206, or 416 for a range outside the file), ``If-None-Match`` (304) and
  ``If-Range``.
- A file in S3 is a 302 redirect to a presigned URL valid for five minutes, whose response
  carries the same ``Content-Disposition``.
- A link resource redirects to its URL.

Files are attachments (saved, not shown) unless ``?inline=1`` asks to show one of the safe
types (PDF, images, CSV, JSON, plain text); HTML, SVG, XML and anything unknown are always
attachments, with ``X-Content-Type-Options: nosniff`` and a sandboxing CSP, so an uploaded
page can never run script on Tepian's origin. The file name in the URL is decoration: the
name offered is the one stored at upload.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, redirect, request
from werkzeug.wsgi import wrap_file

from catalog import errors
from catalog.auth.login import current_actor
from catalog.db import transaction
from catalog.services.downloads import Download, count_download, resolve_download
from catalog.storage import InvalidRange, NotFoundInStorage, StorageError, content_disposition

bp = Blueprint("downloads", __name__)

BUFFER_SIZE = 64 * 1024
PRESIGNED_SECONDS = 300


@bp.route("/dataset/<dataset_id>/resource/<resource_id>/download", defaults={"filename": ""})
@bp.route("/dataset/<dataset_id>/resource/<resource_id>/download/<path:filename>")
def download(dataset_id: str, resource_id: str, filename: str) -> Response:
    """Serve, or redirect to, the resource's file or link."""
    try:
        with transaction() as session:
            found = resolve_download(session, current_actor(), dataset_id, resource_id)
    except errors.NotFound:
        abort(404)
    if found.kind == "link":
        _count(found)
        return redirect(found.url, 302)
    etag = found.sha256
    if etag and request.if_none_match.contains_weak(etag):
        return _with_headers(Response(status=304), found, etag)
    storage = current_app.extensions["tepian.storage"]
    try:
        url = storage.url_for_download(
            found.key, found.filename, PRESIGNED_SECONDS, content_type=found.mimetype
        )
    except StorageError:
        abort(503)
    if url is not None:
        if not _resuming():
            _count(found)
        response = redirect(url, 302)
        response.headers["Cache-Control"] = "no-store"
        return response
    return _stream(storage, found, etag)


def _stream(storage, found: Download, etag: str) -> Response:
    try:
        size = storage.size(found.key)
    except NotFoundInStorage:
        abort(404)
    except StorageError:
        abort(503)
    start, end, status = 0, size - 1, 200
    wanted = request.range
    if_range = request.headers.get("If-Range")
    if wanted is not None and len(wanted.ranges) == 1 and (not if_range or if_range == f'"{etag}"'):
        bounds = wanted.range_for_length(size)
        if bounds is None:
            response = Response(status=416)
            response.headers["Content-Range"] = f"bytes */{size}"
            return _with_headers(response, found, etag)
        start, end, status = bounds[0], bounds[1] - 1, 206
    try:
        stream = storage.open_range(found.key, start, end)
    except InvalidRange:
        abort(416)
    except NotFoundInStorage:
        abort(404)
    except StorageError:
        abort(503)
    if start == 0:
        _count(found)
    response = Response(
        wrap_file(request.environ, stream, BUFFER_SIZE),
        status=status,
        mimetype=found.mimetype,
        direct_passthrough=True,
    )
    response.content_length = end - start + 1
    if status == 206:
        response.headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    return _with_headers(response, found, etag)


def _with_headers(response: Response, found: Download, etag: str) -> Response:
    inline = request.args.get("inline") == "1" and found.inline_allowed
    headers = response.headers
    if etag:
        headers["ETag"] = f'"{etag}"'
    headers["Accept-Ranges"] = "bytes"
    headers["Content-Disposition"] = content_disposition(
        found.filename, "inline" if inline else "attachment"
    )
    headers["X-Content-Type-Options"] = "nosniff"
    if not inline:
        headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    headers["Cache-Control"] = "public, max-age=300" if found.public else "private, no-store"
    return response


def _resuming() -> bool:
    """A range that does not start at the first byte continues a download already counted."""
    wanted = request.range
    return wanted is not None and bool(wanted.ranges) and wanted.ranges[0][0] != 0


def _count(found: Download) -> None:
    if request.method != "GET":
        return
    with transaction() as session:
        count_download(session, found.resource_id)
