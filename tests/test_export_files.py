"""What the exported files hold for the tools that open them: the GeoPackage's column types
and QGIS styles, KML's styles and description tables (text from data never becomes
markup), the workbook's cells (text from data never becomes a formula)."""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from geoinvest.errors import DataError
from geoinvest.export import write_layers
from geoinvest.export.kml import KML_NS, kml_color
from geoinvest.export.qml import rgb
from geoinvest.project import Project

TRICKY = Path(__file__).parent / "data" / "export"
REPO = Path(__file__).resolve().parent.parent
# The columns of the table QGIS creates to keep styles in a GeoPackage (its OGR
# provider's saveStyle), in its order.
QGIS_STYLE_COLUMNS = [
    "id", "f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column",
    "styleName", "styleQML", "styleSLD", "useAsDefault", "description", "owner", "ui",
    "update_time",
]  # fmt: skip
K = f"{{{KML_NS}}}"


@pytest.fixture(scope="module")
def tricky():
    return Project(TRICKY).load_layers()


@pytest.fixture(scope="module")
def bundled():
    return Project(REPO).load_layers()


@pytest.fixture(scope="module")
def gpkg(bundled, tmp_path_factory) -> Path:
    return write_layers(bundled, tmp_path_factory.mktemp("gpkg") / "all.gpkg")


def test_the_geopackage_has_a_table_per_layer_with_real_types(gpkg, bundled):
    import pyogrio

    tables = [str(name) for name, _ in pyogrio.list_layers(gpkg)]
    assert tables == [layer.id for layer in bundled] + ["layer_styles"]
    with sqlite3.connect(gpkg) as db:
        types = {row[1]: row[2] for row in db.execute("PRAGMA table_info(kidnappings)")}
        sites = {row[1]: row[2] for row in db.execute("PRAGMA table_info(mining_sites)")}
        dates = db.execute("SELECT date FROM kidnappings ORDER BY fid LIMIT 1").fetchone()
    assert types["date"] == "DATE" and types["fatalities"] == "INTEGER"
    assert types["latitude"] == "REAL" and types["precision"] == "SMALLINT"
    assert sites["owners"] == "TEXT" and sites["investment_usd"] == "REAL"
    for helper in ("owners_parsed", "admin1_code", "admin1_name"):
        assert helper not in types and helper not in sites
    (kidnappings,) = [layer for layer in bundled if layer.id == "kidnappings"]
    assert dates == (kidnappings.gdf["date"].iloc[0].strftime("%Y-%m-%d"),)


def test_layer_styles_holds_one_qgis_style_per_layer(gpkg, bundled):
    with sqlite3.connect(gpkg) as db:
        names = [row[1] for row in db.execute("PRAGMA table_info(layer_styles)")]
        rows = db.execute(
            "SELECT f_table_name, f_geometry_column, styleName, styleQML, useAsDefault "
            "FROM layer_styles ORDER BY id"
        ).fetchall()
        contents = db.execute(
            "SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'"
        ).fetchall()
    assert names == QGIS_STYLE_COLUMNS
    assert contents == [("attributes",)]
    assert [r[0] for r in rows] == [layer.id for layer in bundled]
    for layer, (_, geometry, style_name, qml, default) in zip(bundled, rows, strict=True):
        assert geometry == "geom" and default == 1
        assert style_name == layer.spec.title_in("en")
        root = ET.fromstring(qml)  # parses as XML
        assert root.tag == "qgis"
        renderer = root.find("renderer-v2")
        assert renderer.get("type") == "RuleRenderer"
        filters = [rule.get("filter") for rule in renderer.iter("rule")]
        assert filters == ['"precision" < 3', "ELSE"]
        solid, hollow = renderer.find("symbols").findall("symbol")
        red, green, blue = rgb(layer.spec.color)
        options = {o.get("name"): o.get("value") for o in solid.iter("Option")}
        assert options["name"] == layer.spec.symbol
        assert options["color"] == f"{red},{green},{blue},255"
        ring = [
            {o.get("name"): o.get("value") for o in marker.iter("Option")}
            for marker in hollow.findall("layer")
        ]
        assert ring[1]["name"] == layer.spec.symbol
        assert ring[1]["outline_color"] == f"{red},{green},{blue},255"
        assert ring[1]["color"].startswith("255,255,255")  # hollow: a white face


