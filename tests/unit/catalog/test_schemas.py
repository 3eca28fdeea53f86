"""Dataset schema rules that need no database."""

import pytest

from catalog import errors
from catalog.schemas import load
from catalog.schemas.dataset import DatasetSchema


def test_unknown_and_server_keys_are_ignored():
    data = load(
        DatasetSchema(),
        {
            "name": "abc",
            "metadata_created": "2020-01-01",
            "num_resources": 3,
            "organization": {"name": "x"},
            "license_title": "x",
            "warna_favorit": "biru",
        },
    )
    assert set(data) == {"id", "name"}


@pytest.mark.parametrize(
    "value,code",
    [
        ("Tahunan", "tahunan"),
        ("Lima Tahunan", "lima-tahunan"),
        ("tidak_tentu", "tidak-tentu"),
        ("BULANAN", "bulanan"),
    ],
)
def test_frequency_spellings_normalised(value, code):
    assert load(DatasetSchema(), {"name": "abc", "frekuensi": value})["frekuensi"] == code


@pytest.mark.parametrize(
    "tahun", ["2023", "2019-2023", "2021, 2022", "2019 s.d. 2023", "2019–2023"]
)
def test_year_forms_accepted(tahun):
    assert load(DatasetSchema(), {"name": "abc", "tahun": tahun})["tahun"] == tahun


def test_tags_deduplicated_case_insensitively_and_tag_string_read():
    data = load(DatasetSchema(), {"name": "abc", "tag_string": "Sekolah, sekolah ,SD"})
    assert data["tags"] == [{"name": "Sekolah"}, {"name": "SD"}]


def test_temporal_order_checked():
    with pytest.raises(errors.ValidationError) as info:
        load(
            DatasetSchema(),
            {"name": "abc", "temporal_start": "2023-01-01", "temporal_end": "2020-01-01"},
        )
    assert "temporal_end" in info.value.errors


def test_nested_resource_errors_keep_positions():
    with pytest.raises(errors.ValidationError) as info:
        load(DatasetSchema(), {"name": "abc", "resources": [{}, {"size": "x"}]})
    assert info.value.errors["resources"] == [{}, {"size": ["Not a valid integer."]}]


def test_non_object_input_refused():
    with pytest.raises(errors.ValidationError):
        load(DatasetSchema(), ["not", "a", "dict"])
