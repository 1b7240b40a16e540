"""Admin geography: package data, admin1 assignment, points outside their country."""

from __future__ import annotations

from importlib import resources

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geoinvest.errors import ConfigError
from geoinvest.geography import (
    admin_areas,
    assign_admin1,
    check_countries,
    country_outlines,
    covered_countries,
    locate,
)


def points(rows: list[tuple[str, float, float]]) -> gpd.GeoDataFrame:
    """A GeoDataFrame of (country, latitude, longitude) rows."""
    df = pd.DataFrame(rows, columns=["country", "latitude", "longitude"])
    geometry = gpd.points_from_xy(df["longitude"], df["latitude"])
    return gpd.GeoDataFrame(df, geometry=geometry, crs=4326)


def test_admin_areas_columns_and_counts():
    areas = admin_areas(["PE", "CO", "HN"])
    assert list(areas.columns) == ["country", "iso_3166_2", "name", "name_es", "name_ascii",
                                   "geometry"]  # fmt: skip
    assert areas.crs.to_epsg() == 4326
    assert areas["country"].value_counts().to_dict() == {"CO": 33, "PE": 26, "HN": 18}
    assert areas["iso_3166_2"].is_unique
    assert {"PE-JUN", "CO-CAQ", "HN-OL", "CO-DC", "PE-LMA"} <= set(areas["iso_3166_2"])
    junin = areas.set_index("iso_3166_2").loc["PE-JUN"]
    assert (junin["name"], junin["name_ascii"]) == ("Junín", "Junin")
    assert areas.geometry.is_valid.all()


def test_admin_areas_copy_does_not_touch_the_cache():
    areas = admin_areas("PE")
    areas["name"] = "x"
    assert admin_areas("PE")["name"].iloc[0] != "x"


def test_bad_country_code_is_a_config_error():
    with pytest.raises(ConfigError, match="must be ISO 3166-1 alpha-2"):
        admin_areas(["Peru"])


def test_country_outlines_cover_latin_america():
    outlines = country_outlines()
    assert list(outlines.columns) == ["country", "name", "geometry"]
    assert outlines["country"].is_unique
    assert {"PE", "CO", "HN", "BR", "MX", "EC", "GF"} <= covered_countries()
    peru = country_outlines("PE").geometry.iloc[0]
    assert peru.contains(shapely.Point(-77.04, -12.05))  # Lima
    assert 1_100_000 < peru.area * 111.32**2 < 1_400_000  # roughly 1.29 million km2


def test_package_data_is_small():
    folder = resources.files("geoinvest") / "data"
    names = ["admin1.parquet", "countries.parquet", "gazetteer.csv"]
    total = sum((folder / n).stat().st_size for n in names)
    assert total < 1_700_000


def test_assign_admin1_known_places():
    gdf = points([
        ("PE", -12.046, -77.043),  # Lima
        ("CO", 1.614, -75.606),  # Florencia
        ("HN", 14.072, -87.192),  # Tegucigalpa
        ("PE", -12.06, -77.17),  # just off Callao, in the sea
        ("PE", -10.0, -90.0),  # far out in the Pacific
    ])  # fmt: skip
    out = assign_admin1(gdf)
    assert list(out["admin1_code"].fillna("-")) == ["PE-LMA", "CO-CAQ", "HN-FM", "PE-CAL", "-"]
    assert list(out["admin1_name"].fillna("-"))[:3] == ["Lima Province", "Caquetá",
                                                        "Francisco Morazán"]  # fmt: skip


def test_assign_admin1_near_border_prefers_the_claimed_country():
    # Leticia (CO) lies on the border with Tabatinga (BR); the claim decides.
    gdf = points([("CO", -4.215, -69.940), ("BR", -4.215, -69.940)])
    out = assign_admin1(gdf)
    assert list(out["admin1_code"]) == ["CO-AMA", "BR-AM"]


def test_assign_admin1_keeps_rows_without_geometry():
    gdf = points([("PE", -12.046, -77.043)])
    gdf = pd.concat([gdf, gpd.GeoDataFrame({"country": ["PE"]}, geometry=[None], crs=4326)])
    out = assign_admin1(gdf)
    assert len(out) == 2 and pd.isna(out["admin1_code"].iloc[1])


def test_points_inside_their_country_give_no_issue():
    gdf = points([("PE", -12.046, -77.043), ("CO", 1.614, -75.606), ("HN", 15.267, -83.772)])
    assert check_countries(gdf, "layers/x.csv") == []


