"""Package dicts to DCAT-AP RDF: a ``dcat:Catalog`` with one ``dcat:Dataset`` per dataset.

Everything here is a pure function of package dicts (what ``package_show`` returns) and a
:class:`~catalog.dcat.site.Site`, so it can be tested without Flask or a database::

    graph = catalog_graph(site, [package_dict(ds) for ds in datasets], paging=page)
    turtle = graph.serialize(format="turtle")

Controlled-vocabulary values (frequencies, access rights, file types, the language) are
EU authority URIs, and each one used is described in the graph (its class, ``skos:inScheme``
and a label) so that validators and harvesters need not fetch the EU tables.
:mod:`catalog.dcat.distribution` adds the files.
"""

from __future__ import annotations

import re
from datetime import date

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, SKOS

from catalog.dcat import vocab
from catalog.dcat.distribution import add_distribution, add_license, describe_concept, timestamp
from catalog.dcat.site import DEFAULT_PROFILE, Paging, Site
from catalog.dcat.vocab import ADMS, HYDRA, TEPIAN, VCARD

PREFIXES = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "foaf": FOAF,
    "vcard": VCARD,
    "skos": SKOS,
    "adms": ADMS,
    "spdx": vocab.SPDX,
    "hydra": HYDRA,
    "prov": PROV,
    "locn": vocab.LOCN,
    "tepian": TEPIAN,
    "xsd": XSD,
    "rdfs": RDFS,
}


def new_graph() -> Graph:
    """An empty graph with the export's prefixes bound (short Turtle, readable RDF/XML)."""
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def period(pkg: dict) -> tuple[date | None, date | None]:
    """The coverage dates: ``temporal_start/_end``, else the years in ``tahun``."""
    start = date.fromisoformat(pkg["temporal_start"]) if pkg.get("temporal_start") else None
    end = date.fromisoformat(pkg["temporal_end"]) if pkg.get("temporal_end") else None
    if start or end:
        return start, end
    years = [int(y) for y in re.findall(r"\d{4}", pkg.get("tahun") or "")]
    if not years:
        return None, None
    return date(min(years), 1, 1), date(max(years), 12, 31)


def _text(graph: Graph, node: URIRef | BNode, predicate: URIRef, value, lang: str | None) -> None:
    if value:
        graph.add((node, predicate, Literal(str(value), lang=lang)))


def add_agent(graph: Graph, node: URIRef | BNode, name: str, lang: str | None) -> URIRef | BNode:
    """Describe an organisation (an OPD, the walidata) as a ``foaf:Agent``."""
    graph.add((node, RDF.type, FOAF.Agent))
    graph.add((node, RDF.type, FOAF.Organization))
    graph.add((node, FOAF.name, Literal(name, lang=lang)))
    return node


def add_dataset(graph: Graph, site: Site, pkg: dict, profile: str = DEFAULT_PROFILE) -> URIRef:
    """Add one package dict as a ``dcat:Dataset`` and return its URI."""
    lang = site.language
    node = URIRef(site.uri("dataset", pkg["id"]))
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(pkg["id"])))
    identifier = BNode()
    graph.add((node, ADMS.identifier, identifier))
    graph.add((identifier, RDF.type, ADMS.Identifier))
    graph.add((identifier, SKOS.notation, Literal(pkg["name"])))
    graph.add((node, DCTERMS.title, Literal(pkg.get("title") or pkg["name"], lang=lang)))
    description = pkg.get("notes") or pkg.get("title") or pkg["name"]
    graph.add((node, DCTERMS.description, Literal(description, lang=lang)))
    for tag in pkg.get("tags") or []:
        graph.add((node, DCAT.keyword, Literal(tag["name"])))
    for group in pkg.get("groups") or []:
        concept = URIRef(site.uri("group", group["name"]))
        graph.add((node, DCAT.theme, concept))
        describe_concept(graph, concept, SKOS.Concept, URIRef(site.uri("group")), group, lang)
    graph.add((node, DCTERMS.language, vocab.eu("language", "IND")))  # described by the catalog
    landing = URIRef(site.uri("dataset", pkg["name"]))
    graph.add((node, DCAT.landingPage, landing))
    graph.add((landing, RDF.type, FOAF.Document))
    for predicate, key in (
        (DCTERMS.issued, "metadata_created"),
        (DCTERMS.modified, "metadata_modified"),
    ):
        if stamp := timestamp(pkg.get(key)):
            graph.add((node, predicate, stamp))
    _add_parties(graph, site, node, pkg)
    _add_codes(graph, node, pkg)
    _add_coverage(graph, node, pkg, lang)
    licence = add_license(graph, pkg.get("license_id"), pkg.get("license_title"))
    if licence is not None:
        graph.add((node, DCTERMS.license, licence))
    _text(graph, node, TEPIAN.satuan, pkg.get("satuan"), None)
    _text(graph, node, TEPIAN.tahun, pkg.get("tahun"), None)
    if pkg.get("version"):
        graph.add((node, OWL.versionInfo, Literal(pkg["version"])))
    for resource in pkg.get("resources") or []:
        if resource.get("state", "active") == "active":
            dist = add_distribution(graph, site, pkg, resource, licence, profile)
            graph.add((node, DCAT.distribution, dist))
    return node


