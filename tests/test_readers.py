"""The one table reader: encodings, separators, row numbers, and what it refuses."""

from __future__ import annotations

import codecs

import geopandas as gpd
import pytest
import shapely

from geoinvest.errors import DataError
from geoinvest.readers import read_table

HEADER = "id,name,latitude\n"


def read(tmp_path, data: bytes, name: str = "t.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return read_table(path)


def problems(tmp_path, data: bytes, name: str = "t.csv") -> list[str]:
    with pytest.raises(DataError) as err:
        read(tmp_path, data, name)
    return [str(i).split(": ", 1)[0].split(" ", 1)[-1] + ": " + i.message for i in err.value.issues]


@pytest.mark.parametrize(
    "data",
    [
        (HEADER + "a,Río,1\n").encode(),
        codecs.BOM_UTF8 + (HEADER + "a,Río,1\n").encode(),
        (HEADER + "a,Río,1\n").encode("utf-16"),
        (HEADER + "a,Río,1\n").encode("cp1252"),
        (HEADER + "a,Río,1\n").replace(",", ";").encode(),
        (HEADER + "a,Río,1\n").replace(",", "\t").encode(),
        ("sep=;\n" + HEADER + "a,Río,1\n").replace(",", ";").encode(),
        (HEADER + "a,Río,1\r\n").replace("\n", "\r\n").encode(),
    ],
    ids=["utf8", "bom", "utf16", "cp1252", "semicolon", "tab", "excel-sep-line", "crlf"],
)
def test_every_common_export_reads_the_same(tmp_path, data):
    raw = read(tmp_path, data)
    assert list(raw.frame.columns) == ["id", "name", "latitude"]
    assert raw.frame.iloc[0].tolist() == ["a", "Río", "1"]
    assert raw.origin.row(0) == (3 if data.startswith(b"sep=") else 2)


def test_windows_1252_is_read_with_a_warning(tmp_path):
    raw = read(tmp_path, (HEADER + "a,Río,1\n").encode("cp1252"))
    assert [i.severity for i in raw.issues] == ["warning"]
    assert "read as Windows-1252" in raw.issues[0].message


def test_a_file_mixing_encodings_names_the_row_of_the_bad_byte(tmp_path):
    data = (HEADER + "a,Río,1\nb,x,2\n").encode() + b"c,R\xedo,3\n"
    (issue,) = read_issues(tmp_path, data)
    assert (issue.row, issue.value) == (4, "\\xed")
    assert "mixes two encodings" in issue.message


def read_issues(tmp_path, data, name="t.csv"):
    with pytest.raises(DataError) as err:
        read(tmp_path, data, name)
    return err.value.issues


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_blank_lines_and_empty_rows_keep_row_numbers(tmp_path, end):
    text = (HEADER + "a,x,1\n\n,,\nb,y,2\n\nc,z,3\n").replace("\n", end)
    raw = read(tmp_path, text.encode())
    assert raw.frame["id"].tolist() == ["a", "b", "c"]
    assert [raw.origin.row(i) for i in range(3)] == [2, 5, 7]


def test_a_row_with_an_extra_field_is_named_not_shifted(tmp_path):
    issues = read_issues(tmp_path, (HEADER + "a,x,1\nb,y,2,\nc,z,3\n").encode())
    assert [(i.row, i.message) for i in issues] == [
        (3, "has 4 fields, the header 3 (separator: comma)")
    ]
    assert "extra comma" in issues[0].fix


def test_a_trailing_separator_on_every_line_is_harmless(tmp_path):
    raw = read(tmp_path, b"id,name,latitude,\na,x,1,\nb,y,2,\n")
    assert list(raw.frame.columns) == ["id", "name", "latitude"]
    assert len(raw.frame) == 2


def test_duplicate_column_names_are_refused(tmp_path):
    (issue,) = read_issues(tmp_path, b"id,latitude,latitude\na,1,2\n")
    assert (issue.row, issue.column) == (1, "latitude")
    assert issue.message == "columns 2 and 3 are both named 'latitude'"


def test_an_unclosed_quote_is_refused_not_swallowed(tmp_path):
    (issue,) = read_issues(tmp_path, (HEADER + 'a,"open,1\nb,y,2\n').encode())
    assert issue.row == 2
    assert "never closed" in issue.message


def test_a_cell_of_several_megabytes_reads_whole(tmp_path):
    raw = read(tmp_path, (HEADER + "a," + "x" * 3_000_000 + ",1\nb,y,2\n").encode())
    assert len(raw.frame["name"].iloc[0]) == 3_000_000
    assert raw.frame["id"].tolist() == ["a", "b"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("t.csv", b"", "is empty"),
        ("t.geojson", b"{not json", "is not a GeoJSON file that GDAL can read"),
        ("t.geojson", b'{"a": 1}', "is not a GeoJSON file that GDAL can read"),
        ("t.gpkg", b"junk" * 100, "is not a GeoPackage file that GDAL can read"),
        ("t.parquet", b"junk" * 100, "cannot be read as Parquet"),
        ("t.xlsx", b"junk" * 100, "cannot be read as an XLSX workbook"),
        ("t.dbf", b"junk", "cannot read .dbf"),
    ],
)
def test_unreadable_files_are_data_errors(tmp_path, name, data, message):
    (issue,) = read_issues(tmp_path, data, name)
    assert issue.path == str(tmp_path / name)
    assert message in issue.message


