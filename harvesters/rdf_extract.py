"""Read DCAT datasets out of an rdflib graph into plain, JSON-ready dicts.

The DCAT harvester stores each dataset as such a dict (not as RDF), so its content hash is
stable between runs (blank node ids change on every parse) and ``parse`` needs no graph.
Literals keep their language: a value is ``[lang, text]`` with ``""`` for no language, and
:func:`pick` chooses one by the source's language preference later.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDFS, SKOS
from rdflib.term import Node

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
SCHEMAS = (Namespace("http://schema.org/"), Namespace("https://schema.org/"))
LABELS = (SKOS.prefLabel, RDFS.label, FOAF.name, VCARD["fn"], LOCN.geographicName, DCTERMS.title)

LangValue = list[str]  # [language, text]


def values(graph: Graph, node: Node, *predicates: URIRef, depth: int = 0) -> list[LangValue]:
    """All values of ``predicates`` on ``node``: literals with their language, URIs as text.

    A blank or URI node with a label (skos:prefLabel, rdfs:label, foaf:name ...) or an
    ``rdf:value`` gives that label instead; a bare URI gives itself.
    """
    found: list[LangValue] = []
    for predicate in predicates:
        for obj in graph.objects(node, predicate):
            if isinstance(obj, Literal):
                found.append([(obj.language or "").lower(), str(obj).strip()])
                continue
            labels = values(graph, obj, RDF.value, *LABELS, depth=depth + 1) if depth < 2 else []
            if labels:
                found.extend(labels)
            elif isinstance(obj, URIRef):
                found.append(["", str(obj)])
    return sorted({json.dumps(v, ensure_ascii=False): v for v in found if v[1]}.values())


def uris(graph: Graph, node: Node, *predicates: URIRef) -> list[str]:
    """The URI values (not literals or labels) of ``predicates`` on ``node``, sorted."""
    return sorted(
        {str(o) for p in predicates for o in graph.objects(node, p) if isinstance(o, URIRef)}
    )


def pick(items: list[LangValue], languages: list[str]) -> str:
    """Choose one text: the first preferred language present, then untagged, then any."""
    if not items:
        return ""
    by_lang: dict[str, str] = {}
    for lang, value in items:
        by_lang.setdefault(lang, value)
        by_lang.setdefault(lang.split("-")[0], value)
    for lang in [*languages, ""]:
        if lang in by_lang:
            return by_lang[lang]
    return items[0][1]


def pick_all(items: list[LangValue], languages: list[str]) -> list[str]:
    """All texts in the best language present (plus untagged ones), e.g. for keywords."""
    present = {lang.split("-")[0] for lang, _ in items}
    best = next((lang for lang in languages if lang in present), None)
    if best is None:
        return [value for _, value in items]
    return [value for lang, value in items if lang.split("-")[0] in (best, "")]


def _node_dict(graph: Graph, node: Node, fields: dict[str, tuple[URIRef, ...]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, predicates in fields.items():
        found = values(graph, node, *predicates)
        if found:
            data[key] = found
    return data


DATASET_FIELDS: dict[str, tuple[URIRef, ...]] = {
    "title": (DCTERMS.title,),
    "description": (DCTERMS.description,),
    "identifier": (DCTERMS.identifier, ADMS.identifier),
    "keyword": (DCAT.keyword,),
    "theme": (DCAT.theme,),
    "issued": (DCTERMS.issued,),
    "modified": (DCTERMS.modified,),
    "frequency": (DCTERMS.accrualPeriodicity,),
    "landing_page": (DCAT.landingPage,),
    "license": (DCTERMS.license,),
    "rights": (DCTERMS.rights,),
    "access_rights": (DCTERMS.accessRights,),
    "version": (OWL.versionInfo, ADMS.version),
    "language": (DCTERMS.language,),
    "conforms_to": (DCTERMS.conformsTo,),
}
DISTRIBUTION_FIELDS: dict[str, tuple[URIRef, ...]] = {
    "title": (DCTERMS.title,),
    "description": (DCTERMS.description,),
    "format": (DCTERMS["format"],),
    "media_type": (DCAT.mediaType,),
    "byte_size": (DCAT.byteSize,),
    "license": (DCTERMS.license,),
    "modified": (DCTERMS.modified,),
}


def dataset_dict(graph: Graph, dataset: Node) -> dict[str, Any]:
    """Extract everything the mapping uses about one ``dcat:Dataset`` into a plain dict."""
    data = _node_dict(graph, dataset, DATASET_FIELDS)
    data["uri"] = str(dataset) if isinstance(dataset, URIRef) else None
    for key in ("theme", "landing_page", "license", "access_rights", "frequency"):
        data[f"{key}_uri"] = uris(graph, dataset, *DATASET_FIELDS[key])
    for publisher in graph.objects(dataset, DCTERMS.publisher):
        data["publisher"] = values(
            graph, publisher, FOAF.name, VCARD["fn"], SKOS.prefLabel, RDFS.label
        ) or [["", str(publisher)]]
        if isinstance(publisher, URIRef):
            data["publisher_uri"] = str(publisher)
    for contact in graph.objects(dataset, DCAT.contactPoint):
        data["contact"] = {
            "name": values(graph, contact, VCARD["fn"], FOAF.name),
            "email": values(graph, contact, VCARD.hasEmail, FOAF.mbox),
        }
    data["spatial"] = [
        {
            "labels": values(graph, s, SKOS.prefLabel, RDFS.label, LOCN.geographicName)
            if not isinstance(s, Literal)
            else [["", str(s)]],
            "codes": values(graph, s, SKOS.notation, DCTERMS.identifier),
            "uri": str(s) if isinstance(s, URIRef) else None,
        }
        for s in graph.objects(dataset, DCTERMS.spatial)
    ]
    periods = []
    for period in graph.objects(dataset, DCTERMS.temporal):
        starts = values(graph, period, DCAT.startDate, *(s.startDate for s in SCHEMAS))
        ends = values(graph, period, DCAT.endDate, *(s.endDate for s in SCHEMAS))
        if isinstance(period, Literal):
            starts = [["", str(period)]]
        periods.append(
            {"start": starts[0][1] if starts else None, "end": ends[0][1] if ends else None}
        )
    data["temporal"] = periods
    distributions = []
    for dist in graph.objects(dataset, DCAT.distribution):
        item = _node_dict(graph, dist, DISTRIBUTION_FIELDS)
        for key in ("format", "media_type", "license"):
            item[f"{key}_uri"] = uris(graph, dist, *DISTRIBUTION_FIELDS[key])
        item["access_url"] = uris(graph, dist, DCAT.accessURL) or [
            v for _, v in values(graph, dist, DCAT.accessURL)
        ]
        item["download_url"] = uris(graph, dist, DCAT.downloadURL) or [
            v for _, v in values(graph, dist, DCAT.downloadURL)
        ]
        distributions.append(item)
    data["distributions"] = sorted(distributions, key=lambda d: json.dumps(d, sort_keys=True))
    return data


def datasets_in(graph: Graph) -> list[Node]:
    """The ``dcat:Dataset`` nodes of a graph, URIs first, in a stable order."""
    found = set(graph.subjects(RDF.type, DCAT.Dataset))
    found.update(o for o in graph.objects(None, DCAT.dataset) if not isinstance(o, Literal))
    return sorted(found, key=lambda n: (isinstance(n, BNode), str(n)))


def next_page(graph: Graph) -> str | None:
    """The next page of a Hydra-paged catalog (old ``hydra:nextPage`` or new ``hydra:next``)."""
    for predicate in (HYDRA.next, HYDRA.nextPage):
        for obj in graph.objects(None, predicate):
            if str(obj).strip():
                return str(obj).strip()
    return None
