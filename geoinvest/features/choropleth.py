"""Areas shaded by what they hold: a choropleth of first-level areas (``[choropleth]``).

Each first-level area (admin-1: a Peruvian region, a Colombian department) of the map's
countries is shaded by the number of points, the capacity (``capacity_mw``) or the
investment (``investment_usd``) of the rows it holds, summed over the layers the table
names (every layer of the map that has the value, when it names none).

At build, the area of each row (``admin1_code``, added by the enrich stage; found by the
same spatial join when a layer lacks it) becomes a per-row Uint16 index into the map's
areas (65535: none), and the class breaks are computed with mapclassify over the areas'
totals of all rows, areas holding nothing left out. The breaks are fixed in the page, so a
colour means the same value in every filter state. The page sums, per area, the value of
the rows it shows (``layer.hidden[i] === 0`` of the layers switched on) on every change
(filters, time range, layer toggles) and restyles the areas: one pass over typed arrays,
no per-row objects. Areas are the offline base's own geometry (``payload.base.areas``,
matched by their ISO 3166-2 code), drawn again on their own canvas in a pane above the
base and tiles and below the points; nothing of the geometry is repeated in this part of
the payload. The legend lists the classes with their bounds, the tooltip the area's name
(in the page's language) and its value.

Only deterministic schemes are offered (the sampled and k-means ones draw random
numbers, and a page must rebuild byte-identical). The colours are ColorBrewer's
sequential "Greens" (single hue, lightness rising with the value, so it reads the same
with any colour-vision deficiency, and no layer uses green), with the near-white first
step left out so the lowest class stands apart from the base's land colour.

Example::

    [choropleth]
    value = "investment_usd"   # "count" (default), "capacity_mw" or "investment_usd"
    layers = ["mining_sites", "hydro_projects"]   # default: every layer with the value
    scheme = "FisherJenks"     # EqualInterval, FisherJenks, JenksCaspall, MaximumBreaks, Quantiles
    k = 5                      # classes, 2 to 9
    on = true                  # shaded when the page opens (the panel switches it)
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from geoinvest.errors import ConfigError
from geoinvest.features import tables

NAME = "choropleth"

VALUES = ("count", "capacity_mw", "investment_usd")
SCHEMES = ("EqualInterval", "FisherJenks", "JenksCaspall", "MaximumBreaks", "Quantiles")
K_RANGE = (2, 9)
KEYS = ("value", "layers", "scheme", "k", "on")
NO_AREA = 0xFFFF
# ColorBrewer "Greens", 9 classes (Cynthia Brewer, Pennsylvania State University).
GREENS = (
    "#f7fcf5",
    "#e5f5e0",
    "#c7e9c0",
    "#a1d99b",
    "#74c476",
    "#41ab5d",
    "#238b45",
    "#006d2c",
    "#00441b",
)

STRINGS = {
    "en": {
        "choropleth_heading": "Shaded areas",
        "choropleth_show": "Shade areas",
        "choropleth_count": "Number of points",
        "choropleth_capacity_mw": "Capacity (MW)",
        "choropleth_investment_usd": "Investment (US$)",
        "choropleth_none": "None",
        "choropleth_range": "{low} – {high}",
        "choropleth_tip": "{name}: {value}",
        "choropleth_note": "Breaks fixed for all rows; shading follows the filters.",
    },
    "es": {
        "choropleth_heading": "Áreas sombreadas",
        "choropleth_show": "Sombrear áreas",
        "choropleth_count": "Número de puntos",
        "choropleth_capacity_mw": "Capacidad (MW)",
        "choropleth_investment_usd": "Inversión (US$)",
        "choropleth_none": "Ninguno",
        "choropleth_range": "{low} – {high}",
        "choropleth_tip": "{name}: {value}",
        "choropleth_note": "Cortes fijos para todas las filas; el sombreado sigue los filtros.",
    },
}


@dataclass(frozen=True)
class Options:
    """What a map's ``[choropleth]`` table says."""

    value: str = "count"
    layers: tuple[str, ...] = ()  # empty: every layer of the map that has the value
    scheme: str = "FisherJenks"
    k: int = 5
    on: bool = True


def _choice(value, choices: tuple[str, ...], where: str, key: str) -> str:
    """A name from ``choices``, compared without case; else an error listing them."""
    by_lower = {c.lower(): c for c in choices}
    found = by_lower.get(str(value).lower()) if isinstance(value, str) else None
    if found is None:
        raise ConfigError(
            f"{where}: [choropleth] {key}: {value!r} is not one of {', '.join(choices)}"
        )
    return found


def parse(table, where: str, layers: tuple[str, ...]) -> Options | None:
    """The ``[choropleth]`` table checked; ``None`` (no shading) when the map has none."""
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError(f'{where}: choropleth must be a table, e.g. [choropleth] value = "count"')
    from geoinvest.registry import check_keys

    check_keys(table, KEYS, f"{where}: [choropleth]", f"[choropleth] can have: {', '.join(KEYS)}")
    value = _choice(table.get("value", "count"), VALUES, where, "value")
    chosen = tables.layer_ids(table, "choropleth", where, layers)
    scheme = _choice(table.get("scheme", "FisherJenks"), SCHEMES, where, "scheme")
    k = table.get("k", 5)
    if isinstance(k, bool) or not isinstance(k, int) or not K_RANGE[0] <= k <= K_RANGE[1]:
        raise ConfigError(
            f"{where}: [choropleth] k: {k!r} is not a number of classes; "
            f"give a whole number from {K_RANGE[0]} to {K_RANGE[1]}, e.g. k = 5"
        )
    on = table.get("on", True)
    if not isinstance(on, bool):
        raise ConfigError(f"{where}: [choropleth] on: {on!r} is not true or false")
    return Options(value=value, layers=tuple(dict.fromkeys(chosen)), scheme=scheme, k=k, on=on)


