"""Admin geography shipped with the package: first-level areas, country outlines, checks."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from importlib import resources

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geoinvest.errors import ConfigError, Issue

# Slack for points on a simplified border or coast (degrees, about 5.5 km at the equator).
TOLERANCE = 0.05
ADMIN_COLUMNS = ["country", "iso_3166_2", "name", "name_es", "name_ascii"]
# Longitude/latitude box of the package data, to tell "the sea" from "outside the data".
_REGION = shapely.box(-120.0, -60.0, -30.0, 35.0)


def _read(name: str) -> gpd.GeoDataFrame:
    with resources.as_file(resources.files("geoinvest") / "data" / name) as path:
        gdf = gpd.read_file(path)
    return gdf.set_crs(4326, allow_override=True)


@functools.cache
def _admin() -> gpd.GeoDataFrame:
    gdf = _read("admin1.geojson")[ADMIN_COLUMNS + ["geometry"]]
    shapely.prepare(gdf.geometry.values)
    return gdf


@functools.cache
def _countries() -> gpd.GeoDataFrame:
    gdf = _read("countries.geojson")[["country", "name", "geometry"]]
    shapely.prepare(gdf.geometry.values)
    return gdf


@functools.cache
def _admin_tree() -> shapely.STRtree:
    return shapely.STRtree(_admin().geometry.values)


def covered_countries() -> frozenset[str]:
    """ISO alpha-2 codes of the countries the package data covers."""
    return frozenset(_countries()["country"])


def _codes(countries: Iterable[str] | str | None) -> list[str] | None:
    if countries is None:
        return None
    codes = [countries] if isinstance(countries, str) else list(countries)
    bad = [c for c in codes if not (isinstance(c, str) and len(c.strip()) == 2)]
    if bad:
        raise ConfigError(f"{bad!r}: country codes must be ISO 3166-1 alpha-2, e.g. PE, CO, HN")
    return [c.strip().upper() for c in codes]


def _only(gdf: gpd.GeoDataFrame, countries: Iterable[str] | str | None) -> gpd.GeoDataFrame:
    """A copy of ``gdf`` keeping the rows of ``countries`` (all when None)."""
    codes = _codes(countries)
    if codes is not None:
        gdf = gdf[gdf["country"].isin(codes)]
    return gdf.reset_index(drop=True).copy()


def admin_areas(countries: Iterable[str] | str | None = None) -> gpd.GeoDataFrame:
    """First-level admin areas (EPSG:4326), optionally only those of ``countries``."""
    return _only(_admin(), countries)


def country_outlines(countries: Iterable[str] | str | None = None) -> gpd.GeoDataFrame:
    """Country outlines (EPSG:4326) dissolved from the admin areas."""
    return _only(_countries(), countries)


def _points(gdf: gpd.GeoDataFrame) -> np.ndarray:
    """One point per row in EPSG:4326 (a point on the surface of non-points)."""
    geometry = gdf.geometry
    if geometry.crs is not None and geometry.crs.to_epsg() != 4326:
        geometry = geometry.to_crs(4326)
    geoms = np.asarray(geometry.values, dtype=object)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    is_point = shapely.get_type_id(geoms) == 0
    # A point built from a cell that is not a number has NaN coordinates: no location.
    missing |= is_point & np.isnan(shapely.get_x(geoms) + shapely.get_y(geoms))
    geoms = np.where(missing, None, geoms)
    not_point = ~missing & ~is_point
    if not_point.any():
        geoms[not_point] = shapely.point_on_surface(geoms[not_point])
    return geoms


def _first(pairs_in: np.ndarray, pairs_tree: np.ndarray, key: np.ndarray | None = None):
    """Keep one pair per input index: the lowest ``key`` (then tree index)."""
    keys = (pairs_tree, pairs_in) if key is None else (pairs_tree, key, pairs_in)
    order = np.lexsort(keys)
    pairs_in, pairs_tree = pairs_in[order], pairs_tree[order]
    first = np.ones(len(pairs_in), dtype=bool)
    first[1:] = pairs_in[1:] != pairs_in[:-1]
    return pairs_in[first], pairs_tree[first]


def _locate(points: np.ndarray) -> np.ndarray:
    """Index of the admin area each point falls in or near (-1 where none)."""
    found = np.full(len(points), -1, dtype=np.int64)
    present = np.flatnonzero(~shapely.is_missing(points))
    if len(present) == 0:
        return found
    areas = _admin().geometry.values
    # Bounding-box candidates, then an elementwise test against the prepared areas:
    # faster than a predicate query, which would prepare the points instead.
    cand_in, cand_tree = _admin_tree().query(points[present])
    hit = shapely.intersects(areas[cand_tree], points[present][cand_in])
    # A point on a shared border hits two areas; keep the first, deterministically.
    hit_in, hit_area = _first(cand_in[hit], cand_tree[hit])
    found[present[hit_in]] = hit_area
    miss = present[found[present] < 0]
    if len(miss):
        near_in, near_area = _admin_tree().query_nearest(points[miss], max_distance=TOLERANCE)
        near_in, near_area = _first(near_in, near_area)
        found[miss[near_in]] = near_area
    return found


def locate(gdf: gpd.GeoDataFrame) -> np.ndarray:
    """Row index into the package's admin areas for each row's point (-1 where none).

    Computed once per layer and passed to ``check_countries`` and ``assign_admin1``, which
    otherwise locate the points themselves.
    """
    return _locate(_points(gdf))


def assign_admin1(gdf: gpd.GeoDataFrame, found: np.ndarray | None = None) -> gpd.GeoDataFrame:
    """Add ``admin1_code`` and ``admin1_name``: the first-level area each point lies in.

    ``found``: the rows' areas from ``locate(gdf)``, when already known.
    """
    areas = _admin()
    points = _points(gdf)
    if found is None:
        found = _locate(points)
    if "country" in gdf.columns:
        found = _prefer_claimed(points, found, gdf["country"])
    ok = found >= 0
    codes = np.full(len(gdf), None, dtype=object)
    names = np.full(len(gdf), None, dtype=object)
    codes[ok] = areas["iso_3166_2"].to_numpy()[found[ok]]
    names[ok] = areas["name"].to_numpy()[found[ok]]
    out = gdf.copy()
    out["admin1_code"] = pd.array(codes, dtype="string")
    out["admin1_name"] = pd.array(names, dtype="string")
    return out


def _prefer_claimed(points: np.ndarray, found: np.ndarray, country: pd.Series) -> np.ndarray:
    """Where a point near a border landed in a neighbour, take the claimed country's area."""
    areas = _admin()
    claimed = country.astype("string").str.strip().str.upper().to_numpy(dtype=object)
    area_country = np.where(found >= 0, areas["country"].to_numpy()[np.maximum(found, 0)], None)
    wrong = np.flatnonzero((found >= 0) & (area_country != claimed) & pd.notna(claimed))
    if len(wrong) == 0:
        return found
    pt_idx, tree_idx = _admin_tree().query(points[wrong], predicate="dwithin", distance=TOLERANCE)
    same = areas["country"].to_numpy()[tree_idx] == claimed[wrong[pt_idx]]
    pt_idx, tree_idx = pt_idx[same], tree_idx[same]
    if len(pt_idx) == 0:
        return found
    dist = shapely.distance(points[wrong[pt_idx]], areas.geometry.values[tree_idx])
    pt_idx, tree_idx = _first(pt_idx, tree_idx, key=dist)
    found = found.copy()
    found[wrong[pt_idx]] = tree_idx
    return found


