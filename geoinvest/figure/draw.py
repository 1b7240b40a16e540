"""Compose the figure: title, base, points, legend, scale bar, north arrow, inset and the
attribution line, on a matplotlib ``Figure`` (no pyplot, no GUI backend)."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib_scalebar.scalebar import ScaleBar

from geoinvest.figure import base, style, text
from geoinvest.figure.points import (
    Placed,
    bubble_radius,
    cell_size,
    clustered,
    draw_clusters,
    draw_markers,
    place,
)
from geoinvest.figure.size import MAX_ASPECT, FigureSize, check_pixels
from geoinvest.model import Layer, MapDefinition

TITLE_PT, SUBTITLE_PT, LEGEND_PT, ATTRIBUTION_PT = 11.0, 8.0, 6.5, 5.5
SIDE = 0.12  # inches of margin left and right
MIN_ASPECT = 0.5
# gids of the artists tests and callers look for (they become ids in SVG).
GID_TITLE, GID_LEGEND, GID_ATTRIBUTION = "gi-title", "gi-legend", "gi-attribution"
GID_SCALEBAR, GID_NORTH, GID_INSET = "gi-scalebar", "gi-north", "gi-inset"


def legend_columns(width: float) -> int:
    """Legend columns that fit a figure ``width`` inches wide."""
    return 1 if width < 3.5 else 2 if width < 5.5 else 3


def legend_height(entries: int, width: float) -> float:
    """Inches the legend under the map takes."""
    rows = -(-entries // legend_columns(width))
    return 0.1 + rows * LEGEND_PT * 2.0 / 72


def layout(mapdef: MapDefinition, size: FigureSize, lang: str, attribution: str, entries: int):
    """Figure height, the main axes box (inches) and the wrapped title and attribution;
    the legend (``entries`` lines) goes between the map and the attribution."""
    width = size.width
    inner = (width - 2 * SIDE) * 72
    title = text.wrap(mapdef.title_in(lang), inner, TITLE_PT * 1.1)
    subtitle = mapdef.subtitle.get(lang) or mapdef.subtitle.get("en", "")
    subtitle = text.wrap(subtitle, inner, SUBTITLE_PT) if subtitle else ""
    attribution = text.wrap(attribution, inner, ATTRIBUTION_PT)
    top = 0.12 + (title.count("\n") + 1) * TITLE_PT * 1.3 / 72
    if subtitle:
        top += (subtitle.count("\n") + 1) * SUBTITLE_PT * 1.35 / 72
    top += 0.06
    bottom = 0.1 + (attribution.count("\n") + 1) * ATTRIBUTION_PT * 1.35 / 72
    bottom += legend_height(entries, width) + 0.04
    ax_w = width - 2 * SIDE
    if size.height is not None:
        height = size.height
    else:
        west, south, east, north = base.extent(mapdef.countries)
        ax_h = ax_w * (north - south) / (east - west)
        height = min(max(ax_h + top + bottom, MIN_ASPECT * width), MAX_ASPECT * width)
    ax_h = height - top - bottom
    if ax_h < 0.5:
        from geoinvest.errors import ConfigError

        raise ConfigError(
            f"a {height * 25.4:.0f} mm high figure leaves no room for the map under its title "
            "and above its attribution; give a larger --height"
        )
    return height, (SIDE, bottom, ax_w, ax_h), title, subtitle, attribution


def draw_figure(layers: list[Layer], mapdef: MapDefinition, size: FigureSize, lang: str) -> Figure:
    """The map as a Figure; ``layers`` are what ``publish.for_map`` handed over."""
    attribution = text.attribution_line(mapdef, layers, lang)
    placed = [place(layer) for layer in layers]
    dense = [p for p in placed if clustered(p, mapdef)]
    entries = len(placed) + 2 + bool(dense)
    height, box, title, subtitle, attribution = layout(mapdef, size, lang, attribution, entries)
    check_pixels(size, height)
    fig = Figure(figsize=(size.width, height), dpi=size.dpi, facecolor="#ffffff")
    left, bottom, ax_w, ax_h = box
    ax = fig.add_axes((left / size.width, bottom / height, ax_w / size.width, ax_h / height))
    view = base.fit(base.extent(mapdef.countries), ax_h / ax_w)
    base.draw_base(ax, mapdef.countries)
    ax.set_xlim(view[0], view[2])
    ax.set_ylim(view[1], view[3])
    ax.set_aspect("equal", adjustable="datalim")  # fit() made the view the box's shape
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor(style.MUTED)
        spine.set_linewidth(0.6)
    cell = cell_size(ax_w, view[2] - view[0])
    for p in placed:
        if p not in dense:
            draw_markers(ax, p)
    for slot, p in enumerate(dense):
        draw_clusters(ax, p, cell, slot, len(dense))
    _legend(
        fig, placed, bool(dense), lang, (left / size.width, (bottom - 0.04) / height), size.width
    )
    _scalebar(ax, view)
    _north_arrow(ax, lang)
    _inset(ax, mapdef, view, ax_w, ax_h)
    top = 1 - 0.1 / height
    fig.text(
        left / size.width, top, title, fontsize=TITLE_PT, fontweight="bold", va="top",
        color=style.TEXT, gid=GID_TITLE,
    )  # fmt: skip
    if subtitle:
        below = top - ((title.count("\n") + 1) * TITLE_PT * 1.3 / 72 + 0.02) / height
        fig.text(
            left / size.width, below, subtitle, fontsize=SUBTITLE_PT, va="top", color=style.MUTED
        )
    fig.text(
        left / size.width, 0.06 / height, attribution, fontsize=ATTRIBUTION_PT, va="bottom",
        color=style.MUTED, linespacing=1.35, gid=GID_ATTRIBUTION,
    )  # fmt: skip
    return fig


def _count(n: int, lang: str) -> str:
    return f"{n:,}".replace(",", "." if lang == "es" else ",")


def _legend(fig, placed: list[Placed], any_dense: bool, lang: str, anchor, width) -> None:
    """Layers (symbol, title, count), what solid and hollow mean, and bubbles if any: under
    the map, where it hides nothing."""
    handles, labels = [], []
    for p in placed:
        spec = p.layer.spec
        solid = style.solid_style(spec.color, spec.symbol)
        handles.append(_handle(solid))
        labels.append(f"{spec.title_in(lang)} ({_count(p.n, lang)})")
    grey = "#777777"
    handles.append(_handle(style.solid_style(grey, "circle")))
    labels.append(text.text(lang, "exact"))
    halo, ring = style.hollow_styles(grey, "circle")
    handles.append((_handle(halo), _handle(ring)))
    labels.append(text.text(lang, "approximate"))
    if any_dense:
        r = float(bubble_radius([100])[0])
        handles.append(
            Line2D([], [], marker="o", linestyle="none", markersize=2 * r,
                   markerfacecolor=grey, markeredgecolor="#ffffff")
        )  # fmt: skip
        labels.append(text.text(lang, "cluster"))
    legend = fig.legend(
        handles, labels, loc="upper left", bbox_to_anchor=anchor, fontsize=LEGEND_PT,
        ncols=legend_columns(width), frameon=False, borderaxespad=0.0, borderpad=0.0,
        handler_map={tuple: HandlerTuple(ndivide=1)}, labelspacing=0.9, columnspacing=1.6,
    )  # fmt: skip
    legend.set_gid(GID_LEGEND)


def _handle(kwargs: dict) -> Line2D:
    """A legend entry drawn as ``scatter`` would draw ``kwargs``."""
    face = kwargs["facecolors"]
    face = face[0] if isinstance(face, list) else face
    return Line2D(
        [], [], linestyle="none", marker=kwargs["marker"], markersize=kwargs["s"] ** 0.5,
        markerfacecolor=face, markeredgecolor=kwargs["edgecolors"],
        markeredgewidth=kwargs["linewidths"], alpha=kwargs.get("alpha"),
    )  # fmt: skip


def _scalebar(ax, view) -> None:
    """A scale bar true at the centre of the view (Web Mercator stretches by 1/cos lat)."""
    centre = (view[1] + view[3]) / 2
    bar = ScaleBar(
        base.metres_per_unit(centre), units="m", location="lower right", length_fraction=0.22,
        font_properties={"size": LEGEND_PT}, box_alpha=0.8, color=style.TEXT,
        scale_loc="top", border_pad=0.6,
    )  # fmt: skip
    bar.set_gid(GID_SCALEBAR)
    bar.set_zorder(30)
    ax.add_artist(bar)


def _north_arrow(ax, lang: str) -> None:
    arrow = ax.annotate(
        text.text(lang, "north"), xy=(0.045, 0.965), xytext=(0.045, 0.87),
        xycoords="axes fraction", textcoords="axes fraction", ha="center", va="center",
        fontsize=8, fontweight="bold", color=style.TEXT,
        arrowprops={"facecolor": style.TEXT, "edgecolor": "none", "width": 2.2,
                    "headwidth": 7, "headlength": 7, "shrink": 0.0},
    )  # fmt: skip
    arrow.set_gid(GID_NORTH)
    arrow.set_zorder(30)


def _inset(ax, mapdef: MapDefinition, view, ax_w: float, ax_h: float) -> None:
    side = min(ax_w, ax_h) * 0.27
    inset = ax.inset_axes(
        (1 - 0.015 - side / ax_w, 1 - 0.015 - side / ax_h, side / ax_w, side / ax_h)
    )
    inset.set_gid(GID_INSET)
    inset.set_zorder(30)
    base.draw_inset(inset, mapdef.countries, view)
