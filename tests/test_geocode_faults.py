"""geocode never destroys what the user wrote, fails cleanly on bad precision, and numbers
GeoJSON features as validate does (issue 11)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from geoinvest.cli import main
from geoinvest.geocode import geocode_frame
from geoinvest.schema import PRECISION


def run(*args):
    return CliRunner().invoke(main, ["geocode", *map(str, args)], catch_exceptions=False)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


DECIMAL_COMMAS = (
    "lugar,latitude,longitude,precision\n"
    "Lima,-12 grados,-77 grados,\n"  # row 2: not coordinates, kept as written
    "Cusco,-13.53,-71.97,2\n"  # row 3: given, kept
    "Piura,-5.19,,\n"  # row 4: half a point, kept
    "Tegucigalpa,,,\n"  # row 5: no coordinates, geocoded
)


def test_unparseable_coordinates_are_kept_as_written_and_reported(tmp_path):
    src = write(tmp_path / "in.csv", DECIMAL_COMMAS)
    out = tmp_path / "out.csv"
    result = run(src, "-o", out, "--place-col", "lugar")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[:4] == [
        f"{src} row 2, column latitude: '-12 grados' is not a coordinate; "
        "write it as -12.05, -12,05 or 12°03'S",
        f"{src} row 2, column longitude: '-77 grados' is not a coordinate; "
        "write it as -77.04, -77,04 or 77°02'30\"W",
        f"{src} row 4, column longitude: the cell is empty while latitude is given; "
        "fill in both coordinates or leave both empty",
        "4 rows written to " + str(out) + " (1 given, 2 invalid, 1 matched)",
    ]
    written = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(written["latitude"])[:3] == ["-12 grados", "-13.53", "-5.19"]
    assert list(written["longitude"])[:3] == ["-77 grados", "-71.97", ""]
    assert list(written["geocode_status"]) == ["invalid", "given", "invalid", "matched"]
    assert written["precision"].iloc[1] == "2"
    assert written["latitude"].iloc[3].startswith("14.")  # Tegucigalpa was geocoded


def test_kept_cells_give_no_point_in_geojson_output(tmp_path):
    src = write(tmp_path / "in.csv", DECIMAL_COMMAS)
    out = tmp_path / "out.geojson"
    result = run(src, "-o", out, "--place-col", "lugar")
    assert result.exit_code == 1
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert features[0]["geometry"] is None
    assert features[0]["properties"]["latitude"] == "-12 grados"
    assert features[1]["geometry"] == {"type": "Point", "coordinates": [-71.97, -13.53]}


def test_parseable_coordinates_are_kept():
    df = pd.DataFrame({"p": ["Lima", "Lima"], "latitude": ["-12.5", " -12.5 "],
                       "longitude": ["-77.5", "-77.5"]})  # fmt: skip
    out = geocode_frame(df, "p")
    assert list(out["geocode_status"]) == ["given", "given"]
    assert list(out["latitude"]) == [-12.5, -12.5]


def test_coordinate_problems_are_listed_per_cell():
    from geoinvest.given import check_given

    df = pd.DataFrame(
        {"latitude": ["-12 grados", "", "95", "1.5", "abc"],
         "longitude": ["-77.0", "", "-77", "", "x"],
         "precision": ["", "", "", "", ""]}
    )  # fmt: skip
    given = check_given(df)
    found = [(i.row, i.column, i.value, i.message) for i in given.issues]
    assert found == [
        (2, "latitude", "-12 grados", "is not a coordinate"),
        (4, "latitude", "95", "is out of range (-90 to 90)"),
        (5, "longitude", None, "the cell is empty while latitude is given"),
        (6, "latitude", "abc", "is not a coordinate"),
        (6, "longitude", "x", "is not a coordinate"),
    ]
    assert str(given.issues[1]) == (
        "input row 4, column latitude: '95' is out of range (-90 to 90); "
        "check the value; latitude and longitude may be swapped"
    )
    assert given.invalid.tolist() == [True, False, True, True, True]


@pytest.mark.parametrize("value", ["2.5", "9", "exact"])
def test_bad_given_precision_is_a_clean_error(tmp_path, value):
    src = write(
        tmp_path / "in.csv", f"lugar,latitude,longitude,precision\nCusco,-13.53,-71.97,{value}\n"
    )
    out = tmp_path / "out.csv"
    result = run(src, "-o", out, "--place-col", "lugar")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{src} row 2, column precision: '{value}' is not a precision code 1-8; "
        "use one of: " + "; ".join(f"{k} {v}" for k, v in PRECISION.items())
    )
    written = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert written["precision"].iloc[0] == value
    assert written["latitude"].iloc[0] == "-13.53"
    assert written["geocode_status"].iloc[0] == "invalid"


def test_precision_2_5_in_a_user_gazetteer_is_a_clean_error(tmp_path):
    """Already clean before issue 11's fixes (the gazetteer checks its rows): kept so, with
    the message the layers' precision rule gives."""
    gaz = write(tmp_path / "gaz.csv", "name,country,latitude,longitude,precision\n"
                                      "Mina X,PE,-14.1,-72.3,2.5\n")  # fmt: skip
    src = write(tmp_path / "in.csv", "lugar\nMina X\n")
    result = run(src, "-o", tmp_path / "o.csv", "--place-col", "lugar", "--gazetteer", gaz)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: {gaz} row 2, column precision: '2.5' is not a precision code 1-8; "
        "use one of: 1 exact site; 2 near (within 25 km)"
    )
    assert not (tmp_path / "o.csv").exists()


GEOJSON = """{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name": "Tegucigalpa"}, "geometry": null},
{"type": "Feature", "properties": {"name": "Florencia"}, "geometry": null},
{"type": "Feature", "properties": {"name": "Xyzzyville"}, "geometry": null}
]}
"""


def test_geojson_input_is_numbered_by_feature_like_validate(tmp_path):
    src = write(tmp_path / "in.geojson", GEOJSON)
    result = run(src, "-o", tmp_path / "o.csv", "--place-col", "name", "--country", "CO")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{src} feature 1: 'Tegucigalpa' is unmatched")
    assert lines[1].startswith(f"{src} feature 2: 'Florencia' is ambiguous; candidates: ")
    assert lines[2].startswith(f"{src} feature 3: 'Xyzzyville' is unmatched")


def test_csv_input_is_still_numbered_by_spreadsheet_row(tmp_path):
    src = write(tmp_path / "in.csv", "name\nTegucigalpa\nFlorencia\n")
    result = run(src, "-o", tmp_path / "o.csv", "--place-col", "name", "--country", "CO")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1].startswith(f"{src} row 3: 'Florencia' is ambiguous")


def test_an_invalid_row_gets_nothing_from_the_gazetteer():
    """With only a latitude column, the row is kept whole: no geocoded longitude is mixed
    with the user's latitude."""
    out = geocode_frame(pd.DataFrame({"p": ["Lima"], "latitude": ["-12.05"]}), "p")
    assert out["geocode_status"].iloc[0] == "invalid"
    assert out["latitude"].iloc[0] == "-12.05"
    assert pd.isna(out["longitude"].iloc[0])
    assert pd.isna(out["precision"].iloc[0])
    assert out["geocode_match"].iloc[0] == ""
