"""Admin geography shipped with the package: first-level areas, country outlines, checks."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from typing import NamedTuple, TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from geoinvest.errors import ConfigError, Issue

T = TypeVar("T")
_WGS84 = "EPSG:4326"
# Slack for points on a simplified border or coast (degrees, about 5.5 km at the equator).
TOLERANCE = 0.05
ADMIN_COLUMNS = ["country", "iso_3166_2", "name", "name_es", "name_ascii"]
# Longitude/latitude box of the package data, to tell "the sea" from "outside the data".
_REGION = shapely.box(-120.0, -60.0, -30.0, 35.0)


def _once(make: Callable[[], T]) -> Callable[[], T]:
    """Cache a loader's value; threads that ask while it loads wait for it (no second load)."""
    lock = threading.Lock()
    made: list[T] = []

    @functools.wraps(make)
    def get() -> T:
        if not made:
            with lock:
                if not made:
                    made.append(make())
        return made[0]

    return get


def warm() -> None:
    """Load and index the package geography now, e.g. on a thread while layers load."""
    _admin_tree()
    _area_country()


def _read(name: str) -> gpd.GeoDataFrame:
    """A package data file: text columns and WKB geometry in EPSG:4326 (GeoParquet)."""
    import pyarrow.parquet as pq

    with resources.as_file(resources.files("geoinvest") / "data" / name) as path:
        table = pq.read_table(path)
    frame = table.drop(["geometry"]).to_pandas()
    geometry = shapely.from_wkb(table["geometry"].to_numpy(zero_copy_only=False))
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=_WGS84)


@_once
def _admin() -> gpd.GeoDataFrame:
    gdf = _read("admin1.parquet")[ADMIN_COLUMNS + ["geometry"]]
    shapely.prepare(gdf.geometry.values)
    return gdf


@_once
def _countries() -> gpd.GeoDataFrame:
    gdf = _read("countries.parquet")[["country", "name", "geometry"]]
    shapely.prepare(gdf.geometry.values)
    return gdf


@_once
def _admin_geometries() -> np.ndarray:
    """The prepared admin areas as a plain array (shapely's functions take it as is)."""
    return _admin().geometry.to_numpy()


@_once
def _admin_tree() -> shapely.STRtree:
    return shapely.STRtree(_admin_geometries())


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
    areas = _admin_geometries()
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


class Located(NamedTuple):
    """Each row's point (None where it has none) and admin area (index, -1 where none)."""

    points: np.ndarray
    found: np.ndarray

    def subset(self, mask: np.ndarray) -> Located:
        return Located(self.points[mask], self.found[mask])


def locate(gdf: gpd.GeoDataFrame) -> Located:
    """Each row's point and the package admin area it lies in or near.

    Computed once per layer and passed to ``check_countries`` and ``assign_admin1``, which
    otherwise locate the points themselves.
    """
    points = _points(gdf)
    return Located(points, _locate(points))


@_once
def _country_codes() -> pd.Index:
    """The covered countries' ISO codes; positions in it are the country numbers below."""
    return pd.Index(sorted(_countries()["country"]))


@_once
def _area_country() -> np.ndarray:
    """The country number of each admin area, with -1 appended for "no area" (index -1)."""
    numbers = _country_codes().get_indexer(_admin()["country"])
    return np.append(numbers, -1)