def _add_parties(graph: Graph, site: Site, node: URIRef, pkg: dict) -> None:
    """Publisher (the OPD), creator (produsen data), custodian (walidata), contact point."""
    lang = site.language
    org = pkg.get("organization")
    if org:
        publisher = URIRef(site.uri("organization", org["name"]))
        add_agent(graph, publisher, org.get("title") or org["name"], lang)
        graph.add((node, DCTERMS.publisher, publisher))
    if pkg.get("produsen_data"):
        graph.add((node, DCTERMS.creator, add_agent(graph, BNode(), pkg["produsen_data"], lang)))
    if pkg.get("walidata"):
        attribution = BNode()
        graph.add((node, PROV.qualifiedAttribution, attribution))
        graph.add((attribution, RDF.type, PROV.Attribution))
        graph.add((attribution, PROV.agent, add_agent(graph, BNode(), pkg["walidata"], lang)))
        graph.add((attribution, DCAT.hadRole, vocab.CUSTODIAN_ROLE))
        graph.add((vocab.CUSTODIAN_ROLE, RDF.type, DCAT.Role))
        graph.add((vocab.CUSTODIAN_ROLE, RDFS.label, Literal("custodian", lang="en")))
    name = pkg.get("maintainer") or pkg.get("author")
    email = pkg.get("maintainer_email") or pkg.get("author_email")
    if name or email:
        contact = BNode()
        graph.add((node, DCAT.contactPoint, contact))
        graph.add((contact, RDF.type, VCARD.Kind))
        graph.add((contact, VCARD.fn, Literal(name or (org or {}).get("title") or email)))
        if email:
            graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{email}")))


def _add_codes(graph: Graph, node: URIRef, pkg: dict) -> None:
    """frekuensi and klasifikasi as EU frequency and access-right concepts."""
    code = vocab.FREQUENCIES.get(pkg.get("frekuensi") or "")
    if code:
        uri = vocab.eu("frequency", code)
        graph.add((node, DCTERMS.accrualPeriodicity, uri))
        label = {"prefLabel": vocab.FREQUENCY_LABELS[code]}
        describe_concept(graph, uri, DCTERMS.Frequency, vocab.eu_scheme("frequency"), label)
    access = vocab.ACCESS_RIGHTS.get(pkg.get("klasifikasi") or "")
    if access:
        uri = vocab.eu("access-right", access)
        graph.add((node, DCTERMS.accessRights, uri))
        label = {"prefLabel": vocab.ACCESS_LABELS[access]}
        describe_concept(
            graph, uri, DCTERMS.RightsStatement, vocab.eu_scheme("access-right"), label
        )


def _add_coverage(graph: Graph, node: URIRef, pkg: dict, lang: str) -> None:
    """dct:temporal (a period of time) and dct:spatial (the area and its BPS code)."""
    start, end = period(pkg)
    if start or end:
        when = BNode()
        graph.add((node, DCTERMS.temporal, when))
        graph.add((when, RDF.type, DCTERMS.PeriodOfTime))
        if start:
            graph.add((when, DCAT.startDate, Literal(start, datatype=XSD.date)))
        if end:
            graph.add((when, DCAT.endDate, Literal(end, datatype=XSD.date)))
    if pkg.get("cakupan_wilayah") or pkg.get("kode_wilayah"):
        where = BNode()
        graph.add((node, DCTERMS.spatial, where))
        graph.add((where, RDF.type, DCTERMS.Location))
        _text(graph, where, SKOS.prefLabel, pkg.get("cakupan_wilayah"), lang)
        _text(graph, where, SKOS.notation, pkg.get("kode_wilayah"), None)


