"""A layer's QGIS style (QML), drawn as the web map draws it: the layer's colour and
symbol, solid where the location is exact and hollow with a halo where it is approximate
(``precision`` >= ``schema.APPROXIMATE_FROM``, or missing).

A rule-based renderer with two rules on ``precision``; each symbol's properties are
written both as ``<Option>`` maps (what QGIS 3.26+ reads and writes) and as ``<prop>``
elements (what earlier 3.x versions read). Built with ElementTree.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from geoinvest.model import LayerSpec
from geoinvest.schema import APPROXIMATE_FROM

# The page's symbols are all QGIS simple-marker shapes of the same names.
SHAPES = {"circle": "circle", "square": "square", "triangle": "triangle", "diamond": "diamond"}
SIZE_MM = 3.0
HALO = 1.9  # the halo's size relative to the symbol's (the page's RADIUS * 1.9)


def rgb(color: str) -> tuple[int, int, int]:
    """A CSS hex colour (#rgb or #rrggbb) as red, green and blue."""
    value = color.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _rgba(color: tuple[int, int, int], alpha: int) -> str:
    return f"{color[0]},{color[1]},{color[2]},{alpha}"


def _marker(symbol: ET.Element, props: dict[str, str]) -> None:
    layer = ET.SubElement(
        symbol, "layer", {"class": "SimpleMarker", "enabled": "1", "locked": "0", "pass": "0"}
    )
    options = ET.SubElement(layer, "Option", {"type": "Map"})
    for key, value in props.items():
        ET.SubElement(options, "Option", {"name": key, "type": "QString", "value": value})
    for key, value in props.items():
        ET.SubElement(layer, "prop", {"k": key, "v": value})


def _props(shape: str, fill: str, stroke: str, width: str, size: float) -> dict[str, str]:
    return {
        "angle": "0",
        "color": fill,
        "joinstyle": "round",
        "name": shape,
        "outline_color": stroke,
        "outline_style": "solid" if width != "0" else "no",
        "outline_width": width,
        "outline_width_unit": "MM",
        "scale_method": "diameter",
        "size": f"{size:g}",
        "size_unit": "MM",
    }


def _symbol(parent: ET.Element, name: str, spec: LayerSpec, hollow: bool) -> None:
    symbol = ET.SubElement(
        parent,
        "symbol",
        {"alpha": "1", "clip_to_extent": "1", "force_rhr": "0", "name": name, "type": "marker"},
    )
    color = rgb(spec.color)
    shape = SHAPES[spec.symbol]
    if hollow:
        _marker(symbol, _props("circle", _rgba(color, 56), _rgba(color, 0), "0", SIZE_MM * HALO))
        _marker(symbol, _props(shape, "255,255,255,217", _rgba(color, 255), "0.5", SIZE_MM))
    else:
        _marker(symbol, _props(shape, _rgba(color, 255), "255,255,255,255", "0.3", SIZE_MM))


def layer_qml(spec: LayerSpec, lang: str = "en") -> str:
    """The QML document of one layer's style."""
    title = spec.title_in(lang)
    root = ET.Element("qgis", {"styleCategories": "Symbology", "version": "3.28.0"})
    renderer = ET.SubElement(
        root,
        "renderer-v2",
        {"enableorderby": "0", "forceraster": "0", "symbollevels": "0", "type": "RuleRenderer"},
    )
    rules = ET.SubElement(renderer, "rules", {"key": "root"})
    exact = "exact" if lang != "es" else "exacta"
    approximate = "approximate" if lang != "es" else "aproximada"
    ET.SubElement(
        rules,
        "rule",
        {
            "filter": f'"precision" < {APPROXIMATE_FROM}',
            "key": "exact",
            "label": f"{title} ({exact})",
            "symbol": "0",
        },
    )
    ET.SubElement(
        rules,
        "rule",
        {
            "filter": "ELSE",
            "key": "approximate",
            "label": f"{title} ({approximate})",
            "symbol": "1",
        },
    )
    symbols = ET.SubElement(renderer, "symbols")
    _symbol(symbols, "0", spec, hollow=False)
    _symbol(symbols, "1", spec, hollow=True)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + body + "\n"
