"""Feature "base" (towns, rivers and lakes of the offline base): its table and payload."""

from __future__ import annotations

import base64
import zlib

import numpy as np
import pytest

from geoinvest import geography
from geoinvest.errors import ConfigError
from geoinvest.features import base
from geoinvest.mapdef import read_map_definition
from geoinvest.model import MapDefinition
from geoinvest.page import encode


def _mapdef(countries=("PE",), **options) -> MapDefinition:
    return MapDefinition(
        id="m",
        countries=countries,
        layers=(),
        title={"en": "M"},
        features={"base": base.Options(**options)},
    )


def test_defaults_when_no_table():
    assert base.parse(None, "maps/m.toml", ()) == base.Options(towns=True, rivers=True)


def test_table_is_read_from_a_map_definition(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text(
        'title = "M"\ncountries = ["PE"]\nlayers = ["mines"]\n[base]\ntowns = false\n',
        encoding="utf-8",
    )
    mapdef = read_map_definition(path, ["mines"])
    assert mapdef.features["base"] == base.Options(towns=False, rivers=True)


def test_misspelt_key_names_file_and_suggests():
    with pytest.raises(ConfigError) as err:
        base.parse({"town": True}, "maps/peru.toml", ())
    assert str(err.value) == (
        "maps/peru.toml: [base]: unknown key 'town'; did you mean 'towns'? "
        "[base] can have: towns, rivers"
    )


def test_non_boolean_names_key_and_fix():
    with pytest.raises(ConfigError) as err:
        base.parse({"rivers": "yes"}, "maps/peru.toml", ())
    assert str(err.value) == (
        "maps/peru.toml: [base] rivers: 'yes' is not true or false; "
        "write rivers = true or rivers = false"
    )


def test_not_a_table():
    with pytest.raises(ConfigError, match=r"maps/peru.toml: \[base\] must be a table"):
        base.parse(True, "maps/peru.toml", ())


def test_min_zoom_by_population_and_seat():
    zoom = base.min_zoom(np.array([7_000_000, 1_000_000, 333_334, 111_112, 0, 0]),
                         np.array([1, 0, 1, 0, 1, 0]))  # fmt: skip
    assert zoom.tolist() == [20, 20, 24, 28, 40, 44]


def _towns(part: dict) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    names = zlib.decompress(base64.b64decode(part["names"])).decode("utf-8").split("\n")
    lon, lat = encode.decode_coordinates(part["xy"])
    return names, lon, lat, encode.unb64(part["zoom"], "<u1")


def test_towns_of_the_map_countries_larger_first():
    part = base.payload(None, _mapdef(("PE", "HN")), [])["towns"]
    want = geography.towns(("PE", "HN"))
    names, lon, lat, zoom = _towns(part)
    assert part["n"] == len(want) == len(names) > 2000
    assert names == want["name"].tolist()
    assert np.allclose(lon, want["longitude"], atol=1e-6)
    assert np.allclose(lat, want["latitude"], atol=1e-6)
    assert zoom.tolist() == base.min_zoom(want["population"], want["seat"]).tolist()
    assert set(geography.towns(("PE", "HN"))["country"]) == {"PE", "HN"}
    # Larger first within each country; Lima is Peru's first and gets a label from zoom 5.
    assert names.index("Lima") < names.index("Arequipa") < names.index("Iquitos")
    assert zoom[names.index("Lima")] == 20


def _shapes(part: dict):
    lon, lat = encode.decode_coordinates(part["xy"])
    parts = encode.unb64(part["parts"], "<i4")
    groups = encode.unb64(part["groups"], "<i4")
    rank = encode.unb64(part["rank"], "<u1")
    return lon, lat, parts, groups, rank


def test_rivers_and_lakes_around_the_map_countries():
    part = base.payload(None, _mapdef(("PE",)), [])
    west, south, east, north = geography.country_outlines("PE").total_bounds
    pad = base.PAD_DEGREES
    for key in ("rivers", "lakes"):
        lon, lat, parts, groups, rank = _shapes(part[key])
        assert parts[0] == 0 and parts[-1] == len(lon)
        assert groups[0] == 0 and groups[-1] == len(parts) - 1
        assert len(rank) == len(groups) - 1
        assert (lon >= west - pad - 1e-9).all() and (lon <= east + pad + 1e-9).all()
        assert (lat >= south - pad - 1e-9).all() and (lat <= north + pad + 1e-9).all()
    rivers = geography.rivers("river", (west - pad, south - pad, east + pad, north + pad))
    assert {"Amazonas", "Ucayali", "Marañón", "Huallaga"} <= set(rivers["name"])
    # Lake Titicaca: a lake of rank 1 with a vertex near Puno.
    lon, lat, parts, groups, rank = _shapes(part["lakes"])
    assert 1 in rank.tolist()
    assert (np.hypot(lon + 69.6, lat + 15.8) < 0.6).any()


def test_options_turn_parts_off():
    assert "towns" not in base.payload(base.Options(towns=False), _mapdef(), [])
    assert "rivers" not in base.payload(base.Options(rivers=False), _mapdef(), [])
    assert base.payload(base.Options(towns=False, rivers=False), _mapdef(), []) is None


def test_payload_is_deterministic():
    import json

    one = json.dumps(base.payload(None, _mapdef(("PE", "CO", "HN")), []), sort_keys=True)
    assert one == json.dumps(base.payload(None, _mapdef(("PE", "CO", "HN")), []), sort_keys=True)
