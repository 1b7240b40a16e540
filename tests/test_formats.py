"""Every format a user may bring becomes the right rows in the right layers, and a map.

The files are tests/data/formats/layers (written by its make_files.py), registered in its
layers.toml; broken versions are written by the tests and refused through the CLI.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from geoinvest.build import build_map
from geoinvest.cli import main
from geoinvest.page import read_page, read_payload
from geoinvest.project import Project

DATA = Path(__file__).parent / "data" / "formats"
MINES = ["pe-toromocho", "co-buritica"]
DAMS = ["co-hidroituango", "hn-patuca-3"]
EVENTS = ["ev-granada", "ev-pichari"]
ROWS = {
    "csv_es": ["ev-granada", "ev-pichari", "ev-florencia"],
    "kml_minas": MINES,
    "kmz_represas": DAMS,
    "kml_todo": MINES + DAMS,
    "xlsx_sitios": MINES,
    "xlsx_eventos": EVENTS,
    "ods_sitios": MINES,
    "ods_eventos": EVENTS,
    "gpkg_hidro": DAMS,
    "gpkg_protestas": EVENTS,
    "shp_represas": DAMS,
}
POINTS = {
    "pe-toromocho": (-11.60, -76.14),
    "co-buritica": (6.72, -75.91),
    "co-hidroituango": (7.13, -75.66),
    "hn-patuca-3": (14.55, -85.80),
    "ev-granada": (3.54, -73.70),
    "ev-pichari": (-12.52, -73.83),
    "ev-florencia": (1 + 36 / 60 + 54 / 3600, -(75 + 36 / 60 + 36 / 3600)),
}
DATES = {"ev-granada": "2012-03-15", "ev-pichari": "2013-07-04", "ev-florencia": "2011-11-20"}


@pytest.fixture(scope="module")
def loaded():
    result = Project(DATA).load()
    assert [i for i in result.issues if i.severity == "error"] == []
    return {layer.id: layer.gdf for layer in result.layers}


@pytest.mark.parametrize("layer", sorted(ROWS))
def test_each_file_becomes_the_right_rows_in_the_right_layer(loaded, layer):
    gdf = loaded[layer]
    assert gdf["id"].tolist() == ROWS[layer]
    for row in gdf.itertuples():
        assert (row.latitude, row.longitude) == pytest.approx(POINTS[row.id], abs=1e-6)
        assert (row.geometry.y, row.geometry.x) == pytest.approx(POINTS[row.id], abs=1e-6)
        if "date" in gdf:
            assert row.date == pd.Timestamp(DATES[row.id])
    assert gdf.crs.to_epsg() == 4326


def test_the_spanish_csv_is_mapped_and_typed(loaded):
    gdf = loaded["csv_es"].set_index("id")
    assert gdf.loc["ev-granada", "admin1"] == "Meta"  # Departamento
    assert gdf.loc["ev-pichari", "locality"] == "Pichari"  # Lugar
    assert gdf.loc["ev-florencia", "admin1"] == "Caquetá"  # Windows-1252 read right
    assert gdf["fatalities"].tolist() == [0, 1, 0]  # Muertos
    assert gdf.loc["ev-granada", "Testigos"] == "Vecinos de la vereda"  # an extra column
    assert pd.isna(gdf.loc["ev-florencia", "Testigos"])


def test_kml_folders_descriptions_and_extended_data(loaded):
    gdf = loaded["kml_todo"].set_index("id")
    assert gdf["folder"].tolist() == ["Minas", "Minas", "Represas", "Represas"]
    assert gdf.loc["pe-toromocho", "notes"] == "Mina de Toromocho\ntajo abierto & concentradora"
    assert gdf.loc["co-buritica", "country"] == "CO"  # país
    assert gdf.loc["hn-patuca-3", "status"] == "operating"  # estado, mapped in layers.toml
    assert gdf.loc["hn-patuca-3", "start_year"] == 2020  # inicio, mapped in layers.toml
    assert gdf.loc["pe-toromocho", "owners_parsed"][0].company == "Chinalco"


def test_spreadsheets_and_geodata_keep_their_types(loaded):
    for layer in ("xlsx_sitios", "ods_sitios", "gpkg_hidro", "shp_represas"):
        gdf = loaded[layer]
        assert gdf["precision"].dtype == "Int8"
        assert gdf["start_year"].dtype == "Int64"
    assert loaded["ods_eventos"]["fatalities"].tolist() == [0, 1]


def test_every_format_builds_into_one_map(tmp_path):
    store = Project(DATA)
    mapdef = store.read_map(DATA / "maps" / "formats.toml")
    html = build_map(mapdef, store, tmp_path / "formats.html").read_text(encoding="utf-8")
    frames = read_page(html)
    assert {k: f["id"].tolist() for k, f in frames.items()} == ROWS
    shp = frames["shp_represas"].set_index("id")
    assert (shp.loc["hn-patuca-3", "latitude"], shp.loc["hn-patuca-3", "longitude"]) == (
        pytest.approx(14.55, abs=1e-6),
        pytest.approx(-85.80, abs=1e-6),
    )
    layers = {layer["id"]: layer for layer in read_payload(html)["layers"]}
    csv_es = layers["csv_es"]
    assert csv_es["popup"] == ["name", "date", "perpetrator", "Testigos", "sources"]
    testigos = next(c for c in csv_es["columns"] if c["name"] == "Testigos")
    assert testigos["label"] == {"en": "Testigos", "es": "Testigos"}
    assert frames["csv_es"]["Testigos"].tolist()[:2] == [
        "Vecinos de la vereda",
        "Nadie quiso hablar",
    ]
    assert "folder" in layers["kml_minas"]["popup"]


# -- broken files: clear errors, exit 1, through the CLI ----------------------------------


@pytest.fixture
def folder(tmp_path) -> Path:
    root = tmp_path / "formats"
    shutil.copytree(DATA, root, ignore=shutil.ignore_patterns("*.py"))
    return root


def validate(root: Path, *layers: str):
    result = CliRunner().invoke(main, ["validate", "--root", str(root), *layers])
    assert "Traceback" not in result.output
    return result


def test_a_truncated_kmz_is_refused(folder):
    kmz = folder / "layers" / "mymaps.kmz"
    kmz.write_bytes(kmz.read_bytes()[:1000])
    result = validate(folder, "kmz_represas")
    assert result.exit_code == 1
    assert f"error: {kmz}: is not a complete KMZ file (a KMZ is a zip archive; this one is " \
           "damaged or cut short); download or export it again from Google My Maps or " \
           "Google Earth" in result.stdout  # fmt: skip


def test_a_zip_without_a_shapefile_is_refused(folder):
    path = folder / "layers" / "represas_utm.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("represas/represas.dbf", b"")
        archive.writestr("LEEME.txt", "hola")
    result = validate(folder, "shp_represas")
    assert result.exit_code == 1
    assert (
        f"error: {path}: holds no Shapefile (.shp); it holds: represas/represas.dbf, "
        "LEEME.txt; zip the Shapefile's files together: name.shp, name.shx, name.dbf and "
        "name.prj" in result.stdout
    )


def test_a_zip_missing_the_dbf_names_the_part(folder):
    path = folder / "layers" / "represas_utm.zip"
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist() if not n.endswith(".dbf")}
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    result = validate(folder, "shp_represas")
    assert result.exit_code == 1
    assert (
        f"error: {path}: the Shapefile 'represas/represas.shp' has no .dbf (its attribute "
        "table); a Shapefile is several files: keep represas/represas.shp, "
        "represas/represas.shx, represas/represas.dbf and represas/represas.prj together"
        in result.stdout
    )


def test_a_kml_without_placemarks_is_refused(folder):
    path = folder / "layers" / "mymaps.kml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2">'
        "<Document><name>Vacío</name><Folder><name>Minas</name></Folder></Document></kml>",
        encoding="utf-8",
    )
    result = validate(folder, "kml_todo")
    assert result.exit_code == 1
    assert (
        f"error: {path}: holds no placemarks (the file is empty); add points to the map and "
        "export it again (My Maps: Export to KML/KMZ)" in result.stdout
    )
    result = validate(folder, "kml_minas")
    assert result.exit_code == 1
    assert f"error: {path}: holds no placemarks (folder 'Minas' is empty)" in result.stdout


def test_a_folder_that_is_not_in_the_kml_lists_the_folders(folder):
    toml = folder / "layers" / "layers.toml"
    toml.write_text(toml.read_text().replace('table = "Minas"', 'table = "Mines"'))
    result = validate(folder, "kml_minas")
    assert result.exit_code == 1
    path = folder / "layers" / "mymaps.kml"
    assert f"error: {path}: has no folder 'Mines'; name one of its folders: Minas, Represas" in (
        result.stdout
    )


def test_an_ods_with_two_sheets_and_none_named_lists_both(folder):
    toml = folder / "layers" / "layers.toml"
    toml.write_text(
        toml.read_text().replace('file = "libro.ods"\ntable = "Sitios"', 'file = "libro.ods"')
    )
    result = validate(folder, "ods_sitios")
    assert result.exit_code == 1
    path = folder / "layers" / "libro.ods"
    assert (
        f"error: {path}: holds 2 sheets with data: 'Sitios' (2 rows), 'Eventos' (2 rows); "
        "name the sheet to read (or keep one sheet per file)" in result.stdout
    )


def test_a_broken_ods_is_refused(folder):
    path = folder / "layers" / "libro.ods"
    path.write_bytes(path.read_bytes()[:300])
    result = validate(folder, "ods_sitios")
    assert result.exit_code == 1
    assert f"error: {path}: cannot be read as an ODS spreadsheet (" in result.stdout
    assert "; save it again from LibreOffice" in result.stdout


def test_a_day_first_date_without_date_format_suggests_it(folder):
    toml = folder / "layers" / "layers.toml"
    toml.write_text(toml.read_text().replace('date_format = "%d/%m/%Y"\n', ""))
    result = validate(folder, "csv_es")
    assert result.exit_code == 1
    path = folder / "layers" / "secuestros_es.csv"
    assert (
        f"error: {path} row 2, column date: '15/03/2012' is not a date; write it as "
        '2012-03-15, or set date_format = "%d/%m/%Y" in layers.toml' in result.stdout
    )


# -- the README's "Bring your own data" examples are real ---------------------------------

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Bring your own data", 1)[1].split("\n## ", 1)[0]


def test_the_readme_registry_entries_are_those_the_tests_build():
    import tomllib

    registry = tomllib.loads((DATA / "layers" / "layers.toml").read_text(encoding="utf-8"))
    entries = {e["id"]: e for e in registry["layer"]}
    blocks = re.findall(r"```toml\n(.*?)```", SECTION, re.DOTALL)
    assert len(blocks) == 2
    for block in blocks:
        (entry,) = tomllib.loads(block)["layer"]
        assert entry == entries[entry["id"]]


def test_the_readme_date_example_is_what_validate_prints(folder, monkeypatch):
    toml = folder / "layers" / "layers.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('date_format = "%d/%m/%Y"\n', ""))
    (block,) = re.findall(r"```\n(\$ geoinvest validate .*?)```", SECTION, re.DOTALL)
    command, *expected = block.splitlines()
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, command.split()[2:])
    assert result.exit_code == 1
    assert result.stdout.splitlines() + result.stderr.splitlines() == expected
