"""Static figures of a map (PNG, SVG, PDF) drawn with matplotlib, no browser.

``snapshot(layers, mapdef, output, ...)`` writes a file; ``snapshot_bytes(...)`` returns
the same bytes; ``make_figure(...)`` returns the matplotlib Figure before it is saved (for
tests and callers that add to it). The figure follows the web map: the offline outline
base (Natural Earth, Web Mercator), the layers' colours and symbols, solid for exact and
hollow for approximate locations, dense layers as bubbles with counts, the extent of the
map's countries; it adds what paper needs: legend, scale bar, north arrow, title, inset
locator map, and the attribution and sources line. Format, size and resolution are
checked before anything is drawn; the file is written atomically (``output.py``).

Importing this package is cheap (the size checks); matplotlib is imported on first use of
the drawing functions, so that every command of the CLI does not pay for it.
"""

from __future__ import annotations

import importlib

from geoinvest.figure.size import (
    DEFAULT_DPI,
    DEFAULT_WIDTH,
    FORMATS,
    FigureSize,
    figure_size,
    format_of,
    parse_length,
)

_LAZY = {
    "make_figure": "make",
    "snapshot": "make",
    "snapshot_bytes": "make",
    "GID_ATTRIBUTION": "draw",
    "GID_INSET": "draw",
    "GID_LEGEND": "draw",
    "GID_NORTH": "draw",
    "GID_SCALEBAR": "draw",
    "GID_TITLE": "draw",
}

__all__ = [
    "DEFAULT_DPI",
    "DEFAULT_WIDTH",
    "FORMATS",
    "FigureSize",
    "figure_size",
    "format_of",
    "parse_length",
    *_LAZY,
]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(f"geoinvest.figure.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'geoinvest.figure' has no attribute {name!r}")
