"""Resource dicts to ``dcat:Distribution`` nodes, and the small shared node builders.

A distribution gets the resource page as ``dcat:accessURL`` and the file itself as
``dcat:downloadURL``; its format as an EU file type, its media type as an IANA URI, its size,
its sha256 as an ``spdx:Checksum`` and the dataset's licence.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, SKOS

from catalog.dcat import vocab
from catalog.dcat.site import Site
from catalog.dcat.vocab import SPDX

SHA256 = re.compile(r"^(sha256:)?([0-9a-fA-F]{64})$")
SHA256_ALGORITHM = SPDX.checksumAlgorithm_sha256


def timestamp(value: str | None) -> Literal | None:
    """An ISO timestamp from a package dict (naive UTC) as an ``xsd:dateTime`` literal."""
    if not value:
        return None
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return Literal(moment.replace(microsecond=0), datatype=XSD.dateTime)


def describe_concept(
    graph: Graph,
    concept: URIRef,
    kind: URIRef,
    scheme: URIRef,
    labels: dict,
    lang: str | None = None,
) -> None:
    """Say what a code-list value is: its class, its scheme and a ``skos:prefLabel``.

    ``labels`` is a dict with ``title`` or ``prefLabel`` (a group dict works as it is).
    """
    graph.add((concept, RDF.type, kind))
    graph.add((concept, RDF.type, SKOS.Concept))
    graph.add((concept, SKOS.inScheme, scheme))
    label = labels.get("title") or labels.get("prefLabel") or labels.get("name")
    graph.add((concept, SKOS.prefLabel, Literal(label, lang=lang or "en")))


def add_license(graph: Graph, license_id: str | None, title: str | None) -> URIRef | BNode | None:
    """The licence as a ``dct:LicenseDocument``: its URL when Tepian knows one (with the EU
    licence URI as ``skos:exactMatch``), else a blank node labelled with its title.
    ``notspecified`` (or no licence) gives None."""
    if not license_id or license_id == "notspecified":
        return None
    known = vocab.LICENSES.get(license_id)
    node: URIRef | BNode = URIRef(known[0]) if known else BNode()
    graph.add((node, RDF.type, DCTERMS.LicenseDocument))
    graph.add((node, DCTERMS.title, Literal(title or license_id)))
    if known and known[1]:
        graph.add((node, SKOS.exactMatch, vocab.eu("licence", known[1])))
    return node


def byte_size(size: int, profile: str) -> Literal:
    """``dcat:byteSize``: ``xsd:decimal`` in DCAT-AP 2.1.1, ``xsd:nonNegativeInteger`` in 3."""
    datatype = XSD.decimal if profile == "dcat_ap_2" else XSD.nonNegativeInteger
    return Literal(str(int(size)), datatype=datatype)


def add_distribution(
    graph: Graph,
    site: Site,
    pkg: dict,
    resource: dict,
    licence: URIRef | BNode | None,
    profile: str,
) -> URIRef:
    """Add one resource dict as a ``dcat:Distribution`` and return its URI."""
    lang = site.language
    node = URIRef(site.uri("dataset", pkg["id"], "resource", resource["id"]))
    graph.add((node, RDF.type, DCAT.Distribution))
    graph.add((node, DCTERMS.identifier, Literal(resource["id"])))
    if resource.get("name"):
        graph.add((node, DCTERMS.title, Literal(resource["name"], lang=lang)))
    if resource.get("description"):
        graph.add((node, DCTERMS.description, Literal(resource["description"], lang=lang)))
    page = URIRef(site.uri("dataset", pkg["name"], "resource", resource["id"]))
    graph.add((node, DCAT.accessURL, page))
    if resource.get("url"):
        graph.add((node, DCAT.downloadURL, URIRef(resource["url"])))
    label, code, media = vocab.file_format(resource)
    if code:
        uri = vocab.eu("file-type", code)
        graph.add((node, DCTERMS["format"], uri))
        scheme = vocab.eu_scheme("file-type")
        describe_concept(graph, uri, DCTERMS.MediaTypeOrExtent, scheme, {"prefLabel": code})
    if media and "/" in media:
        uri = vocab.media_type_uri(media)
        graph.add((node, DCAT.mediaType, uri))
        graph.add((uri, RDF.type, DCTERMS.MediaType))
    if resource.get("size") not in (None, ""):
        graph.add((node, DCAT.byteSize, byte_size(resource["size"], profile)))
    match = SHA256.match(resource.get("hash") or "")
    if match and profile != "dcat_ap_2":  # DCAT-AP 2.1.1 admits only sha1 checksums
        checksum = BNode()
        graph.add((node, SPDX.checksum, checksum))
        graph.add((checksum, RDF.type, SPDX.Checksum))
        graph.add((checksum, SPDX.algorithm, SHA256_ALGORITHM))
        value = Literal(match.group(2).lower(), datatype=XSD.hexBinary)
        graph.add((checksum, SPDX.checksumValue, value))
        graph.add((SHA256_ALGORITHM, RDF.type, SPDX.ChecksumAlgorithm))
    if licence is not None:
        graph.add((node, DCTERMS.license, licence))
    if stamp := timestamp(resource.get("created")):
        graph.add((node, DCTERMS.issued, stamp))
    modified = resource.get("last_modified") or resource.get("metadata_modified")
    if stamp := timestamp(modified):
        graph.add((node, DCTERMS.modified, stamp))
    return node
