"""Load the demo catalog through the same services every other write uses."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import func, select

from catalog import demo_files
from catalog.db import transaction
from catalog.demo_data import DATASETS, GROUPS, KECAMATAN, ORGANIZATIONS
from catalog.models import Dataset, User
from catalog.services import call
from catalog.services.users import create_account

DEMO_SITE = "https://satudata.samarindakota.go.id"


def slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:90].rstrip("-")


def _dataset(index: int, spec: tuple) -> dict:
    org, title, groups, tags, frekuensi, tahun, satuan, notes = spec
    name = slugify(title)
    years = [int(y) for y in re.findall(r"\d{4}", tahun)]
    fmt = ["CSV", "XLSX", "PDF", "JSON"][index % 4]
    resources = [
        {
            "name": f"{title} ({fmt})",
            "description": "Tabel data sesuai judul.",
            "format": fmt,
            "url": f"{DEMO_SITE}/berkas/{name}.{fmt.lower()}",
        }
    ]
    if index % 3 == 0:
        resources.append(
            {
                "name": "Metadata kegiatan statistik",
                "format": "PDF",
                "url": f"{DEMO_SITE}/berkas/{name}-metadata.pdf",
            }
        )
    per_kecamatan = "Kecamatan" in title or "kecamatan" in notes
    return {
        "name": name,
        "title": title,
        "notes": notes
        + (" Wilayah: " + ", ".join(KECAMATAN) + "." if per_kecamatan else "")
        + "\n\nSumber: "
        + dict((o[0], o[1]) for o in ORGANIZATIONS)[org]
        + " Kota Samarinda.",
        "owner_org": org,
        "license_id": "cc-by-4.0" if index % 5 else "odc-by",
        "groups": [{"name": g} for g in groups],
        "tags": [{"name": t} for t in tags],
        "frekuensi": frekuensi,
        "tahun": tahun,
        "temporal_start": f"{min(years)}-01-01" if years else None,
        "temporal_end": f"{max(years)}-12-31" if years else None,
        "satuan": satuan,
        "produsen_data": dict((o[0], o[1]) for o in ORGANIZATIONS)[org],
        "walidata": "Dinas Komunikasi dan Informatika Kota Samarinda",
        "cakupan_wilayah": "Kota Samarinda",
        "kode_wilayah": "6472",
        "klasifikasi": "terbuka",
        "maintainer": "Pengelola Data " + org.upper(),
        "maintainer_email": f"data.{org}@samarindakota.go.id",
        "private": index % 17 == 16,
        "resources": resources,
    }


def _add_files(session, admin: User, dataset_id: str, index: int, spec: tuple) -> None:
    """Upload a generated data table (and a map layer for location datasets)."""
    _org, title, _groups, _tags, _freq, tahun, satuan, _notes = spec
    note = "Contoh data untuk mencoba pratinjau dan unduhan (angka bukan statistik resmi)."
    files = [("Tabel data (CSV)", demo_files.table(index, title, tahun, satuan))]
    layer = demo_files.points(index)
    if layer is not None:
        files.append(("Peta lokasi (GeoJSON)", layer))
    for name, upload in files:
        call(
            "resource_create",
            session,
            admin,
            {"package_id": dataset_id, "name": name, "description": note, "upload": upload},
        )


def load_demo(admin_password: str | None = None) -> str:
    """Create the demo OPDs, themes, accounts and datasets, unless datasets already exist."""
    with transaction() as session:
        if session.scalar(select(func.count()).select_from(Dataset)):
            return "The catalog already has datasets: demo not loaded."
        admin = session.scalars(select(User).where(User.name == "admin")).first()
        password = admin_password or secrets.token_urlsafe(12)
        created_password = admin is None
        if admin is None:
            admin = create_account(
                session,
                None,
                {
                    "name": "admin",
                    "email": "admin@samarindakota.go.id",
                    "password": password,
                    "fullname": "Admin Walidata",
                    "sysadmin": True,
                },
            )
        for name, title, description in ORGANIZATIONS:
            call(
                "organization_create",
                session,
                admin,
                {"name": name, "title": title, "description": description},
            )
        for name, title in GROUPS:
            call(
                "group_create",
                session,
                admin,
                {"name": name, "title": title, "description": f"Data bertema {title.lower()}."},
            )
        steward = create_account(
            session,
            admin,
            {
                "name": "petugas-dinkes",
                "email": "petugas@dinkes.samarindakota.go.id",
                "password": password,
                "fullname": "Petugas Data Dinas Kesehatan",
            },
        )
        call(
            "organization_member_create",
            session,
            admin,
            {"id": "dinkes", "username": steward.name, "role": "editor"},
        )
        for index, spec in enumerate(DATASETS):
            pkg = _dataset(index, spec)
            links = pkg.pop("resources")
            created = call("package_create", session, admin, pkg)
            _add_files(session, admin, created["id"], index, spec)
            for link in links:
                call("resource_create", session, admin, {**link, "package_id": created["id"]})
    summary = f"Loaded {len(ORGANIZATIONS)} OPDs, {len(GROUPS)} themes, {len(DATASETS)} datasets."
    if created_password and not admin_password:
        summary += (
            f"\nDemo accounts (password {password}): admin (sysadmin), "
            "petugas-dinkes (editor at Dinas Kesehatan). Change the passwords before going live."
        )
    return summary
