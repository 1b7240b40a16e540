"""The page's data model: one JSON payload with the map's settings, base geometry and layers."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geoinvest import features
from geoinvest.cells import isin
from geoinvest.errors import DataError, Issue
from geoinvest.model import Layer, MapDefinition
from geoinvest.page import encode, i18n
from geoinvest.page.basemaps import basemaps
from geoinvest.schema import APPROXIMATE_FROM, COLUMNS, column

VERSION = 1
COORDINATE_COLUMNS = ("latitude", "longitude", "precision")
# Columns the stages derive (never written by the user): not carried into the page.
DERIVED = ("geometry", "owners_parsed", "admin1_code", "admin1_name")
# Fallback view when no boundary data is at hand: [[south, west], [north, east]].
COUNTRY_BOUNDS = {
    "PE": [[-18.35, -81.33], [-0.04, -68.65]],
    "CO": [[-4.23, -79.0], [12.46, -66.85]],
    "HN": [[12.98, -89.36], [16.52, -83.13]],
}
BASE_DECIMALS = 4


def build_payload(
    mapdef: MapDefinition,
    layers: list[Layer],
    base: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame] | None,
) -> dict:
    """Everything the page needs, as a JSON-ready dict."""
    tiles, default = basemaps(mapdef.basemaps, mapdef.basemap)
    workers = min(4, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=workers) as executor:
        # The features' parts, the base and the site index (numpy, pandas and shapely,
        # which release the GIL for much of it) are made while the layers are encoded.
        parts = executor.submit(features.payloads, mapdef, layers)
        base_part = executor.submit(base_geometry, base, mapdef.countries)
        sites = executor.submit(site_index, layers)
        encoded = [encode_layer(layer, executor) for layer in layers]
        for entry in encoded:
            encode.settle(entry["columns"])
        parts, base_part, sites = parts.result(), base_part.result(), sites.result()
    return {
        "version": VERSION,
        "id": mapdef.id,
        "language": mapdef.language,
        "languages": list(mapdef.languages) if len(mapdef.languages) > 1 else [],
        "strings": i18n.table(),
        "title": _texts(mapdef.title),
        "subtitle": _texts(mapdef.subtitle),
        "bounds": map_bounds(mapdef.countries, base, layers),
        "attribution": attributions(mapdef, layers),
        "basemaps": tiles,
        "basemap": default,
        "cluster": mapdef.cluster,
        "approximate_from": APPROXIMATE_FROM,
        "base": base_part,
        "layers": encoded,
        "sites": sites,
        "features": parts,
    }


def to_json(payload: dict) -> str:
    """The payload as JSON that is safe inside a ``<script>`` element."""
    return "".join(iter_json(payload))


# A list of strings longer than this in all is written one string at a time.
_SPLIT_CHARS = 1 << 20


def iter_json(value) -> Iterator[str]:
    """``to_json`` in pieces, never the whole text at once: each large text chunk alone.

    The pieces join to exactly ``json.dumps(value, ensure_ascii=False, separators=(",",
    ":"), allow_nan=False)`` with every ``<`` written ``\\u003c``, so neither ``</script``
    nor ``<!--`` can end or bend the script element.
    """
    if isinstance(value, dict):
        yield "{"
        for k, (key, item) in enumerate(value.items()):
            yield ("," if k else "") + _dumps(key) + ":"
            yield from iter_json(item)
        yield "}"
    elif isinstance(value, list) and _worth_splitting(value):
        yield "["
        for k, item in enumerate(value):
            if k:
                yield ","
            yield from iter_json(item)
        yield "]"
    elif type(value) is encode.Base64:  # no character of it needs escaping
        yield '"' + value + '"'
    else:
        yield _dumps(value)


def _worth_splitting(items: list) -> bool:
    """Lists of objects (layers, columns) and long lists of text (chunks) go piece by piece;
    everything else (coordinates, dictionaries of values) in one ``json.dumps`` call."""
    if any(isinstance(item, dict) for item in items):
        return True
    return sum(len(item) for item in items if isinstance(item, str)) > _SPLIT_CHARS


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _dumps(value) -> str:
    return _ENCODER.encode(value).replace("<", "\\u003c")


def encode_layer(layer: Layer, executor: ThreadPoolExecutor | None = None) -> dict:
    """One layer: style, coordinates, precision and its columns encoded by dtype. With an
    ``executor``, text chunks are futures until ``encode.settle(entry["columns"])``: every
    column compresses while the next ones are prepared."""
    gdf = layer.gdf
    spec = layer.spec
    lon, lat = _coordinates(layer)
    names = layer_columns(gdf)
    precision = gdf["precision"] if "precision" in gdf else pd.Series(0, index=gdf.index)
    present = [*names, *(c for c in COORDINATE_COLUMNS if c in gdf)]
    popup = [c for c in spec.popup if c in present] or [
        *(c.name for c in COLUMNS if c.name in present),
        *(name for name in names if column(name) is None),
    ]
    columns = []
    for name in names:
        col = column(name)
        entry = {
            "name": name,
            "label": {"en": col.label_en, "es": col.label_es} if col else {"en": name, "es": name},
            "type": col.type if col else "text",
        }
        entry.update(encode.encode_column(gdf[name], executor))  # settled by the caller
        if entry["enc"] == "date" and "date_precision" in gdf:
            entry["precision_field"] = "date_precision"
        columns.append(entry)
    return {
        "id": spec.id,
        "title": _texts(spec.title),
        "kind": spec.kind,
        "color": spec.color,
        "symbol": spec.symbol,
        "n": len(gdf),
        "xy": encode.encode_coordinates(lon, lat),
        "precision": encode.encode_precision(precision),
        "popup": popup,
        "labels": {
            c.name: {"en": c.label_en, "es": c.label_es}
            for c in COLUMNS
            if c.name in COORDINATE_COLUMNS
        },
        "columns": columns,
    }


def layer_columns(gdf: pd.DataFrame) -> list[str]:
    """The columns a layer carries into the page: the schema's in schema order (without
    coordinates), then the file's own extra columns (text) as written."""
    schema = {c.name for c in COLUMNS}
    names = [c.name for c in COLUMNS if c.name in gdf.columns and c.name not in COORDINATE_COLUMNS]
    return names + [str(c) for c in gdf.columns if c not in schema and c not in DERIVED]


