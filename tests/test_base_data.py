"""The offline base's package data: rivers.parquet (Natural Earth) and towns.csv (GeoNames)."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import shapely

from geoinvest import geography
from geoinvest.gazetteer import normalize

DATA = resources.files("geoinvest") / "data"


def test_rivers_file_is_sorted_geoparquet_rounded_to_4_decimals():
    table = pq.read_table(DATA / "rivers.parquet")
    assert table.column_names == ["kind", "name", "scalerank", "geometry"]
    geo = json.loads(table.schema.metadata[b"geo"])
    assert geo["primary_column"] == "geometry" and geo["columns"]["geometry"]["encoding"] == "WKB"
    frame = table.drop(["geometry"]).to_pandas()
    order = frame.sort_values(["kind", "scalerank", "name"], kind="stable")
    assert order.index.tolist() == frame.index.tolist()
    geoms = shapely.from_wkb(table["geometry"].to_numpy(zero_copy_only=False))
    xy = shapely.get_coordinates(geoms)
    assert np.abs(xy * 1e4 - np.round(xy * 1e4)).max() < 1e-6
    assert set(frame["kind"]) == {"river", "lake"}
    # Latin America only (admin1.parquet's box, with the build's slack).
    assert xy[:, 0].min() > -119 and xy[:, 0].max() < -28
    assert xy[:, 1].min() > -57 and xy[:, 1].max() < 33.5
    # A few hundred KB at most for all of Latin America.
    assert (DATA / "rivers.parquet").stat().st_size < 300_000


def test_rivers_name_the_big_ones_with_lines_and_lakes_with_polygons():
    rivers = geography.rivers("river")
    lakes = geography.rivers("lake")
    assert {"Amazonas", "Ucayali", "Marañón", "Magdalena", "Cauca", "Orinoco"} <= set(
        rivers["name"]
    )
    assert set(shapely.get_type_id(rivers.geometry.values)) <= {1, 5}
    assert set(shapely.get_type_id(lakes.geometry.values)) <= {3, 6}
    assert "Lago Titicaca" in set(lakes["name"])
    amazon = rivers[rivers["name"] == "Amazonas"]
    assert amazon["scalerank"].min() == 1
    # The Amazon passes Iquitos (Natural Earth 1:10m, simplified: within 15 km).
    iquitos = shapely.Point(-73.2538, -3.7491)
    assert shapely.distance(amazon.geometry.values, iquitos).min() < 0.15


def test_towns_one_per_point_larger_first():
    towns = geography.towns()
    assert set(towns["country"]) == {"PE", "CO", "HN"}
    assert not towns.duplicated(["country", "latitude", "longitude"]).any()
    for _, group in towns.groupby("country"):
        assert group["population"].is_monotonic_decreasing
    first = towns.groupby("country")["name"].first().to_dict()
    assert first == {"PE": "Lima", "CO": "Bogotá", "HN": "Tegucigalpa"}
    assert set(towns["seat"]) == {0, 1}


def test_towns_are_gazetteer_places():
    towns = geography.towns()
    gaz = pd.read_csv(DATA / "gazetteer.csv", dtype=str, keep_default_na=False)
    places = gaz[gaz["kind"] == "place"].copy()
    places["lat"] = places["latitude"].astype(float).round(5)
    places["lon"] = places["longitude"].astype(float).round(5)
    names = places.groupby(["country", "lat", "lon"])["name"].agg(
        lambda s: {normalize(n) for n in s}
    )
    for row in towns.itertuples():
        key = (row.country, round(row.latitude, 5), round(row.longitude, 5))
        assert key in names.index, row
    # A town named as GeoNames writes it: accents kept even where the gazetteer's point
    # bears an ASCII spelling too.
    assert {"Medellín", "Bogotá", "Popayán", "Cúcuta"} <= set(towns["name"])
