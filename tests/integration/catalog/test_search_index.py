"""The index follows the catalog: inline indexing, outages, reindex under load, suggestions,
synonyms, drift. Runs on the embedded index and on a real OpenSearch node."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import select

from catalog.db import transaction
from catalog.models import Dataset, SearchOutbox
from catalog.services.indexing import all_documents, backlog, drain, drain_all
from search import make_backend


@pytest.fixture(params=["embedded", pytest.param("opensearch", marks=pytest.mark.opensearch)])
def engine(request, app):
    if request.param == "embedded":
        yield app.extensions["tepian.search"]
        return
    from tests.conftest import require_service

    backend = make_backend(
        require_service("opensearch"), "", index_prefix=f"tepian-test-{uuid.uuid4().hex[:8]}"
    )
    app.extensions["tepian.search"] = backend
    yield backend
    backend.drop()


def dead_engine():
    """A real client pointed at a port where nothing listens: every call fails."""
    from tests.servers import free_port

    return make_backend(f"http://127.0.0.1:{free_port()}", "", index_prefix="tepian-down")


def indexed_state(app, engine) -> dict:
    with app.app_context():
        with transaction() as session:
            rows = dict(session.execute(select(Dataset.id, Dataset.metadata_modified)).all())
    found = engine.get_modified(list(rows))
    return {i: (found.get(i) or "")[:19] == m.isoformat()[:19] for i, m in rows.items()}


def test_writes_are_indexed_inline(api, engine):
    ds = api.dataset(title="Jumlah Kendaraan Bermotor")
    assert api.ok("package_search", {"q": "kendaraan"})["count"] == 1
    api.ok("package_patch", {"id": ds["id"], "title": "Panjang Jalan Kota"}, user=api.sysadmin())
    assert api.ok("package_search", {"q": "kendaraan"})["count"] == 0
    assert api.ok("package_search", {"q": "jalan"})["count"] == 1
    api.ok("package_delete", {"id": ds["id"]}, user=api.sysadmin())
    assert api.ok("package_search", {"q": "jalan"})["count"] == 0
    assert (
        api.ok("package_search", {"q": "jalan", "include_deleted": True}, user=api.sysadmin())[
            "count"
        ]
        == 1
    )
    with api.app.app_context():
        with transaction() as session:
            assert backlog(session) == 0


def test_opd_rename_reaches_the_index(api, engine):
    api.org("dispar")
    api.dataset(org="dispar", title="Kunjungan Wisatawan")
    api.ok(
        "organization_patch",
        {"id": "dispar", "title": "Dinas Pariwisata Kota"},
        user=api.sysadmin(),
    )
    result = api.ok("package_search", {"q": "wisatawan"})
    assert result["results"][0]["organization"]["title"] == "Dinas Pariwisata Kota"


def test_outage_keeps_writes_and_backlog_drains(api, app, engine):
    before = api.dataset(title="Data Sebelum Gangguan")
    app.extensions["tepian.search"] = dead_engine()
    during = [api.dataset(title=f"Data Saat Gangguan {i}") for i in range(3)]
    api.ok("package_patch", {"id": before["id"], "notes": "diubah"}, user=api.sysadmin())
    fallback = api.ok("package_search", {"q": "gangguan"})
    assert "search_notice" in fallback and fallback["count"] == 4  # answered from the DB
    with app.app_context():
        with transaction() as session:
            assert backlog(session) >= 4
    app.extensions["tepian.search"] = engine
    assert not all(indexed_state(app, engine).values())
    with app.app_context():
        drain_all(app.extensions["tepian.sessionmaker"], engine)
        with transaction() as session:
            assert backlog(session) == 0
    assert all(indexed_state(app, engine).values())
    assert api.ok("package_search", {"q": "gangguan"})["count"] == 4
    assert "search_notice" not in api.ok("package_search", {"q": "gangguan"})
    assert len(during) == 3


def test_reindex_while_queries_run_loses_none(api, app, engine):
    for i in range(30):
        api.dataset(title=f"Realisasi Anggaran Kecamatan {i}")
    errors, counts = [], []
    stop = threading.Event()

    def query():
        while not stop.is_set():
            try:
                counts.append(engine.search_count_for_test("anggaran"))
            except Exception as exc:  # pragma: no cover - the assertion reports it
                errors.append(exc)

    def count(q):
        from search import SearchQuery

        return engine.search(SearchQuery(q=q, rows=0, labels=["public"])).count

    engine.search_count_for_test = count
    thread = threading.Thread(target=query)
    thread.start()
    try:
        with app.app_context():
            with transaction() as session:
                for _ in range(2):
                    assert engine.reindex(all_documents(session)) == 30
    finally:
        stop.set()
        thread.join()
    assert errors == []
    assert counts and set(counts) == {30}


def test_suggest_is_prefix_and_typo_tolerant_and_private_aware(api, engine):
    api.org("dinkes")
    api.dataset(org="dinkes", title="Jumlah Puskesmas Menurut Kecamatan")
    api.dataset(org="dinkes", title="Puskesmas Rahasia", private=True)
    texts = [s["text"] for s in api.ok("search_suggest", {"q": "puskes"})]
    assert "Jumlah Puskesmas Menurut Kecamatan" in texts
    assert "Puskesmas Rahasia" not in texts
    assert any("Puskesmas" in s["text"] for s in api.ok("search_suggest", {"q": "puskesmsa"}))
    auto = api.ok("package_autocomplete", {"q": "puskes"})
    assert auto and auto[0]["match_field"] == "title"


def test_highlights_on_request(api, engine):
    api.dataset(title="Volume Sampah Harian")
    result = api.ok("package_search", {"q": "sampah", "hl": "true"})
    assert "<mark>" in " ".join(result["results"][0]["_highlights"]["title"])
    assert "_highlights" not in api.ok("package_search", {"q": "sampah"})["results"][0]


def test_sysadmin_edits_synonyms(api, engine):
    api.user("staf")
    api.dataset(title="Luas Kawasan Konservasi Perairan")
    assert (
        api.call(
            "search_synonyms_update", {"synonyms": ["kkp, konservasi perairan"]}, user="staf"
        ).status
        == 403
    )
    bad = api.call("search_synonyms_update", {"synonyms": ["tanpa koma"]}, user=api.sysadmin())
    assert bad.status == 409 and "synonyms" in bad.error
    lines = api.ok("search_synonyms_show")
    assert any("dishub" in line for line in lines)
    api.ok(
        "search_synonyms_update",
        {"synonyms": lines + ["kkp, konservasi perairan"]},
        user=api.sysadmin(),
    )
    assert "kkp, konservasi perairan" in api.ok("search_synonyms_show")
    assert api.ok("package_search", {"q": "kkp"})["count"] == 1


def test_status_reports_backlog_and_drift(api, app, engine):
    ds = api.dataset(title="Data Awal")
    assert api.call("search_status_show", {}).status == 403
    status = api.ok("search_status_show", user=api.sysadmin())
    assert status["backlog"] == 0 and status["stale_count_in_sample"] == 0
    with app.app_context():
        with transaction() as session:  # a change that skipped the outbox: drift
            session.get(Dataset, ds["id"]).title = "Diubah Tanpa Outbox"
            from catalog.db import utcnow

            session.get(Dataset, ds["id"]).metadata_modified = utcnow().replace(year=2030)
    status = api.ok("search_status_show", user=api.sysadmin())
    assert status["stale_sample"] == [ds["id"]]


@pytest.mark.postgres
def test_two_workers_never_apply_a_row_twice(api, app, engine, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("row claiming with SKIP LOCKED is PostgreSQL's")
    app.config["SEARCH_INLINE"] = False
    for i in range(40):
        api.dataset(title=f"Data Antrian {i}")
    with app.app_context():
        with transaction() as session:
            queued = backlog(session)
    make = app.extensions["tepian.sessionmaker"]
    done, barrier = [], threading.Barrier(2)

    def work():
        barrier.wait()
        with make() as session:
            done.append(drain(session, engine, limit=queued))
            session.commit()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(done) == queued
    with make() as session:
        assert session.scalar(select(SearchOutbox.id).limit(1)) is None
