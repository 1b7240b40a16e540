"""An offline base that orients at every zoom: town names, rivers and lakes (``[base]``).

Zoomed in on a cluster, the offline base (Natural Earth admin areas) shows department lines
and nothing else; this feature adds what a reader orients by, all from package data:

- **Towns**: the gazetteer's places, one per point, from ``geoinvest/data/towns.csv``
  (``scripts/build_towns.py``: GeoNames' name and population for each gazetteer point),
  only those of the map's countries, larger first. Each town carries the zoom from which it
  is a candidate for a label (``min_zoom``: 1,000,000 people and more from zoom 5, a third
  of that for each zoom level further in; towns of unknown population, official seats GeoNames
  lacks, from zoom 10 if a seat, else 11). The page (``paint.js``, ``placeLabels``) places
  the candidates in the view greedily in rank order, each label's box measured with
  ``ctx.measureText``, and skips a label that would overlap one already placed; the
  department labels fill the space left. Labels are drawn on the markers canvas, under the
  markers, only when no tile basemap is on (tiles bring their own names).
- **Rivers and lakes**: Natural Earth 1:10m rivers and lake centrelines and lakes
  (``geoinvest/data/rivers.parquet``, ``scripts/build_rivers.py``), clipped to the box of the
  map's countries with ``PAD_DEGREES`` around it. They are drawn on the vector base's canvas
  (under the tiles, so tile basemaps hide them), rivers in blue with a width by Natural
  Earth's ``scalerank`` and shown from a zoom by that rank (the Amazon always, small rivers
  from zoom 7), lakes filled.

Payload (``payload.features.base``), compact typed arrays (zlib, base64, see
``geoinvest.page.encode``), decoded by the page synchronously when first needed:
``towns``: ``n``, ``names`` (the names' UTF-8 joined by newlines), ``xy`` (Int32
microdegrees, interleaved lon, lat), ``zoom`` (Uint8, ``min_zoom`` times 4), in rank order;
``rivers`` and ``lakes``: ``xy`` (Int32 microdegrees of every vertex), ``parts`` (Int32:
where each line or ring starts in ``xy``, in vertices, and the total at the end),
``groups`` (Int32: where each feature's parts start, and the total), ``rank`` (Uint8
scalerank per feature). A lake's first part is its outline, the others its islands.

Options: ``towns`` and ``rivers`` (booleans, both true by default). The attribution adds
"Place names: GeoNames" in the page's language when towns are on (Natural Earth, already
credited for the boundaries, also covers rivers and lakes).
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass

import numpy as np

from geoinvest.errors import ConfigError

NAME = "base"
STRINGS = {
    "en": {
        "base_towns": "Place names: GeoNames",
    },
    "es": {
        "base_towns": "Nombres de lugares: GeoNames",
    },
}
KEYS = ("towns", "rivers")
# Degrees around the map's countries for rivers and lakes.
PAD_DEGREES = 2.0
# Towns of this population get labels from TOWN_ZOOM; each zoom in, a TOWN_STEP-th of it.
TOWN_POPULATION = 1_000_000
TOWN_ZOOM = 5.0
TOWN_STEP = 3.0
SEAT_ZOOM = 10.0  # a seat of unknown population
OTHER_ZOOM = 11.0  # any other town of unknown population


@dataclass(frozen=True)
class Options:
    towns: bool = True
    rivers: bool = True


def parse(table: dict | None, where: str, layers: tuple[str, ...]) -> Options:
    """``[base]``: ``towns`` and ``rivers``, true or false."""
    if table is None:
        return Options()
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [base] must be a table, e.g. [base] then towns = true")
    from geoinvest.registry import check_keys

    check_keys(table, KEYS, f"{where}: [base]", "[base] can have: " + ", ".join(KEYS))
    values = {}
    for key in KEYS:
        if key in table:
            value = table[key]
            if not isinstance(value, bool):
                raise ConfigError(
                    f"{where}: [base] {key}: {value!r} is not true or false; "
                    f"write {key} = true or {key} = false"
                )
            values[key] = value
    return Options(**values)


def payload(options: Options | None, mapdef, layers) -> dict | None:
    """Towns of the map's countries and the rivers and lakes around them."""
    options = options or Options()
    from geoinvest import geography

    out = {}
    if options.towns:
        frame = geography.towns(mapdef.countries)
        if len(frame):
            out["towns"] = encode_towns(frame)
    if options.rivers:
        outlines = geography.country_outlines(mapdef.countries)
        if len(outlines):
            west, south, east, north = outlines.total_bounds
            pad = PAD_DEGREES
            box = (west - pad, south - pad, east + pad, north + pad)
            for kind, key in (("river", "rivers"), ("lake", "lakes")):
                gdf = geography.rivers(kind, box)
                if len(gdf):
                    out[key] = encode_shapes(gdf.geometry.values, gdf["scalerank"].to_numpy())
    return out or None


def min_zoom(population: np.ndarray, seat: np.ndarray) -> np.ndarray:
    """The zoom from which each town is a candidate for a label, in quarter zooms."""
    pop = np.asarray(population, dtype="f8")
    known = pop > 0
    zoom = np.where(np.asarray(seat) > 0, SEAT_ZOOM, OTHER_ZOOM)
    with np.errstate(divide="ignore"):
        steps = np.log(TOWN_POPULATION / np.where(known, pop, 1.0)) / math.log(TOWN_STEP)
    zoom = np.where(known, TOWN_ZOOM + np.clip(steps, 0, None), zoom)
    return np.minimum(np.ceil(zoom * 4), OTHER_ZOOM * 4)


def encode_towns(frame) -> dict:
    """Names, points and label zooms of towns, in the frame's (rank) order."""
    from geoinvest.page import encode

    names = [str(n).replace("\n", " ") for n in frame["name"]]
    raw = "\n".join(names).encode("utf-8")
    return {
        "n": len(frame),
        "names": encode.Base64(_b64(zlib.compress(raw, 9))),
        "xy": encode.encode_coordinates(
            frame["longitude"].to_numpy(), frame["latitude"].to_numpy()
        ),
        "zoom": encode.b64(min_zoom(frame["population"], frame["seat"]).astype("u1")),
    }


def encode_shapes(geoms, ranks) -> dict:
    """Lines or polygons as flat Int32 vertex arrays with part and feature offsets."""
    import shapely

    from geoinvest.page import encode

    parts: list[np.ndarray] = []
    groups = [0]
    kept = []
    for geom, rank in zip(geoms, ranks, strict=True):
        for piece in shapely.get_parts(geom):
            if shapely.get_type_id(piece) == 3:  # Polygon: outline, then islands
                rings = [piece.exterior, *piece.interiors]
            else:
                rings = [piece]
            coords = [shapely.get_coordinates(r) for r in rings]
            coords = [c for c in coords if len(c) >= 2]
            if not coords:
                continue
            parts.extend(coords)
            groups.append(len(parts))
            kept.append(int(rank))
    sizes = np.array([len(c) for c in parts], dtype="i8")
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype("<i4")
    xy = np.concatenate(parts) if parts else np.empty((0, 2))
    return {
        "xy": encode.encode_coordinates(xy[:, 0], xy[:, 1]),
        "parts": encode.b64(starts),
        "groups": encode.b64(np.array(groups, dtype="<i4")),
        "rank": encode.b64(np.clip(kept, 0, 255).astype("u1")),
    }


def _b64(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode("ascii")
