"""The figure's words: legend entries, the attribution and sources line, in the map's
language. The strings the page also shows are the page's (``page/i18n.py``), copied here
so that a figure does not import the page code (folium); a test holds them equal."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geoinvest.model import Layer, MapDefinition

STRINGS = {
    "en": {
        "layers": "Layers",
        "exact": "Exact or near (precision 1-2)",
        "approximate": "Approximate: area or estimate (precision 3-8)",
        "natural_earth": "Boundaries: Natural Earth",
        "cluster": "Circles: number of points nearby",
        "sources": "Sources: {n} publications cited for these points (geoinvest report lists them)",
        "sources_one": "Sources: 1 publication cited for these points",
        "sources_none": "No points shown",
        "north": "N",
    },
    "es": {
        "layers": "Capas",
        "exact": "Exacta o cercana (precisión 1-2)",
        "approximate": "Aproximada: área o estimación (precisión 3-8)",
        "natural_earth": "Límites: Natural Earth",
        "cluster": "Círculos: número de puntos cercanos",
        "sources": (
            "Fuentes: {n} publicaciones citadas para estos puntos (geoinvest report las lista)"
        ),
        "sources_one": "Fuentes: 1 publicación citada para estos puntos",
        "sources_none": "Sin puntos",
        "north": "N",
    },
}
PAGE_KEYS = ("layers", "exact", "approximate", "natural_earth")  # as in page/i18n.py
SEPARATOR = " | "  # between citations in a sources cell (rules.py; popups.js splits on it)


def text(lang: str, key: str) -> str:
    return STRINGS.get(lang, STRINGS["en"])[key]


def citations(cell) -> list[str]:
    """The citations of one sources cell, stripped, in order (split as the popup splits)."""
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return []
    return [part.strip() for part in str(cell).split(SEPARATOR) if part.strip()]


def _unique_citations(layers: Iterable[Layer]) -> pd.Series:
    """Every distinct citation of the layers' points (and perhaps ""), in order of first
    appearance: layer order, then row order, then order within the cell. Vectorised with
    Arrow, then pandas' hash table (faster here than ``pc.unique``)."""
    parts = []
    for layer in layers:
        if "sources" not in layer.gdf.columns or len(layer.gdf) == 0:
            continue
        pieces = pc.list_flatten(pc.split_pattern(_arrow(layer.gdf["sources"]), SEPARATOR))
        parts.append(pc.utf8_trim_whitespace(pieces))
    if not parts:
        return pd.Series([], dtype="str")
    return pd.Series(pd.unique(pd.Series(pd.array(pa.concat_arrays(parts), dtype="str"))))


def distinct_sources(layers: Iterable[Layer]) -> list[str]:
    """Every distinct citation of the layers' points, in order of first appearance."""
    return [c for c in _unique_citations(layers).tolist() if c]


def count_sources(layers: Iterable[Layer]) -> int:
    """How many distinct citations the layers' points have."""
    found = _unique_citations(layers)
    return int((found != "").sum())


def _arrow(column: pd.Series) -> pa.Array:
    """A text column as an Arrow array (no copy when it is Arrow-backed already)."""
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        array = column.array.__arrow_array__()
    else:
        array = pa.array(column.astype(object).where(column.notna(), None), type=pa.string())
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array.cast(pa.large_string()).drop_null()


def attribution_line(mapdef: MapDefinition, layers: list[Layer], lang: str) -> str:
    """What the page's attribution says, for paper: boundaries, the map's and layers'
    attribution lines, and how many sources the points cite."""
    parts = [text(lang, "natural_earth")]
    lines = [mapdef.attribution_in(lang)] + [layer.spec.attribution_in(lang) for layer in layers]
    parts += [line for line in dict.fromkeys(lines) if line]
    n = count_sources(layers)
    if n == 0:
        parts.append(text(lang, "sources_none"))
    elif n == 1:
        parts.append(text(lang, "sources_one"))
    else:
        parts.append(text(lang, "sources").format(n=n))
    return SEPARATOR.join(parts)


def wrap(line: str, width_pt: float, fontsize: float) -> str:
    """``line`` broken to fit ``width_pt`` (an average glyph is about half the font size)."""
    chars = max(20, int(width_pt / (fontsize * 0.5)))
    return "\n".join(textwrap.wrap(line, chars, break_on_hyphens=False))
