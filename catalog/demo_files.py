"""Small, plausible data files for the demo catalog, so previews and downloads can be tried.

The figures are generated (deterministically), not official statistics; each file says so in
its resource description.
"""

from __future__ import annotations

import csv
import io
import json
import random

from catalog.demo_data import KECAMATAN

# Rough centres of the kecamatan of Kota Samarinda (longitude, latitude) for point data.
CENTRES = {
    "Palaran": (117.196, -0.578),
    "Samarinda Ilir": (117.170, -0.503),
    "Samarinda Kota": (117.150, -0.497),
    "Sambutan": (117.217, -0.480),
    "Samarinda Seberang": (117.146, -0.531),
    "Loa Janan Ilir": (117.110, -0.545),
    "Sungai Kunjang": (117.110, -0.500),
    "Samarinda Ulu": (117.140, -0.470),
    "Sungai Pinang": (117.170, -0.460),
    "Samarinda Utara": (117.160, -0.400),
}
POINT_DATASETS = {9: "Puskesmas", 57: "Titik Wi-Fi", 21: "APILL", 18: "Titik Parkir"}


class NamedBytes(io.BytesIO):
    """An in-memory file with a name, as the upload actions accept it."""

    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(data)
        self.name = name


def table(index: int, title: str, tahun: str, satuan: str) -> NamedBytes:
    """A CSV: per kecamatan when the title says so, otherwise per year."""
    rng = random.Random(index)
    out = io.StringIO()
    writer = csv.writer(out)
    years = [int(y) for y in tahun.replace("–", "-").split("-") if y.strip().isdigit()] or [2023]
    unit = satuan or "nilai"
    if "Jenis Kelamin" in title:
        writer.writerow(["kecamatan", "laki_laki", "perempuan", "jumlah"])
        for kec in KECAMATAN:
            male, female = rng.randint(30_000, 90_000), rng.randint(30_000, 90_000)
            writer.writerow([kec, male, female, male + female])
    elif "Kecamatan" in title or "Kelurahan" in title:
        writer.writerow(["kecamatan", "tahun", f"jumlah ({unit})"])
        for kec in KECAMATAN:
            writer.writerow([kec, years[-1], rng.randint(10, 5000)])
    else:
        writer.writerow(["tahun", f"nilai ({unit})", "keterangan"])
        for year in range(years[0], years[-1] + 1):
            value = (
                round(rng.uniform(1, 1000), 2)
                if unit in ("persen", "indeks")
                else rng.randint(10, 100_000)
            )
            writer.writerow(
                [year, value, "angka sementara" if year == years[-1] else "angka tetap"]
            )
    return NamedBytes(out.getvalue().encode("utf-8"), "data.csv")


def points(index: int) -> NamedBytes | None:
    """A GeoJSON of points for the demo's location datasets, else None."""
    label = POINT_DATASETS.get(index)
    if label is None:
        return None
    rng = random.Random(index)
    features = []
    for number, kec in enumerate(KECAMATAN, start=1):
        lon, lat = CENTRES[kec]
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [
                        round(lon + rng.uniform(-0.01, 0.01), 5),
                        round(lat + rng.uniform(-0.01, 0.01), 5),
                    ],
                },
                "properties": {"nama": f"{label} {kec} {number}", "kecamatan": kec},
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return NamedBytes(json.dumps(collection).encode("utf-8"), "lokasi.geojson")
