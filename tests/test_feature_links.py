"""The links feature: [links] options, and the site-to-incident links it puts in the page."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from geoinvest.errors import ConfigError
from geoinvest.features import links
from geoinvest.mapdef import read_map_definition
from geoinvest.model import Layer, LayerSpec, MapDefinition
from geoinvest.page import encode, read_payload, render_page
from geoinvest.project import Project

sys.path.insert(0, str(Path(__file__).parent / "browser"))
from pagedata import fixture_layers, fixture_mapdef  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("sites", "events")
WHERE = "maps/test.toml"


def haversine(lon1, lat1, lon2, lat2) -> float:
    """Great-circle km, one pair at a time (math, not numpy): the reference."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def decoded(part: dict) -> dict:
    return {
        "offsets": encode.unb64(part["offsets"], "<u4").tolist(),
        "pairs": encode.unb64(part["pairs"], "<u4").reshape(-1, 2).tolist(),
        "via": encode.unb64(part["via"], "u1").tolist(),
        "km10": encode.unb64(part["km10"], "<u2").tolist(),
        "near_counts": None
        if part["near_counts"] is None
        else encode.unb64(part["near_counts"], "<u4").tolist(),
    }


def point_layer(layer_id: str, kind: str, lon, lat, **columns) -> Layer:
    n = len(lon)
    data = {
        "id": [f"{layer_id}-{k}" for k in range(n)],
        "name": [f"{layer_id} {k}" for k in range(n)],
    }
    data.update(columns)
    df = pd.DataFrame({**data, "latitude": lat, "longitude": lon})
    gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    spec = LayerSpec(id=layer_id, kind=kind, path=Path(f"{layer_id}.csv"), title={"en": layer_id})
    return Layer(spec, gdf)


# ---- parse


def test_no_table_means_off_and_no_payload():
    options = links.parse(None, WHERE, LAYERS)
    assert options == links.LinkOptions(enabled=False)
    assert links.payload(options, fixture_mapdef(), fixture_layers()) is None


def test_defaults_and_values():
    assert links.parse({}, WHERE, LAYERS) == links.LinkOptions(enabled=True)
    table = {"within_km": 2.5, "layers": ["events"], "show": 3, "nearest": 7}
    options = links.parse(table, WHERE, LAYERS)
    assert options == links.LinkOptions(True, 2.5, ("events",), 3, 7)
    assert links.parse({"within_km": 10}, WHERE, LAYERS).within_km == 10.0


@pytest.mark.parametrize("value", ["10", 0, -1, 1001, True, [10]])
def test_bad_distance(value):
    with pytest.raises(ConfigError) as err:
        links.parse({"within_km": value}, WHERE, LAYERS)
    message = str(err.value)
    assert message.startswith(f"{WHERE}: [links] within_km: {value!r} is not a distance")
    assert "e.g. within_km = 10" in message


def test_unknown_key_suggests_the_right_one():
    with pytest.raises(ConfigError) as err:
        links.parse({"within": 10}, WHERE, LAYERS)
    assert str(err.value) == (
        f"{WHERE}: [links]: unknown key 'within'; did you mean 'within_km'? "
        "[links] can have: within_km, layers, show, nearest"
    )


def test_bad_layers():
    with pytest.raises(ConfigError) as err:
        links.parse({"layers": "events"}, WHERE, LAYERS)
    assert "layers must be a list of event layer ids" in str(err.value)
    with pytest.raises(ConfigError) as err:
        links.parse({"layers": ["events", "protest"]}, WHERE, LAYERS)
    assert str(err.value) == (
        f"{WHERE}: [links] layers: unknown layer 'protest'; this map's layers are: sites, events"
    )


def test_a_site_layer_is_not_an_incident_layer():
    options = links.parse({"layers": ["sites"]}, WHERE, LAYERS)
    mapdef = fixture_mapdef(path=Path(WHERE))
    with pytest.raises(ConfigError) as err:
        links.payload(options, mapdef, fixture_layers())
    assert str(err.value).startswith(f"{WHERE}: [links] layers: 'sites' is a site layer;")


