"""The enrich stage: checked layers gain derived columns; new layers are returned."""

from __future__ import annotations

from geoinvest import geography
from geoinvest.model import Layer


def add_admin1(layers: list[Layer], located: dict[str, geography.Located]) -> list[Layer]:
    """Each point's first-level admin area (``admin1_code``, ``admin1_name``), by spatial
    join; ``located`` holds each layer's points as ``geography.locate`` found them."""
    return [
        Layer(
            layer.spec, geography.assign_admin1(layer.gdf, located=located[layer.id]), layer.origin
        )
        for layer in layers
    ]
