"""Read KML and KMZ (Google My Maps and Google Earth exports) with GDAL's LIBKML driver.

Each KML folder is a GDAL layer. All folders are read, in document order, into one table
with the folder's name in a ``folder`` column, unless ``table`` names one folder. Features
are numbered from 1 in that order (within the folder when one is named). A placemark's
``<name>`` is the ``Name`` column, its ``<ExtendedData>`` fields (My Maps' table columns)
are columns of their own, names kept as written (GDAL would otherwise replace accents:
``país`` -> ``pa__s``), and its ``description`` is kept as plain text: HTML tags are
removed (line breaks kept), entities decoded. LIBKML's presentation fields (visibility,
extrude, icon ...) are left out when they hold nothing but their defaults.
"""

from __future__ import annotations

import html
import re
import warnings
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

from geoinvest.model import Origin
from geoinvest.readers.table import RawTable, unreadable

# LIBKML's fields that describe drawing, not data, with the values it gives when unset.
_PRESENTATION = {
    "timestamp": (),
    "begin": (),
    "end": (),
    "altitudeMode": (),
    "tessellate": (-1, 0),
    "extrude": (0, -1),
    "visibility": (-1, 1),
    "drawOrder": (),
    "icon": (),
    "id2": (),
}
_BREAKS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}


def read_kml(path: Path, *, table: str = "", points: bool = True) -> RawTable:
    """Read the placemarks of a KML or KMZ file (one folder, or all of them)."""
    import geopandas as gpd
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError, FieldError, GeometryError

    from geoinvest.readers.geofile import points_to_columns

    kind = "KMZ" if path.suffix.lower() == ".kmz" else "KML"
    if kind == "KMZ" and not _complete_zip(path):
        raise unreadable(
            path,
            "is not a complete KMZ file (a KMZ is a zip archive; this one is damaged or cut short)",
            "download or export it again from Google My Maps or Google Earth",
        )
    pyogrio.set_gdal_config_options({"LIBKML_LAUNDER_FIELD_NAMES": "NO"})
    failures = (DataSourceError, DataLayerError, FieldError, GeometryError)
    try:
        folders = [str(name) for name, _ in pyogrio.list_layers(path)]
    except failures as exc:
        reason = str(exc).replace(f"'{path}' ", "").split(";")[0].strip()
        raise unreadable(
            path, f"is not a {kind} file that GDAL can read ({reason})", _export_again(kind)
        ) from None
    if table and table not in folders:
        raise unreadable(
            path,
            f"has no folder {table!r}",
            f"name one of its folders: {', '.join(folders) or '(none)'}",
        )
    parts = []
    try:
        for folder in [table] if table else folders:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # GDAL's notes on odd files
                gdf = gpd.read_file(path, engine="pyogrio", layer=folder)
            gdf.insert(0, "folder", folder)
            parts.append(gdf)
    except failures as exc:
        raise unreadable(path, f"cannot be read as {kind} ({exc})", _export_again(kind)) from None
    if not parts or sum(len(p) for p in parts) == 0:
        where = f"folder {table!r}" if table else "the file"
        raise unreadable(
            path,
            f"holds no placemarks ({where} is empty)",
            "add points to the map and export it again (My Maps: Export to KML/KMZ)",
        )
    gdf = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=parts[0].crs)
    gdf = _clean(gdf)
    source = f"{path} folder {table!r}" if table else str(path)
    origin = Origin(source, 1, "feature")
    frame, geometry, issues = points_to_columns(gdf, origin, points)
    return RawTable(path, frame, origin, geometry, issues)


def _export_again(kind: str) -> str:
    return f"check that the file is a complete {kind} export (Google My Maps or Google Earth)"


def _complete_zip(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.testzip() is None
    except (zipfile.BadZipFile, OSError, EOFError):
        return False


def _clean(gdf):
    """Leave out presentation fields holding only defaults; descriptions as plain text."""
    drop = []
    for name, defaults in _PRESENTATION.items():
        if name not in gdf.columns:
            continue
        column = gdf[name]
        if column.isna().all() or column.isin(list(defaults)).all():
            drop.append(name)
    gdf = gdf.drop(columns=drop)
    if "description" in gdf.columns:
        gdf["description"] = gdf["description"].map(html_to_text, na_action="ignore")
    return gdf


class _Text(HTMLParser):
    """The text of an HTML fragment: tags dropped, line breaks for block tags, the content
    of script and style elements dropped too."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in _BREAKS - {"br"}:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_to_text(value) -> str:
    """An HTML description as plain text: ``"Mina de <b>cobre</b><br>a&amp;b"`` ->
    ``"Mina de cobre\\na&b"``. Text without tags only has its entities decoded."""
    value = str(value)
    if "<" not in value:
        return html.unescape(value).strip()
    parser = _Text()
    parser.feed(value)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)
