"""Judged Indonesian queries for measuring search relevance (nDCG@10, recall@10).

Two collections: the demo catalog of Kota Samarinda (judged by hand: for each query, the
datasets a person searching for it wants), and a generated catalog of a few thousand datasets
whose relevant sets follow from how each dataset was generated. Documents are plain package
dicts, so the same judgments score every search backend.
"""

from __future__ import annotations

import math
import random
import uuid

from catalog.demo import _dataset
from catalog.demo_data import DATASETS, GROUPS, ORGANIZATIONS

ORG_TITLES = {name: title for name, title, _ in ORGANIZATIONS}
GROUP_TITLES = dict(GROUPS)

# query -> indices into catalog.demo_data.DATASETS of the datasets that answer it.
DEMO_JUDGMENTS: dict[str, list[int]] = {
    "jumlah penduduk": [0, 1, 4, 51],
    "kependudukan": [0, 1, 2, 3, 4],
    "penduduk miskin": [51, 27],
    "kemiskinan": [51, 27, 26],
    "stunting balita": [7],
    "demam berdarah": [5],
    "dbd": [5],
    "puskesmas": [9, 6, 10],
    "puskemas": [9, 6, 10],
    "imunisasi bayi": [10, 6],
    "kematian ibu": [8],
    "sekolah dasar": [11, 16],
    "guru": [14, 16],
    "pendidikan": [11, 12, 13, 14, 16, 42],
    "paud": [13],
    "kendaraan bermotor": [17],
    "parkir": [18],
    "angkutan umum": [19, 20],
    "dishub": [17, 18, 19, 20, 21],
    "dinas perhubungan": [17, 18, 19, 20, 21],
    "jalan rusak": [22],
    "banjir": [24, 55, 54],
    "sampah": [30, 34],
    "ruang terbuka hijau": [32],
    "kualitas air sungai": [33],
    "wisatawan": [35, 36, 37],
    "hotel": [37, 47],
    "umkm": [39, 41],
    "koperasi": [40],
    "pencari kerja": [42],
    "upah minimum": [43],
    "pajak daerah": [45, 46, 47],
    "apbd": [48],
    "anggaran daerah": [48],
    "ipm": [49],
    "pertumbuhan ekonomi": [50],
    "bencana": [54, 55, 56],
    "wifi gratis": [57],
    "pengaduan masyarakat": [59],
    "disabilitas": [28],
    "bantuan sosial": [26, 27],
    "akta kelahiran": [3],
}


def demo_documents() -> list[dict]:
    """The demo catalog as search documents (what the catalog indexes), all public."""
    docs = []
    for index, spec in enumerate(DATASETS):
        pkg = _dataset(index, spec)
        org = pkg.pop("owner_org")
        docs.append(
            {
                **pkg,
                "id": f"demo-{index:03d}",
                "state": "active",
                "private": False,
                "owner_org": org,
                "organization": {"name": org, "title": ORG_TITLES[org]},
                "groups": [
                    {"name": g["name"], "title": GROUP_TITLES[g["name"]]} for g in pkg["groups"]
                ],
                "metadata_created": f"2024-01-{index % 28 + 1:02d}T08:00:00",
                "metadata_modified": f"2024-02-{index % 28 + 1:02d}T08:00:00",
                "permission_labels": ["public"],
            }
        )
    return docs


def demo_judgments() -> dict[str, set[str]]:
    return {q: {f"demo-{i:03d}" for i in rel} for q, rel in DEMO_JUDGMENTS.items()}


