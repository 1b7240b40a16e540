"""The check stage: a layer as read becomes a typed layer, and every problem an Issue.

``check_layer`` checks one table against the schema; the others check what needs more
than one row or one layer: popup columns, site ids across layers, points against the
country they name. Nothing here changes what it is given.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from geoinvest import geography
from geoinvest.aliases import ALIASES, normalise
from geoinvest.cells import isin
from geoinvest.errors import Issue
from geoinvest.model import Layer, LayerSpec
from geoinvest.readers import RawTable
from geoinvest.registry import REGISTRY_NAME
from geoinvest.rules import iso_codes
from geoinvest.schema import columns_for
from geoinvest.validate import validate_table

DERIVED = ("geometry", "owners_parsed", "admin1_code", "admin1_name")


def check_layer(raw: RawTable, spec: LayerSpec) -> tuple[Layer, list[Issue]]:
    """The typed layer (points in EPSG:4326: the file's own, or made from its latitude and
    longitude) and its issues."""
    typed, issues = validate_table(raw, spec)
    lon = typed.get("longitude", pd.Series(np.nan, index=typed.index)).to_numpy()
    lat = typed.get("latitude", pd.Series(np.nan, index=typed.index)).to_numpy()
    gdf = gpd.GeoDataFrame(typed, geometry=_points(raw, lon, lat), crs="EPSG:4326")
    return Layer(spec, gdf, raw.origin), issues


def _points(raw: RawTable, lon: np.ndarray, lat: np.ndarray):
    """Each row's point: the file's own where it has one (no second copy of a million
    points), else made from the checked latitude and longitude."""
    if raw.geometry is None:
        return gpd.points_from_xy(lon, lat)
    points = raw.geometry.array
    missing = points.isna() | points.is_empty
    if not missing.any():
        return points
    points = points.copy()
    points[missing] = gpd.points_from_xy(lon[missing], lat[missing])
    return points


def check_popup(layer: Layer) -> list[Issue]:
    """Popup columns must be schema columns of the layer's kind or columns of its file (a
    file column read as a schema column is named by its schema name: the fix says so)."""
    known = {c.name for c in columns_for(layer.spec.kind)} | set(layer.gdf.columns)
    registry = str(layer.spec.path.parent / REGISTRY_NAME)
    issues = []
    for name in layer.spec.popup:
        if name in known:
            continue
        mapped = layer.spec.columns.get(name) or ALIASES.get(normalise(name))
        if mapped in layer.gdf.columns:
            fix = f"the file's column {name!r} is read as {mapped!r}: name that in popup"
        else:
            columns = (c for c in layer.gdf.columns if c not in DERIVED)
            fix = f"use one of: {', '.join(columns)}"
        issues.append(
            Issue(
                registry,
                None,
                None,
                None,
                f"layer {layer.id!r}: popup names {name!r}, which is not one of its columns",
                fix,
            )
        )
    return issues


def check_site_ids(layers: list[Layer], site_ids: set[str]) -> list[Issue]:
    """Every ``site_id`` must name a row of a site layer."""
    issues = []
    for layer in layers:
        if "site_id" not in layer.gdf.columns:
            continue
        ids = layer.gdf["site_id"]
        bad = ids.notna().to_numpy() & ~isin(ids, site_ids)
        for pos in np.flatnonzero(bad):
            issues.append(
                Issue(
                    layer.origin.source,
                    layer.origin.row(pos),
                    "site_id",
                    str(ids.iloc[pos]),
                    "names no site in any site layer",
                    "use the id of a row in a site layer, or leave site_id empty",
                    unit=layer.origin.unit,
                )
            )
    return issues


def check_countries(
    layers: list[Layer], located: dict[str, geography.Located], allow_outside: bool
) -> list[Issue]:
    """Points that fall outside the country they name (rows with usable values only:
    coordinates in range and an ISO country code; the rules report the others)."""
    issues: list[Issue] = []
    for layer in layers:
        gdf = layer.gdf
        if not {"latitude", "longitude", "country"} <= set(gdf.columns):
            continue
        usable = (gdf["latitude"].abs() <= 90) & (gdf["longitude"].abs() <= 180)
        usable = usable.to_numpy() & isin(gdf["country"], iso_codes())
        rows = layer.origin.rows(np.flatnonzero(usable))
        whole = usable.all()
        issues += geography.check_countries(
            gdf if whole else gdf[usable],
            layer.origin.source,
            rows=rows,
            allow_outside=allow_outside,
            located=located[layer.id] if whole else located[layer.id].subset(usable),
            unit=layer.origin.unit,
        )
    return issues