@pytest.mark.parametrize("value", [0, 101, 2.5, "10"])
def test_bad_show(value):
    with pytest.raises(ConfigError, match=r"\[links\] show: .* is not a whole number from 1"):
        links.parse({"show": value}, WHERE, LAYERS)


@pytest.mark.parametrize("value", [0, 1001, 2.5, True])
def test_bad_nearest(value):
    with pytest.raises(ConfigError, match=r"\[links\] nearest: .* is not a whole number from 1"):
        links.parse({"nearest": value}, WHERE, LAYERS)


def test_map_definition_reads_the_table(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text(
        'title = "M"\ncountries = ["PE"]\nlayers = ["sites", "events"]\n\n[links]\nwithin_km = 5\n',
        encoding="utf-8",
    )
    mapdef = read_map_definition(path, ["sites", "events"])
    assert mapdef.features["links"] == links.LinkOptions(True, 5.0, None, 10, 50)
    path.write_text(path.read_text().replace("5\n", "'far'\n"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"m\.toml: \[links\] within_km: 'far'"):
        read_map_definition(path, ["sites", "events"])


def test_bundled_maps_link_sites():
    for mapdef in Project(ROOT).map_definitions():
        assert mapdef.features["links"].enabled, mapdef.id


def test_strings_are_translated_and_prefixed():
    assert set(links.STRINGS["en"]) == set(links.STRINGS["es"])
    assert all(key.startswith("links_") for key in links.STRINGS["en"])
    assert links.STRINGS["es"]["links_site_incidents"] == "Incidentes en este sitio ({n})"


# ---- payload


def test_site_id_links_of_the_fixture():
    layers = fixture_layers()
    part = links.payload(links.parse({}, WHERE, LAYERS), fixture_mapdef(), layers)
    head = [part[k] for k in ("sites", "events", "within_km", "show", "nearest", "near_counts")]
    assert head == [[0], [1], None, 10, 50, None]
    got = decoded(part)
    # Sites rows 0..3: pe-toromocho <- event 1, pe-marcona <- event 2, hn-patuca3 <- event 3.
    assert got["offsets"] == [0, 1, 2, 3, 3]
    assert got["pairs"] == [[1, 1], [1, 2], [1, 3]]
    assert got["via"] == [1, 1, 1]
    sites, events = (layer.gdf for layer in layers)
    want = [
        round(10 * haversine(s.longitude, s.latitude, e.longitude, e.latitude))
        for s, e in ((sites.iloc[0], events.iloc[1]), (sites.iloc[1], events.iloc[2]))
    ]
    assert got["km10"][:2] == want == [0, 0]
    assert got["km10"][2] == round(10 * haversine(-85.85, 14.62, -85.84, 14.63))


def random_layers(seed: int, n_sites: int, n_events: int) -> list[Layer]:
    rng = np.random.default_rng(seed)
    slon, slat = -76 + rng.random(n_sites) * 0.6, -12 + rng.random(n_sites) * 0.6
    elon, elat = -76 + rng.random(n_events) * 0.6, -12 + rng.random(n_events) * 0.6
    # Some events sit exactly on a site, some name a site, one names a site not on the map.
    elon[:5], elat[:5] = slon[:5], slat[:5]
    site_id = [None] * n_events
    site_id[7], site_id[8], site_id[9] = "a-3", "a-3", "nowhere"
    return [
        point_layer("a", "site", slon, slat),
        point_layer("b", "event", elon, elat, site_id=site_id),
        point_layer("c", "event", elon[::-1].copy(), elat[::-1].copy()),
    ]


@pytest.mark.parametrize("km", [1.0, 5.0, 12.5])
def test_within_km_matches_a_haversine_computation(km):
    layers = random_layers(3, 40, 120)
    mapdef = MapDefinition(id="r", title={"en": "R"}, countries=("PE",), layers=("a", "b", "c"))
    options = links.parse({"within_km": km}, WHERE, ("a", "b", "c"))
    got = decoded(links.payload(options, mapdef, layers))
    sites = layers[0].gdf
    slon, slat = sites.longitude.tolist(), sites.latitude.tolist()
    expected = {}
    for s in range(len(sites)):
        rows = []
        for number in (1, 2):
            events = layers[number].gdf
            names = events["site_id"].tolist() if "site_id" in events else [None] * len(events)
            for e, (lon, lat) in enumerate(zip(events.longitude, events.latitude, strict=True)):
                d = haversine(slon[s], slat[s], lon, lat)
                by_id = names[e] == f"a-{s}"
                if d <= km or by_id:
                    rows.append((not by_id, d, number, e, 1 * by_id + 2 * (d <= km)))
        expected[s] = sorted(rows)
    assert sum(len(v) for v in expected.values()) >= 16  # the test has something to find
    for s in range(len(sites)):
        start, end = got["offsets"][s], got["offsets"][s + 1]
        assert got["pairs"][start:end] == [[r[2], r[3]] for r in expected[s]], s
        assert got["via"][start:end] == [r[4] for r in expected[s]], s
        assert got["km10"][start:end] == [round(10 * r[1]) for r in expected[s]], s
        assert got["near_counts"][s] == sum(r[4] == 2 for r in expected[s]), s
    # nearest = 1: each site keeps its nearest incident linked only by distance.
    options = links.parse({"within_km": km, "nearest": 1}, WHERE, ("a", "b", "c"))
    cut = decoded(links.payload(options, mapdef, layers))
    assert cut["near_counts"] == got["near_counts"]
    assert max(got["near_counts"]) > 1  # some site lists fewer than it has
    for s in range(len(sites)):
        kept = [r for r in expected[s] if r[4] != 2] + [r for r in expected[s] if r[4] == 2][:1]
        start, end = cut["offsets"][s], cut["offsets"][s + 1]
        assert cut["pairs"][start:end] == [[r[2], r[3]] for r in sorted(kept)], s
    assert expected[3][0][4] in (1, 3)  # a-3 is named by events 7 and 8: listed first
    assert [r[3] for r in expected[3][:2]] == [7, 8]


def test_only_the_chosen_layers_are_linked():
    layers = random_layers(3, 40, 120)
    mapdef = MapDefinition(id="r", title={"en": "R"}, countries=("PE",), layers=("a", "b", "c"))
    options = links.parse({"within_km": 5, "layers": ["c"]}, WHERE, ("a", "b", "c"))
    part = links.payload(options, mapdef, layers)
    assert part["events"] == [2]
    assert {pair[0] for pair in decoded(part)["pairs"]} == {2}


def test_no_sites_or_no_links():
    layers = random_layers(3, 5, 10)
    mapdef = MapDefinition(id="r", title={"en": "R"}, countries=("PE",), layers=("b",))
    part = links.payload(links.parse({"within_km": 1}, WHERE, ("b",)), mapdef, [layers[1]])
    assert decoded(part) == {
        "offsets": [0],
        "pairs": [],
        "via": [],
        "km10": [],
        "near_counts": [],
    }
    part = links.payload(links.parse({}, WHERE, ("a", "c")), mapdef, [layers[0], layers[2]])
    assert decoded(part)["offsets"] == [0] * 6


def test_the_page_carries_links_and_rebuilds_byte_identical():
    mapdef = fixture_mapdef(features={"links": links.parse({"within_km": 50}, WHERE, LAYERS)})
    first = render_page(mapdef, fixture_layers())
    assert first == render_page(mapdef, fixture_layers())
    part = read_payload(first)["features"]["links"]
    assert part["within_km"] == 50
    assert decoded(part)["via"] == [3, 3, 3]
    assert 'feature("links"' in first  # the script and style are inlined
    assert ".gi-popup .gi-links-list {" in first
