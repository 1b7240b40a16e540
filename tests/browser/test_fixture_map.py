"""The tiny fixture map in Chromium: offline, counts, toggles, popups, tooltips, precision."""

from __future__ import annotations

import zlib

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pagechecks import check_popup, check_toggles, open_popup, record_selector, wait_text
from pagedata import fixture_layers, fixture_mapdef, synthetic_layers

from geoinvest.model import Layer
from geoinvest.page import read_page, render_page
from geoinvest.page.assets import CDN, leaflet_dir
from geoinvest.schema import PRECISION

pytestmark = pytest.mark.browser
LEAFLET = leaflet_dir()


@pytest.fixture(scope="module")
def fixture_html(tmp_path_factory):
    html = render_page(fixture_mapdef(), fixture_layers())
    path = tmp_path_factory.mktemp("page") / "fixture.html"
    path.write_text(html, encoding="utf-8")
    return path, read_page(html)


@pytest.fixture
def mp(open_map, fixture_html):
    return open_map(fixture_html[0])


def test_loads_offline_without_errors(mp):
    assert mp.errors == []
    assert mp.blocked == []
    assert mp.eval("performance.getEntriesByName('geoinvest:first-draw').length") == 1
    assert mp.page.locator(".gi-title-text").text_content() == "Fixture map"
    mp.screenshot("fixture")


def test_every_row_is_drawn_and_each_layer_toggles(mp, fixture_html):
    frames = fixture_html[1]
    expected = {k: len(v) for k, v in frames.items()}
    assert mp.api("counts()") == expected
    counts = mp.page.locator(".gi-panel .gi-count").all_text_contents()
    assert counts == [str(n) for n in expected.values()]
    check_toggles(mp, expected)


def test_each_marker_opens_its_popup(mp, fixture_html):
    frames = fixture_html[1]
    for layer_id, frame in frames.items():
        for row in range(len(frame)):
            mp.page.locator(".gi-reset").click()
            mp.page.wait_for_timeout(300)
            check_popup(mp, frame, layer_id, row)
    assert mp.eval("performance.getEntriesByName('geoinvest:popup').length") >= 8
    assert mp.errors == []


def test_popup_formats_fields(mp):
    shown = open_popup(mp, "events", 0)
    assert shown["fields"]["date"] == "June 8, 2011"  # Intl, in the page's language
    assert shown["fields"]["precision"] == f"3: {PRECISION[3]}"
    assert "site_id" not in shown["fields"]  # empty values are skipped
    mp.page.locator(".gi-reset").click()
    shown = open_popup(mp, "events", 2)
    assert shown["fields"]["date"] == "1965"
    assert shown["fields"]["site_id"] == "Shougang Hierro Perú (pe-marcona)"
    assert shown["links"] == []  # its source URL is javascript:, shown as text only
    assert shown["sources"] == ['Archive, "Huelga minera", 1965, javascript:alert(1)']
    mp.page.locator(".gi-reset").click()
    shown = open_popup(mp, "events", 3)
    assert shown["fields"]["date"] == "week of March 1, 2013"
    mp.page.locator(".gi-reset").click()
    shown = open_popup(mp, "sites", 1)
    assert shown["fields"]["owners"] == "Shougang Group (CN) 98.5%Minority holders (PE) 1.5%"
    assert mp.page.locator(record_selector("sites", 1) + " .gi-owner").count() == 2
    assert shown["fields"]["investment_usd"] == "120,000,000"


def test_points_at_the_same_spot_are_listed_together(mp):
    point = mp.api("pixelOf('sites', 0)")
    mp.click_at(point["x"], point["y"])
    mp.page.locator(".gi-popup .gi-popup-count").wait_for()
    assert mp.page.locator(".gi-popup .gi-popup-count").text_content() == "2 points at this spot"
    assert mp.page.locator(".gi-popup .gi-record").count() == 2


def test_hover_shows_the_name(mp):
    point = mp.api("pixelOf('sites', 2)")
    mp.hover_at(point["x"], point["y"])
    name = "Patuca III (Piedras Amarillas)"
    assert wait_text(mp, ".gi-tooltip .gi-tooltip-name", name) == name


