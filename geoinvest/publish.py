"""The publish stage: from the layers as loaded to what one output receives.

Every output (the page, exports) reads the layers this stage hands it, never the store.
Today it keeps the map's layers and the rows of its countries; sensitivity rules
(coarsening, withheld columns) belong here.
"""

from __future__ import annotations

from geoinvest.model import Layer, MapDefinition


def for_map(layers: list[Layer], mapdef: MapDefinition) -> list[Layer]:
    """The map's layers, in registry order, with only the rows of its countries."""
    selected = []
    for layer in layers:
        if layer.id not in mapdef.layers:
            continue
        keep = layer.gdf["country"].isin(list(mapdef.countries)).to_numpy()
        if keep.all():  # no copy of a large layer the map shows whole
            selected.append(layer)
        else:
            selected.append(layer.with_rows(layer.gdf[keep].reset_index(drop=True)))
    return selected


def for_export(layers: list[Layer], ids: list[str] | tuple[str, ...] = ()) -> list[Layer]:
    """The layers named by ``ids`` (every layer when none are named), in registry order,
    with all their rows: what ``geoinvest export LAYER...`` writes."""
    wanted = set(ids)
    return [layer for layer in layers if not wanted or layer.id in wanted]
