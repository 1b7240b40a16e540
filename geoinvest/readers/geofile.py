"""Read files with geometry: GeoJSON, GeoPackage, FlatGeobuf, Shapefile (``.shp``, or
zipped: ``.zip`` read through GDAL's ``/vsizip/``) with pyogrio/GDAL, and GeoParquet
(pyarrow). Point geometry becomes latitude/longitude columns, in EPSG:4326 whatever the
file's CRS."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from geoinvest.errors import DataError, Issue
from geoinvest.model import Origin
from geoinvest.readers.table import RawTable, check_header, unreadable

PARQUET = (".parquet", ".geoparquet")
# How GeoParquet files name longitude/latitude on WGS 84 (the spec's default is CRS84).
_WGS84_IDS = ({"authority": "EPSG", "code": 4326}, {"authority": "OGC", "code": "CRS84"})


def read_geofile(path: Path, *, table: str = "", points: bool = True) -> RawTable:
    """Read a vector or GeoParquet file (one table of it) into a RawTable."""
    import geopandas as gpd

    from geoinvest.readers.shapefile import shapefile_source

    suffix = path.suffix.lower()
    notes: list[Issue] = []
    if suffix in PARQUET:
        gdf = _read_parquet(path)
    elif suffix in (".zip", ".shp"):
        source, notes = shapefile_source(path, table)
        gdf = _read_vector(path, "", source)
    else:
        gdf = _read_vector(path, table)
    origin = Origin(str(path), 1, "feature")
    if not isinstance(gdf, gpd.GeoDataFrame):  # Parquet without geometry: a plain table
        return RawTable(path, gdf.reset_index(drop=True), origin)
    frame, geometry, issues = points_to_columns(gdf, origin, points)
    return RawTable(path, frame, origin, geometry, notes + issues)


STYLES_TABLE = "layer_styles"


def _read_vector(path: Path, table: str, source: str = ""):
    """One table of a vector file; ``source`` is what GDAL opens when it is not ``path``
    (a ``/vsizip/`` path inside a zip)."""
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError, FieldError, GeometryError

    failures = (DataSourceError, DataLayerError, FieldError, GeometryError)
    source = source or path
    try:
        names = [str(name) for name, _ in pyogrio.list_layers(source)]
    except failures as exc:
        raise _unreadable_vector(path, exc) from None
    tables = names
    if table != STYLES_TABLE:  # QGIS's styles (``geoinvest export`` writes them) are no layer
        tables = [name for name in tables if name != STYLES_TABLE] or tables
        if not table and len(tables) == 1 and STYLES_TABLE in names:
            table = tables[0]  # name it, or GDAL would be asked to choose
    if table and table not in tables:
        raise unreadable(
            path, f"has no table {table!r}", f"name one of its tables: {', '.join(tables)}"
        )
    if not table and len(tables) > 1:
        raise unreadable(
            path,
            f"holds {len(tables)} tables ({', '.join(tables)})",
            f'name the one to read, e.g. table = "{tables[0]}" in layers.toml',
        )
    import geopandas as gpd

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # GDAL's notes on odd files
            return gpd.read_file(source, engine="pyogrio", layer=table or None)
    except failures as exc:
        raise _unreadable_vector(path, exc) from None
    except UnicodeDecodeError as exc:
        raise unreadable(
            path,
            f"holds text that is not UTF-8 (byte {exc.start} of a value: {exc.object[:40]!r})",
            f"{_KINDS.get(path.suffix.lower(), 'the file')} text is UTF-8: save it again as UTF-8",
        ) from None


_KINDS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage", ".fgb": "FlatGeobuf"}


def _unreadable_vector(path: Path, exc: Exception) -> DataError:
    kind = _KINDS.get(path.suffix.lower(), "Shapefile")
    reason = str(exc).replace(f"'{path}' ", "").replace(str(path), "").split(";")[0].strip()
    if "not recognized" in reason:
        fix = "check that the file is complete"
        if kind == "GeoJSON":
            fix += ' and holds a GeoJSON FeatureCollection: {"type": "FeatureCollection", ...}'
        return unreadable(path, f"is not a {kind} file that GDAL can read", fix)
    return unreadable(path, f"cannot be read as {kind} ({reason})", "check the file")


def _read_parquet(path: Path):
    """A GeoParquet file as a GeoDataFrame; a Parquet file without geometry as a DataFrame.

    The common case (one WKB geometry column in longitude/latitude on WGS 84) is read with
    pyarrow and shapely directly: geopandas would parse the file's PROJJSON CRS with PROJ,
    about 45 ms a file. Anything else goes to ``geopandas.read_parquet``.
    """
    import geopandas as gpd
    import pyarrow as pa
    import pyarrow.parquet as pq
    import shapely

    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        raise unreadable(
            path, f"cannot be read as Parquet ({exc})", "check that the file is complete"
        ) from None
    check_header(path, table.column_names, None)
    geo = json.loads((table.schema.metadata or {}).get(b"geo", b"{}"))
    columns = geo.get("columns") or {}
    name = geo.get("primary_column")
    if not columns or name not in table.column_names:
        return table.to_pandas()
    meta = columns.get(name) or {}
    crs = meta.get("crs", "OGC:CRS84")
    wgs84 = crs == "OGC:CRS84" or (isinstance(crs, dict) and crs.get("id") in _WGS84_IDS)
    if len(columns) != 1 or meta.get("encoding") != "WKB" or not wgs84:
        try:
            return gpd.read_parquet(path)
        except (ValueError, TypeError, pa.ArrowException) as exc:
            raise unreadable(
                path, f"has GeoParquet metadata that does not read ({exc})", ""
            ) from None
    frame = table.drop([name]).to_pandas()
    try:
        geometry = shapely.from_wkb(table[name].to_numpy(zero_copy_only=False))
    except shapely.errors.GEOSException as exc:
        raise unreadable(path, f"has geometry that is not WKB ({exc})", "") from None
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


def points_to_columns(gdf, origin: Origin, points: bool):
    """Point coordinates as latitude/longitude columns, the other columns as they are.

    A feature's point wins over latitude/longitude properties; a feature without geometry
    keeps the properties (a warning says so), so no row loses its location silently.
    """
    path = Path(origin.source)
    frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    check_header(path, [str(c) for c in frame.columns], None)
    geom = gdf.geometry
    if geom.crs is not None and geom.crs.to_epsg() != 4326:
        geom = geom.to_crs(4326)
    types = set(geom.geom_type.dropna().unique())
    issues: list[Issue] = []
    if points and types - {"Point"}:
        raise unreadable(
            path,
            f"holds {', '.join(sorted(types - {'Point'}))} geometries",
            "layers need points: one point per feature",
        )
    if points:
        has_point = geom.notna().to_numpy() & ~geom.is_empty.to_numpy()
        for column, values in (("longitude", geom.x), ("latitude", geom.y)):
            values = values.to_numpy(dtype=float, na_value=np.nan)
            if column in frame.columns:
                given = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
                differ = has_point & np.isfinite(given) & (np.abs(given - values) > 1e-6)
                issues += _disagree(origin, column, np.flatnonzero(differ))
                if pd.api.types.is_numeric_dtype(frame[column]) or has_point.all():
                    frame[column] = np.where(has_point, values, given)
                else:  # text properties stay as written where there is no point
                    kept = np.array(frame[column].to_numpy(dtype=object), dtype=object)
                    kept[has_point] = values[has_point]
                    frame[column] = kept
            else:
                frame[column] = np.where(has_point, values, np.nan)
    return frame.reset_index(drop=True), geom.reset_index(drop=True), issues


def _disagree(origin: Origin, column: str, positions: np.ndarray) -> list[Issue]:
    return [
        Issue(
            origin.source,
            origin.row(pos),
            column,
            None,
            "differs from the feature's point; the point is used",
            f"remove the {column} property or make it agree",
            "warning",
            origin.unit,
        )
        for pos in positions
    ]
