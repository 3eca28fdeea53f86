"""DCAT export: what other portals harvest Tepian through.

Pure functions from package dicts (``package_show``'s output) and a :class:`Site` to DCAT-AP
RDF (:mod:`catalog.dcat.graph`, serialised by :mod:`catalog.dcat.serialize`) and to a DCAT-US
``data.json`` (:mod:`catalog.dcat.datajson`). No Flask and no database here: the web layer
(:mod:`catalog.web.dcat`) reads public datasets through the actions and hands them in.
The mapping is documented in ``docs/dcat.md``.
"""

from __future__ import annotations

from catalog.dcat.datajson import datajson, datajson_chunks, dataset_entry
from catalog.dcat.graph import catalog_graph, dataset_graph
from catalog.dcat.serialize import FORMATS, MEDIA_TYPES, serialize
from catalog.dcat.site import DEFAULT_PROFILE, PROFILES, Paging, Site

__all__ = [
    "DEFAULT_PROFILE",
    "FORMATS",
    "MEDIA_TYPES",
    "PROFILES",
    "Paging",
    "Site",
    "catalog_graph",
    "datajson",
    "datajson_chunks",
    "dataset_entry",
    "dataset_graph",
    "serialize",
]
