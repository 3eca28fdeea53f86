"""The CKAN/Solr query parser: AST shapes, value normalisation, readable errors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from search.analysis import Synonyms
from search.errors import QueryError
from search.query import (
    And,
    Exists,
    MatchAll,
    Not,
    Or,
    Phrase,
    Range,
    Term,
    Wildcard,
    parse,
    parse_all,
    resolve_date,
)
from search.rewrite import expand_synonyms


@pytest.mark.parametrize(
    ("q", "tree"),
    [
        ("", MatchAll()),
        ("*:*", MatchAll()),
        ("penduduk", Term(None, "penduduk")),
        ("penduduk samarinda", And((Term(None, "penduduk"), Term(None, "samarinda")))),
        ('"jenis kelamin"', Phrase(None, "jenis kelamin")),
        ("title:jumlah", Term("title", "jumlah")),
        ('title:"jenis kelamin"', Phrase("title", "jenis kelamin")),
        ("text:jumlah", Term(None, "jumlah")),
        ("tags:kesehatan", Term("tags", "kesehatan")),
        ('organization:"dinas-kesehatan"', Term("organization", "dinas-kesehatan")),
        ("tag:gizi", Term("tags", "gizi")),
        ("res_format:csv", Term("res_format", "CSV")),
        ("private:True", Term("private", "true")),
        ("years:2023", Term("years", 2023)),
        ("tahun:2023", Term("years", 2023)),
        ("notes:*", Exists("notes")),
        ("satuan:*", Exists("satuan")),
        ("title:jumlah*", Wildcard("title", "jumlah*")),
        ("tags:kes?hatan", Wildcard("tags", "kes?hatan")),
        ("a OR b", Or((Term(None, "a"), Term(None, "b")))),
        ("a || b", Or((Term(None, "a"), Term(None, "b")))),
        ("a AND b", And((Term(None, "a"), Term(None, "b")))),
        ("a && b", And((Term(None, "a"), Term(None, "b")))),
        ("NOT a", Not(Term(None, "a"))),
        ("!a", Not(Term(None, "a"))),
        ("-tags:a", Not(Term("tags", "a"))),
        ("+a -b", And((Term(None, "a"), Not(Term(None, "b"))))),
        ("a b OR c", Or((And((Term(None, "a"), Term(None, "b"))), Term(None, "c")))),
        ("organization:(a OR b)", Or((Term("organization", "a"), Term("organization", "b")))),
        ("years:[2020 TO 2022]", Range("years", 2020, 2022)),
        ("years:{2020 TO *]", Range("years", 2020, None, False, True)),
        (
            "metadata_modified:[2024-01-01T00:00:00Z TO *]",
            Range("metadata_modified", "2024-01-01T00:00:00", None),
        ),
        ("jumlah^2", Term(None, "jumlah")),
        (
            "metadata_modified:2024-05-01T10:00:00Z",
            Range("metadata_modified", "2024-05-01T10:00:00", "2024-05-01T10:00:00"),
        ),
        ("extras_url:http://x.id/a", Term("extras_url", "http://x.id/a")),
        (r"name:a\-b", Term("name", "a-b")),
    ],
)
def test_parse_builds_the_expected_tree(q, tree):
    assert parse(q) == tree


@pytest.mark.parametrize(
    ("q", "fragment"),
    [
        ("(penduduk", "Unbalanced parentheses"),
        ("penduduk)", "Unbalanced parentheses"),
        ("years:[2020 TO", "Unterminated range"),
        ('"jenis', "Unterminated phrase"),
        ("nosuch:x", "Unknown field 'nosuch'"),
        ("a AND", "term is missing"),
        ("OR a", "needs a term on both sides"),
        ("title:[a TO b]", "keyword field"),
        ("years:dua", "whole number"),
        ("metadata_modified:[NOW-1WEEKS TO *]", "Invalid date math"),
    ],
)
def test_parse_errors_are_readable(q, fragment):
    with pytest.raises(QueryError, match=fragment.replace("(", r"\(").replace("[", r"\[")):
        parse(q)


def test_parse_all_ands_q_and_every_fq():
    tree = parse_all("penduduk", ["tags:a", "", "organization:b"])
    assert tree == And((Term(None, "penduduk"), Term("tags", "a"), Term("organization", "b")))
    assert parse_all("", []) == MatchAll()


def test_date_math():
    now = datetime.now(UTC).replace(tzinfo=None)
    day = resolve_date("NOW/DAY")
    assert day == now.strftime("%Y-%m-%dT00:00:00")
    assert resolve_date("NOW-1YEAR/YEAR") == f"{now.year - 1}-01-01T00:00:00"
    assert resolve_date("NOW+2DAYS") > resolve_date("NOW")
    assert resolve_date("2024-01-01T00:00:00Z") == "2024-01-01T00:00:00"


def test_synonyms_expand_words_runs_and_phrases():
    synonyms = Synonyms(["dishub, dinas perhubungan", "apbd => anggaran daerah"])
    assert expand_synonyms(parse("dishub"), synonyms) == Or(
        (Term(None, "dishub"), Phrase(None, "dinas perhubungan"))
    )
    run = expand_synonyms(parse("data dinas perhubungan"), synonyms)
    assert run == And(
        (
            Term(None, "data"),
            Or((And((Term(None, "dinas"), Term(None, "perhubungan"))), Term(None, "dishub"))),
        )
    )
    assert expand_synonyms(parse("apbd"), synonyms) == Phrase(None, "anggaran daerah")
    assert expand_synonyms(parse("title:dishub"), synonyms) == Term("title", "dishub")