@functools.cache
def _country_slack(code: str) -> shapely.Geometry:
    """A country outline grown by TOLERANCE, prepared: the test for "inside"."""
    outlines = _countries()
    outline = outlines.geometry.to_numpy()[(outlines["country"] == code).to_numpy()][0]
    grown = shapely.buffer(outline, TOLERANCE, quad_segs=2)
    shapely.prepare(grown)
    return grown


_FIXES = (
    ("swap latitude and longitude", lambda x, y: (y, x)),
    ("flip the sign of longitude", lambda x, y: (-x, y)),
    ("flip the sign of latitude", lambda x, y: (x, -y)),
    ("flip the signs of latitude and longitude", lambda x, y: (-x, -y)),
)


def _fixes(xs: np.ndarray, ys: np.ndarray, shapes: np.ndarray) -> np.ndarray:
    """The first fix that puts each point inside its shape ('' where none does)."""
    fix = np.full(len(xs), "", dtype=object)
    for text, move in _FIXES:
        todo = np.flatnonzero(fix == "")
        if len(todo) == 0:
            break
        nx, ny = move(xs[todo], ys[todo])
        fix[todo[shapely.intersects_xy(shapes[todo], nx, ny)]] = text
    return fix


def _where(points: np.ndarray) -> np.ndarray:
    """Words for where each point is: a country, the sea, or outside the data."""
    found = _locate(points)
    names = dict(zip(_countries()["country"], _countries()["name"], strict=True))
    labels = np.array(
        [f"it falls in {names[c]} ({c})" for c in _admin()["country"]] + [""], dtype=object
    )
    xs, ys = shapely.get_x(points), shapely.get_y(points)
    in_region = shapely.contains_xy(_REGION, xs, ys)
    sea = np.where(in_region, "it falls in the sea", "it falls outside Latin America")
    return np.where(found >= 0, labels[found], sea)


