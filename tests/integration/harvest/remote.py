"""Fake remote catalogs for harvest tests and the benchmark, served from loopback.

:class:`CkanPortal` answers ``package_search`` like CKAN 2.9+ (``rows``, ``start``,
``sort=id asc``, ``fq`` on ``metadata_modified``) over a list of package dicts that a test
edits between runs; :func:`data_json` and :func:`dcat_turtle` render the same packages as a
DCAT-US ``data.json`` and a DCAT-AP Turtle catalog.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from harvesters.mapping import parse_datetime
from tests.unit.harvesters.harvest_remote import RemoteServer, Reply, Request

__all__ = ["CkanPortal", "RemoteServer", "Reply", "ckan_package", "data_json", "dcat_turtle"]

BASE_TIME = datetime(2024, 3, 1, tzinfo=UTC)
KECAMATAN = ["Palaran", "Samarinda Ilir", "Samarinda Kota", "Sambutan", "Sungai Kunjang"]


def ckan_package(i: int, *, org: str = "dinkes-remote") -> dict:
    """A CKAN 2.10 package dict, the ``i``-th of a remote portal."""
    kec = KECAMATAN[i % len(KECAMATAN)]
    return {
        "id": f"00000000-0000-4000-8000-{i:012d}",
        "name": f"jumlah-penduduk-{i}",
        "title": f"Jumlah Penduduk Kecamatan {kec} Tahun {2000 + i % 24} ({i})",
        "notes": f"Data ini menyajikan jumlah penduduk kecamatan {kec}.",
        "license_id": "cc-by",
        "state": "active",
        "type": "dataset",
        "private": False,
        "metadata_created": BASE_TIME.strftime("%Y-%m-%dT%H:%M:%S"),
        "metadata_modified": (BASE_TIME + timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%M:%S.%f"),
        "organization": {"name": org, "title": "Dinas Kesehatan"},
        "tags": [{"name": "penduduk"}, {"name": kec.lower().replace(" ", "-")}],
        "groups": [],
        "extras": [{"key": "satuan", "value": "jiwa"}, {"key": "sumber", "value": "BPS"}],
        "frekuensi": "Tahunan",
        "resources": [
            {
                "id": f"r-{i}",
                "name": "Tabel CSV",
                "format": "CSV",
                "url": f"https://data.remote.go.id/berkas/{i}.csv",
            }
        ],
    }


class CkanPortal:
    """A remote CKAN whose ``packages`` a test may change between harvests."""

    def __init__(self, remote: RemoteServer, packages: list[dict]) -> None:
        self.remote = remote
        self.packages = packages
        self.down = False
        remote.route("/api/3/action/package_search", self.package_search)

    @property
    def url(self) -> str:
        return self.remote.url("/")

    def edit(self, index: int, **fields: object) -> None:
        """Change a remote package and bump its ``metadata_modified``, as CKAN does."""
        package = self.packages[index]
        package.update(fields)
        package["metadata_modified"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")

    def package_search(self, request: Request) -> Reply:
        if self.down:
            return Reply("Service Unavailable", status=503)
        found = self.packages
        if m := re.search(r"metadata_modified:\[(\S+)Z TO \*\]", request.query.get("fq", "")):
            since = parse_datetime(m[1])
            found = [p for p in found if parse_datetime(p["metadata_modified"]) >= since]
        found = sorted(found, key=lambda p: p["id"])
        start, rows = int(request.query.get("start", 0)), int(request.query.get("rows", 10))
        result = {"count": len(found), "results": found[start : start + rows]}
        return Reply.json({"help": "", "success": True, "result": result})


def data_json(packages: list[dict]) -> dict:
    """The packages as a DCAT-US 1.1 ``data.json`` catalog."""
    return {
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "dataset": [
            {
                "@type": "dcat:Dataset",
                "identifier": p["id"],
                "title": p["title"],
                "description": p["notes"],
                "keyword": [t["name"] for t in p["tags"]],
                "modified": p["metadata_modified"][:10],
                "publisher": {"name": "Dinas Kesehatan"},
                "accessLevel": "public",
                "license": "https://creativecommons.org/licenses/by/4.0/",
                "distribution": [
                    {"downloadURL": r["url"], "format": r["format"], "title": r["name"]}
                    for r in p["resources"]
                ],
            }
            for p in packages
        ],
    }


def dcat_turtle(packages: list[dict]) -> str:
    """The packages as a DCAT-AP catalog in Turtle."""
    lines = [
        "@prefix dcat: <http://www.w3.org/ns/dcat#> .",
        "@prefix dct: <http://purl.org/dc/terms/> .",
        "<https://data.remote.go.id/catalog> a dcat:Catalog ;",
        "  dcat:dataset "
        + ", ".join(f"<https://data.remote.go.id/ds/{p['id']}>" for p in packages)
        + " .",
    ]
    for p in packages:
        res = p["resources"][0]
        lines += [
            f"<https://data.remote.go.id/ds/{p['id']}> a dcat:Dataset ;",
            f"  dct:identifier {json.dumps(p['id'])} ;",
            f"  dct:title {json.dumps(p['title'])}@id ;",
            f"  dct:description {json.dumps(p['notes'])}@id ;",
            "  dcat:keyword " + ", ".join(json.dumps(t["name"]) + "@id" for t in p["tags"]) + " ;",
            f"  dcat:distribution [ a dcat:Distribution ; dcat:downloadURL <{res['url']}> ;"
            f" dct:format {json.dumps(res['format'])} ] .",
        ]
    return "\n".join(lines) + "\n"
