"""Municipal and district seats of Colombia, Peru and Honduras, chosen by a fixed rule
from the official lists (tests/data/seats.csv; sources and rule in seats.README.md).

The points checked come from DANE's DIVIPOLA and INEI's ubigeo list; the gazetteer's
come from GeoNames, except for the seats GeoNames lacks, which the gazetteer places at
the official list's own point. For those rows the distance check is circular: they are
counted apart (they still test that the name and department find the right seat), and
the 10 km rate is asserted on the rows placed from GeoNames as well. The Honduran list
has no points (none could be had here), so Honduran rows test that the name is found.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geoinvest.geocode import geocode_frame

SEATS = Path(__file__).parent / "data" / "seats.csv"
OFFICIAL_SOURCES = {"DANE DIVIPOLA", "INEI ubigeo"}


@pytest.fixture(scope="module")
def seats() -> pd.DataFrame:
    df = pd.read_csv(SEATS, dtype=str, keep_default_na=False)
    # As a reporter has them: the name, the department and the country (país column).
    out = geocode_frame(df[["municipio", "departamento", "pais"]], "municipio",
                        admin1_col="departamento")  # fmt: skip
    lat = pd.to_numeric(df["latitud"], errors="coerce")
    lon = pd.to_numeric(df["longitud"], errors="coerce")
    dy = (out["latitude"] - lat) * 111.2
    dx = (out["longitude"] - lon) * 111.2 * np.cos(np.radians(lat))
    out["km"] = np.hypot(dx, dy)
    out["list_lat"], out["regla"] = lat, df["regla"]
    return out


def _misses(rows: pd.DataFrame) -> str:
    cols = ["municipio", "departamento", "pais", "geocode_status", "geocode_match", "km"]
    return "\n" + rows[cols].to_string()


def test_the_list_holds_at_least_100_seats_per_country(seats):
    assert len(seats) >= 300
    assert (seats["pais"].value_counts() >= 100).all()
    assert seats["list_lat"].notna().sum() >= 300  # Colombia and Peru, with points


def test_98_percent_of_seats_with_official_points_within_10_km(seats):
    rows = seats[seats["list_lat"].notna()]
    within = rows["km"].fillna(np.inf) <= 10
    print(f"{within.sum()} of {len(rows)} within 10 km; misses:{_misses(rows[~within])}")
    assert within.mean() >= 0.98, _misses(rows[~within])


def test_98_percent_within_10_km_where_the_point_is_geonames(seats):
    rows = seats[seats["list_lat"].notna()]
    circular = rows["geocode_source"].isin(OFFICIAL_SOURCES)
    print(f"{circular.sum()} of {len(rows)} rows placed at the official list's own point")
    assert circular.mean() <= 0.10
    independent = rows[~circular]
    within = independent["km"].fillna(np.inf) <= 10
    assert within.mean() >= 0.98, _misses(independent[~within])


def test_no_seat_is_placed_far_away(seats):
    # A miss may be an honest "ambiguous" (two seats of one name in a department), never
    # a point in the wrong place.
    placed = seats[seats["list_lat"].notna() & seats["latitude"].notna()]
    assert (placed["km"] <= 25).all(), _misses(placed[placed["km"] > 25])


def test_honduran_seats_are_found(seats):
    # No official points for Honduras: the name must be found, with its department.
    hn = seats[seats["pais"] == "Honduras"]
    found = hn["geocode_status"] == "matched"
    print(f"{found.sum()} of {len(hn)} Honduran seats found; not found:{_misses(hn[~found])}")
    assert found.mean() >= 0.75
    depts = hn.loc[found, "geocode_match"].str.split(", ").str[-2]
    assert (depts.map(_fold) == hn.loc[found, "departamento"].map(_fold)).all()


def test_the_four_towns_of_issue_13_are_in_the_list_and_placed(seats):
    named = seats[seats["regla"] == "named in issue 13"]["municipio"].tolist()
    rows = seats[seats["municipio"].isin(
        ["SARAVENA", "SAN VICENTE DEL CAGUÁN", "Pataz", "Catacamas"])]  # fmt: skip
    assert len(rows) == 4, named
    assert (rows["geocode_status"] == "matched").all()
    assert (rows["km"].dropna() <= 10).all()


def _fold(text: str) -> str:
    from geoinvest.gazetteer import fold

    return fold(text)
