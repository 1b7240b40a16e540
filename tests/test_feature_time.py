"""The [time] table: parse (defaults, every bad value a ConfigError naming file, key, fix)
and payload (which layers, the initial range in days)."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd
import pytest

from geoinvest import features
from geoinvest.errors import ConfigError
from geoinvest.features import time as tf
from geoinvest.model import Layer, LayerSpec, MapDefinition

WHERE = "maps/peru.toml"
IDS = ("mines", "protests", "kidnappings")


def layer(layer_id, kind, **columns):
    df = pd.DataFrame({"id": ["a", "b"], **columns})
    gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy([-75, -76], [-10, -11]), crs=4326)
    return Layer(LayerSpec(id=layer_id, kind=kind, path=None, title={"en": layer_id}), gdf)


DATES = pd.to_datetime(pd.Series(["1965-03-01", "2012-05-01"]))
LAYERS = [
    layer("mines", "site", start_year=pd.array([1990, None], "Int64")),
    layer("protests", "event", date=DATES),
    layer("kidnappings", "event", date=DATES),
]


def mapdef(options):
    return MapDefinition(
        id="peru", title={"en": "Peru"}, countries=("PE",), layers=IDS, features={"time": options}
    )


def test_registered():
    assert "time" in features.NAMES
    assert "time" in features.table_names()
    assert features.strings()["es"]["time_play"] == "Reproducir"
    assert set(tf.STRINGS["en"]) == set(tf.STRINGS["es"])
    assert all(key.startswith("time_") for key in tf.STRINGS["en"])


def test_defaults():
    options = tf.parse(None, WHERE, IDS)
    assert options == tf.TimeOptions()
    assert tf.payload(options, mapdef(options), LAYERS) == {
        "layers": ["protests", "kidnappings"],
        "sites": ["mines"],
        "start": None,
        "end": None,
        "step": "month",
        "play_seconds": 20.0,
    }


def test_table_values():
    table = {
        "layers": ["kidnappings"],
        "start": "1969-12",
        "end": "2011",
        "step": "year",
        "play_seconds": 8,
        "sites": "ignore",
    }
    options = tf.parse(table, WHERE, IDS)
    part = tf.payload(options, mapdef(options), LAYERS)
    assert part["layers"] == ["kidnappings"]
    assert part["sites"] == []
    # 1 December 1969 is a day before 1970 minus 30; the end of 2011 is its last day.
    assert part["start"] == -31
    assert part["end"] == (dt.date(2011, 12, 31) - dt.date(1970, 1, 1)).days
    assert part["step"] == "year" and part["play_seconds"] == 8.0


def test_toml_dates_and_days():
    options = tf.parse({"start": dt.date(1960, 2, 29), "end": "1960-02"}, WHERE, IDS)
    assert options.start == "1960-02-29"
    assert tf.first_day("1960-02-29") == tf.last_day("1960-02") == -3594
    assert tf.first_day("1970") == 0 and tf.last_day("1969") == -1


def test_none_when_disabled_or_no_dates():
    options = tf.parse({"enabled": False}, WHERE, IDS)
    assert tf.payload(options, mapdef(options), LAYERS) is None
    options = tf.parse(None, WHERE, IDS)
    assert tf.payload(options, mapdef(options), LAYERS[:1]) is None


def test_layer_without_dates_is_an_error():
    options = tf.parse({"layers": ["mines"]}, WHERE, IDS)
    with pytest.raises(ConfigError, match=r"\[time\] layers names 'mines', which has no date"):
        tf.payload(options, mapdef(options), LAYERS)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"stpe": "month"}, r"\[time\] has no key 'stpe'; use one of enabled, layers, start"),
        ({"layers": "protests"}, r"\[time\] layers must be a list of layer ids"),
        ({"layers": ["riots"]}, r"\[time\] layers names 'riots', which is not one of this map's"),
        ({"start": "15/03/2012"}, r'\[time\] start \'15/03/2012\' is not a date; write "YYYY"'),
        ({"end": "2012-13"}, r"\[time\] end '2012-13' is not a date"),
        ({"end": 2012}, r"\[time\] end 2012 is not a date; .* e.g. end = \"2011-06\""),
        ({"start": "2015", "end": "2011"}, r"\[time\] start '2015' is after end '2011'; swap"),
        ({"step": "decade"}, r"\[time\] step 'decade' is not one of day, week, month, year"),
        ({"play_seconds": 0}, r"\[time\] play_seconds must be a number of seconds from 1 to 600"),
        ({"play_seconds": True}, r"\[time\] play_seconds must be a number"),
        ({"sites": "all"}, r"\[time\] sites 'all' is not one of started, ignore"),
        ({"enabled": "yes"}, r"\[time\] enabled must be true or false"),
    ],
)
def test_bad_values(table, message):
    with pytest.raises(ConfigError, match=message) as err:
        tf.parse(table, WHERE, IDS)
    assert str(err.value).startswith(WHERE + ": ")


def test_not_a_table():
    with pytest.raises(ConfigError, match=r"maps/peru.toml: \[time\] must be a table"):
        tf.parse("month", WHERE, IDS)


def test_read_from_a_map_definition(tmp_path):
    from geoinvest.mapdef import read_map_definition

    path = tmp_path / "peru.toml"
    path.write_text(
        'title = { en = "Peru" }\ncountries = ["PE"]\nlayers = ["protests"]\n\n'
        '[time]\nstep = "week"\nstart = "2011"\n',
        encoding="utf-8",
    )
    md = read_map_definition(path, ["protests"])
    assert md.features["time"] == tf.TimeOptions(start="2011", step="week")
    path.write_text(
        'title = { en = "Peru" }\ncountries = ["PE"]\nlayers = ["protests"]\n\n'
        '[time]\nstep = "weekly"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"peru.toml: \[time\] step 'weekly'"):
        read_map_definition(path, ["protests"])
