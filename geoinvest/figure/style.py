"""How the web map looks, in matplotlib terms: the base colours and the point symbols.

The values mirror the page (``page/static/js``): ``app.js`` (base map styles), ``draw.js``
(symbol shapes, solid and hollow markers), ``core.js`` (RADIUS), ``layer.js`` (a point
is approximate when its precision is missing or at least ``schema.APPROXIMATE_FROM``).
Sizes in CSS pixels become points at 0.75 pt per pixel (96 px to the inch).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
from matplotlib.path import Path as MplPath

from geoinvest.schema import APPROXIMATE_FROM

PT_PER_PX = 0.75
RADIUS_PT = 5 * PT_PER_PX  # core.js RADIUS
HALO = 1.9  # a hollow marker's halo, in radii (draw.js)
HALO_ALPHA = 0.22
HOLLOW_FILL = (1.0, 1.0, 1.0, 0.85)
HOLLOW_EDGE_PT = 2 * PT_PER_PX
SOLID_EDGE_PT = 1.2 * PT_PER_PX

SEA = "#dce7ef"
CONTEXT = {"facecolor": "#e4e1da", "edgecolor": "#b0aca4", "linewidth": 0.8 * PT_PER_PX}
AREAS = {"facecolor": "#f4f1ea", "edgecolor": "#9a9a9a", "linewidth": 0.7 * PT_PER_PX}
OUTLINES = {"facecolor": "none", "edgecolor": "#555555", "linewidth": 1.4 * PT_PER_PX}
TEXT = "#222222"
MUTED = "#555555"

# Each symbol's outline in units of the radius, y up (draw.js addSymbol, y down there).
_SHAPES = {
    "square": [(-0.9, -0.9), (0.9, -0.9), (0.9, 0.9), (-0.9, 0.9)],
    "triangle": [(0.0, 1.2), (1.15, -0.85), (-1.15, -0.85)],
    "diamond": [(0.0, 1.3), (1.05, 0.0), (0.0, -1.3), (-1.05, 0.0)],
}


@functools.cache
def marker(symbol: str) -> tuple[object, float]:
    """A matplotlib marker for a page symbol and its half-extent in radii.

    matplotlib scales a path marker so that its largest coordinate fills half the marker
    size; the half-extent gives the size at which the shape matches the page's.
    """
    if symbol not in _SHAPES:
        return "o", 1.0
    verts = _SHAPES[symbol]
    codes = [MplPath.MOVETO] + [MplPath.LINETO] * (len(verts) - 1) + [MplPath.CLOSEPOLY]
    path = MplPath([*verts, verts[0]], codes)
    return path, max(max(abs(x), abs(y)) for x, y in verts)


def marker_size(symbol: str, radius_pt: float = RADIUS_PT) -> float:
    """``scatter``'s ``s`` (points squared) for a symbol drawn at the page's size."""
    _, extent = marker(symbol)
    return (2 * extent * radius_pt) ** 2


def approximate(precision: pd.Series | None, n: int) -> np.ndarray:
    """True where a point is drawn hollow: precision missing or >= APPROXIMATE_FROM."""
    if precision is None:
        return np.ones(n, dtype=bool)
    codes = pd.to_numeric(precision, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return ~(codes >= 1) | (codes >= APPROXIMATE_FROM)


def solid_style(color: str, symbol: str) -> dict:
    """scatter keywords for exact points (precision 1-2)."""
    shape, _ = marker(symbol)
    return {
        "marker": shape,
        "s": marker_size(symbol),
        "facecolors": color,
        "edgecolors": "#ffffff",
        "linewidths": SOLID_EDGE_PT,
    }


def hollow_styles(color: str, symbol: str) -> tuple[dict, dict]:
    """scatter keywords for an approximate point: its halo, then its hollow symbol."""
    shape, _ = marker(symbol)
    halo = {
        "marker": "o",
        "s": (2 * HALO * RADIUS_PT) ** 2,
        "facecolors": color,
        "edgecolors": "none",
        "alpha": HALO_ALPHA,
        "linewidths": 0,
    }
    ring = {
        "marker": shape,
        "s": marker_size(symbol),
        "facecolors": [HOLLOW_FILL],
        "edgecolors": color,
        "linewidths": HOLLOW_EDGE_PT,
    }
    return halo, ring