def _coordinates(layer: Layer) -> tuple[np.ndarray, np.ndarray]:
    gdf = layer.gdf
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs(4326)
    geoms = gdf.geometry.values
    lon = shapely.get_x(np.asarray(geoms, dtype=object))
    lat = shapely.get_y(np.asarray(geoms, dtype=object))
    bad = ~(np.isfinite(lon) & np.isfinite(lat))
    if bad.any():
        raise DataError(
            [
                Issue(
                    str(layer.spec.path),
                    None,
                    "geometry",
                    None,
                    f"{int(bad.sum())} row(s) of layer {layer.id!r} have no point",
                    "give every row a latitude and longitude",
                )
            ]
        )
    return lon, lat


def site_index(layers: list[Layer]) -> dict[str, list[int]]:
    """Site ids that events in this page refer to -> [layer index, row] of the site."""
    referenced = pd.concat(
        [layer.gdf["site_id"].dropna() for layer in layers if "site_id" in layer.gdf.columns]
        or [pd.Series([], dtype=object)]
    ).unique()
    index: dict[str, list[int]] = {}
    if not len(referenced):
        return index
    for number, layer in enumerate(layers):
        if layer.spec.kind != "site" or "id" not in layer.gdf.columns:
            continue
        ids = layer.gdf["id"]
        rows = np.flatnonzero(isin(ids, referenced))
        for key, row in zip(ids.to_numpy()[rows].tolist(), rows.tolist(), strict=True):
            index.setdefault(str(key), [number, row])
    return index