# --- a generated catalog ------------------------------------------------------------------
SUBJECTS = [
    # (subject words in titles, query, OPD)
    ("Penduduk", "penduduk", "disdukcapil"),
    ("Puskesmas", "puskesmas", "dinkes"),
    ("Kasus Tuberkulosis", "tuberkulosis", "dinkes"),
    ("Sekolah Menengah Pertama", "sekolah menengah pertama", "disdikbud"),
    ("Kendaraan Umum", "kendaraan umum", "dishub"),
    ("Jembatan", "jembatan", "dpupr"),
    ("Penerima Bantuan Sosial", "bantuan sosial", "dinsos"),
    ("Timbulan Sampah", "timbulan sampah", "dlh"),
    ("Kunjungan Wisatawan", "kunjungan wisatawan", "dispar"),
    ("Usaha Mikro", "usaha mikro", "diskop-ukm"),
    ("Tenaga Kerja", "tenaga kerja", "disnaker"),
    ("Realisasi Pajak Reklame", "pajak reklame", "bapenda"),
    ("Kejadian Kebakaran", "kebakaran", "bpbd"),
    ("Menara Telekomunikasi", "menara telekomunikasi", "diskominfo"),
]
# Other ways people ask for each subject: derived forms, acronyms, long forms (and one typo).
VARIANTS = {
    "penduduk": "kependudukan",
    "puskesmas": "pusat kesehatan masyarakat",
    "tuberkulosis": "tuberkulosa",
    "sekolah menengah pertama": "smp",
    "kendaraan umum": "kendaraan",
    "jembatan": "jembatn",
    "timbulan sampah": "persampahan",
    "kunjungan wisatawan": "wisata",
    "usaha mikro": "umkm",
    "tenaga kerja": "ketenagakerjaan",
    "pajak reklame": "reklame",
    "kebakaran": "terbakar",
}
OPENERS = ["Jumlah", "Persentase", "Data", "Rekapitulasi", "Capaian"]
BREAKDOWNS = [
    "Menurut Kecamatan",
    "Berdasarkan Kelurahan",
    "per Jenis Kelamin",
    "Menurut Kelompok Umur",
    "",
]
KECAMATAN = ["Palaran", "Sambutan", "Sungai Kunjang", "Samarinda Ulu", "Loa Janan Ilir"]


def generated_catalog(size: int = 3000, seed: int = 7) -> tuple[list[dict], dict[str, set[str]]]:
    """``size`` datasets and judgments: a subject query is answered by that subject's datasets;
    a subject + kecamatan query by that subject's datasets about that kecamatan."""
    rng = random.Random(seed)
    docs, judged = [], {}
    for i in range(size):
        subject, query, org = SUBJECTS[i % len(SUBJECTS)]
        year = 2015 + rng.randrange(10)
        kec = rng.choice(KECAMATAN) if rng.random() < 0.3 else ""
        title = " ".join(
            p
            for p in (
                rng.choice(OPENERS),
                subject,
                rng.choice(BREAKDOWNS),
                f"Kecamatan {kec}" if kec else "",
                f"Tahun {year}",
            )
            if p
        )
        doc_id = str(uuid.UUID(int=rng.getrandbits(128)))
        docs.append(
            {
                "id": doc_id,
                "name": f"gen-{i:05d}",
                "title": title,
                # A mention of another subject in the description: a lexical distractor that
                # title weighting must rank below the datasets that are about it.
                "notes": f"Data ini menyajikan {subject.lower()} di Kota Samarinda tahun {year}. "
                f"Lihat juga data {rng.choice(SUBJECTS)[0].lower()}.",
                "state": "active",
                "private": False,
                "owner_org": org,
                "organization": {"name": org, "title": ORG_TITLES[org]},
                "tags": [{"name": query.split()[0]}],
                "groups": [],
                "resources": [{"name": title, "format": rng.choice(["CSV", "XLSX", "PDF"])}],
                "tahun": str(year),
                "metadata_created": f"{year}-06-01T00:00:00",
                "metadata_modified": f"{year}-06-02T00:00:00",
                "permission_labels": ["public"],
            }
        )
        judged.setdefault(query, set()).add(doc_id)
        if query in VARIANTS:
            judged.setdefault(VARIANTS[query], set()).add(doc_id)
        if kec:
            judged.setdefault(f"{query} {kec.lower()}", set()).add(doc_id)
    return docs, judged


# --- scoring ------------------------------------------------------------------------------
def ndcg_at_10(ranked: list[str], relevant: set[str]) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, doc in enumerate(ranked[:10]) if doc in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
    return dcg / ideal if ideal else 0.0


def recall_at_10(ranked: list[str], relevant: set[str]) -> float:
    """Share of what could fit in the top 10 that is there (capped at 10 relevant)."""
    if not relevant:
        return 0.0
    return len(set(ranked[:10]) & relevant) / min(len(relevant), 10)


def evaluate(backend, judgments: dict[str, set[str]]) -> dict:
    """Mean nDCG@10 and recall@10 of ``backend`` over ``judgments``, with per-query figures."""
    from search import SearchQuery

    per_query = {}
    for query, relevant in judgments.items():
        result = backend.search(SearchQuery(q=query, rows=10, labels=["public"]))
        ranked = [doc["id"] for doc in result.results]
        per_query[query] = (ndcg_at_10(ranked, relevant), recall_at_10(ranked, relevant))
    n = len(per_query)
    return {
        "ndcg@10": sum(v[0] for v in per_query.values()) / n,
        "recall@10": sum(v[1] for v in per_query.values()) / n,
        "queries": n,
        "per_query": per_query,
    }