def add_catalog(
    graph: Graph, site: Site, datasets: list[URIRef], modified: str | None = None
) -> URIRef:
    """Add the ``dcat:Catalog`` (the portal) linking ``datasets``; return its URI."""
    lang = site.language
    node = URIRef(site.uri("catalog"))
    graph.add((node, RDF.type, DCAT.Catalog))
    graph.add((node, DCTERMS.title, Literal(site.title, lang=lang)))
    graph.add((node, DCTERMS.description, Literal(site.description, lang=lang)))
    publisher = add_agent(graph, URIRef(site.uri("catalog") + "#publisher"), site.publisher, lang)
    graph.add((node, DCTERMS.publisher, publisher))
    homepage = URIRef(site.url.rstrip("/") + "/")
    graph.add((node, FOAF.homepage, homepage))
    graph.add((homepage, RDF.type, FOAF.Document))
    language = vocab.eu("language", "IND")
    graph.add((node, DCTERMS.language, language))
    label = {"prefLabel": "Bahasa Indonesia"}
    describe_concept(graph, language, DCTERMS.LinguisticSystem, vocab.eu_scheme("language"), label)
    themes = URIRef(site.uri("group"))
    graph.add((node, DCAT.themeTaxonomy, themes))
    graph.add((themes, RDF.type, SKOS.ConceptScheme))
    graph.add((themes, DCTERMS.title, Literal(f"Tema {site.title}", lang=lang)))
    if stamp := timestamp(modified):
        graph.add((node, DCTERMS.modified, stamp))
    for dataset in datasets:
        graph.add((node, DCAT.dataset, dataset))
    return node


def add_paging(graph: Graph, catalog: URIRef, paging: Paging) -> URIRef:
    """Describe the page in Hydra, both as ckanext-dcat 1.x did (``hydra:PagedCollection``
    with literal ``hydra:nextPage`` ...) and as Hydra now says (``hydra:PartialCollectionView``
    with ``hydra:next`` ... links), so old and new harvesters can both follow it."""
    page = URIRef(paging.link(paging.page) or paging.base)
    graph.add((page, RDF.type, HYDRA.PagedCollection))
    graph.add((page, RDF.type, HYDRA.PartialCollectionView))
    graph.add((catalog, HYDRA.view, page))
    graph.add((page, HYDRA.totalItems, Literal(paging.total, datatype=XSD.integer)))
    graph.add((page, HYDRA.itemsPerPage, Literal(paging.per_page, datatype=XSD.integer)))
    links = {
        "first": (HYDRA.firstPage, HYDRA.first, 1),
        "last": (HYDRA.lastPage, HYDRA.last, paging.last),
        "next": (HYDRA.nextPage, HYDRA.next, paging.next),
        "previous": (HYDRA.previousPage, HYDRA.previous, paging.previous),
    }
    for old, new, number in links.values():
        url = paging.link(number)
        if url:
            graph.add((page, old, Literal(url)))
            graph.add((page, new, URIRef(url)))
    return page


def catalog_graph(
    site: Site,
    packages: list[dict],
    *,
    paging: Paging | None = None,
    modified: str | None = None,
    profile: str = DEFAULT_PROFILE,
) -> Graph:
    """The catalog (one page of it when ``paging`` is given) as a graph."""
    graph = new_graph()
    datasets = [add_dataset(graph, site, pkg, profile) for pkg in packages]
    if modified is None and packages:
        modified = max(p.get("metadata_modified") or "" for p in packages) or None
    catalog = add_catalog(graph, site, datasets, modified)
    if paging is not None:
        add_paging(graph, catalog, paging)
    return graph


def dataset_graph(site: Site, pkg: dict, profile: str = DEFAULT_PROFILE) -> Graph:
    """One dataset, with the catalog it belongs to (as ckanext-dcat's ``/dataset/<id>.ttl``)."""
    graph = new_graph()
    dataset = add_dataset(graph, site, pkg, profile)
    add_catalog(graph, site, [dataset], pkg.get("metadata_modified"))
    return graph
