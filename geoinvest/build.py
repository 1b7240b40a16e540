"""Build maps: load the layers a map names, keep its countries' rows, render, write."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from geoinvest.errors import ConfigError
from geoinvest.model import Layer, MapDefinition
from geoinvest.output import write_text_atomic
from geoinvest.store import Store

DEFAULT_OUT_DIR = Path("out")
ASSETS = ("inline", "cdn")


def select_rows(layers: list[Layer], mapdef: MapDefinition) -> list[Layer]:
    """The map's layers, in registry order, with only the rows of its countries."""
    selected = []
    for layer in layers:
        if layer.id not in mapdef.layers:
            continue
        keep = layer.gdf["country"].isin(list(mapdef.countries)).to_numpy()
        if keep.all():  # no copy of a large layer the map shows whole
            selected.append(layer)
        else:
            selected.append(Layer(layer.spec, layer.gdf[keep].reset_index(drop=True)))
    return selected


def render_map(
    mapdef: MapDefinition,
    layers: list[Layer],
    *,
    assets: str = "inline",
    stamp: str | None = None,
) -> str:
    """The map's HTML page, as one string."""
    return "".join(map_parts(mapdef, layers, assets=assets, stamp=stamp))


def map_parts(
    mapdef: MapDefinition,
    layers: list[Layer],
    *,
    assets: str = "inline",
    stamp: str | None = None,
) -> Iterator[str]:
    """The map's HTML page in pieces (see ``geoinvest.page.page_parts``)."""
    from geoinvest.page import page_parts

    try:
        return page_parts(mapdef, select_rows(layers, mapdef), assets=assets, stamp=stamp)
    except ConfigError as exc:  # e.g. an unknown basemap: name the map definition
        raise ConfigError(f"{mapdef.path or mapdef.id}: {exc}") from None


def build_map(
    mapdef: MapDefinition,
    store: Store,
    output: Path,
    *,
    assets: str = "inline",
    stamp: str | None = None,
    overwrite: bool = True,
    allow_outside: bool = False,
    layers: list[Layer] | None = None,
) -> Path:
    """Validate the map's layers and write its page to ``output``; nothing on any error."""
    if layers is None:
        layers = store.load_layers(mapdef.layers, allow_outside=allow_outside)
    parts = map_parts(mapdef, layers, assets=assets, stamp=stamp)
    return write_text_atomic(output, parts, overwrite=overwrite)


def build_all(
    store: Store,
    out_dir: Path = DEFAULT_OUT_DIR,
    *,
    assets: str = "inline",
    stamp: str | None = None,
    allow_outside: bool = False,
) -> list[Path]:
    """Build every map definition in the store into ``out_dir``; validate all layers first."""
    mapdefs = store.map_definitions()
    needed = sorted({layer_id for m in mapdefs for layer_id in m.layers})
    layers = store.load_layers(needed, allow_outside=allow_outside)
    return [
        build_map(
            m, store, Path(out_dir) / f"{m.id}.html", assets=assets, stamp=stamp, layers=layers
        )
        for m in mapdefs
    ]
