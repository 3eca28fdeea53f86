"""The dataset search page's parameters: query string in, ``package_search`` data out.

URLs are shareable and readable: ``/dataset?q=penduduk&organization=dinkes&organization=dishub
&res_format=CSV&sort=metadata_modified+desc&page=2``. Values of one facet are OR-ed
(``organization:("dinkes" OR "dishub")``), different facets are AND-ed (one ``fq`` each).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from flask import current_app, request
from flask_babel import lazy_gettext as _l

from catalog import errors
from catalog.web.helpers import act

ROWS = 20
# URL parameter -> label; the URL parameter is also the fq field.
FACETS: dict[str, Any] = {
    "organization": _l("OPD"),
    "groups": _l("Tema"),
    "res_format": _l("Format"),
    "license_id": _l("Lisensi"),
    "frekuensi": _l("Frekuensi"),
    "tahun": _l("Tahun"),
}
SORTS: dict[str, Any] = {
    "score desc, metadata_modified desc": _l("Paling relevan"),
    "metadata_modified desc": _l("Terakhir diperbarui"),
    "metadata_created desc": _l("Terbaru ditambahkan"),
    "title_string asc": _l("Judul A-Z"),
    "title_string desc": _l("Judul Z-A"),
}
# A search engine facets years as numbers ("years"); the database facets the text "tahun".
_YEAR_FACETS = ("years", "tahun")


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def facet_fq(name: str, values: list[str]) -> str:
    """``organization:("a" OR "b")`` for the values picked in one facet."""
    return f"{name}:(" + " OR ".join(_quote(v) for v in values) + ")"


@dataclass
class SearchForm:
    """What the visitor asked for, read from the query string."""

    q: str = ""
    sort: str = ""
    page: int = 1
    filters: dict[str, list[str]] = field(default_factory=dict)
    fixed: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_request(cls, fixed: dict[str, str] | None = None) -> SearchForm:
        filters = {
            name: [v for v in request.args.getlist(name) if v]
            for name in FACETS
            if name not in (fixed or {})
        }
        sort = request.args.get("sort", "")
        return cls(
            q=request.args.get("q", "").strip()[:500],
            sort=sort if sort in SORTS else "",
            page=max(request.args.get("page", 1, type=int) or 1, 1),
            filters={k: v for k, v in filters.items() if v},
            fixed=dict(fixed or {}),
        )

    def fq_list(self, without: tuple[str, str] | None = None) -> list[str]:
        result = [facet_fq(k, [v]) for k, v in self.fixed.items()]
        for name, values in self.filters.items():
            kept = [v for v in values if (name, v) != without]
            if kept:
                result.append(facet_fq(name, kept))
        return result

    def params(self, *, include_private: bool = False) -> dict:
        data: dict[str, Any] = {
            "q": self.q,
            "rows": ROWS,
            "start": (self.page - 1) * ROWS,
            "facet.limit": 50,
            "hl": "true",
        }
        if self.sort:
            data["sort"] = self.sort
        elif not self.q:
            data["sort"] = "metadata_modified desc"
        fq = self.fq_list()
        if fq:
            data["fq_list"] = fq
        if include_private:
            data["include_private"] = True
        return data

    # URLs -------------------------------------------------------------------------------------
    def _args(self) -> list[tuple[str, str]]:
        args = [("q", self.q)] if self.q else []
        for name, values in self.filters.items():
            args.extend((name, v) for v in values)
        if self.sort:
            args.append(("sort", self.sort))
        return args

    def url(self, **change: Any) -> str:
        """This search's URL with a filter toggled (``toggle=(name, value)``), or a page."""
        args = self._args()
        toggle = change.get("toggle")
        if toggle is not None:
            args = [a for a in args if a != toggle] if toggle in args else args + [toggle]
        if change.get("drop_q"):
            args = [a for a in args if a[0] != "q"]
        if change.get("page", 1) > 1:
            args.append(("page", str(change["page"])))
        query = urlencode(args)
        return f"{request.path}?{query}" if query else request.path

    def chips(self) -> list[tuple[str, str, str, str]]:
        """Active filters as ``(facet, facet label, value, URL without it)``."""
        return [
            (name, str(FACETS[name]), value, self.url(toggle=(name, value)))
            for name, values in self.filters.items()
            for value in values
        ]

    def is_active(self, name: str, value: str) -> bool:
        return value in self.filters.get(name, [])


def run_search(form: SearchForm, *, include_private: bool = False) -> dict:
    """``package_search`` with the page's facets; the year facet field fits the backend."""
    cache = current_app.extensions.setdefault("tepian.web", {})
    candidates = [cache["year_facet"]] if "year_facet" in cache else list(_YEAR_FACETS)
    data = form.params(include_private=include_private)
    last_error: errors.SearchQueryError | None = None
    for year_field in candidates:
        fields = [f for f in FACETS if f != "tahun"] + [year_field]
        try:
            result = act("package_search", {**data, "facet.field": fields})
        except errors.SearchQueryError as exc:
            last_error = exc
            continue
        cache["year_facet"] = year_field
        facets = result.get("search_facets") or {}
        if year_field != "tahun" and year_field in facets:
            facets["tahun"] = facets.pop(year_field)
        return result
    assert last_error is not None
    raise last_error


def relaxations(form: SearchForm) -> list[tuple[str, str, int]]:
    """When nothing matches: each filter (and the words) that, dropped, would find datasets."""
    options = []
    for name, values in form.filters.items():
        for value in values:
            fq = form.fq_list(without=(name, value))
            count = act("package_search", {"q": form.q, "fq_list": fq, "rows": 0})["count"]
            if count:
                options.append((f"{FACETS[name]}: {value}", form.url(toggle=(name, value)), count))
    if form.q and form.filters:
        count = act("package_search", {"fq_list": form.fq_list(), "rows": 0})["count"]
        if count:
            options.append((f"“{form.q}”", form.url(drop_q=True), count))
    return options