def test_hide_approximate_locations(mp, fixture_html):
    frames = fixture_html[1]
    mp.page.get_by_label("Hide approximate locations").check()
    mp.page.wait_for_timeout(150)
    exact = {k: int((v["precision"] <= 2).sum()) for k, v in frames.items()}
    assert mp.api("counts()") == exact
    mp.page.get_by_label("Hide approximate locations").uncheck()
    mp.page.wait_for_timeout(150)
    assert mp.api("counts()") == {k: len(v) for k, v in frames.items()}


def test_tile_basemap_falls_back_to_the_vector_base(mp, fixture_html):
    mp.page.locator(".gi-panel summary", has_text="Base map").click()
    mp.page.get_by_label("OpenStreetMap Mapnik").check()
    mp.page.wait_for_timeout(500)
    assert any("tile.openstreetmap.org" in url for url in mp.blocked)
    assert mp.api("counts()") == {k: len(v) for k, v in fixture_html[1].items()}
    assert "OpenStreetMap" in mp.page.locator(".gi-attribution").text_content()
    mp.screenshot("fixture-tiles-offline")


def test_cluster_click_zooms_in(open_map, tmp_path):
    layers = synthetic_layers(3000)
    mapdef = fixture_mapdef(cluster="always", layers=tuple(x.id for x in layers))
    html = render_page(mapdef, layers)
    path = tmp_path / "clustered.html"
    path.write_text(html, encoding="utf-8")
    mp = open_map(path)
    clusters = mp.api("clusters('synthetic_sites')")
    assert clusters, "cluster='always' should draw clusters at this zoom"
    singles = mp.api("singles('synthetic_sites', 5000)")
    assert sum(c["count"] for c in clusters) + len(singles) == 900
    zoom = mp.api("zoom()")
    mp.click_at(clusters[0]["x"], clusters[0]["y"])
    mp.wait_drawn(zoom)
    assert mp.api("zoom()") > zoom
    assert mp.errors == []


def test_spanish_map_uses_the_spanish_table(open_map, tmp_path):
    html = render_page(fixture_mapdef(language="es"), fixture_layers())
    path = tmp_path / "es.html"
    path.write_text(html, encoding="utf-8")
    mp = open_map(path)
    assert mp.page.locator(".gi-title-text").text_content() == "Mapa de prueba"
    headings = mp.page.locator(".gi-panel summary").all_text_contents()
    assert headings == ["Capas", "Precisión de la ubicación", "Mapa base"]
    assert mp.page.locator(".gi-layer-title").all_text_contents() == [
        "Minas y represas",
        "Incidentes",
    ]
    mp.page.locator(".gi-reset").click()
    point = mp.api("pixelOf('events', 1)")
    mp.click_at(point["x"], point["y"])
    record = mp.page.locator(record_selector("events", 1))
    record.wait_for()
    assert record.locator('[data-gi-field="date"] dt').text_content() == "Fecha"
    assert record.locator('[data-gi-field="date"] dd').text_content() == "mayo de 2012"
    assert mp.errors == []


def test_layer_toggles_are_keyboard_reachable(mp, fixture_html):
    expected = {k: len(v) for k, v in fixture_html[1].items()}
    for _ in range(25):
        mp.page.keyboard.press("Tab")
        if mp.eval("document.activeElement.matches('input.gi-toggle')"):
            break
    layer_id = mp.eval("document.activeElement.dataset.giLayer")
    assert layer_id == "sites"
    mp.page.keyboard.press("Space")
    mp.page.wait_for_timeout(150)
    assert mp.api("counts()") == {**expected, "sites": 0}
    mp.page.keyboard.press("Space")
    mp.page.wait_for_timeout(150)
    assert mp.api("counts()") == expected


def test_cluster_of_one_spot_lists_its_points(open_map, tmp_path):
    layer = fixture_layers()[0]
    gdf = layer.gdf.copy()
    gdf["geometry"] = gdf.geometry.iloc[0]  # every site at Toromocho
    html = render_page(
        fixture_mapdef(cluster="always", layers=("sites",)), [Layer(layer.spec, gdf)]
    )
    path = tmp_path / "spot.html"
    path.write_text(html, encoding="utf-8")
    mp = open_map(path)
    (cluster,) = mp.api("clusters('sites')")
    assert cluster["count"] == 4
    mp.click_at(cluster["x"], cluster["y"])
    count = mp.page.locator(".gi-popup .gi-popup-count")
    count.wait_for()
    assert count.text_content() == "4 points at this spot"
    names = mp.page.locator(".gi-popup .gi-record-name").all_text_contents()
    assert sorted(names) == sorted(layer.gdf["name"])


