"""The coordinate rule: decimal degrees, decimal commas, degrees-minutes-seconds."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geoinvest.coords import CoordinateError, parse_coordinate
from geoinvest.model import Origin
from geoinvest.rules import Checker, check_column
from geoinvest.schema import column


@pytest.mark.parametrize(
    ("cell", "axis", "expected"),
    [
        ("-12.05", "latitude", -12.05),
        ("-12,05", "latitude", -12.05),
        ("12°03'S", "latitude", -12.05),
        ("12º03′S", "latitude", -12.05),  # ordinal º and prime, as Spanish keyboards give
        ("77°02'30\"W", "longitude", -(77 + 2 / 60 + 30 / 3600)),
        ("77°02'30''O", "longitude", -(77 + 2 / 60 + 30 / 3600)),  # oeste
        ("12 3 0 S", "latitude", -12.05),
        ("-12° 3.5'", "latitude", -(12 + 3.5 / 60)),
        ("12°3,5'S", "latitude", -(12 + 3.5 / 60)),
        ("S 12.05", "latitude", -12.05),
        ("N12°", "latitude", 12.0),
        ("74°05'E", "longitude", 74 + 5 / 60),
        ("−11.60", "latitude", -11.6),  # a typographic minus
    ],
)
def test_cells_people_write_are_read(cell, axis, expected):
    assert parse_coordinate(cell, axis) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("cell", "axis", "why"),
    [
        ("12°03'W", "latitude", "has W, a hemisphere of longitude; latitude takes N or S"),
        ("12°03'N", "longitude", "has N, a hemisphere of latitude; longitude takes E, W or O"),
        ("-12°03'S", "latitude", "has both a minus sign and a hemisphere letter"),
        ("12°60'S", "latitude", "has minutes of 60 or more"),
        ("12°03'60\"S", "latitude", "has seconds of 60 or more"),
        ("12.5°3'", "latitude", "has decimals before its last number"),
        ("3'12°", "latitude", "has its degrees, minutes and seconds marks out of order"),
        ("12°03'S 77°02'W", "latitude", "holds two hemisphere letters"),
        ("12 grados", "latitude", "is not a coordinate"),
        ("", "latitude", "is not a coordinate"),
        ("1 2 3 4", "latitude", "is not a coordinate"),
    ],
)
def test_cells_that_are_not_coordinates_say_why(cell, axis, why):
    with pytest.raises(CoordinateError) as err:
        parse_coordinate(cell, axis)
    assert str(err.value).startswith(why)


def dms_text(value: float, axis: str) -> str:
    """``value`` as degrees, minutes and seconds text with a hemisphere letter."""
    letter = ("N", "S") if axis == "latitude" else ("E", "W")
    hemisphere = letter[value < 0]
    micro = round(abs(value) * 3600 * 10**6)  # millionths of a second of arc
    degrees, micro = divmod(micro, 3600 * 10**6)
    minutes, micro = divmod(micro, 60 * 10**6)
    seconds, micro = divmod(micro, 10**6)
    return f"{degrees}°{minutes:02d}'{seconds:02d}.{micro:06d}\"{hemisphere}"


@given(st.floats(-90, 90, allow_nan=False), st.sampled_from(["latitude", "longitude"]))
def test_decimal_to_dms_text_and_back_within_a_micro_degree(value, axis):
    text = dms_text(value, axis)
    assert math.isclose(parse_coordinate(text, axis), value, abs_tol=1e-6), text


@given(st.floats(-180, 180, allow_nan=False))
def test_decimal_comma_reads_as_the_decimal_point(value):
    text = f"{value:.6f}"
    assert parse_coordinate(text.replace(".", ","), "longitude") == float(text)


def test_the_rule_reads_plain_numbers_and_only_parses_the_rest():
    cells = pd.Series(["-12.05", "12°03'S", "-12,05", "", "abc", "95°N"], dtype="str")
    ck = Checker(Origin("f.csv"))
    values = check_column(ck, cells, column("latitude"))["latitude"]
    assert values.iloc[:3].tolist() == pytest.approx([-12.05, -12.05, -12.05])
    assert values.iloc[3:5].isna().all()
    assert [str(i) for i in ck.issues][1:] == [
        "f.csv row 6, column latitude: 'abc' is not a coordinate; "
        "write it as -12.05, -12,05 or 12°03'S",
        "f.csv row 7, column latitude: '95°N' is out of range (-90 to 90); "
        "check the value; latitude and longitude may be swapped",
    ]


def test_geocode_input_uses_the_same_rule():
    from geoinvest.given import check_given

    df = pd.DataFrame({"latitude": ["-12,05", "12°03'S"], "longitude": ["77°02'W", "-77,04"]})
    given_ = check_given(df)
    assert given_.issues == []
    assert given_.latitude.tolist() == pytest.approx([-12.05, -12.05])
    assert given_.longitude.tolist() == pytest.approx([-(77 + 2 / 60), -77.04])


def test_decimal_commas_next_to_infinite_cells():
    ck = Checker(Origin("f.csv"))
    cells = pd.Series(["-12,05", "inf", "+3,5", "1,2,3"], dtype="str")
    values = check_column(ck, cells, column("latitude"))["latitude"]
    assert values.iloc[[0, 2]].tolist() == [-12.05, 3.5]
    assert [(i.row, i.value, i.message) for i in ck.issues] == [
        (3, "inf", "is not a coordinate"),
        (5, "1,2,3", "has decimals before its last number"),
    ]
