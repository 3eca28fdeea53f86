"""The exports validate against the official standards in ``shared/standards``.

One page of the realistic catalog (all 10 public datasets) is checked with pyshacl against the
DCAT-AP 2.1.1 shapes (+ ranges, + controlled vocabularies) and the DCAT-AP 3.0.1 shapes, and
``data.json`` with jsonschema against the DCAT-US 1.1 schemas (draft-04, one registry).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from tests.integration.dcat.conftest import standards_dir

SHAPE_SETS = {
    "dcat-ap-2.1.1 shapes": ("dcat_ap_2", ["dcat-ap-2.1.1_shacl_shapes.ttl"]),
    "dcat-ap-2.1.1 ranges": ("dcat_ap_2", ["dcat-ap-2.1.1_shacl_range.ttl"]),
    "dcat-ap-2.1.1 vocabularies": (
        "dcat_ap_2",
        ["dcat-ap-2.1.1_shacl_shapes.ttl", "dcat-ap-2.1.1_shacl_mdr-vocabularies.shape.ttl"],
    ),
    "dcat-ap-3.0.1": ("dcat_ap_3", ["dcat-ap-3.0.1_SHACL.ttl"]),
}
#: The EU vocabulary shapes warn (never violate) where an Indonesian portal has no EU code:
#: its OPDs are not EU corporate bodies, its themes and regions are its own concepts.
EXPECTED_WARNINGS = {"dct:publisher", "dct:spatial", "dcat:theme", "dcat:themeTaxonomy"}


@pytest.fixture
def app_config() -> dict:
    """One page holds the whole catalog here (the validators read one page)."""
    return {"SITE_WALIDATA": "Diskominfo Kota Samarinda"}


def _results(report: Graph) -> list[dict[str, str]]:
    """The report's top-level results as readable dicts (severity, path, focus, message)."""
    found = []
    for result in report.objects(None, SH.result):
        found.append(
            {
                key: report.namespace_manager.normalizeUri(value)
                if isinstance(value, URIRef)
                else str(value)
                for key, predicate in (
                    ("severity", SH.resultSeverity),
                    ("path", SH.resultPath),
                    ("focus", SH.focusNode),
                    ("message", SH.resultMessage),
                )
                if (value := report.value(result, predicate)) is not None
            }
        )
    return found


@pytest.mark.parametrize("name", sorted(SHAPE_SETS))
def test_turtle_export_conforms_to_dcat_ap_shapes(catalog, client, name):
    from pyshacl import validate

    folder: Path = standards_dir()
    profile, files = SHAPE_SETS[name]
    resp = client.get(f"/catalog.ttl?profiles=euro_{profile}")
    assert resp.status_code == 200
    data = Graph().parse(data=resp.get_data(as_text=True), format="turtle")
    assert len(set(data.objects(None, URIRef("http://www.w3.org/ns/dcat#dataset")))) == 10
    shapes = Graph()
    for file in files:
        shapes.parse(folder / file, format="turtle")
    conforms, report, text = validate(data, shacl_graph=shapes, allow_warnings=True)
    results = _results(report)
    violations = [r for r in results if r.get("severity") != "sh:Warning"]
    assert conforms and not violations, json.dumps(violations[:20], indent=1) + "\n" + text[:4000]
    warned = {r.get("path") for r in results}
    expected = EXPECTED_WARNINGS if "vocabularies" in name else set()
    assert warned == expected, json.dumps(results[:20], indent=1)


def _registry(folder: Path):
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    registry = Registry()
    for name in ("catalog", "dataset", "distribution", "organization", "vcard"):
        schema = json.loads((folder / f"dcat-us-1.1_{name}.json").read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema, default_specification=DRAFT4)
        registry = registry.with_resource(schema["id"].rstrip("#"), resource)
    return registry


def _errors(document: dict, *, us_federal: bool) -> list[str]:
    """Schema errors of a data.json document, as ``path: message`` lines.

    ``us_federal=False`` drops ``bureauCode`` / ``programCode`` from the dataset schema's
    ``required`` list: they are US federal budget codes (see docs/dcat.md).
    """
    from jsonschema import Draft4Validator

    folder = standards_dir()
    registry = _registry(folder)
    catalog_schema = json.loads((folder / "dcat-us-1.1_catalog.json").read_text(encoding="utf-8"))
    if not us_federal:
        from referencing import Resource
        from referencing.jsonschema import DRAFT4

        dataset = json.loads((folder / "dcat-us-1.1_dataset.json").read_text(encoding="utf-8"))
        dataset["required"] = [r for r in dataset["required"] if r not in FEDERAL]
        resource = Resource.from_contents(dataset, default_specification=DRAFT4)
        registry = registry.with_resource(dataset["id"].rstrip("#"), resource)
    validator = Draft4Validator(catalog_schema, registry=registry)
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
    ]


FEDERAL = ("bureauCode", "programCode")


def test_data_json_is_valid_dcat_us_except_the_us_federal_codes(catalog, client):
    resp = client.get("/data.json")
    assert resp.status_code == 200
    assert resp.content_type == "application/json; charset=utf-8"
    document = json.loads(resp.get_data(as_text=True))
    assert len(document["dataset"]) == 10
    assert _errors(document, us_federal=False) == []
    # Against the schema as published, the only complaints are the two US budget codes.
    complaints = _errors(document, us_federal=True)
    assert len(complaints) == 2 * len(document["dataset"])
    assert all(any(f"'{code}' is a required" in c for code in FEDERAL) for c in complaints)