def _claimed(country: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """The claimed codes (stripped, upper case) and their country numbers (-1: not covered)."""
    if not isinstance(country.dtype, pd.StringDtype) or country.dtype.storage != "pyarrow":
        country = country.astype("str")
    codes = country.str.strip().str.upper()
    known = pa.array(_country_codes(), type=pa.large_string())
    array = codes.array.__arrow_array__()
    numbers = pc.index_in(array, value_set=known.cast(array.type)).fill_null(-1)
    return codes, numbers.to_numpy(zero_copy_only=False).astype(np.int64)


def assign_admin1(gdf: gpd.GeoDataFrame, located: Located | None = None) -> gpd.GeoDataFrame:
    """Add ``admin1_code`` and ``admin1_name``: the first-level area each point lies in.

    ``located``: ``locate(gdf)``, when already known.
    """
    points, found = located if located is not None else locate(gdf)
    if "country" in gdf.columns:
        found = _prefer_claimed(points, found, _claimed(gdf["country"])[1])
    missing = found < 0
    take = pa.array(np.where(missing, 0, found), mask=missing)
    out = gdf.copy()
    for column, source in (("admin1_code", "iso_3166_2"), ("admin1_name", "name")):
        values = _admin_text(source).take(take)
        out[column] = pd.array(values, dtype="str")
    return out


@functools.cache
def _admin_text(column: str) -> pa.Array:
    return pa.array(_admin()[column].to_numpy(dtype=object), type=pa.large_string())


def _prefer_claimed(points: np.ndarray, found: np.ndarray, claimed: np.ndarray) -> np.ndarray:
    """Where a point near a border landed in a neighbour, take the claimed country's area.

    ``claimed``: each row's country number (see ``_claimed``).
    """
    area_country = _area_country()
    wrong = np.flatnonzero((found >= 0) & (claimed >= 0) & (area_country[found] != claimed))
    if len(wrong) == 0:
        return found
    pt_idx, tree_idx = _admin_tree().query(points[wrong], predicate="dwithin", distance=TOLERANCE)
    same = area_country[tree_idx] == claimed[wrong[pt_idx]]
    pt_idx, tree_idx = pt_idx[same], tree_idx[same]
    if len(pt_idx) == 0:
        return found
    dist = shapely.distance(points[wrong[pt_idx]], _admin_geometries()[tree_idx])
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
    located: Located | None = None,
    unit: str = "row",
) -> list[Issue]:
    """Issues for points that lie outside the country their ``country`` column names.

    ``located``: ``locate(gdf)``, when already known.
    """
    if "country" not in gdf.columns or len(gdf) == 0:
        return []
    row_numbers = np.asarray(rows) if rows is not None else np.arange(len(gdf)) + 2
    codes, numbers = _claimed(gdf["country"])
    points, found = located if located is not None else locate(gdf)
    outlines = _countries()
    exact = dict(zip(outlines["country"], outlines.geometry.values, strict=True))
    names = dict(zip(outlines["country"], outlines["name"], strict=True))
    present = ~shapely.is_missing(points)
    uncovered = np.flatnonzero(present & (numbers < 0))
    issues = [
        Issue(path, None, "country", code,
              "is not covered by geoinvest's boundary data, so its points were not checked",
              severity="warning")
        for code in sorted(set(codes.iloc[uncovered].dropna()) - {""})
    ]  # fmt: skip
    check = np.flatnonzero(present & (numbers >= 0))
    if len(check) == 0:
        return issues
    maybe = check[_area_country()[found[check]] != numbers[check]]
    claimed = np.empty(len(gdf), dtype=object)  # filled only where it is needed
    claimed[maybe] = codes.iloc[maybe].to_numpy(dtype=object)
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
            Issue(
                path, int(row_numbers[i]), "latitude/longitude", value, message, fix, severity, unit
            )
        )
    return issues


# ---- the page's offline base: rivers, lakes and towns (features/base.py)


@_once
def _rivers() -> gpd.GeoDataFrame:
    return _read("rivers.parquet")


def rivers(kind: str, box: tuple[float, float, float, float] | None = None) -> gpd.GeoDataFrame:
    """Natural Earth rivers (``kind="river"``) or lakes (``"lake"``) of Latin America: name,
    scalerank and geometry (EPSG:4326), clipped to ``box`` (west, south, east, north)."""
    gdf = _rivers()
    gdf = gdf[gdf["kind"] == kind]
    if box is not None:
        gdf = gdf.cx[box[0] : box[2], box[1] : box[3]]
        geoms = shapely.clip_by_rect(gdf.geometry.values, *box)
        gdf = gdf.set_geometry(geoms)[~shapely.is_empty(geoms)]
    return gdf.reset_index(drop=True).copy()


@_once
def _towns() -> pd.DataFrame:
    with resources.as_file(resources.files("geoinvest") / "data" / "towns.csv") as path:
        frame = pd.read_csv(path, dtype={"name": str, "country": str, "admin1_code": str},
                            keep_default_na=False)  # fmt: skip
    return frame


def towns(countries: Iterable[str] | str | None = None) -> pd.DataFrame:
    """The gazetteer's towns, one per point, larger first (``towns.csv``): country,
    admin1_code, name, latitude, longitude, population (0: not known), seat (0/1)."""
    frame = _towns()
    codes = _codes(countries)
    if codes is not None:
        frame = frame[frame["country"].isin(codes)]
    return frame.reset_index(drop=True).copy()
