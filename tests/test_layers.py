"""Loading layers: dtypes, CRS, structured owners, registry and map definition errors."""

from __future__ import annotations

import pandas as pd
import pytest

from geoinvest.errors import ConfigError, DataError, NotFoundError
from geoinvest.owners import Owner
from geoinvest.project import Project


def test_loaded_layers_have_real_dtypes_and_crs(project):
    mines, kidnappings = Project(project).load_layers()
    assert mines.gdf.crs.to_epsg() == 4326
    assert kidnappings.gdf.crs.to_epsg() == 4326
    assert mines.gdf.geometry.geom_type.unique().tolist() == ["Point"]
    assert mines.gdf["latitude"].dtype == "float64"
    assert mines.gdf["precision"].dtype == "Int8"
    assert mines.gdf["start_year"].dtype == "Int64"
    assert pd.api.types.is_string_dtype(mines.gdf["name"])
    assert pd.api.types.is_datetime64_any_dtype(kidnappings.gdf["date"])
    assert kidnappings.gdf["fatalities"].dtype == "Int64"
    # geometry agrees with the coordinate columns
    row = mines.gdf.iloc[0]
    assert (row.geometry.x, row.geometry.y) == (-76.14, -11.60)


def test_dates_before_1970_and_partial_dates(project):
    _, kidnappings = Project(project).load_layers()
    dates = dict(zip(kidnappings.gdf["id"], kidnappings.gdf["date"], strict=True))
    assert dates["t-kid-co"] == pd.Timestamp("2011-06-08")
    assert dates["t-kid-pe"] == pd.Timestamp("1965-01-01")
    assert kidnappings.gdf.set_index("id").loc["t-kid-pe", "date_precision"] == "year"


def test_owners_are_parsed(project):
    (mines,) = Project(project).load_layers(["mines"])
    owners = dict(zip(mines.gdf["id"], mines.gdf["owners_parsed"], strict=True))
    assert owners["t-mine-co"] == (
        Owner("Zijin Mining", "CN", 69.0),
        Owner("Local Partner", "CO", 31.0),
    )
    assert owners["t-mine-pe"] == (Owner("Chinalco", "CN", 100.0),)


def test_empty_cells_are_missing_not_empty_strings(project):
    (mines,) = Project(project).load_layers(["mines"])
    notes = mines.gdf.set_index("id")["notes"]
    assert pd.isna(notes.loc["t-mine-co"])
    assert notes.loc["t-mine-pe"] == "Fixture row."


def test_unknown_layer_lists_the_layers(project):
    with pytest.raises(
        ConfigError, match="unknown layer 'mine'; the layers are: mines, kidnappings"
    ):
        Project(project).load_layers(["mine"])


def test_map_naming_unknown_layer_lists_the_layers(project):
    (project / "maps" / "bad.toml").write_text(
        'title = "Bad"\ncountries = ["PE"]\nlayers = ["mines", "dams"]\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError) as info:
        Project(project).read_map(project / "maps" / "bad.toml")
    assert str(info.value).endswith(
        "bad.toml: unknown layer 'dams'; the layers are: mines, kidnappings"
    )


def test_missing_layers_folder_says_where_it_looked(tmp_path):
    with pytest.raises(NotFoundError, match=f"no layers folder at {tmp_path.resolve()}/layers"):
        Project(tmp_path).store.list_layers()


def test_missing_maps_folder_says_where_it_looked(project):
    (project / "maps" / "test.toml").unlink()
    (project / "maps" / "peru_only.toml").unlink()
    (project / "maps").rmdir()
    with pytest.raises(NotFoundError, match="no maps folder at .*/maps"):
        Project(project).map_paths()


def test_bad_rows_raise_data_error_with_every_issue(bad_project):
    root = bad_project("bad_precision.mines.csv")
    with pytest.raises(DataError) as info:
        Project(root).load_layers(["mines"])
    rows = [(i.row, i.column, i.value) for i in info.value.issues]
    assert rows == [(2, "precision", "9"), (3, "precision", "exact")]


def test_geojson_layer_reads_like_csv(project):
    mines, _ = Project(project).load_layers()
    path = project / "layers" / "mines.geojson"
    mines.gdf.drop(columns=["owners_parsed"]).to_file(path, driver="GeoJSON")
    toml = project / "layers" / "layers.toml"
    toml.write_text(toml.read_text().replace("mines.csv", "mines.geojson"))
    again, _ = Project(project).load_layers()
    assert again.gdf["id"].tolist() == mines.gdf["id"].tolist()
    assert again.gdf["precision"].tolist() == mines.gdf["precision"].tolist()
    assert again.gdf.geometry.x.round(6).tolist() == mines.gdf.geometry.x.round(6).tolist()


def test_geoparquet_layer_reads_like_csv(project):
    _, kidnappings = Project(project).load_layers()
    path = project / "layers" / "kidnappings.parquet"
    kidnappings.gdf.to_parquet(path)
    toml = project / "layers" / "layers.toml"
    toml.write_text(toml.read_text().replace("kidnappings.csv", "kidnappings.parquet"))
    _, again = Project(project).load_layers()
    assert again.gdf["date"].tolist() == kidnappings.gdf["date"].tolist()
    assert again.gdf["id"].tolist() == kidnappings.gdf["id"].tolist()
    assert again.gdf.crs.to_epsg() == 4326
    assert again.gdf.geometry.x.round(6).tolist() == kidnappings.gdf.geometry.x.round(6).tolist()


@pytest.mark.parametrize("crs", [None, 3857])
def test_geoparquet_in_other_crs_or_none_reads_in_wgs84(project, crs):
    _, kidnappings = Project(project).load_layers()
    gdf = kidnappings.gdf.drop(columns=["latitude", "longitude"])
    # Written in Web Mercator (read by geopandas, reprojected), or with no CRS at all (the
    # GeoParquet default, longitude/latitude on WGS 84).
    gdf = gdf.to_crs(crs) if crs else gdf.set_crs(None, allow_override=True)
    gdf.to_parquet(project / "layers" / "kidnappings.parquet")
    toml = project / "layers" / "layers.toml"
    toml.write_text(toml.read_text().replace("kidnappings.csv", "kidnappings.parquet"))
    _, again = Project(project).load_layers()
    assert again.gdf.crs.to_epsg() == 4326
    assert again.gdf["latitude"].round(5).tolist() == kidnappings.gdf["latitude"].round(5).tolist()
    assert again.gdf["admin1_code"].tolist() == kidnappings.gdf["admin1_code"].tolist()