def check_countries(
    gdf: gpd.GeoDataFrame,
    path: str,
    rows: Sequence[int] | None = None,
    allow_outside: bool = False,
    found: np.ndarray | None = None,
) -> list[Issue]:
    """Issues for points that lie outside the country their ``country`` column names.

    ``found``: the rows' areas from ``locate(gdf)``, when already known.
    """
    if "country" not in gdf.columns or len(gdf) == 0:
        return []
    row_numbers = np.asarray(rows) if rows is not None else np.arange(len(gdf)) + 2
    claimed = gdf["country"].astype("string").str.strip().str.upper()
    claimed = claimed.fillna("").to_numpy(dtype=object)
    points = _points(gdf)
    outlines = _countries()
    exact = dict(zip(outlines["country"], outlines.geometry.values, strict=True))
    names = dict(zip(outlines["country"], outlines["name"], strict=True))
    present = ~shapely.is_missing(points)
    issues = [
        Issue(path, None, "country", code,
              "is not covered by geoinvest's boundary data, so its points were not checked",
              severity="warning")
        for code in sorted({c for c in claimed[present] if c and c not in exact})
    ]  # fmt: skip
    check = np.flatnonzero(present & pd.Series(claimed).isin(list(exact)).to_numpy())
    if len(check) == 0:
        return issues
    found = _locate(points[check]) if found is None else np.asarray(found)[check]
    area_country = np.append(_admin()["country"].to_numpy(dtype=object), "")[found]
    maybe = check[area_country != claimed[check]]
    grown = np.array([_country_slack(c) for c in claimed[maybe]], dtype=object)
    outside = maybe[~shapely.intersects(grown, points[maybe])]
    if len(outside) == 0:
        return issues
    shapes = np.array([exact[c] for c in claimed[outside]], dtype=object)
    xs, ys = shapely.get_x(points[outside]), shapely.get_y(points[outside])
    fixes = _fixes(xs, ys, shapes)
    wheres = _where(points[outside])
    severity = "warning" if allow_outside else "error"
    for k, i in enumerate(outside):
        code = claimed[i]
        message = f"is outside {names[code]} ({code}), the country this row names"
        fix = fixes[k]
        if fix:
            message += f"; {wheres[k]}"
        else:
            fix = f"{wheres[k]}; check the coordinates or the country"
        value = f"{ys[k]:.6g}, {xs[k]:.6g}"
        issues.append(
            Issue(path, int(row_numbers[i]), "latitude/longitude", value, message, fix, severity)
        )
    return issues
