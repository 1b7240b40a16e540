"""Density of events: a heat surface on canvas for where points pile up (``[density]``).

A display option for event layers: the panel's "Density" section switches a surface on
and off for the layers the table names (every event layer of the map when it names none).
The page draws it in screen space on a canvas of its own, in a pane below the points: the
shown rows of those layers (layer switched on, row not hidden: read from the layer's
prefix counts over its key order, so the projected x/y and the shown flag are read
sequentially, no lookup per row through the order) are counted into a grid of 4 px
cells, blurred by three box passes each way (close to a Gaussian of ``radius`` px),
scaled by the square root of the densest cell in view and coloured by a sequential ramp
whose opacity rises with the density; the canvas holds one pixel per cell and CSS scales
it up with smoothing, so no full-size bitmap is painted. Everything is typed arrays; it
is drawn again after every move and zoom (hidden while a zoom animates) and on every
change of what is shown, so it follows the filters and the time range. The legend says
"fewer events" to "more events": the ramp is relative to the densest spot in view, not a
fixed scale. Markers stay drawn on top.

The payload holds only the options: which layers, whether it is on at load, the radius
and the ramp (YlOrRd-like stops, as data).

Example::

    [density]
    layers = ["protests", "kidnappings"]   # default: every event layer of the map
    on = false                             # drawn when the page opens
    radius = 24                            # px of blur, 8 to 80
"""

from __future__ import annotations

from dataclasses import dataclass

from geoinvest.errors import ConfigError
from geoinvest.features import tables

NAME = "density"

KEYS = ("layers", "on", "radius")
RADIUS_RANGE = (8, 80)
# The ramp, low to high density (ColorBrewer YlOrRd's yellow to dark red, then near-black
# red): lightness falls steadily, so the order reads without hue.
RAMP = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026", "#67000d")

STRINGS = {
    "en": {
        "density_heading": "Density",
        "density_show": "Show density of events",
        "density_fewer": "fewer events",
        "density_more": "more events",
    },
    "es": {
        "density_heading": "Densidad",
        "density_show": "Mostrar densidad de eventos",
        "density_fewer": "menos eventos",
        "density_more": "más eventos",
    },
}


@dataclass(frozen=True)
class Options:
    """What a map's ``[density]`` table says."""

    layers: tuple[str, ...] = ()  # empty: every event layer of the map
    on: bool = False
    radius: int = 24


def parse(table, where: str, layers: tuple[str, ...]) -> Options | None:
    """The ``[density]`` table checked; ``None`` (no density control) when the map has none."""
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: density must be a table, e.g. [density] on = false")
    from geoinvest.registry import check_keys

    check_keys(table, KEYS, f"{where}: [density]", f"[density] can have: {', '.join(KEYS)}")
    chosen = tables.layer_ids(table, "density", where, layers)
    on = table.get("on", False)
    if not isinstance(on, bool):
        raise ConfigError(f"{where}: [density] on: {on!r} is not true or false")
    radius = table.get("radius", 24)
    low, high = RADIUS_RANGE
    if isinstance(radius, bool) or not isinstance(radius, int) or not low <= radius <= high:
        raise ConfigError(
            f"{where}: [density] radius: {radius!r} is not a blur in pixels; "
            f"give a whole number from {low} to {high}, e.g. radius = 24"
        )
    return Options(layers=tuple(dict.fromkeys(chosen)), on=on, radius=radius)


def payload(options: Options | None, mapdef, layers) -> dict | None:
    """The layers drawn as density, whether on at load, radius and ramp; None if none."""
    if options is None:
        return None
    if options.layers:
        ids = [layer.id for layer in layers if layer.id in options.layers]
    else:
        ids = [layer.id for layer in layers if layer.spec.kind == "event"]
    if not ids:
        return None
    return {"layers": ids, "on": options.on, "radius": options.radius, "ramp": list(RAMP)}