def colours(k: int) -> list[str]:
    """``k`` steps of the palette, light to dark, evenly spread over its darker eight (all
    nine for nine classes)."""
    first = 1 if k < len(GREENS) else 0
    steps = np.round(np.linspace(first, len(GREENS) - 1, k)).astype(int)
    return [GREENS[i] for i in steps]


def classify(totals: np.ndarray, scheme: str, k: int) -> list[float]:
    """Upper bounds of the classes of the positive ``totals`` (mapclassify's ``bins``)."""
    values = np.asarray(totals, dtype="f8")
    values = values[values > 0]
    distinct = np.unique(values)
    if len(distinct) == 0:
        return []
    if len(distinct) <= k:  # each value its own class
        return [float(v) for v in distinct]
    # mapclassify's import (scipy, scikit-learn, matplotlib) costs seconds, more than a
    # whole small build: the breaks of the same values, scheme, k and mapclassify version
    # are kept in the user's cache folder and read back (a pure function of its key).
    key = _breaks_key(np.sort(values), scheme, k)
    cached = _cached_breaks(key)
    if cached is not None:
        return cached
    import mapclassify  # only for maps with a choropleth, on a cache miss

    with warnings.catch_warnings():
        # FisherJenks says it runs without numba: a few hundred areas need no speed-up.
        warnings.filterwarnings("ignore", message="Numba not installed", category=UserWarning)
        bins = getattr(mapclassify, scheme)(values, k=k).bins
    breaks = [float(b) for b in np.unique(np.asarray(bins, dtype="f8"))]
    _store_breaks(key, breaks)
    return breaks


def cache_dir() -> Path:
    """Where computed breaks are kept: $GEOINVEST_CACHE, else $XDG_CACHE_HOME/geoinvest,
    else ~/.cache/geoinvest."""
    given = os.environ.get("GEOINVEST_CACHE")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "geoinvest"


def _breaks_key(values: np.ndarray, scheme: str, k: int) -> str:
    from importlib.metadata import version

    head = f"{version('mapclassify')}:{scheme}:{k}:".encode()
    return hashlib.sha256(head + np.ascontiguousarray(values, dtype="<f8").tobytes()).hexdigest()


def _cached_breaks(key: str) -> list[float] | None:
    """The breaks stored under ``key``, or None (missing, unreadable or not a list of numbers:
    then they are computed again)."""
    try:
        data = json.loads((cache_dir() / "breaks" / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(data, list) and data and all(isinstance(v, int | float) for v in data):
        return [float(v) for v in data]
    return None


def _store_breaks(key: str, breaks: list[float]) -> None:
    """Keep the breaks for the next build; a cache that cannot be written is no error."""
    folder = cache_dir() / "breaks"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(breaks), encoding="utf-8")
        os.replace(tmp, folder / f"{key}.json")
    except OSError:
        pass


def area_index(gdf, codes) -> np.ndarray:
    """Each row's area as an index into ``codes`` (Uint16, ``NO_AREA`` when none)."""
    import pandas as pd

    if "admin1_code" not in gdf.columns:
        from geoinvest import geography

        gdf = geography.assign_admin1(gdf)
    found = pd.Index(codes).get_indexer(gdf["admin1_code"].astype(object))
    return np.where(found < 0, NO_AREA, found).astype("<u2")


def row_values(gdf, value: str) -> np.ndarray | None:
    """Each row's weight: 1 for counts, else the column (missing as 0); None if absent."""
    if value == "count":
        return np.ones(len(gdf), dtype="f8")
    if value not in gdf.columns:
        return None
    return np.nan_to_num(gdf[value].to_numpy(dtype="f8", na_value=np.nan), nan=0.0)


def payload(options: Options | None, mapdef, layers) -> dict | None:
    """Areas (code and names), per-row area indices, breaks and colours; None if off."""
    if options is None:
        return None
    from geoinvest import geography
    from geoinvest.page import encode

    areas = geography.admin_areas(mapdef.countries)
    codes = [str(c) for c in areas["iso_3166_2"]]
    if len(codes) >= NO_AREA:  # pragma: no cover - Natural Earth has a few hundred
        raise ConfigError(f"{mapdef.path}: [choropleth]: too many areas ({len(codes)})")
    totals = np.zeros(len(codes), dtype="f8")
    index = {}
    for layer in layers:
        if options.layers and layer.id not in options.layers:
            continue
        weights = row_values(layer.gdf, options.value)
        if weights is None:
            if options.layers:
                raise ConfigError(
                    f"{mapdef.path}: [choropleth] layers: layer {layer.id!r} has no "
                    f"{options.value} column; leave it out of layers, or choose another value"
                )
            continue
        rows = area_index(layer.gdf, codes)
        inside = rows != NO_AREA
        totals += np.bincount(rows[inside], weights=weights[inside], minlength=len(codes))
        index[layer.id] = encode.b64(rows)
    breaks = classify(totals, options.scheme, options.k)
    names_es = areas["name_es"] if "name_es" in areas.columns else areas["name"]
    return {
        "value": options.value,
        "on": options.on,
        "scheme": options.scheme,
        "areas": [
            [code, str(name), str(name_es if isinstance(name_es, str) and name_es else name)]
            for code, name, name_es in zip(codes, areas["name"], names_es, strict=True)
        ],
        "arrays": index,  # layer id -> Uint16 area of each row (decode.js inflates)
        "breaks": breaks,
        "min": float(totals[totals > 0].min()) if (totals > 0).any() else 0.0,
        "colors": colours(len(breaks)) if breaks else [],
    }
