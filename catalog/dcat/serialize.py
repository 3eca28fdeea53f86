"""Write a DCAT graph as Turtle, RDF/XML or JSON-LD, with the media type to serve it under.

The file extensions are ckanext-dcat's (``.ttl``, ``.rdf``, ``.xml``, ``.jsonld``)::

    body, media_type = serialize(graph, "ttl")   # (str, "text/turtle")
"""

from __future__ import annotations

import warnings

from rdflib import Graph

from catalog.dcat.graph import PREFIXES

#: extension -> (rdflib format, media type)
FORMATS: dict[str, tuple[str, str]] = {
    "ttl": ("turtle", "text/turtle"),
    "rdf": ("pretty-xml", "application/rdf+xml"),
    "xml": ("pretty-xml", "application/rdf+xml"),
    "jsonld": ("json-ld", "application/ld+json"),
}
#: Accept header media types -> extension (content negotiation on ``/catalog``).
MEDIA_TYPES: dict[str, str] = {
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/rdf+xml": "rdf",
    "application/ld+json": "jsonld",
}


def jsonld_context() -> dict[str, str]:
    """The compact JSON-LD ``@context``: the export's prefixes, nothing fetched remotely."""
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def serialize(graph: Graph, extension: str) -> tuple[str, str]:
    """Serialise ``graph`` for a ckanext-dcat extension; return ``(text, media type)``.

    Raises ``KeyError`` for an unknown extension (the web layer answers 404 before that).
    """
    rdf_format, media_type = FORMATS[extension]
    if rdf_format == "json-ld":
        with warnings.catch_warnings():  # rdflib's JSON-LD writer still uses ConjunctiveGraph
            warnings.filterwarnings("ignore", "ConjunctiveGraph", DeprecationWarning)
            text = graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
    else:
        text = graph.serialize(format=rdf_format)
    return text, media_type
