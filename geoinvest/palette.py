"""The default layer colours, used wherever geoinvest picks a colour for a layer.

The bundled layers' five (``layers/layers.toml``) and two more, chosen so every pair, and
every colour against the offline base's land, stays apart for readers with deuteranopia
or protanopia (``tests/test_palette.py``). New layers from ``geoinvest init``, quick
maps, importers and ``geoinvest.Map`` take them in order; an eighth layer starts again.
"""

from __future__ import annotations

PALETTE = (
    "#e69f00",  # orange: mining sites
    "#2b8cbe",  # blue: hydroelectric projects
    "#000000",  # black: oil and gas sites
    "#a50f15",  # dark red: kidnappings
    "#3f007d",  # dark purple: protests
    "#1b9e77",  # green
    "#01665e",  # dark teal
)
SITE, EVENT = PALETTE[0], PALETTE[3]  # a working folder's template layers


def color(number: int) -> str:
    """The colour of the ``number``-th layer (from 0)."""
    return PALETTE[number % len(PALETTE)]
