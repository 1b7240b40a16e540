"""KML and KMZ for Google Earth: a Document, a Folder per layer, a Style per layer.

Each Placemark has the row's name, its popup fields as a description table, its date as a
TimeStamp (Google Earth's time slider), every value as ExtendedData and its point.
Approximate locations (``precision`` >= ``schema.APPROXIMATE_FROM``, or missing) use the
layer's second style, half transparent, as the web map draws them hollow.

Written with the standard library's ElementTree, not GDAL's KML drivers: through pyogrio,
LIBKML styles each feature inline from an ``OGR_STYLE`` field and cannot write a Style per
layer, a description table or a TimeStamp per layer's precision. ElementTree escapes all
text for XML; the description is HTML that Google Earth renders, so every value from data
is escaped with ``html.escape`` before it goes into that HTML, and the HTML is then
XML-escaped as a whole (the same document an XML parser reads from a CDATA section, with
nothing a value can close). KMZ is ``doc.kml`` zipped, with a fixed entry time.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import numpy as np

from geoinvest.export.archive import FixedTimeZipFile
from geoinvest.export.columns import check_xml_text, columns, label, text_values
from geoinvest.export.qml import rgb
from geoinvest.model import Layer
from geoinvest.schema import APPROXIMATE_FROM

KML_NS = "http://www.opengis.net/kml/2.2"
# Google Earth's own icons (it ships them); white shapes that take the style's colour.
ICONS = {
    "circle": "https://maps.google.com/mapfiles/kml/shapes/placemark_circle.png",
    "square": "https://maps.google.com/mapfiles/kml/shapes/square.png",
    "triangle": "https://maps.google.com/mapfiles/kml/shapes/triangle.png",
    "diamond": "https://maps.google.com/mapfiles/kml/shapes/open-diamond.png",
}
APPROXIMATE_SUFFIX = "-approximate"


def kml_color(color: str, alpha: int = 255) -> str:
    """A CSS hex colour as KML writes one: aabbggrr."""
    red, green, blue = rgb(color)
    return f"{alpha:02x}{blue:02x}{green:02x}{red:02x}"


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = value
    return element


def _style(document: ET.Element, layer: Layer, suffix: str, alpha: int, scale: str) -> None:
    style = ET.SubElement(document, "Style", {"id": f"{layer.id}{suffix}"})
    icon_style = ET.SubElement(style, "IconStyle")
    _text(icon_style, "color", kml_color(layer.spec.color, alpha))
    _text(icon_style, "scale", scale)
    icon = ET.SubElement(icon_style, "Icon")
    _text(icon, "href", ICONS[layer.spec.symbol])
    label_style = ET.SubElement(style, "LabelStyle")
    _text(label_style, "scale", "0")  # names show on hover and in the list, not on the map


def _html_text(value: str) -> str:
    """A value as HTML text: escaped, its line breaks kept."""
    return html.escape(value).replace("\n", "<br>")


def description(fields: list[tuple[str, str]]) -> str:
    """The popup fields as an HTML table; labels and values escaped as HTML text."""
    rows = "".join(
        f"<tr><th>{html.escape(name)}</th><td>{_html_text(value)}</td></tr>"
        for name, value in fields
        if value != ""
    )
    return f"<table>{rows}</table>"


def _popup(layer: Layer) -> list[str]:
    """The columns the popup shows, in its order (every column when it names none)."""
    names = columns(layer)
    shown = [c for c in layer.spec.popup if c in names] or names
    return [c for c in shown if c not in ("latitude", "longitude")]


def _placemarks(folder: ET.Element, layer: Layer, lang: str) -> None:
    names = columns(layer)
    values = {name: text_values(layer, name).tolist() for name in names}
    popup = _popup(layer)
    labels = {name: label(name, lang) for name in popup}
    precision = layer.gdf.get("precision")
    approximate = (
        np.ones(len(layer.gdf), dtype=bool)
        if precision is None
        else (precision.isna() | (precision >= APPROXIMATE_FROM)).to_numpy(dtype=bool)
    )
    xs = layer.gdf.geometry.x.to_numpy(dtype=float)
    ys = layer.gdf.geometry.y.to_numpy(dtype=float)
    for i in range(len(layer.gdf)):
        placemark = ET.SubElement(folder, "Placemark")
        if "name" in values:
            _text(placemark, "name", values["name"][i])
        fields = [(labels[name], values[name][i]) for name in popup]
        _text(placemark, "description", description(fields))
        if "date" in values and values["date"][i]:
            _text(ET.SubElement(placemark, "TimeStamp"), "when", values["date"][i])
        suffix = APPROXIMATE_SUFFIX if approximate[i] else ""
        _text(placemark, "styleUrl", f"#{layer.id}{suffix}")
        extended = ET.SubElement(placemark, "ExtendedData")
        for name in names:
            if values[name][i] != "":
                _text(ET.SubElement(extended, "Data", {"name": name}), "value", values[name][i])
        point = ET.SubElement(placemark, "Point")
        _text(point, "coordinates", f"{float(xs[i])!r},{float(ys[i])!r}")


def document(layers: list[Layer], lang: str) -> bytes:
    """The KML document of the layers, as UTF-8 bytes."""
    check_xml_text(layers, "KML")
    root = ET.Element("kml", {"xmlns": KML_NS})
    doc = ET.SubElement(root, "Document")
    _text(doc, "name", ", ".join(layer.spec.title_in(lang) for layer in layers))
    for layer in layers:
        _style(doc, layer, "", 255, "1")
        _style(doc, layer, APPROXIMATE_SUFFIX, 128, "0.8")
    for layer in layers:
        folder = ET.SubElement(doc, "Folder")
        _text(folder, "name", layer.spec.title_in(lang))
        _placemarks(folder, layer, lang)
    ET.indent(root, space=" ")
    # Serialised as str, then encoded once: ElementTree's own UTF-8 output goes through a
    # text wrapper write by write, several times slower.
    text = ET.tostring(root, encoding="unicode")
    return ("<?xml version='1.0' encoding='utf-8'?>\n" + text + "\n").encode("utf-8")


def write_kml(layers: list[Layer], path: Path, lang: str) -> None:
    Path(path).write_bytes(document(layers, lang))


def write_kmz(layers: list[Layer], path: Path, lang: str) -> None:
    """The KML as ``doc.kml`` in a zip (what Google Earth opens as KMZ)."""
    data = document(layers, lang)
    with FixedTimeZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.kml", data)
