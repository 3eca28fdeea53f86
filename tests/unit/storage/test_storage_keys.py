"""Storage keys and byte ranges."""

from __future__ import annotations

import pytest

from catalog.storage import InvalidRange, object_key
from catalog.storage.base import check_key, check_range


def test_object_key_spreads_by_id_prefix_and_ends_with_version() -> None:
    rid = "3f2a9c1e-0000-4000-8000-000000000000"
    assert object_key(rid, 2) == f"resources/3f/{rid}/2"


@pytest.mark.parametrize("rid", ["../../etc", "a/b", "", ".hidden", "x y"])
def test_object_key_refuses_unsafe_ids(rid: str) -> None:
    with pytest.raises(ValueError):
        object_key(rid, 1)


@pytest.mark.parametrize(
    "key", ["resources/3f/abc/1", "a", "a.b-c_d/E9", "resources/3f/abc/v2.csv"]
)
def test_well_formed_keys_pass(key: str) -> None:
    assert check_key(key) == key


@pytest.mark.parametrize(
    "key",
    ["", "/a", "a/", "a//b", "../a", "a/../b", "a/./b", ".tmp-1", "a\\b", "a b", "é", "a" * 600],
)
def test_malformed_keys_are_refused(key: str) -> None:
    with pytest.raises(ValueError):
        check_key(key)


@pytest.mark.parametrize(
    ("start", "end", "size", "expected"),
    [(0, None, 10, (0, 9)), (0, 100, 10, (0, 9)), (3, 3, 10, (3, 3)), (9, None, 10, (9, 9))],
)
def test_check_range_clamps_like_http(
    start: int, end: int | None, size: int, expected: tuple[int, int]
) -> None:
    assert check_range(start, end, size) == expected


@pytest.mark.parametrize(("start", "end", "size"), [(10, None, 10), (-1, 3, 10), (5, 4, 10)])
def test_check_range_refuses_unsatisfiable(start: int, end: int | None, size: int) -> None:
    with pytest.raises(InvalidRange):
        check_range(start, end, size)