def test_a_crowded_spot_lists_its_points_a_page_at_a_time(open_map, tmp_path):
    layer = fixture_layers()[0]
    gdf = pd.concat([layer.gdf] * 7, ignore_index=True)  # 28 sites at Toromocho
    gdf["id"] = [f"site-{k}" for k in range(len(gdf))]
    gdf["name"] = [f"{name} {k}" for k, name in enumerate(gdf["name"])]
    gdf = gpd.GeoDataFrame(gdf, geometry=[layer.gdf.geometry.iloc[0]] * len(gdf), crs=4326)
    html = render_page(
        fixture_mapdef(cluster="always", layers=("sites",)), [Layer(layer.spec, gdf)]
    )
    path = tmp_path / "crowded.html"
    path.write_text(html, encoding="utf-8")
    mp = open_map(path)
    (cluster,) = mp.api("clusters('sites')")
    mp.click_at(cluster["x"], cluster["y"])
    popup = mp.page.locator(".gi-popup")
    popup.locator(".gi-popup-count").wait_for()
    assert popup.locator(".gi-popup-count").text_content() == "28 points at this spot"
    more = popup.locator("button.gi-popup-more")
    for shown in (6, 12, 18, 24):
        assert popup.locator(".gi-record").count() == shown
        assert more.text_content() == f"Show {min(6, 28 - shown)} more"
        more.click()
    assert popup.locator(".gi-record").count() == 28
    assert not more.is_visible()  # hidden once every point is listed; the popup stays open
    names = popup.locator(".gi-record-name").all_text_contents()
    assert sorted(names) == sorted(gdf["name"])
    assert mp.errors == []


def test_the_inflater_reads_what_zlib_writes(mp):
    """The page's own inflater (popup text) against zlib: every block type and level."""
    rng = np.random.default_rng(5)
    text = " | ".join(
        f'Source {k}, "Protesta en Cañete nº {k}", https://example.org/{k}' for k in range(3000)
    ).encode()
    noise = rng.integers(0, 256, 60_000, dtype=np.uint8).tobytes()
    samples = [b"", b"a", text[:100], text, noise, text[:40_000] + noise + text[:70_000]]
    streams = []
    for data in samples:
        for level in (0, 1, 3, 6, 9):  # 3: what the page writes
            streams.append((data, zlib.compress(data, level)))
        fixed = zlib.compressobj(6, zlib.DEFLATED, 15, 8, zlib.Z_FIXED)
        streams.append((data, fixed.compress(data) + fixed.flush()))
    for data, packed in streams:
        out = mp.eval("b => Array.from(geoinvest.inflate(Uint8Array.from(b)))", list(packed))
        assert bytes(out) == data, (len(data), len(packed))
    bad = mp.eval(
        """() => [new Uint8Array([1, 2, 3, 4, 5, 6]), new Uint8Array([0x78, 0x9c, 7, 0, 0, 0])]
             .map(b => { try { geoinvest.inflate(b); return 'no error'; }
                         catch (e) { return e.message; } })"""
    )
    assert bad == ["not a zlib stream", "bad deflate block"]


def test_cdn_page_works_with_the_cdn_files(open_map, tmp_path):
    """The CDN links and their integrity hashes fit the packaged Leaflet (served locally)."""
    html = render_page(fixture_mapdef(), fixture_layers(), assets="cdn")
    path = tmp_path / "cdn.html"
    path.write_text(html, encoding="utf-8")
    serve = {
        f"{CDN}/leaflet.js": ((LEAFLET / "leaflet.js").read_bytes(), "text/javascript"),
        f"{CDN}/leaflet.css": ((LEAFLET / "leaflet.css").read_bytes(), "text/css"),
    }
    mp = open_map(path, serve=serve)
    assert mp.errors == [] and mp.blocked == []
    assert mp.api("counts()") == {"sites": 4, "events": 4}
