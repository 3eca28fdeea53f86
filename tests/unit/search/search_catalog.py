"""A small, realistic catalog of Samarinda datasets for the search tests.

Thirty-odd package dicts shaped like CKAN's ``package_show`` output plus the computed fields
the catalog adds (``permission_labels``). Most are public and active; a few are private,
draft or deleted so permission and state handling can be checked.
"""

from __future__ import annotations

import uuid
from typing import Any

ORGS = {
    "dinkes": ("dinas-kesehatan", "Dinas Kesehatan Kota Samarinda"),
    "disdikbud": ("dinas-pendidikan-kebudayaan", "Dinas Pendidikan dan Kebudayaan Kota Samarinda"),
    "dishub": ("dinas-perhubungan", "Dinas Perhubungan Kota Samarinda"),
    "capil": ("kependudukan-capil", "Dinas Kependudukan dan Pencatatan Sipil Kota Samarinda"),
    "bapperida": ("bapperida", "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah"),
    "dlh": ("lingkungan-hidup", "Dinas Lingkungan Hidup Kota Samarinda"),
    "bapenda": ("pendapatan-daerah", "Badan Pendapatan Daerah Kota Samarinda"),
}


def org_id(key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "org/" + key))


# (name, org, title, notes, tags, formats, tahun, frekuensi, modified, extra options)
ROWS: list[tuple[str, str, str, str, list[str], list[str], str, str, str, dict[str, Any]]] = [
    ("jumlah-penduduk-kecamatan-2023", "capil",
     "Jumlah Penduduk Menurut Kecamatan dan Jenis Kelamin di Kota Samarinda Tahun 2023",
     "Data ini menyajikan jumlah penduduk per kecamatan, dirinci menurut jenis kelamin.",
     ["penduduk", "demografi"], ["CSV", "XLSX"], "2023", "tahunan", "2024-02-10T08:00:00.000001",
     {"groups": ["kependudukan"]}),
    ("jumlah-kk-kelurahan", "capil", "Jumlah Kartu Keluarga Menurut Kelurahan",
     "Banyaknya kartu keluarga (KK) yang diterbitkan per kelurahan.",
     ["kk", "demografi"], ["CSV"], "2022", "tahunan", "2023-06-01T09:30:00", {}),
    ("kepemilikan-ektp", "capil", "Persentase Kepemilikan KTP Elektronik per Kecamatan",
     "Persentase penduduk wajib KTP yang telah memiliki KTP elektronik.",
     ["ktp", "demografi"], ["XLSX"], "2021, 2022", "semesteran", "2023-01-15T10:00:00", {}),
    ("akta-kelahiran", "capil", "Jumlah Penerbitan Akta Kelahiran Kota Samarinda",
     "Rekap penerbitan akta kelahiran oleh Disdukcapil.",
     ["akta"], ["PDF"], "2019-2023", "tahunan", "2024-08-20T14:00:00", {}),
    ("penduduk-kelompok-umur", "bapperida",
     "Proyeksi Penduduk Menurut Kelompok Umur Kota Samarinda 2020-2025",
     "Proyeksi jumlah penduduk berdasarkan kelompok umur lima tahunan.",
     ["proyeksi"], ["CSV", "JSON"], "2020-2025", "lima-tahunan", "2024-05-01T10:00:00.123456",
     {"groups": ["kependudukan"]}),
    ("angka-kematian-ibu", "dinkes", "Angka Kematian Ibu (AKI) Kota Samarinda",
     "Jumlah kematian ibu per 100.000 kelahiran hidup, dari laporan puskesmas.",
     ["kesehatan", "ibu"], ["CSV"], "2022", "tahunan", "2024-03-05T07:00:00",
     {"groups": ["kesehatan"]}),
    ("bblr-puskesmas", "dinkes", "Jumlah Bayi Berat Badan Lahir Rendah (BBLR) per Puskesmas",
     "Bayi dengan berat lahir kurang dari 2.500 gram menurut puskesmas.",
     ["kesehatan", "bayi", "gizi"], ["XLSX", "CSV"], "2023", "tahunan", "2024-09-12T11:00:00",
     {"groups": ["kesehatan"]}),
    ("sarana-kesehatan", "dinkes", "Jumlah Sarana Kesehatan Menurut Kecamatan",
     "Rumah sakit, puskesmas, klinik dan apotek di setiap kecamatan.",
     ["kesehatan", "fasilitas"], ["CSV", "SHP"], "2023", "tahunan", "2023-11-30T16:45:00",
     {"groups": ["kesehatan"]}),
    ("imunisasi-dasar", "dinkes", "Cakupan Imunisasi Dasar Lengkap pada Bayi",
     "Persentase bayi yang mendapat imunisasi dasar lengkap.",
     ["kesehatan", "imunisasi", "bayi"], ["CSV"], "2021-2023", "tahunan", "2024-01-20T08:15:00",
     {}),
    ("kasus-dbd", "dinkes", "Jumlah Kasus Demam Berdarah Dengue (DBD) per Bulan",
     "Kasus DBD yang dilaporkan fasilitas kesehatan setiap bulan.",
     ["kesehatan", "penyakit"], ["CSV", "JSON"], "2024", "bulanan", "2024-10-01T06:00:00", {}),
    ("gaji-tenaga-kesehatan", "dinkes", "Rekap Gaji Tenaga Kesehatan Kontrak",
     "Data internal: rekap honor tenaga kesehatan kontrak per puskesmas.",
     ["kesehatan", "rahasia"], ["XLSX"], "2024", "bulanan", "2024-10-05T06:00:00",
     {"private": True}),
    ("stok-obat-gudang", "dinkes", "Stok Obat Gudang Farmasi",
     "Ketersediaan obat di gudang farmasi kota.",
     ["kesehatan", "obat"], ["CSV"], "2024", "mingguan", "2024-10-06T06:00:00",
     {"private": True}),
    ("jumlah-sekolah-jenjang", "disdikbud", "Jumlah Sekolah Menurut Jenjang Pendidikan",
     "Banyaknya SD, SMP, SMA dan SMK negeri dan swasta di Kota Samarinda.",
     ["pendidikan", "sekolah"], ["CSV", "XLSX"], "2023", "tahunan", "2024-04-18T09:00:00",
     {"groups": ["pendidikan"]}),
    ("peserta-didik-sd", "disdikbud", "Jumlah Peserta Didik SD Menurut Kecamatan",
     "Murid sekolah dasar negeri dan swasta, per kecamatan.",
     ["sekolah"], ["CSV"], "2023", "tahunan", "2024-04-19T09:00:00", {"groups": ["pendidikan"]}),
    ("guru-smp", "disdikbud", "Jumlah Guru SMP Berdasarkan Status Kepegawaian",
     "Guru PNS dan non-PNS pada sekolah menengah pertama.",
     ["guru", "sekolah"], ["XLSX"], "2022", "tahunan", "2023-03-03T12:00:00", {}),
    ("paud-lembaga", "disdikbud", "Jumlah Lembaga PAUD per Kelurahan",
     "Lembaga pendidikan anak usia dini: TK, KB, TPA dan SPS.",
     ["paud", "pendidikan"], ["CSV"], "2023", "tahunan", "2024-02-02T13:00:00", {}),
    ("cagar-budaya", "disdikbud", "Daftar Cagar Budaya Kota Samarinda",
     "Benda, bangunan dan situs cagar budaya yang telah ditetapkan.",
     ["kebudayaan", "sejarah"], ["PDF", "SHP"], "2020", "tidak-tentu", "2022-12-12T12:00:00", {}),
    ("angkutan-umum-trayek", "dishub", "Jumlah Angkutan Umum Menurut Trayek",
     "Angkot dan bus kota yang melayani setiap trayek di Samarinda.",
     ["transportasi", "angkutan"], ["CSV"], "2023", "tahunan", "2024-06-06T10:00:00", {}),
    ("volume-lalu-lintas", "dishub", "Volume Lalu Lintas Harian Rata-rata Ruas Jalan Utama",
     "Hasil penghitungan kendaraan pada ruas jalan utama kota.",
     ["transportasi", "lalu lintas"], ["CSV", "JSON"], "2024", "harian", "2024-10-10T05:00:00",
     {}),
    ("parkir-tepi-jalan", "dishub", "Titik Parkir Tepi Jalan Umum",
     "Lokasi dan kapasitas parkir tepi jalan yang dikelola.",
     ["parkir", "transportasi"], ["SHP", "GEOJSON"], "2023", "tidak-tentu", "2023-08-08T08:00:00",
     {}),
    ("uji-kir-kendaraan", "dishub", "Jumlah Kendaraan Lulus Uji KIR per Bulan",
     "Draft: belum diverifikasi walidata.",
     ["kendaraan"], ["CSV"], "2024", "bulanan", "2024-10-11T05:00:00", {"state": "draft"}),
    ("apbd-realisasi", "bapperida",
     "Realisasi Anggaran Pendapatan dan Belanja Daerah Kota Samarinda Tahun 2023",
     "Ringkasan realisasi pendapatan, belanja dan pembiayaan daerah.",
     ["keuangan", "anggaran"], ["PDF", "XLSX"], "2023", "tahunan", "2024-07-07T07:00:00",
     {"groups": ["ekonomi"]}),
    ("ipm-samarinda", "bapperida", "Indeks Pembangunan Manusia (IPM) Kota Samarinda",
     "IPM dan komponennya: umur harapan hidup, harapan lama sekolah, pengeluaran per kapita.",
     ["ipm", "pembangunan"], ["CSV"], "2015-2023", "tahunan", "2024-02-28T10:00:00",
     {"groups": ["ekonomi"]}),
    ("rpjmd-indikator", "bapperida", "Capaian Indikator Kinerja RPJMD",
     "Capaian indikator kinerja utama rencana pembangunan jangka menengah daerah.",
     ["perencanaan"], ["XLSX"], "2021-2026", "tahunan", "2024-09-09T09:00:00", {}),
    ("pad-sumber", "bapenda", "Realisasi Pendapatan Asli Daerah Menurut Sumber",
     "Pajak daerah, retribusi daerah dan lain-lain PAD yang sah.",
     ["keuangan", "pajak"], ["XLSX", "CSV"], "2023", "triwulanan", "2024-01-31T15:00:00",
     {"groups": ["ekonomi"]}),
    ("pbb-ketetapan", "bapenda", "Ketetapan dan Realisasi Pajak Bumi dan Bangunan",
     "Ketetapan PBB-P2 dan realisasi penerimaannya per kecamatan.",
     ["pajak"], ["CSV"], "2022", "tahunan", "2023-05-05T10:00:00", {}),
    ("kualitas-udara", "dlh", "Air Quality Monitoring Samarinda",
     "Hourly air quality measurements (PM2.5, PM10) from monitoring stations. "
     "Published in English for researchers.",
     ["air quality", "environment"], ["CSV", "JSON"], "2024", "harian", "2024-10-12T01:00:00",
     {"license_id": "odc-by"}),
    ("iklh-samarinda", "dlh", "Indeks Kualitas Lingkungan Hidup (IKLH) Kota Samarinda",
     "Indeks kualitas air, udara dan tutupan lahan.",
     ["lingkungan"], ["CSV"], "2020-2023", "tahunan", "2024-03-30T10:00:00", {}),
    ("bank-sampah", "dlh", "Jumlah Bank Sampah Menurut Kecamatan",
     "Bank sampah aktif dan jumlah nasabah.", ["sampah", "lingkungan"], ["CSV"], "2023",
     "tahunan", "2024-05-15T10:00:00", {}),
    ("tps-liar-lama", "dlh", "Lokasi TPS Liar (arsip)", "Data lama yang sudah dihapus.",
     ["sampah"], ["CSV"], "2019", "tidak-tentu", "2021-01-01T00:00:00", {"state": "deleted"}),
    ("pendidikan-english", "disdikbud", "School Enrolment Statistics",
     "Education statistics: student enrolment by school level and district.",
     ["education"], ["CSV"], "2023", "tahunan", "2024-04-20T09:00:00", {}),
]  # fmt: skip


