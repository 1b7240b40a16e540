"""The report's annex: every source cited by the points shown, once each, numbered; and
the layers with each point's sources pointing to those numbers.

A citation is one entry of a ``sources`` cell (entries are separated by `` | ``, as the
page's popup splits them). Numbers follow the order of first appearance: maps in report
order, layers in registry order, rows in layer order, citations in cell order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geoinvest.figure.text import SEPARATOR, citations, distinct_sources
from geoinvest.model import Layer

# As the popup finds a citation's link (text.js URL_TAIL), for http(s) only.
_URL = re.compile(r",\s*(https?://\S+)\s*$")


@dataclass(frozen=True)
class Annex:
    """The numbered citations: ``number[citation]`` is its place in ``citations`` (from 1)."""

    citations: tuple[str, ...]

    @property
    def number(self) -> dict[str, int]:
        return {c: n for n, c in enumerate(self.citations, start=1)}

    def numbers_of(self, cell) -> list[int]:
        """The numbers of one sources cell's citations, in the cell's order."""
        number = self.number
        return [number[c] for c in dict.fromkeys(citations(cell))]


def annex_of(shown: Iterable[list[Layer]]) -> Annex:
    """Every distinct citation of the layers of every map shown, numbered."""
    seen: dict[str, None] = {}
    for layers in shown:
        for citation in distinct_sources(layers):
            seen.setdefault(citation, None)
    return Annex(tuple(seen))


def numbered(cell, number: dict[str, int]) -> str | None:
    """A sources cell rewritten as ``[3] citation | [7] citation``."""
    found = list(dict.fromkeys(citations(cell)))
    if not found:
        return None
    return SEPARATOR.join(f"[{number[c]}] {c}" for c in found)


def cite(layers: list[Layer], annex: Annex) -> list[Layer]:
    """The layers with each ``sources`` cell pointing to its annex numbers (new layers;
    the cells' text is kept after the numbers, so the popup's links still work)."""
    number = annex.number
    out = []
    for layer in layers:
        gdf = layer.gdf
        if "sources" not in gdf.columns or len(gdf) == 0:
            out.append(layer)
            continue
        cells = gdf["sources"]
        # Many rows share a cell (one article on several events): rewrite each once.
        codes, uniques = pd.factorize(cells, use_na_sentinel=True)
        rewritten = np.array([numbered(u, number) for u in uniques] + [None], dtype=object)
        values = pd.array(rewritten[codes], dtype="str")
        out.append(layer.with_rows(gdf.assign(sources=values)))
    return out


def split_url(citation: str) -> tuple[str, str | None]:
    """A citation's text before its trailing http(s) URL, and the URL (None if none)."""
    m = _URL.search(citation)
    if not m:
        return citation, None
    return citation[: m.start(1)], m.group(1)
