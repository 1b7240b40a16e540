"""A layer's points on the figure: one marker each, or, for a dense layer, bubbles with
counts on a grid, as the web map clusters them."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely

from geoinvest.figure import style
from geoinvest.figure.base import project
from geoinvest.model import Layer, MapDefinition

# The page clusters a layer with more than this many points in view (cluster = "auto").
CLUSTER_FROM = 500
CELL_MM = 9.0  # grid cell of a clustered layer, on paper
BUBBLE_SCALE = 0.6  # bubbles drawn smaller than on screen: paper is denser than pixels
BUBBLE_SHIFT = 0.28  # of a cell: each layer's bubble off the centroid (page: CLUSTER_SHIFT)


@dataclass(frozen=True)
class Placed:
    """A layer's points in Web Mercator and which of them are approximate."""

    layer: Layer
    x: np.ndarray
    y: np.ndarray
    approx: np.ndarray

    @property
    def n(self) -> int:
        return len(self.x)


def place(layer: Layer) -> Placed:
    """Project a layer's points; rows without a point are not drawn (the page refuses them)."""
    geoms = np.asarray(layer.gdf.geometry.values, dtype=object)
    lon, lat = shapely.get_x(geoms), shapely.get_y(geoms)
    ok = np.isfinite(lon) & np.isfinite(lat)
    precision = layer.gdf.get("precision")
    approx = style.approximate(precision, len(geoms))
    x, y = project(lon[ok], lat[ok])
    return Placed(layer, x, y, approx[ok])


def clustered(placed: Placed, mapdef: MapDefinition) -> bool:
    """Whether the layer is drawn as bubbles, as the page's initial view would."""
    if mapdef.cluster == "never":
        return False
    return mapdef.cluster == "always" or placed.n > CLUSTER_FROM


def draw_markers(ax, placed: Placed, keep: np.ndarray | None = None, zorder: float = 10) -> None:
    """Each point as the page draws it: solid for exact, hollow with a halo for approximate."""
    spec = placed.layer.spec
    keep = np.ones(placed.n, dtype=bool) if keep is None else keep
    hollow = keep & placed.approx
    solid = keep & ~placed.approx
    halo, ring = style.hollow_styles(spec.color, spec.symbol)
    if hollow.any():
        ax.scatter(placed.x[hollow], placed.y[hollow], zorder=zorder, **halo)
        ax.scatter(placed.x[hollow], placed.y[hollow], zorder=zorder + 0.1, **ring)
    if solid.any():
        ax.scatter(
            placed.x[solid], placed.y[solid], zorder=zorder + 0.2,
            **style.solid_style(spec.color, spec.symbol),
        )  # fmt: skip


def cell_size(ax_width_in: float, view_width: float) -> float:
    """A grid cell of CELL_MM on paper, in Web Mercator metres."""
    return view_width / (ax_width_in * 25.4) * CELL_MM


def draw_clusters(ax, placed: Placed, cell: float, slot: int, slots: int) -> int:
    """Grid cells of the layer: a lone point as its marker, several as a bubble with the
    count at their centroid (shifted per layer so layers do not hide each other).
    Returns the number of bubbles drawn."""
    if placed.n == 0:
        return 0
    gx = np.floor(placed.x / cell).astype(np.int64)
    gy = np.floor(placed.y / cell).astype(np.int64)
    keys = (gx - gx.min()) * (gy.max() - gy.min() + 1) + (gy - gy.min())
    uniq, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
    cx = np.bincount(inverse, weights=placed.x) / counts
    cy = np.bincount(inverse, weights=placed.y) / counts
    lone = counts[inverse] == 1
    draw_markers(ax, placed, keep=lone)
    many = counts > 1
    if not many.any():
        return 0
    if slots > 1:
        angle = 2 * math.pi * slot / slots + math.pi / 4
        cx = cx + math.cos(angle) * BUBBLE_SHIFT * cell
        cy = cy + math.sin(angle) * BUBBLE_SHIFT * cell
    k = counts[many]
    radius = bubble_radius(k)
    color = placed.layer.spec.color
    ax.scatter(
        cx[many], cy[many], s=(2 * radius) ** 2, marker="o", facecolors=color,
        edgecolors="#ffffff", linewidths=1.0, alpha=0.9, zorder=20 + slot,
    )  # fmt: skip
    for x, y, n, r in zip(cx[many], cy[many], k, radius, strict=True):
        label = short_count(int(n))
        # A digit is about 0.6 em wide: the label fits the bubble's inner 90 %.
        size = max(3.5, min(r * 0.8, 1.8 * r / (0.6 * len(label))))
        size = round(size * 2) / 2  # few sizes: matplotlib looks a font up once per size
        ax.text(
            x, y, label, ha="center", va="center_baseline", color="#ffffff",
            fontsize=size, fontweight="bold", zorder=21 + slot, gid="gi-count",
        )  # fmt: skip
    return int(many.sum())


def bubble_radius(k: np.ndarray) -> np.ndarray:
    """A bubble's radius in points for k points (draw.js clusterRadius, scaled for paper)."""
    return (9 + 2.5 * np.log10(np.asarray(k, dtype=float))) * style.PT_PER_PX * BUBBLE_SCALE


def short_count(k: int) -> str:
    """draw.js shortCount: 950, 12k, 1.2M."""
    if k >= 1_000_000:
        return f"{k / 1e6:.1f}M"
    if k >= 10_000:
        return f"{round(k / 1e3)}k"
    return str(k)