def test_a_geopackage_with_two_tables_needs_one_named(tmp_path):
    path = tmp_path / "two.gpkg"
    for table, n in (("mines", 2), ("dams", 3)):
        gdf = gpd.GeoDataFrame(
            {"id": [f"{table}{i}" for i in range(n)]},
            geometry=[shapely.Point(-75, -10)] * n,
            crs=4326,
        )
        gdf.to_file(path, layer=table, engine="pyogrio")
    with pytest.raises(DataError) as err:
        read_table(path)
    assert "holds 2 tables (mines, dams)" in err.value.issues[0].message
    assert len(read_table(path, table="dams").frame) == 3
    with pytest.raises(DataError, match="has no table 'rivers'"):
        read_table(path, table="rivers")


def test_features_without_geometry_keep_their_coordinate_properties(tmp_path):
    path = tmp_path / "t.geojson"
    path.write_text(
        '{"type": "FeatureCollection", "features": ['
        '{"type": "Feature", "geometry": null, "properties": {"id": "a", "latitude": -9.5,'
        ' "longitude": -75.1}},'
        '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [-70, -12]},'
        ' "properties": {"id": "b", "latitude": null, "longitude": null}}]}'
    )
    raw = read_table(path)
    assert raw.frame[["latitude", "longitude"]].astype(float).values.tolist() == [
        [-9.5, -75.1],
        [-12.0, -70.0],
    ]
    assert raw.origin.unit == "feature" and raw.origin.row(0) == 1


def test_a_workbook_with_two_sheets_needs_one_named(tmp_path):
    import pandas as pd

    path = tmp_path / "t.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"id": ["a"], "x": ["1"]}).to_excel(writer, sheet_name="one", index=False)
        pd.DataFrame({"id": ["b", "c"]}).to_excel(writer, sheet_name="two", index=False)
    with pytest.raises(DataError) as err:
        read_table(path)
    assert "holds 2 sheets with data: 'one' (1 rows), 'two' (2 rows)" in str(err.value)
    assert read_table(path, table="two").frame["id"].tolist() == ["b", "c"]


def test_a_point_and_its_coordinate_properties_that_disagree_are_a_warning(tmp_path):
    path = tmp_path / "t.geojson"
    path.write_text(
        '{"type": "FeatureCollection", "features": ['
        '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [-70, -12]},'
        ' "properties": {"id": "b", "latitude": -13.5, "longitude": -70}}]}'
    )
    raw = read_table(path)
    assert raw.frame["latitude"].astype(float).tolist() == [-12.0]
    assert [str(i) for i in raw.issues] == [
        f"{path} feature 1, column latitude: differs from the feature's point; the point is "
        "used; remove the latitude property or make it agree"
    ]


def test_a_paragraph_break_inside_a_quoted_cell_is_not_a_blank_row(tmp_path):
    text = HEADER + 'a,"one\n\ntwo",1\n\nb,y,2\nc,"p\nq",3\n\n\nd,z,4\n'
    raw = read(tmp_path, text.encode())
    assert raw.frame["name"].tolist() == ["one\n\ntwo", "y", "p\nq", "z"]
    # Rows as a spreadsheet shows them: one per record, blank records included.
    assert [raw.origin.row(i) for i in range(4)] == [2, 4, 5, 8]
