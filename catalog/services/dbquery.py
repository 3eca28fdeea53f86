"""CKAN (Solr-style) ``q`` / ``fq`` read into SQL over the catalog tables.

This serves ``package_search`` straight from the database: the embedded default until a search
engine answers, and the fallback while one is down. Supported: words (all must match), quoted
phrases, ``field:value``, ``field:"phrase"``, ``field:(a OR b)``, AND / OR / NOT / ``-`` / ``+``,
parentheses, ranges ``field:[a TO b]`` / ``{a TO b}`` with ``*``, ``field:*`` and ``*:*``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, false, func, not_, or_, true
from sqlalchemy.sql.elements import ColumnElement

from catalog.errors import SearchQueryError
from catalog.models import (
    Dataset,
    DatasetExtra,
    Group,
    Organization,
    Resource,
    Tag,
    dataset_group,
    dataset_tag,
)

TOKEN_RE = re.compile(
    r'\s*(?:(?P<lp>\()|(?P<rp>\))|(?P<phrase>"(?:[^"\\]|\\.)*")|(?P<range>[\[{][^\]}]*[\]}])'
    r"|(?P<word>(?:[^\s()\"\\\[{]|\\.)+))"
)
TEXT_FIELDS = ("title", "notes", "name")
COLUMN_FIELDS = {
    "name": Dataset.name,
    "id": Dataset.id,
    "title": Dataset.title,
    "notes": Dataset.notes,
    "license_id": Dataset.license_id,
    "state": Dataset.state,
    "owner_org": Dataset.owner_org,
    "author": Dataset.author,
    "maintainer": Dataset.maintainer,
    "version": Dataset.version,
    "frekuensi": Dataset.frekuensi,
    "tahun": Dataset.tahun,
    "satuan": Dataset.satuan,
    "klasifikasi": Dataset.klasifikasi,
    "kode_wilayah": Dataset.kode_wilayah,
    "cakupan_wilayah": Dataset.cakupan_wilayah,
    "produsen_data": Dataset.produsen_data,
    "walidata": Dataset.walidata,
    "metadata_modified": Dataset.metadata_modified,
    "metadata_created": Dataset.metadata_created,
}
DATE_FIELDS = {"metadata_modified", "metadata_created"}


@dataclass
class Term:
    field: str | None
    value: str
    phrase: bool = False
    range: tuple[str, str, bool] | None = None


def tokenize(text: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    text = text.strip()
    while pos < len(text):
        match = TOKEN_RE.match(text, pos)
        if not match or match.end() == pos:
            raise SearchQueryError(f"Cannot parse query near: {text[pos : pos + 20]!r}")
        kind = match.lastgroup
        tokens.append((kind, match.group(kind)))
        pos = match.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return tokens


class Parser:
    """Recursive descent over the tokens; builds SQL clauses directly."""

    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.pos = 0

    def parse(self) -> ColumnElement[bool]:
        if not self.tokens:
            return true()
        clause = self.parse_or()
        if self.pos != len(self.tokens):
            raise SearchQueryError(f"Unexpected {self.tokens[self.pos][1]!r} in query")
        return clause

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse_or(self) -> ColumnElement[bool]:
        parts = [self.parse_and()]
        while self.peek() and self.peek()[1] in ("OR", "||"):
            self.pos += 1
            parts.append(self.parse_and())
        return or_(*parts) if len(parts) > 1 else parts[0]

    def parse_and(self) -> ColumnElement[bool]:
        parts = [self.parse_unary()]
        while self.peek() and self.peek()[0] != "rp" and self.peek()[1] not in ("OR", "||"):
            if self.peek()[1] in ("AND", "&&"):
                self.pos += 1
            parts.append(self.parse_unary())
        return and_(*parts) if len(parts) > 1 else parts[0]

    def parse_unary(self) -> ColumnElement[bool]:
        token = self.peek()
        if token is None:
            raise SearchQueryError("Query ends where a term was expected")
        if token[1] in ("NOT", "!"):
            self.pos += 1
            return not_(self.parse_unary())
        if token[0] == "word" and token[1].startswith("-") and len(token[1]) > 1:
            self.tokens[self.pos] = ("word", token[1][1:])
            return not_(self.parse_unary())
        if token[0] == "word" and token[1].startswith("+") and len(token[1]) > 1:
            self.tokens[self.pos] = ("word", token[1][1:])
        return self.parse_primary()

    def parse_primary(self) -> ColumnElement[bool]:
        kind, value = self.tokens[self.pos]
        self.pos += 1
        if kind == "lp":
            inner = self.parse_or()
            if not self.peek() or self.peek()[0] != "rp":
                raise SearchQueryError("Missing closing parenthesis in query")
            self.pos += 1
            return inner
        if kind == "rp":
            raise SearchQueryError("Unbalanced closing parenthesis in query")
        if kind == "range":
            raise SearchQueryError("A range needs a field, e.g. metadata_modified:[... TO ...]")
        if kind == "phrase":
            return term_clause(Term(None, unquote(value), phrase=True))
        field, sep, rest = value.partition(":")
        if sep and field and not rest:
            # field:(a OR b), field:"phrase", field:[a TO b]
            nxt = self.peek()
            if nxt is None:
                raise SearchQueryError(f"Missing value after {field}:")
            self.pos += 1
            if nxt[0] == "phrase":
                return term_clause(Term(field, unquote(nxt[1]), phrase=True))
            if nxt[0] == "range":
                return term_clause(Term(field, "", range=parse_range(nxt[1])))
            if nxt[0] == "lp":
                values = []
                while self.peek() and self.peek()[0] != "rp":
                    kind2, val2 = self.tokens[self.pos]
                    self.pos += 1
                    if val2 in ("OR", "||"):
                        continue
                    values.append(unquote(val2) if kind2 == "phrase" else val2)
                if not self.peek():
                    raise SearchQueryError("Missing closing parenthesis in query")
                self.pos += 1
                return or_(*[term_clause(Term(field, v)) for v in values]) if values else false()
            raise SearchQueryError(f"Cannot read the value of {field}:")
        if sep and field:
            return term_clause(Term(field, rest.replace("\\", "")))
        return term_clause(Term(None, value.replace("\\", "")))


def unquote(value: str) -> str:
    return value[1:-1].replace('\\"', '"')


def parse_range(text: str) -> tuple[str, str, bool]:
    match = re.match(r"^([\[{])\s*(\S+)\s+TO\s+(\S+)\s*([\]}])$", text)
    if not match:
        raise SearchQueryError(f"Cannot read range {text!r}: expected [FROM TO TO]")
    return match.group(2), match.group(3), match.group(1) == "["


def _like(column, value: str) -> ColumnElement[bool]:
    pattern = (
        value.lower().replace("%", r"\%").replace("_", r"\_").replace("*", "%").replace("?", "_")
    )
    if "%" not in pattern and "_" not in pattern.replace(r"\_", ""):
        pattern = f"%{pattern}%"
    return func.lower(column).like(pattern, escape="\\")


def _date_bound(value: str):
    from datetime import datetime

    if value == "*":
        return None
    if value.upper().startswith("NOW"):
        return datetime.utcnow()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        raise SearchQueryError(f"Cannot read date {value!r} in range") from None


def _text_clause(value: str) -> ColumnElement[bool]:
    tag_match = exists().where(
        dataset_tag.c.dataset_id == Dataset.id,
        dataset_tag.c.tag_id == Tag.id,
        _like(Tag.name, value),
    )
    org_match = exists().where(
        Organization.id == Dataset.owner_org, _like(Organization.title, value)
    )
    res_match = exists().where(
        Resource.dataset_id == Dataset.id,
        Resource.state == "active",
        or_(_like(Resource.name, value), _like(Resource.format, value)),
    )
    return or_(
        *[_like(COLUMN_FIELDS[f], value) for f in TEXT_FIELDS], tag_match, org_match, res_match
    )


YEAR_FIELDS = ("years", "year", "tahun")


def _years_clause(term: Term) -> ColumnElement[bool]:
    """Years covered, read from the ``tahun`` text (the index has them as numbers).

    A year inside a written range ("2019-2023" for 2021) is found only through the temporal
    columns, which the demo and harvested datasets usually fill.
    """
    if term.range is not None:
        low, high, inclusive = term.range
        try:
            lo = int(low) if low != "*" else 1900
            hi = int(high) if high != "*" else 2100
        except ValueError:
            raise SearchQueryError(f"Year range needs numbers, not {low!r} TO {high!r}") from None
        if not inclusive:
            lo, hi = lo + 1, hi - 1
        years = range(max(lo, 1900), min(hi, 2100) + 1)
    else:
        if not term.value.isdigit() or len(term.value) != 4:
            raise SearchQueryError(f"A year is four digits, not {term.value!r}")
        years = range(int(term.value), int(term.value) + 1)
    clauses = []
    for year in years:
        start, end = date(year, 1, 1), date(year, 12, 31)
        clauses.append(Dataset.tahun.like(f"%{year}%"))
        clauses.append(and_(Dataset.temporal_start <= end, Dataset.temporal_end >= start))
    return or_(*clauses) if clauses else false()


def term_clause(term: Term) -> ColumnElement[bool]:
    """SQL for one term; unknown fields are a query error, like an undefined Solr field."""
    field, value = term.field, term.value
    if field in (None, "text", "q"):
        if value == "*":
            return true()
        return _text_clause(value)
    if field == "*" and value == "*":
        return true()
    if field in YEAR_FIELDS:
        return _years_clause(term)
    if field in ("dataset_type", "type"):
        return Dataset.type == value
    if field.startswith("extras_") and len(field) > 7:
        match = [DatasetExtra.dataset_id == Dataset.id, DatasetExtra.key == field[7:]]
        if value != "*":
            match.append(DatasetExtra.value == value)
        return exists().where(*match)
    if term.range is not None:
        column = COLUMN_FIELDS.get(field)
        if column is None:
            raise SearchQueryError(f"Cannot search a range on field {field!r}")
        low, high, inclusive = term.range
        convert = _date_bound if field in DATE_FIELDS else (lambda v: None if v == "*" else v)
        lo, hi = convert(low), convert(high)
        parts = []
        if lo is not None:
            parts.append(column >= lo if inclusive else column > lo)
        if hi is not None:
            parts.append(column <= hi if inclusive else column < hi)
        return and_(*parts) if parts else true()
    if field in ("tags", "tag"):
        return exists().where(
            dataset_tag.c.dataset_id == Dataset.id,
            dataset_tag.c.tag_id == Tag.id,
            func.lower(Tag.name) == value.lower(),
        )
    if field in ("groups", "group"):
        return exists().where(
            dataset_group.c.dataset_id == Dataset.id,
            dataset_group.c.group_id == Group.id,
            or_(Group.name == value, Group.id == value),
        )
    if field == "organization":
        return exists().where(Organization.id == Dataset.owner_org, Organization.name == value)
    if field == "res_format":
        return exists().where(
            Resource.dataset_id == Dataset.id,
            Resource.state == "active",
            func.upper(Resource.format) == value.upper(),
        )
    if field == "capacity":
        return Dataset.private.is_(value == "private")
    if field == "private":
        return Dataset.private.is_(value.lower() == "true")
    column = COLUMN_FIELDS.get(field)
    if column is None:
        raise SearchQueryError(f"Unknown search field: {field}")
    if value == "*":
        return and_(column.is_not(None), column != "")
    if field in DATE_FIELDS:
        return column == _date_bound(value)
    if term.phrase or field in TEXT_FIELDS:
        return _like(column, value) if field in TEXT_FIELDS else column == value
    if "*" in value or "?" in value:
        return _like(column, value)
    return column == value


def parse(text: str) -> ColumnElement[bool]:
    """Parse a CKAN ``q`` or ``fq`` string into a WHERE clause over :class:`Dataset`."""
    if text and len(text) > 5000:
        raise SearchQueryError("Query is too long (over 5000 characters)")
    try:
        return Parser(text or "").parse()
    except RecursionError:
        raise SearchQueryError("Query is nested too deeply") from None