def map_bounds(
    countries: tuple[str, ...],
    base: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame] | None,
    layers: list[Layer],
) -> list[list[float]]:
    """The view: the map's countries' outlines, else known boxes, else the data's extent."""
    boxes = []
    if base is not None:
        outlines = base[1][base[1]["country"].isin(countries)]
        if len(outlines):
            west, south, east, north = outlines.total_bounds
            boxes.append([[south, west], [north, east]])
    if not boxes:
        boxes = [COUNTRY_BOUNDS[c] for c in countries if c in COUNTRY_BOUNDS]
    if not boxes:
        for layer in layers:
            if len(layer.gdf):
                west, south, east, north = layer.gdf.total_bounds
                boxes.append([[south, west], [north, east]])
    if not boxes:
        return [[-60.0, -120.0], [35.0, -30.0]]
    box = np.array(boxes, dtype="f8")
    return [
        [round(float(box[:, 0, 0].min()), 4), round(float(box[:, 0, 1].min()), 4)],
        [round(float(box[:, 1, 0].max()), 4), round(float(box[:, 1, 1].max()), 4)],
    ]


CONTEXT_PAD_DEGREES = 8.0
CONTEXT_TOLERANCE_DEGREES = 0.05


def base_geometry(
    base: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame] | None, countries: tuple[str, ...]
) -> dict | None:
    """Admin areas, country outlines and area labels, coordinates rounded to 4 decimals."""
    if base is None:
        return None
    areas, outlines = (gdf[gdf["country"].isin(countries)] for gdf in base)
    areas = areas.to_crs(4326) if areas.crs is not None else areas
    outlines = outlines.to_crs(4326) if outlines.crs is not None else outlines
    context = _neighbours(base[1], outlines)
    points = areas.geometry.representative_point()
    labels = [
        [round(p.x, BASE_DECIMALS), round(p.y, BASE_DECIMALS), str(name), str(name_es or name)]
        for p, name, name_es in zip(
            points, areas["name"], areas.get("name_es", areas["name"]), strict=True
        )
    ]
    return {
        "areas": _feature_collection(areas, ("country", "iso_3166_2", "name")),
        "outlines": _feature_collection(outlines, ("country", "name")),
        "context": _feature_collection(context, ("country", "name")),
        "labels": labels,
    }


def _neighbours(all_outlines: gpd.GeoDataFrame, outlines: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Other countries near the map's, coarsely simplified, so land does not read as sea."""
    if not len(outlines):
        return outlines
    west, south, east, north = outlines.total_bounds
    pad = CONTEXT_PAD_DEGREES
    near = all_outlines.cx[west - pad : east + pad, south - pad : north + pad]
    near = near[~near["country"].isin(outlines["country"])]
    near = near.to_crs(4326) if near.crs is not None else near
    return near.assign(geometry=near.geometry.simplify(CONTEXT_TOLERANCE_DEGREES))


def _feature_collection(gdf: gpd.GeoDataFrame, props: tuple[str, ...]) -> dict:
    geoms = shapely.transform(
        np.asarray(gdf.geometry.values, dtype=object), lambda c: np.round(c, BASE_DECIMALS)
    )
    keep = [p for p in props if p in gdf.columns]
    records = gdf[keep].astype(object).where(gdf[keep].notna(), None).to_dict("records")
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": rec, "geometry": json.loads(shapely.to_geojson(g))}
            for g, rec in zip(geoms, records, strict=True)
        ],
    }


def attributions(mapdef: MapDefinition, layers: list[Layer]) -> list[dict[str, str]]:
    """Attribution lines, the map's and each layer's, once each: the text in every page
    language (``{"en": ..., "es": ...}``; a plain attribution is the same in both)."""
    lines = [
        tuple(spec.attribution_in(lang) for lang in i18n.LANGUAGES)
        for spec in (mapdef, *(layer.spec for layer in layers))
    ]
    return [
        dict(zip(i18n.LANGUAGES, line, strict=True)) for line in dict.fromkeys(lines) if any(line)
    ]


def _texts(value: dict[str, str]) -> dict[str, str]:
    return {str(k): str(v) for k, v in value.items()}
