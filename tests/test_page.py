"""The rendered page without a browser: self-contained, deterministic, escaped, round-trips."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from browser.pagedata import csv_layer, fixture_layers, fixture_mapdef
from hypothesis import given, settings
from hypothesis import strategies as st

from geoinvest.errors import ConfigError, DataError
from geoinvest.model import Layer, LayerSpec
from geoinvest.page import payload as payload_module
from geoinvest.page import read_page, read_payload, render_page
from geoinvest.page.encode import CHUNK_ROWS, Base64, decode_column, encode_column
from geoinvest.page.payload import iter_json, to_json

DATA = Path(__file__).parent / "data" / "page"
EXTERNAL = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=", re.I)


@pytest.fixture(scope="module")
def page() -> str:
    return render_page(fixture_mapdef(), fixture_layers(), base=None)


@pytest.fixture(scope="module")
def frames(page) -> dict[str, pd.DataFrame]:
    return read_page(page)


def test_inline_page_loads_nothing_from_outside(page):
    assert EXTERNAL.findall(page) == []
    assert "Leaflet 1.9.4" in page and "BSD-2-Clause" in page
    assert "Copyright (c) 2010-2011, CloudMade" in page
    assert "url(images/" not in page  # Leaflet's images are data URIs


def test_cdn_page_loads_leaflet_from_a_versioned_cdn_and_keeps_its_own_code_inline():
    html = render_page(fixture_mapdef(), fixture_layers(), assets="cdn")
    tags = EXTERNAL.findall(html)
    assert len(tags) == 2
    assert 'src="https://unpkg.com/leaflet@1.9.4/dist/leaflet.js"' in html
    assert 'href="https://unpkg.com/leaflet@1.9.4/dist/leaflet.css"' in html
    assert 'integrity="sha256-' in html
    assert "geoinvest.mount(" in html and "PointsRenderer" in html
    assert "BSD-2-Clause" not in html


def test_unknown_assets_mode_is_a_config_error():
    with pytest.raises(ConfigError, match="inline, cdn"):
        render_page(fixture_mapdef(), fixture_layers(), assets="local")


def test_two_renders_are_byte_identical(page):
    assert render_page(fixture_mapdef(), fixture_layers(), base=None) == page


def test_ids_come_from_content(page):
    other = render_page(fixture_mapdef(id="other"), fixture_layers(), base=None)
    ids = set(re.findall(r'data-gi-map="(map_[^"]+)"', page))
    assert len(ids) == 1
    assert ids.isdisjoint(re.findall(r'data-gi-map="(map_[^"]+)"', other))
    assert re.search(r"\b(id|class)=\"[^\"]*[0-9a-f]{32}", page) is None  # no folium uuids


def test_stamp_only_when_asked(page):
    assert "generator-stamp" not in page
    stamped = render_page(fixture_mapdef(), fixture_layers(), stamp="2026-11-30T12:00Z")
    assert '<meta name="generator-stamp" content="2026-11-30T12:00Z">' in stamped


def test_read_page_returns_each_layer_with_its_rows(frames):
    assert list(frames) == ["sites", "events"]
    sites = pd.read_csv(DATA / "sites.csv", index_col=False)
    assert frames["sites"]["id"].tolist() == sites["id"].tolist()
    assert frames["sites"]["latitude"].tolist() == sites["latitude"].tolist()
    assert frames["sites"]["longitude"].tolist() == sites["longitude"].tolist()
    assert frames["sites"]["precision"].tolist() == sites["precision"].tolist()


def test_read_page_round_trips_values(frames):
    sites = frames["sites"].set_index("id")
    events = frames["events"].set_index("id")
    assert sites.loc["hn-patuca3", "notes"] == "Built by Sinohydro; ñandú test «quotes» 中文."
    assert sites.loc["hn-patuca3", "capacity_mw"] == 104.0
    assert np.isnan(sites.loc["co-ambeima", "investment_usd"])
    assert sites.loc["co-ambeima", "notes"] is None
    assert sites.loc["pe-toromocho", "investment_usd"] == 3.5e9
    assert events.loc["pe-1965-event", "date"] == pd.Timestamp("1965-03-01")
    assert events.loc["co-2011-kidnap", "date"] == pd.Timestamp("2011-06-08")
    assert events.loc["pe-2012-protest", "site_id"] == "pe-toromocho"
    assert events.loc["co-2011-kidnap", "site_id"] is None


def test_page_holds_exactly_the_layer_rows(frames):
    for layer in fixture_layers():
        got = frames[layer.id]
        assert len(got) == len(layer.gdf)
        for name in ("name", "sources", "owners", "perpetrator"):
            if name in layer.gdf:
                want = layer.gdf[name].astype(object).where(layer.gdf[name].notna(), None)
                assert got[name].tolist() == want.tolist()


def test_site_ids_resolve_to_rows_of_site_layers(page):
    payload = read_payload(page)
    assert payload["sites"] == {"pe-toromocho": [0, 0], "pe-marcona": [0, 1], "hn-patuca3": [0, 2]}


def test_script_breakout_in_data_stays_inside_the_json(tmp_path):
    path = tmp_path / "evil.csv"
    text = (DATA / "sites.csv").read_text(encoding="utf-8")
    evil = "</script><script>window.__xss=1</script><!--"
    path.write_text(text.replace("Toromocho,PE", f'"{evil}",PE', 1), encoding="utf-8")
    layer = csv_layer(path, "sites", "site")
    title = {"en": "</script><script>alert(1)</script> & {{ 7*7 }} {% if 1 %}x{% endif %}"}
    html = render_page(fixture_mapdef(title=title, layers=("sites",)), [layer])
    assert html.count("<script") == html.count("</script>")
    assert "{{ 7*7 }}" in html and "49" not in re.findall(r"<title>(.*)</title>", html)[0]
    assert "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in html
    assert read_page(html)["sites"]["name"][0] == evil
    assert read_payload(html)["title"]["en"] == title["en"]


def test_json_guard_leaves_no_angle_bracket():
    text = to_json({"a": "</script><!-- <b>", "b": ["<"]})
    assert "<" not in text
    assert json.loads(text) == {"a": "</script><!-- <b>", "b": ["<"]}


def test_json_in_pieces_is_the_json_of_the_whole(monkeypatch):
    monkeypatch.setattr(payload_module, "_SPLIT_CHARS", 10)  # split even small lists
    value = {
        "chunks": ["eJx" * 5, "</script>", "x" * 8, Base64("eJw+/=")],
        "data": Base64("AAECAw=="),
        "values": [None, "a<b", 1.5, True],
        "layers": [{"n": 3, "columns": [{"enc": "text", "chunks": ["ab", "cd"]}]}, {}],
        "empty": [],
        "nested": [[1, 2], ["é", "<!--"]],
    }
    pieces = list(iter_json(value))
    whole = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    assert "".join(pieces) == whole.replace("<", "\\u003c")
    assert '"eJxeJxeJxeJxeJx"' in pieces  # a long list of text goes out one string at a time
    with pytest.raises(ValueError):
        "".join(iter_json({"x": float("nan")}))


def test_unknown_basemap_lists_the_choices():
    with pytest.raises(ConfigError, match="xyzservices name"):
        render_page(fixture_mapdef(basemaps=("No.Such",)), fixture_layers())


def test_rows_without_a_point_are_an_error_not_dropped():
    layer = fixture_layers()[0]
    gdf = layer.gdf.copy()
    gdf.loc[1, "geometry"] = None
    with pytest.raises(DataError, match="1 row"):
        render_page(fixture_mapdef(layers=("sites",)), [Layer(layer.spec, gdf)])


def test_empty_layer_renders():
    layer = fixture_layers()[0]
    empty = Layer(layer.spec, layer.gdf.iloc[0:0])
    frames = read_page(render_page(fixture_mapdef(layers=("sites",)), [empty]))
    assert len(frames["sites"]) == 0


def test_dates_before_1970_and_missing():
    dates = pd.Series(
        pd.to_datetime(["1901-12-31", None, "1969-12-31", "1970-01-01", "2038-02-01"])
    )
    back = decode_column(encode_column(dates), len(dates))
    assert back.tolist()[0] == pd.Timestamp("1901-12-31")
    assert pd.isna(back[1])
    assert back[2:].tolist() == dates[2:].tolist()


def test_repeated_strings_are_dictionary_encoded_and_unique_ones_chunked():
    repeated = pd.Series(["PE", "CO", None, "HN"] * 1000)
    unique = pd.Series([f"row {i}" for i in range(CHUNK_ROWS + 5)])
    assert encode_column(repeated)["enc"] == "dict"
    enc = encode_column(unique)
    assert enc["enc"] == "text" and len(enc["chunks"]) == 2
    assert decode_column(enc, len(unique)).tolist() == unique.tolist()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text()), min_size=0, max_size=300))
def test_strings_round_trip(values):
    series = pd.Series(values, dtype=object)
    back = decode_column(encode_column(series), len(series))
    assert back.tolist() == values


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)), max_size=300))
def test_numbers_round_trip(values):
    series = pd.Series([np.nan if v is None else v for v in values], dtype="float64")
    back = decode_column(encode_column(series), len(series))
    np.testing.assert_array_equal(back.to_numpy(), series.to_numpy())


def test_integer_columns_with_missing_values():
    series = pd.Series([1, None, 3], dtype="Int64")
    back = decode_column(encode_column(series), 3)
    assert back[0] == 1 and np.isnan(back[1]) and back[2] == 3


def test_payload_coordinates_are_microdegrees():
    spec = LayerSpec(id="one", title={"en": "One"}, kind="site", path=Path("one.csv"))
    gdf = gpd.GeoDataFrame(
        {"id": ["a"], "name": ["A"], "precision": [2]},
        geometry=gpd.points_from_xy([-75.1234567], [-12.0000004]),
        crs="EPSG:4326",
    )
    frames = read_page(render_page(fixture_mapdef(layers=("one",)), [Layer(spec, gdf)]))
    assert frames["one"]["longitude"][0] == -75.123457
    assert frames["one"]["latitude"][0] == -12.0


def test_dates_outside_the_nanosecond_range():
    dates = pd.Series(np.array(["1500-06-01", "2500-01-01"], dtype="datetime64[s]"))
    back = decode_column(encode_column(dates), 2)
    assert back.to_numpy().astype("datetime64[D]").astype(str).tolist() == [
        "1500-06-01",
        "2500-01-01",
    ]


def test_without_geography_the_view_falls_back_to_country_boxes(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "geoinvest.geography", None)
    payload = read_payload(render_page(fixture_mapdef(countries=("PE",)), fixture_layers()))
    assert payload["base"] is None
    assert payload["bounds"] == [[-18.35, -81.33], [-0.04, -68.65]]


def test_projected_layers_are_drawn_in_degrees():
    layer = fixture_layers()[0]
    projected = Layer(layer.spec, layer.gdf.to_crs(3857))
    frames = read_page(render_page(fixture_mapdef(layers=("sites",)), [projected]))
    assert frames["sites"]["longitude"].round(4).tolist() == layer.gdf["longitude"].tolist()


def test_basemaps_carry_url_templates_and_safe_attribution_parts():
    mapdef = fixture_mapdef(basemap="CartoDB.Positron", basemaps=("OpenStreetMap.Mapnik",))
    payload = read_payload(render_page(mapdef, fixture_layers()))
    assert payload["basemap"] == "CartoDB.Positron"
    names = [b["name"] for b in payload["basemaps"]]
    assert names == ["CartoDB.Positron", "OpenStreetMap.Mapnik"]
    osm = payload["basemaps"][1]
    assert osm["url"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert ["OpenStreetMap", "https://www.openstreetmap.org/copyright"] in osm["attribution"]
    assert all("<" not in text for text, _ in osm["attribution"])


def test_neighbouring_countries_are_drawn_as_context_not_as_the_map():
    from geoinvest.project import Project

    repo = Path(__file__).parent.parent
    store = Project(repo)
    mapdef = store.read_map(repo / "maps" / "colombia.toml")
    from geoinvest.build import render_map

    payload = read_payload(render_map(mapdef, store.load_layers(mapdef.layers)))
    context = {f["properties"]["country"] for f in payload["base"]["context"]["features"]}
    outlines = {f["properties"]["country"] for f in payload["base"]["outlines"]["features"]}
    assert outlines == {"CO"}
    assert {"VE", "EC", "PE", "BR", "PA"} <= context
    assert "CO" not in context
