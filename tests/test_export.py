"""Export round trips: every format, read back as layers (the readers and the check stage),
gives the same rows, and a second export is byte-identical."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geoinvest.check import check_layer
from geoinvest.export import FORMATS, export, format_for, write_layers
from geoinvest.export.archive import FIXED_ZIP_TIME
from geoinvest.export.columns import LAYER_COLUMN, columns
from geoinvest.export.spreadsheet import sheet_name
from geoinvest.model import Layer
from geoinvest.project import Project
from geoinvest.readers import RawTable, read_table

REPO = Path(__file__).resolve().parent.parent
TRICKY = Path(__file__).parent / "data" / "export"
SUFFIXES = {name: fmt.suffixes[0] for name, fmt in FORMATS.items()}
COORDINATES = ("latitude", "longitude")


@pytest.fixture(scope="module")
def bundled() -> list[Layer]:
    return Project(REPO).load_layers()


@pytest.fixture(scope="module")
def tricky() -> list[Layer]:
    return Project(TRICKY).load_layers()


def read_back(path: Path, fmt: str, originals: list[Layer]) -> list[Layer]:
    """The exported file's layers, read and checked as layer files are."""
    shared = None
    if FORMATS[fmt].one_table:
        shared = read_table(path)
    back = []
    for layer in originals:
        if fmt in ("kml", "kmz"):
            raw = read_table(path, table=layer.spec.title_in("en"))  # a folder per layer
        elif fmt == "gpkg":
            raw = read_table(path, table=layer.id)
        elif fmt == "xlsx":
            raw = read_table(path, table=sheet_name(layer))
        elif len(originals) == 1:
            raw = shared
        else:
            keep = (shared.frame[LAYER_COLUMN] == layer.id).to_numpy()
            frame = shared.frame[keep].drop(columns=LAYER_COLUMN).reset_index(drop=True)
            geometry = None if shared.geometry is None else shared.geometry[keep]
            if geometry is not None:
                geometry = geometry.reset_index(drop=True)
            raw = RawTable(path, frame, shared.origin, geometry, [])
        checked, issues = check_layer(raw, layer.spec)
        assert [i for i in issues if i.severity == "error"] == [], (fmt, layer.id)
        back.append(checked)
    return back


def _plain(values: pd.Series) -> list:
    return [None if pd.isna(v) else v for v in values.astype(object)]


def assert_same_rows(original: Layer, back: Layer, fmt: str) -> None:
    """Same ids in the same order, the same value in every column, points within 1e-7."""
    a, b = original.gdf, back.gdf
    assert _plain(b["id"]) == _plain(a["id"]), (fmt, original.id)
    for name in columns(original):
        left = a[name]
        if name not in b and fmt in ("kml", "kmz"):
            # GDAL's KML reader leaves out a field that is empty in every placemark.
            assert left.isna().all(), (fmt, original.id, name)
            continue
        right = b[name]
        if name in COORDINATES or pd.api.types.is_float_dtype(left):
            # Coordinates within 1e-7 degrees; other numbers exactly (to 12 digits).
            atol, rtol = (1e-7, 0) if name in COORDINATES else (0, 1e-12)
            x = left.to_numpy(dtype=float, na_value=np.nan)
            y = pd.to_numeric(right).to_numpy(dtype=float, na_value=np.nan)
            assert np.array_equal(np.isnan(x), np.isnan(y)), (fmt, original.id, name)
            filled = ~np.isnan(x)
            assert np.allclose(x[filled], y[filled], rtol=rtol, atol=atol), (fmt, name, x, y)
        elif pd.api.types.is_datetime64_any_dtype(left):
            assert _plain(pd.to_datetime(right)) == _plain(left), (fmt, original.id, name)
        else:
            assert _plain(right) == _plain(left), (fmt, original.id, name)
    gap_x = np.abs(a.geometry.x.to_numpy() - b.geometry.x.to_numpy())
    gap_y = np.abs(a.geometry.y.to_numpy() - b.geometry.y.to_numpy())
    assert max(gap_x.max(initial=0), gap_y.max(initial=0)) <= 1e-7, (fmt, original.id)


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("which", ["bundled", "tricky"])
def test_every_format_reads_back_as_the_same_rows(fmt, which, request, tmp_path):
    layers = request.getfixturevalue(which)
    path = write_layers(layers, tmp_path / f"out{SUFFIXES[fmt]}")
    back = read_back(path, fmt, layers)
    assert [layer.id for layer in back] == [layer.id for layer in layers]
    for original, again in zip(layers, back, strict=True):
        assert len(again.gdf) == len(original.gdf)
        assert_same_rows(original, again, fmt)


