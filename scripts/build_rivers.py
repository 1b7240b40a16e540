"""Rebuild geoinvest/data/rivers.parquet: Natural Earth's rivers and lakes of Latin America.

The sources are two Natural Earth 1:10m physical files (public domain) as GeoJSON, named on
the command line (see geoinvest/data/PROVENANCE.md for where they were taken from):
``ne_10m_rivers_lake_centerlines`` and ``ne_10m_lakes``. They are clipped to the countries of
``admin1.parquet`` (with a little slack, so border rivers stay whole), simplified, rounded to
4 decimals and written sorted, so the file rebuilds byte for byte with the same pyarrow.

    python scripts/build_rivers.py --rivers ne_10m_rivers_lake_centerlines.json \\
        --lakes ne_10m_lakes.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

DATA = Path(__file__).resolve().parent.parent / "geoinvest" / "data"
DECIMALS = 4
# Simplification (degrees, Douglas-Peucker): about 550 m, below what zoom 9 shows.
TOLERANCE = 0.005
# Rivers on a border, and lakes on a coast, stay whole within this distance (degrees).
SLACK = 0.1
# Lakes smaller than this (square degrees, about 25 km^2) are left out.
MIN_LAKE_AREA = 0.002
COLUMNS = ["kind", "name", "scalerank"]


def region() -> shapely.Geometry:
    """The countries of admin1.parquet, with SLACK around them."""
    admin = gpd.read_parquet(DATA / "countries.parquet")
    return shapely.buffer(shapely.union_all(admin.geometry.values), SLACK, quad_segs=2)


def read(path: Path, kind: str, area: shapely.Geometry) -> gpd.GeoDataFrame:
    """One Natural Earth file's features inside ``area``: kind, name, scalerank, geometry."""
    gdf = pyogrio.read_dataframe(path)
    gdf = gdf[gdf.intersects(area)]
    name = gdf["name"].where(gdf["name"].notna(), gdf.get("name_en"))
    out = gpd.GeoDataFrame(
        {
            "kind": kind,
            "name": name.fillna("").astype(str).str.strip().str.replace(r"\s+", " ", regex=True),
            "scalerank": pd.to_numeric(gdf["scalerank"]).round().astype("int64"),
        },
        geometry=shapely.intersection(gdf.geometry.values, area),
        crs=4326,
    )
    geoms = shapely.simplify(out.geometry.values, TOLERANCE, preserve_topology=kind == "lake")
    geoms = shapely.set_precision(geoms, 10**-DECIMALS)
    if kind == "lake":
        geoms = shapely.orient_polygons(shapely.make_valid(geoms))
        keep = shapely.area(geoms) >= MIN_LAKE_AREA
    else:
        geoms = shapely.line_merge(geoms)
        keep = shapely.length(geoms) > 0
    out = out.set_geometry(geoms)[keep & ~shapely.is_empty(geoms)]
    return out


def write_parquet(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """Columns and WKB geometry as a small, deterministic GeoParquet file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    geoms = shapely.transform(gdf.geometry.values, lambda xy: np.round(xy, DECIMALS))
    table = pa.table(
        {
            "kind": pa.array(gdf["kind"].tolist(), pa.string()),
            "name": pa.array(gdf["name"].tolist(), pa.string()),
            "scalerank": pa.array(gdf["scalerank"].tolist(), pa.int8()),
            "geometry": pa.array(shapely.to_wkb(geoms), pa.binary()),
        }
    )
    geo = {"version": "1.1.0", "primary_column": "geometry",
           "columns": {"geometry": {"encoding": "WKB", "geometry_types": []}}}  # fmt: skip
    table = table.replace_schema_metadata({"geo": json.dumps(geo)})
    pq.write_table(table, path, compression="zstd", compression_level=19, write_statistics=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rivers", type=Path, required=True, help="ne_10m_rivers_lake_centerlines")
    parser.add_argument("--lakes", type=Path, required=True, help="ne_10m_lakes")
    args = parser.parse_args()
    area = region()
    gdf = pd.concat([read(args.rivers, "river", area), read(args.lakes, "lake", area)])
    gdf = gdf.assign(wkb=shapely.to_wkb(gdf.geometry.values, hex=True))
    gdf = gdf.sort_values(["kind", "scalerank", "name", "wkb"]).reset_index(drop=True)
    out = DATA / "rivers.parquet"
    write_parquet(gdf, out)
    counts = gdf.groupby("kind").size().to_dict()
    vertices = int(shapely.get_num_coordinates(gdf.geometry.values).sum())
    print(f"rivers.parquet: {out.stat().st_size:,} bytes, {counts}, {vertices:,} vertices")


if __name__ == "__main__":
    main()
