"""CKAN/Solr query syntax: parse ``q`` and ``fq`` into a small AST both backends compile.

Supported (see docs/search.md for the full list)::

    penduduk samarinda                 bare words, all required (default operator AND)
    "jenis kelamin"                    phrases
    title:jumlah  title:"jenis kelamin"  tags:kesehatan  organization:(dinkes OR dishub)
    a AND b, a && b, a OR b, a || b, NOT a, !a, +a, -a, ( ... )
    metadata_modified:[2024-01-01T00:00:00Z TO *]   {exclusive}, NOW-1DAY date math
    *:*  field:*  title:jumlah*  tags:kes?hatan

Example::

    >>> parse("tags:sehat -tags:gizi")
    And(children=(Term(field='tags', text='sehat'), Not(child=Term(field='tags', text='gizi'))))
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from search.documents import (
    DATE_FIELDS,
    FIELD_COLUMNS,
    INT_FIELDS,
    TEXT_FIELDS,
    is_keyword_field,
    resolve_field,
)
from search.errors import QueryError
from search.query_nodes import And, Exists, MatchAll, Node, Not, Or, Phrase, Range, Term, Wildcard

__all__ = [
    "And", "Exists", "MatchAll", "Node", "Not", "Or", "Phrase", "Range", "Term", "Wildcard",
    "parse", "parse_all", "resolve_date",
]  # fmt: skip


_SPECIAL = set(' \t\r\n()"[]{}')
_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_DATE_MATH = re.compile(
    r"([+-])(\d+)(YEAR|MONTH|DAY|HOUR|MINUTE|SECOND)S?|/(YEAR|MONTH|DAY|HOUR)S?"
)
_BOOST = re.compile(r"(\^\d+(\.\d+)?|~\d*(\.\d+)?)$")


_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?)?)?)?Z?$")


def resolve_date(value: str) -> str:
    """Normalise a date value: strip ``Z``, evaluate Solr date math (``NOW-7DAYS/DAY``)."""
    if not value.startswith("NOW"):
        if value != "*" and not _ISO_DATE.match(value):
            raise QueryError(f"Invalid date {value!r}: expected e.g. 2024-01-01T00:00:00Z or NOW")
        return value.rstrip("Z")
    moment = datetime.now(UTC).replace(tzinfo=None)
    rest = value[3:]
    pos = 0
    for match in _DATE_MATH.finditer(rest):
        if match.start() != pos:
            break
        pos = match.end()
        sign, amount, unit, round_to = match.groups()
        if round_to:
            moment = _round(moment, round_to)
            continue
        n = int(amount) * (1 if sign == "+" else -1)
        if unit == "YEAR":
            moment = moment.replace(year=moment.year + n)
        elif unit == "MONTH":
            month = moment.month - 1 + n
            moment = moment.replace(year=moment.year + month // 12, month=month % 12 + 1, day=1)
        else:
            moment += timedelta(**{unit.lower() + "s": n})
    if pos != len(rest):
        raise QueryError(f"Invalid date math {value!r}: expected e.g. NOW-7DAYS or NOW/DAY")
    return moment.isoformat(timespec="seconds")


def _round(moment: datetime, unit: str) -> datetime:
    """Round down to the start of the hour, day, month or year (Solr's ``/DAY``)."""
    moment = moment.replace(minute=0, second=0, microsecond=0)
    if unit in ("DAY", "MONTH", "YEAR"):
        moment = moment.replace(hour=0)
    if unit in ("MONTH", "YEAR"):
        moment = moment.replace(day=1)
    return moment.replace(month=1) if unit == "YEAR" else moment


def _value(field: str, raw: str) -> str | int:
    """Normalise a keyword value for ``field`` (formats upper-case, years as int, dates)."""
    if field in INT_FIELDS:
        if len(raw) > 9:
            raise QueryError(f"Field {field!r} needs a whole number below 10^9, not {raw!r}")
        try:
            return int(raw)
        except ValueError:
            raise QueryError(f"Field {field!r} needs a whole number, not {raw!r}") from None
    if field in DATE_FIELDS:
        return resolve_date(raw)
    if field == "res_format":
        return raw.strip().upper()
    if field == "private":
        return raw.lower()
    return raw


class _Parser:
    """A recursive-descent parser over the raw string (no separate lexer: ranges and field
    values need context)."""

    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0

    def error(self, message: str) -> QueryError:
        return QueryError(f"{message} at position {self.i} in {self.s!r}")

    def ws(self) -> None:
        while self.i < len(self.s) and self.s[self.i].isspace():
            self.i += 1

    def keyword(self, *names: str) -> str | None:
        self.ws()
        for name in names:
            end = self.i + len(name)
            if self.s.startswith(name, self.i) and (
                not name.isalpha() or end >= len(self.s) or self.s[end] in _SPECIAL
            ):
                self.i = end
                return name
        return None

    def parse(self) -> Node:
        self.ws()
        if self.i >= len(self.s):
            return MatchAll()
        node = self.parse_or(None)
        self.ws()
        if self.i < len(self.s):
            raise self.error("Unbalanced parentheses: unexpected ')'" if self.s[self.i] == ")"
                             else "Unexpected text")  # fmt: skip
        return node

    def parse_or(self, field: str | None) -> Node:
        items = [self.parse_and(field)]
        while self.keyword("OR", "||"):
            items.append(self.parse_and(field))
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self, field: str | None) -> Node:
        items = [self.parse_unary(field)]
        while True:
            self.ws()
            if self.i >= len(self.s) or self.s[self.i] == ")":
                break
            start = self.i
            if self.keyword("OR", "||"):
                self.i = start
                break
            self.keyword("AND", "&&")
            items.append(self.parse_unary(field))
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_unary(self, field: str | None) -> Node:
        self.ws()
        if self.keyword("NOT") or self.keyword("!") or self.keyword("-"):
            return Not(self.parse_unary(field))
        if self.keyword("+"):
            return self.parse_unary(field)
        return self.parse_primary(field)

    def parse_primary(self, field: str | None) -> Node:
        self.ws()
        if self.i >= len(self.s):
            raise self.error("Incomplete query: a term is missing")
        char = self.s[self.i]
        if char == "(":
            self.i += 1
            node = self.parse_or(field)
            self.ws()
            if self.i >= len(self.s) or self.s[self.i] != ")":
                raise self.error("Unbalanced parentheses: ')' expected")
            self.i += 1
            return node
        if char == '"':
            return self.make(field, self.phrase(), phrase=True)
        if char in "[{":
            return self.range(field)
        if char in ")]}":
            raise self.error(f"Unexpected {char!r}")
        word = self.word(allow_colon=field is not None)
        if word in ("AND", "OR", "&&", "||"):
            raise self.error(f"Operator {word} needs a term on both sides")
        if self.i < len(self.s) and self.s[self.i] == ":" and field is None:
            self.i += 1
            if word == "*":
                if self.word() != "*":
                    raise self.error("Only '*:*' may use '*' as a field name")
                return MatchAll()
            return self.field_value(self.field_name(word))
        return self.make(field, word)

    def field_name(self, word: str) -> str:
        if not _FIELD_NAME.match(word):
            raise self.error(f"Invalid field name {word!r}")
        name = resolve_field(word)
        if name not in TEXT_FIELDS and not is_keyword_field(name):
            raise self.error(f"Unknown field {word!r}")
        return name

    def field_value(self, field: str) -> Node:
        if self.i >= len(self.s) or self.s[self.i].isspace():
            raise self.error(f"Field {field!r} needs a value")
        return self.parse_primary(field)

    def word(self, allow_colon: bool = False) -> str:
        """A bare word up to whitespace or a special character; inside a field value a colon
        belongs to the value (``metadata_modified:2024-05-01T10:00:00Z``)."""
        out: list[str] = []
        while self.i < len(self.s):
            char = self.s[self.i]
            if char == "\\" and self.i + 1 < len(self.s):
                out.append("\\" + self.s[self.i + 1])
                self.i += 2
                continue
            if char in _SPECIAL or (char == ":" and out and not allow_colon):
                break
            out.append(char)
            self.i += 1
        if not out:
            raise self.error("A term is missing")
        return _BOOST.sub("", "".join(out))

    def phrase(self) -> str:
        end = self.i + 1
        while end < len(self.s) and self.s[end] != '"':
            end += 2 if self.s[end] == "\\" else 1
        if end >= len(self.s):
            raise self.error("Unterminated phrase: closing '\"' missing")
        text = self.s[self.i + 1 : end].replace('\\"', '"')
        self.i = end + 1
        if self.i < len(self.s) and self.s[self.i] in "~^":
            self.i += 1
            self.word() if self.i < len(self.s) and not self.s[self.i].isspace() else None
        return text

    def range(self, field: str | None) -> Node:
        if field is None or field in FIELD_COLUMNS:
            raise self.error("A range needs a keyword field, e.g. metadata_modified:[* TO NOW]")
        include_low = self.s[self.i] == "["
        match = re.compile(r"\s*(\S+?)\s+TO\s+(\S+?)\s*([\]}])").match(self.s, self.i + 1)
        if not match:
            raise self.error("Unterminated range: expected '[low TO high]'")
        self.i = match.end()
        low, high = (None if v == "*" else _value(field, v.strip('"')) for v in match.groups()[:2])
        return Range(field, low, high, include_low, match.group(3) == "]")

    def make(self, field: str | None, raw: str, phrase: bool = False) -> Node:
        text = raw if phrase else raw.replace("\\", "")
        if field is None or field in FIELD_COLUMNS:
            name = None if field == "text" else field
            if phrase:
                return Phrase(name, text)
            if raw == "*":
                return MatchAll() if name is None else Exists(name)
            if _is_wild(raw):
                return Wildcard(name, text)
            return Term(name, text)
        if raw == "*" and not phrase:
            return Exists(field)
        if not phrase and _is_wild(raw) and field not in INT_FIELDS:
            return Wildcard(field, text)
        value = _value(field, text)
        if field in DATE_FIELDS:
            return Range(field, value, value)
        return Term(field, value)  # type: ignore[arg-type]


def _is_wild(raw: str) -> bool:
    return bool(re.search(r"(?<!\\)[*?]", raw))


def parse(text: str | None) -> Node:
    """Parse a ``q`` or ``fq`` string into an AST; empty means :class:`MatchAll`."""
    if text and len(text) > 5000:
        raise QueryError("Query is too long (over 5000 characters)")
    try:
        return _Parser(text or "").parse()
    except RecursionError:
        raise QueryError("Query is nested too deeply") from None
    except OverflowError:
        raise QueryError("A number or date in the query is out of range") from None


def parse_all(q: str | None, fq: list[str] | None = None) -> Node:
    """``q`` and every ``fq`` combined with AND, as CKAN does."""
    nodes = [parse(q)] + [parse(f) for f in fq or [] if f and f.strip()]
    nodes = [n for n in nodes if not isinstance(n, MatchAll)]
    if not nodes:
        return MatchAll()
    return nodes[0] if len(nodes) == 1 else And(tuple(nodes))