@pytest.mark.parametrize("fmt", ["csv", "geojson", "parquet", "gpkg", "xlsx", "kml"])
def test_one_layer_reads_back_without_a_layer_column(fmt, tricky, tmp_path):
    path = write_layers(tricky[1:], tmp_path / f"events{SUFFIXES[fmt]}")
    (again,) = read_back(path, fmt, tricky[1:])
    assert LAYER_COLUMN not in again.gdf.columns
    assert_same_rows(tricky[1], again, fmt)


def test_several_layers_in_one_table_get_a_first_layer_column(tricky, tmp_path):
    path = write_layers(tricky, tmp_path / "both.csv")
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[0] == LAYER_COLUMN
    frame = read_table(path).frame
    assert frame[LAYER_COLUMN].tolist() == ["tricky_sites"] * 2 + ["tricky_events"] * 3


def test_no_helper_columns_go_out(bundled, tmp_path):
    path = write_layers(bundled, tmp_path / "all.csv")
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    for helper in ("owners_parsed", "admin1_code", "admin1_name", "geometry"):
        assert helper not in header
    assert {"latitude", "longitude", "owners"} <= set(header)


@pytest.fixture(scope="module")
def exported_twice(tricky, tmp_path_factory) -> dict[str, tuple[bytes, bytes]]:
    """Every format written twice, more than two seconds apart (zip times count in
    two-second steps; GDAL's in milliseconds)."""
    folder = tmp_path_factory.mktemp("twice")
    first = {f: write_layers(tricky, folder / f"a{SUFFIXES[f]}").read_bytes() for f in FORMATS}
    time.sleep(2.1)
    second = {f: write_layers(tricky, folder / f"b{SUFFIXES[f]}").read_bytes() for f in FORMATS}
    return {f: (first[f], second[f]) for f in FORMATS}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_a_second_export_is_byte_identical(fmt, exported_twice):
    first, second = exported_twice[fmt]
    assert len(first) > 200
    assert first == second


@pytest.mark.parametrize("fmt", ["kmz", "xlsx"])
def test_zipped_formats_carry_a_fixed_time(fmt, tricky, tmp_path):
    path = write_layers(tricky, tmp_path / f"out{SUFFIXES[fmt]}")
    with zipfile.ZipFile(path) as archive:
        times = {info.date_time for info in archive.infolist()}
        names = archive.namelist()
    assert times == {FIXED_ZIP_TIME}
    if fmt == "kmz":
        assert names == ["doc.kml"]


def test_the_workbook_properties_are_fixed(tricky, tmp_path):
    from openpyxl import load_workbook

    workbook = load_workbook(write_layers(tricky, tmp_path / "out.xlsx"))
    assert workbook.sheetnames == ["tricky_sites", "tricky_events"]
    assert str(workbook.properties.created) == "2000-01-01 00:00:00"
    assert str(workbook.properties.modified) == "2000-01-01 00:00:00"


def test_a_map_exports_exactly_its_rows(tmp_path):
    """`--map peru`: the layers and rows the page out/peru.html gets from publish.for_map."""
    from geoinvest.publish import for_map

    project = Project(REPO)
    mapdef = project.read_map(REPO / "maps" / "peru.toml")
    path, written = export(project.store, tmp_path / "peru.gpkg", mapdef=mapdef)
    expected = for_map(project.load_layers(mapdef.layers), mapdef)
    back = read_back(path, "gpkg", expected)
    assert [layer.id for layer in back] == list(mapdef.layers)
    for want, got in zip(expected, back, strict=True):
        assert got.gdf["id"].tolist() == want.gdf["id"].tolist()
        assert set(got.gdf["country"]) == {"PE"}
        assert_same_rows(want, got, "gpkg")
    everything = sum(len(layer.gdf) for layer in project.load_layers())
    assert 0 < sum(len(layer.gdf) for layer in back) < everything


def test_the_format_comes_from_the_extension_or_the_name():
    assert format_for(Path("a.GPKG")).name == "gpkg"
    assert format_for(Path("a.geoparquet")).name == "parquet"
    assert format_for(Path("a.txt"), "csv").name == "csv"
    with pytest.raises(ValueError, match=r"a\.shp: cannot tell the export format from the "):
        format_for(Path("a.shp"))
    with pytest.raises(ValueError, match="unknown export format 'shp'; the formats are: gpkg"):
        format_for(Path("a.gpkg"), "shp")