def build_catalog() -> list[dict[str, Any]]:
    """The fixture packages, in a stable order."""
    packages = []
    for i, row in enumerate(ROWS):
        name, org, title, notes, tags, formats, tahun, frekuensi, modified, opts = row
        org_name, org_title = ORGS[org]
        private = bool(opts.get("private"))
        labels = [f"member-{org_id(org)}"] if private else ["public"]
        packages.append(
            {
                "id": str(uuid.uuid5(uuid.NAMESPACE_URL, "dataset/" + name)),
                "name": name,
                "title": title,
                "notes": notes,
                "state": opts.get("state", "active"),
                "private": private,
                "type": "dataset",
                "owner_org": org_id(org),
                "organization": {"id": org_id(org), "name": org_name, "title": org_title},
                "license_id": opts.get("license_id", "cc-by"),
                "tags": [{"name": t} for t in tags],
                "groups": [{"name": g, "title": g.title()} for g in opts.get("groups", [])],
                "resources": [
                    {
                        "name": f"{title} ({fmt})",
                        "description": f"Berkas {fmt.lower()}",
                        "format": f" {fmt.lower()} " if i % 5 == 0 else fmt,
                        "url": f"https://data.samarindakota.go.id/{name}.{fmt.lower()}",
                    }
                    for fmt in formats
                ],
                "extras": [{"key": "sumber", "value": org_title}],
                "metadata_created": f"20{20 + i % 4}-01-{1 + i % 28:02d}T00:00:00",
                "metadata_modified": modified,
                "author": None,
                "maintainer": "Walidata Diskominfo",
                "version": None,
                "produsen_data": org_title,
                "walidata": "Dinas Komunikasi dan Informatika Kota Samarinda",
                "frekuensi": frekuensi,
                "tahun": tahun,
                "cakupan_wilayah": "Kota Samarinda",
                "kode_wilayah": "6472",
                "satuan": "jiwa" if org == "capil" else None,
                "klasifikasi": "terbatas" if private else "terbuka",
                "permission_labels": labels,
            }
        )
    return packages


CATALOG = build_catalog()
BY_NAME = {p["name"]: p for p in CATALOG}
PUBLIC_ACTIVE = [p for p in CATALOG if not p["private"] and p["state"] == "active"]
DINKES_MEMBER = ["public", f"member-{org_id('dinkes')}"]
