"""The streaming multipart reader on its own: fields, the file, and what it refuses."""

from __future__ import annotations

import io

import pytest

from catalog.errors import ValidationError
from catalog.services.multipart import MultipartBody
from tests.integration.files.helpers import BOUNDARY, multipart


def body_of(data: bytes, **kw) -> MultipartBody:
    return MultipartBody(io.BytesIO(data), BOUNDARY, content_length=len(data), **kw)


def test_fields_then_the_file_as_a_stream():
    data = multipart({"package_id": "abc", "name": "Penduduk"}, "a.csv", b"x" * 300_000)
    body = body_of(data)
    fields, upload = body.read_until_file()
    assert fields == {"package_id": "abc", "name": "Penduduk"}
    assert upload.filename == "a.csv" and upload.remaining >= 300_000
    assert upload.stream.read() == b"x" * 300_000
    assert body.finish() == {}


def test_file_bytes_that_look_like_a_boundary_stay_in_the_file():
    content = b"\r\n--" + BOUNDARY[:-1].encode() + b"\r\n--not-it\r\n" * 1000
    fields, upload = body_of(multipart({}, "a.bin", content)).read_until_file()
    assert upload.stream.read() == content


def test_repeated_fields_become_a_list():
    data = multipart({"tags": "a"}, "a.csv", b"1")
    data = data.replace(
        b'name="tags"\r\n\r\na\r\n',
        b'name="tags"\r\n\r\na\r\n--' + BOUNDARY.encode() + b"\r\n"
        b'Content-Disposition: form-data; name="tags"\r\n\r\nb\r\n',
    )
    fields, _upload = body_of(data).read_until_file()
    assert fields == {"tags": ["a", "b"]}


def test_a_form_without_a_file_has_no_upload():
    data = multipart({"name": "x"}, "", b"")  # a browser's empty file input
    fields, upload = body_of(data).read_until_file()
    assert fields == {"name": "x"} and upload is None


def test_the_file_must_be_named_upload():
    with pytest.raises(ValidationError) as caught:
        body_of(multipart({}, "a.csv", b"1", field="berkas")).read_until_file()
    assert "upload" in caught.value.errors


def test_fields_too_large_are_refused():
    with pytest.raises(ValidationError):
        body_of(
            multipart({"notes": "x" * 2000}, "a.csv", b"1"), max_fields_bytes=1000
        ).read_until_file()


def test_a_cut_body_raises_instead_of_ending_the_file_early():
    data = multipart({}, "a.csv", b"y" * 200_000, close=False)[:-1000]
    _fields, upload = body_of(data).read_until_file()
    with pytest.raises(ValidationError) as caught:
        upload.stream.read()
    assert "interrupted" in caught.value.errors["upload"][0]
