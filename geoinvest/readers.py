"""Read layer files (CSV, GeoJSON, GeoPackage, GeoParquet) into raw tables."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geoinvest.errors import ConfigError, NotFoundError

TABULAR = (".csv", ".tsv", ".txt")
VECTOR = (".geojson", ".json", ".gpkg", ".fgb", ".shp")
PARQUET = (".parquet", ".geoparquet")


@dataclass
class RawTable:
    """A layer file as read: cells untouched, plus point coordinates if the format has them."""

    path: Path
    frame: pd.DataFrame
    row_offset: int  # add to the 0-based position to get the row number users see
    unit: str  # "row" (spreadsheets) or "feature"
    geometry: object = None  # the file's point geometry in EPSG:4326, if it has one


def row_offset(path: Path) -> int:
    """What to add to a 0-based position to get the row (or feature) number users see."""
    return 2 if path.suffix.lower() in TABULAR else 1


def read_table(path: Path) -> RawTable:
    """Read a layer file; CSV cells stay strings so validation can quote them."""
    if not path.is_file():
        raise NotFoundError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in TABULAR:
        return RawTable(path, _read_csv(path), 2, "row")
    if suffix in VECTOR or suffix in PARQUET:
        import geopandas as gpd

        if suffix in PARQUET:
            gdf = _read_geoparquet(path)
        else:
            gdf = gpd.read_file(path, engine="pyogrio")
        frame, geometry = _points_to_columns(gdf, path)
        return RawTable(path, frame, 1, "feature", geometry)
    raise ConfigError(
        f"{path}: cannot read {suffix or 'files without an extension'}; "
        "use CSV, GeoJSON, GeoPackage or GeoParquet"
    )


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(
            path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8"
        )
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: not UTF-8 (byte {exc.start}); save it as UTF-8 (in a spreadsheet: CSV UTF-8)"
        ) from None
    except pd.errors.ParserError as exc:
        raise ConfigError(f"{path}: not a readable CSV: {exc}") from None
    except pd.errors.EmptyDataError:
        raise ConfigError(f"{path}: empty file; it needs at least a header row") from None


# How GeoParquet files name longitude/latitude on WGS 84 (the spec's default is CRS84).
_WGS84_IDS = ({"authority": "EPSG", "code": 4326}, {"authority": "OGC", "code": "CRS84"})


def _read_geoparquet(path: Path):
    """A GeoParquet file as a GeoDataFrame.

    The common case (one WKB geometry column in longitude/latitude on WGS 84) is read with
    pyarrow and shapely directly: geopandas would parse the file's PROJJSON CRS with PROJ,
    about 45 ms a file. Anything else goes to ``geopandas.read_parquet``.
    """
    import geopandas as gpd
    import pyarrow.parquet as pq
    import shapely

    table = pq.read_table(path)
    geo = json.loads((table.schema.metadata or {}).get(b"geo", b"{}"))
    columns = geo.get("columns") or {}
    name = geo.get("primary_column")
    meta = columns.get(name) or {}
    crs = meta.get("crs", "OGC:CRS84")
    wgs84 = crs == "OGC:CRS84" or (isinstance(crs, dict) and crs.get("id") in _WGS84_IDS)
    if len(columns) != 1 or meta.get("encoding") != "WKB" or not wgs84:
        return gpd.read_parquet(path)
    frame = table.drop([name]).to_pandas()
    geometry = shapely.from_wkb(table[name].to_numpy(zero_copy_only=False))
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


def _points_to_columns(gdf, path: Path) -> tuple[pd.DataFrame, object]:
    """Put point coordinates into latitude/longitude columns, keeping the other columns."""
    frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    geom = gdf.geometry
    if geom.crs is not None and geom.crs.to_epsg() != 4326:
        geom = geom.to_crs(4326)
    types = set(geom.geom_type.dropna().unique())
    if types - {"Point"}:
        raise ConfigError(
            f"{path}: holds {', '.join(sorted(types - {'Point'}))} geometries; layers need points"
        )
    if "longitude" not in frame.columns:
        frame["longitude"] = geom.x.to_numpy()
    if "latitude" not in frame.columns:
        frame["latitude"] = geom.y.to_numpy()
    return frame.reset_index(drop=True), geom.reset_index(drop=True)