def _kml(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


class _Cells(HTMLParser):
    """The tags and the text of a description, as a browser's parser sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.cells: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "td":
            self._in_cell, self.cells = True, [*self.cells, ""]
        elif tag == "br" and self._in_cell:
            self.cells[-1] += "\n"

    def handle_endtag(self, tag):
        if tag == "td":
            self._in_cell = False

    def handle_data(self, data):
        if self._in_cell:
            self.cells[-1] += data


def test_kml_has_a_folder_and_a_style_per_layer(tricky, tmp_path):
    root = _kml(write_layers(tricky, tmp_path / "t.kml"))
    document = root.find(f"{K}Document")
    styles = {s.get("id"): s for s in document.findall(f"{K}Style")}
    assert list(styles) == [
        "tricky_sites", "tricky_sites-approximate", "tricky_events", "tricky_events-approximate",
    ]  # fmt: skip
    color = styles["tricky_sites"].find(f"{K}IconStyle/{K}color").text
    assert color == kml_color("#1b9e77") == "ff779e1b"
    folders = document.findall(f"{K}Folder")
    assert [f.find(f"{K}name").text for f in folders] == ["Tricky sites", "Tricky events <&>"]
    marks = folders[1].findall(f"{K}Placemark")
    assert [m.find(f"{K}styleUrl").text for m in marks] == [
        "#tricky_events-approximate", "#tricky_events-approximate", "#tricky_events-approximate",
    ]  # fmt: skip
    assert [m.find(f"{K}TimeStamp/{K}when").text for m in marks] == [
        "1965-03-15",
        "1968",
        "1969-07",
    ]
    first_site = folders[0].find(f"{K}Placemark")
    assert first_site.find(f"{K}styleUrl").text == "#tricky_sites"  # precision 1: solid


def test_hostile_text_stays_text_in_kml_descriptions(tricky, tmp_path):
    path = write_layers(tricky, tmp_path / "t.kml")
    data = path.read_bytes()
    assert b"<script" not in data and b"]]>" not in data and b"<img" not in data
    folders = _kml(path).find(f"{K}Document").findall(f"{K}Folder")
    for layer, folder in zip(tricky, folders, strict=True):
        for i, mark in enumerate(folder.findall(f"{K}Placemark")):
            parser = _Cells()
            parser.feed(mark.find(f"{K}description").text)
            assert parser.tags <= {"table", "tr", "th", "td", "br"}
            row = layer.gdf.iloc[i]
            shown = [c for c in layer.spec.popup if c in layer.gdf and not _empty(row[c])]
            texts = [c for c in shown if layer.gdf[c].dtype == "str"]
            for name in texts:
                assert row[name] in parser.cells, (layer.id, name)
            data_values = {
                d.get("name"): d.find(f"{K}value").text
                for d in mark.findall(f"{K}ExtendedData/{K}Data")
            }
            assert data_values["name"] == row["name"]
    hostile = "]]> </td></tr><script>alert('x')</script>"
    assert hostile in {m.find(f"{K}name").text for m in folders[0].findall(f"{K}Placemark")}


def _empty(value) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


@pytest.mark.parametrize(("suffix", "kind"), [(".kmz", "KML"), (".xlsx", "XLSX")])
def test_xml_formats_refuse_text_xml_cannot_hold(tricky, tmp_path, suffix, kind):
    layer = tricky[1]
    gdf = layer.gdf.copy()
    gdf.loc[0, "notes"] = "bell\x07"
    bad = layer.with_rows(gdf)
    with pytest.raises(DataError) as caught:
        write_layers([bad], tmp_path / f"t{suffix}")
    assert [str(i) for i in caught.value.issues] == [
        f"layer tricky_events, column notes: 'bell\\x07' (row id te-1965) holds a control "
        f"character that {kind} cannot hold; remove it from the layer's file, or export to "
        "CSV, GeoJSON or GeoPackage"
    ]
    assert list(tmp_path.iterdir()) == []  # nothing written, no temporary left


def test_workbook_text_from_data_is_never_a_formula(tricky, tmp_path):
    from openpyxl import load_workbook

    workbook = load_workbook(write_layers(tricky, tmp_path / "t.xlsx"))
    sheet = workbook["tricky_sites"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(3, header.index("operator") + 1)
    assert cell.value == '=HYPERLINK("http://evil.example","click")'
    assert cell.data_type == "s"
    capacity = sheet.cell(2, header.index("capacity_mw") + 1)
    assert capacity.value == 12.345678901234 and capacity.data_type == "n"
    assert sheet.cell(2, header.index("start_year") + 1).value == 1958


def test_two_layers_that_would_share_a_sheet_name_are_refused(tricky, tmp_path):
    from dataclasses import replace

    from geoinvest.model import Layer

    long_id = "a_layer_id_that_is_longer_than_excel_allows"
    first = Layer(replace(tricky[0].spec, id=long_id + "_one"), tricky[0].gdf)
    second = Layer(replace(tricky[1].spec, id=long_id + "_two"), tricky[1].gdf)
    with pytest.raises(ValueError) as caught:
        write_layers([first, second], tmp_path / "t.xlsx")
    assert str(caught.value) == (
        f"layers '{long_id}_one' and '{long_id}_two' would share the sheet name "
        "'a_layer_id_that_is_longer_than_' (at most 31 characters); export them to "
        "separate workbooks"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_one_layer_geopackage_reads_back_without_naming_its_table(bundled, tmp_path):
    """QGIS's ``layer_styles`` table is not a second layer to choose from."""
    from geoinvest.readers import read_table

    (mines,) = [layer for layer in bundled if layer.id == "mining_sites"]
    path = write_layers([mines], tmp_path / "mines.gpkg")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM layer_styles").fetchone() == (1,)
    raw = read_table(path)
    assert list(raw.frame["id"]) == list(mines.gdf["id"])
