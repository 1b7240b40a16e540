"""The offline outline base in Web Mercator (as on the web map), the map's extent and the
inset locator map."""

from __future__ import annotations

import functools
import math

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.collections import PatchCollection
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from geoinvest import geography
from geoinvest.figure import style

MERCATOR = "EPSG:3857"
EARTH_RADIUS = 6378137.0  # Web Mercator's sphere (metres)
PAD = 0.03  # of the extent's larger side, around the map's countries (the page pads 12 px)
CONTEXT_SIMPLIFY = 0.05  # degrees, as the page's context countries


def project(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Longitude and latitude (degrees) to Web Mercator metres (the spherical formulas)."""
    lat = np.clip(np.asarray(lat, dtype=float), -85.05, 85.05)
    x = EARTH_RADIUS * np.radians(np.asarray(lon, dtype=float))
    y = EARTH_RADIUS * np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))
    return x, y


def latitude_of(y: float) -> float:
    """The latitude (degrees) of a Web Mercator northing."""
    return math.degrees(2 * math.atan(math.exp(y / EARTH_RADIUS)) - math.pi / 2)


def metres_per_unit(y: float) -> float:
    """Ground metres per Web Mercator metre at northing ``y``: the cosine of the latitude
    (the projection stretches distances by 1 / cos(latitude))."""
    return math.cos(math.radians(latitude_of(y)))


def _mercator(gdf: gpd.GeoDataFrame) -> np.ndarray:
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    return shapely.transform(geoms, lambda c: np.column_stack(project(c[:, 0], c[:, 1])))


@functools.cache
def _layers(countries: tuple[str, ...]) -> dict[str, np.ndarray]:
    """The map's admin areas and outlines, and the other countries, in Web Mercator."""
    outlines = geography.country_outlines()
    mine = outlines["country"].isin(countries).to_numpy()
    coarse = _mercator(outlines.assign(geometry=outlines.geometry.simplify(CONTEXT_SIMPLIFY)))
    return {
        "areas": _mercator(geography.admin_areas(countries)),
        "outlines": _mercator(outlines[mine]),
        "context": coarse[~mine],
        "all": coarse,
        "mine": mine,
    }


def extent(countries: tuple[str, ...]) -> tuple[float, float, float, float]:
    """The map's countries' bounds in Web Mercator (west, south, east, north), padded:
    the view the page fits at load."""
    outlines = _layers(tuple(countries))["outlines"]
    if len(outlines) == 0:  # countries the package has no outlines for
        west, south = project(-120.0, -60.0)
        east, north = project(-30.0, 35.0)
    else:
        west, south, east, north = shapely.total_bounds(outlines)
    pad = PAD * max(east - west, north - south)
    return west - pad, south - pad, east + pad, north + pad


def fit(box: tuple[float, float, float, float], aspect: float) -> tuple[float, ...]:
    """``box`` grown around its centre to height/width ``aspect`` (equal scale on both axes)."""
    west, south, east, north = box
    w, h = east - west, north - south
    if h / w < aspect:
        grow = (w * aspect - h) / 2
        south, north = south - grow, north + grow
    else:
        grow = (h / aspect - w) / 2
        west, east = west - grow, east + grow
    return west, south, east, north


def _patch(geoms: np.ndarray, **kwargs) -> PatchCollection:
    """Polygons as one collection of path patches (holes kept)."""
    patches = []
    for geom in geoms:
        if geom is None or geom.is_empty:
            continue
        for part in getattr(geom, "geoms", [geom]):
            rings = [part.exterior, *part.interiors]
            verts, codes = [], []
            for ring in rings:
                coords = np.asarray(ring.coords)
                verts.append(coords)
                ring_codes = np.full(len(coords), MplPath.LINETO, dtype=np.uint8)
                ring_codes[0] = MplPath.MOVETO
                ring_codes[-1] = MplPath.CLOSEPOLY
                codes.append(ring_codes)
            patches.append(PathPatch(MplPath(np.concatenate(verts), np.concatenate(codes))))
    return PatchCollection(patches, **kwargs)


def draw_base(ax, countries: tuple[str, ...]) -> None:
    """Sea, neighbouring countries, the map's admin areas and country outlines."""
    layers = _layers(tuple(countries))
    ax.set_facecolor(style.SEA)
    ax.add_collection(_patch(layers["context"], **style.CONTEXT, zorder=1))
    ax.add_collection(_patch(layers["areas"], **style.AREAS, zorder=2))
    ax.add_collection(_patch(layers["outlines"], **style.OUTLINES, zorder=3))


def draw_inset(ax, countries: tuple[str, ...], view: tuple[float, float, float, float]) -> None:
    """A small map of the region: the map's countries dark, the view as a red box."""
    layers = _layers(tuple(countries))
    mine = layers["mine"]
    everything = layers["all"]
    ax.set_facecolor(style.SEA)
    ax.add_collection(_patch(everything[~mine], facecolor="#d9d5cc", edgecolor="none"))
    ax.add_collection(_patch(everything[mine], facecolor="#8a8680", edgecolor="none"))
    west, south, east, north = view
    ax.add_patch(
        Rectangle(
            (west, south), east - west, north - south,
            facecolor="none", edgecolor="#c0392b", linewidth=0.8, zorder=5,
        )
    )  # fmt: skip
    x0, y0, x1, y1 = shapely.total_bounds(everything)
    cx, cy = (view[0] + view[2]) / 2, (view[1] + view[3]) / 2
    # Centre the inset on the view, wide enough to show the region around it.
    half = max(x1 - x0, y1 - y0) * 0.32
    half = max(half, (view[2] - view[0]) * 1.2, (view[3] - view[1]) * 1.2)
    ax.set_xlim(cx - half, cx + half)
    ax.set_ylim(cy - half, cy + half)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor(style.MUTED)
        spine.set_linewidth(0.6)