def test_swapped_coordinates():
    issues = check_countries(points([("PE", -77.043, -12.046)]), "layers/mines.csv")
    assert [str(i) for i in issues] == [
        "layers/mines.csv row 2, column latitude/longitude: '-77.043, -12.046' is outside "
        "Peru (PE), the country this row names; it falls outside Latin America; "
        "swap latitude and longitude"
    ]
    assert issues[0].severity == "error"


def test_sign_errors():
    gdf = points([
        ("CO", 1.614, 75.606),  # longitude sign lost
        ("HN", -14.072, -87.192),  # latitude sign wrong
        ("PE", 12.046, 77.043),  # both
    ])  # fmt: skip
    fixes = [i.fix for i in check_countries(gdf, "f.csv")]
    assert fixes == [
        "flip the sign of longitude",
        "flip the sign of latitude",
        "flip the signs of latitude and longitude",
    ]


def test_point_in_a_neighbour_names_it():
    gdf = points([("PE", -0.22, -78.51)])  # Quito
    (issue,) = check_countries(gdf, "f.csv", rows=[14])
    assert str(issue) == (
        "f.csv row 14, column latitude/longitude: '-0.22, -78.51' is outside Peru (PE), "
        "the country this row names; it falls in Ecuador (EC); check the coordinates or "
        "the country"
    )


def test_point_in_the_sea():
    (issue,) = check_countries(points([("PE", -12.0, -80.0)]), "f.csv")
    assert issue.fix == "it falls in the sea; check the coordinates or the country"


def test_allow_outside_makes_warnings():
    issues = check_countries(points([("PE", -0.22, -78.51)]), "f.csv", allow_outside=True)
    assert [i.severity for i in issues] == ["warning"]


def test_point_close_to_a_border_is_inside():
    # Leticia sits on the border; the simplified outline may miss it by a little.
    assert check_countries(points([("CO", -4.215, -69.940)]), "f.csv") == []


def test_uncovered_country_warns_once():
    gdf = points([("US", 38.9, -77.0), ("US", 40.7, -74.0), ("PE", -12.046, -77.043)])
    issues = check_countries(gdf, "f.csv")
    assert [str(i) for i in issues] == [
        "f.csv, column country: 'US' is not covered by geoinvest's boundary data, "
        "so its points were not checked"
    ]
    assert issues[0].severity == "warning"


def test_many_points_each_in_its_area():
    # Speed is the benchmark's business (benchmarks/), not a unit test's.
    areas = admin_areas()
    rng = np.random.default_rng(0)
    seeds = shapely.get_geometry(areas.geometry.sample_points(1, rng=rng).values, 0)
    idx = rng.integers(0, len(areas), 200_000)
    gdf = gpd.GeoDataFrame({"country": areas["country"].to_numpy()[idx]},
                           geometry=seeds[idx], crs=4326)  # fmt: skip
    out = assign_admin1(gdf)
    issues = check_countries(out, "f.csv")
    assert issues == []
    assert (out["admin1_code"].to_numpy() == areas["iso_3166_2"].to_numpy()[idx]).mean() > 0.99


def test_located_once_answers_like_locating_again():
    gdf = points([
        ("PE", -12.046, -77.043),  # Lima
        ("CO", -4.215, -69.940),  # Leticia, on the border
        ("PE", -77.043, -12.046),  # swapped
        ("HN", 14.1, 87.2),  # sign of longitude
        ("US", 38.9, -77.0),  # not covered
        ("PE", float("nan"), float("nan")),  # no location
        ("PE", -12.0, -80.0),  # the sea
    ])  # fmt: skip
    located = locate(gdf)
    assert list(located.found[-2:]) == [-1, -1]
    assert check_countries(gdf, "f.csv", located=located) == check_countries(gdf, "f.csv")
    once = assign_admin1(gdf, located=located)
    pd.testing.assert_frame_equal(once, assign_admin1(gdf))
    assert list(once["admin1_code"].fillna("-")) == ["PE-LMA", "CO-AMA", "-", "-", "-", "-", "-"]


def test_other_crs_is_reprojected():
    gdf = points([("PE", -12.046, -77.043)]).to_crs(3857)
    assert list(assign_admin1(gdf)["admin1_code"]) == ["PE-LMA"]
    assert check_countries(gdf, "f.csv") == []
