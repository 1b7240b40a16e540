"""geoinvest map FILE...: a quick map of any files, through the build's own page code."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from geoinvest.cli import main
from geoinvest.page import read_page

DATA = Path(__file__).parent / "data"
QUICK = DATA / "quickmap"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_two_files_two_layers(tmp_path):
    out = tmp_path / "quick.html"
    result = run("map", QUICK / "places.csv", QUICK / "events.geojson", "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}\n"
    html = out.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html  # a name holding markup stays text
    frames = read_page(html)
    sites, events = frames["file_1"], frames["file_2"]
    # places.csv: nombre, lat, lon; no country (taken from where each point lies)
    assert sites["name"].tolist() == ["Mina de prueba <script>alert(1)</script>",
                                      "Represa de prueba"]  # fmt: skip
    assert sites["country"].tolist() == ["PE", "HN"]
    assert sites["latitude"].tolist() == [-11.6, 14.9]
    assert "sources" not in sites and "date" not in sites
    # events.geojson: title, fecha (a date column: an event layer), precision, sources
    assert events["name"].tolist() == ["Protest at the gate", "Strike"]
    assert events["date_precision"].tolist() == ["day", "month"]  # from the dates' form
    assert events["precision"].tolist() == [2, 3]
    assert events["country"].tolist() == ["PE", "CO"]
    assert events["sources"].iloc[0] == 'Diario Test, "Protest", 2020-01-02'
    first = out.read_bytes()
    run("map", QUICK / "places.csv", QUICK / "events.geojson", "-o", out)
    assert out.read_bytes() == first  # byte-identical on rebuild


def test_kind_overrides_the_guess(tmp_path):
    out = tmp_path / "q.html"
    result = run("map", QUICK / "events.geojson", "--kind", "site", "-o", out, "-q")
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert "date_precision" not in read_page(out.read_text(encoding="utf-8"))["file_1"]


def test_bad_cells_are_named_and_nothing_is_written(tmp_path):
    out = tmp_path / "q.html"
    path = QUICK / "bad.csv"
    result = run("map", path, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {path} row 3, column precision: '9' is not a precision code 1-8; use one of: "
        "1 exact site; 2 near (within 25 km); 3 second-level admin area or town (province, "
        "municipality, district); 4 first-level admin area (department, province); 5 "
        "estimated (between places, along a river or road); 6 country; 7 unclear, capital; "
        "8 local or national capital",
        f"Error: {path} row 4, column latitude/longitude: '-76.14, -11.6' is outside Peru (PE), "
        "the country this row names; it falls outside Latin America; swap latitude and "
        "longitude",
        f"Error: {path} row 5, column country: the cell is empty; fill in country; it is required",
        "Error: 3 problem(s) found; nothing was written.",
    ]
    assert not out.exists()


def test_coordinates_are_required(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("name,place\nA,Lima\n", encoding="utf-8")
    result = run("map", path, "-o", tmp_path / "q.html")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Error: {path}, column latitude: the column is missing; a quick map of sites needs "
        "latitude, longitude; add it, or name the column that holds it (e.g. lat, latitud); "
        "the file has: name, place"
    )


def test_a_point_in_no_known_country(tmp_path):
    path = tmp_path / "paris.csv"
    path.write_text("name,lat,lon\nParis,48.85,2.35\n", encoding="utf-8")
    result = run("map", path, "-o", tmp_path / "q.html")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Error: {path} row 2, column latitude/longitude: '48.85, 2.35' lies in no country "
        "geoinvest has outlines for (Latin America); add a country column with ISO codes "
        "such as PE, CO or HN"
    )


def test_the_output_is_not_an_input(tmp_path):
    path = tmp_path / "places.csv"
    shutil.copy(QUICK / "places.csv", path)
    result = run("map", path, "-o", path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}: writing there would overwrite the input {path}; write to another file\n"
    )
    assert path.read_bytes() == (QUICK / "places.csv").read_bytes()


def test_output_is_required(tmp_path):
    result = run("map", QUICK / "places.csv")
    assert result.exit_code == 2
    assert "Error: give the file to write with -o/--output" in result.stderr


def test_a_registered_layer_file_maps_as_it_builds(tmp_path):
    out = tmp_path / "q.html"
    mines = DATA / "project" / "layers" / "mines.csv"
    assert run("map", mines, "-o", out).exit_code == 0
    frame = read_page(out.read_text(encoding="utf-8"))["file_1"]
    owners = ["Chinalco (CN) 100%", "Zijin Mining (CN) 69%; Local Partner (CO) 31%"]
    assert frame["owners"].tolist() == owners
    assert frame["precision"].tolist() == [2, 3]
