"""A view you can send (features/view.py): the state in the link, the rows shown as CSV,
the scale bar and the fullscreen button, through the real UI in Chromium, offline."""

from __future__ import annotations

import base64
import math
from pathlib import Path
from urllib.parse import unquote

import numpy as np
import pandas as pd
import pytest
from conftest import LOCAL, MapPage
from embedhost import host_page
from pagechecks import open_popup, toggle_layer
from pagedata import fixture_layers, fixture_mapdef, synthetic_layers

from geoinvest.features.view import ViewOptions
from geoinvest.model import Layer
from geoinvest.page import read_page, read_payload, render_page
from geoinvest.page.fragment import frame_page_parts, iframe_snippet_parts, render_fragment

pytestmark = pytest.mark.browser
TILES = ("tile.openstreetmap.org", "basemaps.cartocdn.com", "arcgisonline.com")
# The tiny fixture's exact incidents, drawn on their own at the first view.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
HOSTILE_NAMES = [
    '=HYPERLINK("http://x.test","a")',
    "+1+2",
    "-3+4",
    "@SUM(A1)",
    "\tx",
    '"q", r',
    "Río 🌊 Blanco",
    "naïve\r\nline",
    "€ 5",
]
# A part of the state a feature registers (app.addState), added to the page's script just
# before url.js: the link carries its value and hands it back to it on the next load.
FAKE_FEATURE = """
feature("fake", function (app) {
  var value = null;
  app.addState("fake", function () { return value; }, function (v) {
    value = v;
    (window.fakeSets = window.fakeSets || []).push([v, app.map.getZoom()]);
  });
  window.fakePart = function (v) { value = v; app.refresh(); };
});
"""
URL_HEADER = "/*\n   * The map's state in the link"


def write(tmp_path: Path, name: str, html: str) -> Path:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def fixture_page(tmp_path_factory):
    html = render_page(fixture_mapdef(), fixture_layers())
    assert html.count(URL_HEADER) == 1
    html = html.replace(URL_HEADER, FAKE_FEATURE.replace("\n", "\n  ") + URL_HEADER)
    return write(tmp_path_factory.mktemp("view"), "fixture.html", html), read_page(html)


@pytest.fixture
def open_url(browser):
    """Open a URL (a file with a fragment) in a fresh offline context; -> MapPage."""
    contexts = []

    def _open(url: str, width=1200, height=800, wait=True) -> MapPage:
        context = browser.new_context(
            viewport={"width": width, "height": height}, accept_downloads=True
        )
        contexts.append(context)
        result = MapPage(page=None)
        result.tiles = []

        def route(r):
            if r.request.url.startswith(LOCAL):
                r.continue_()
            elif any(t in r.request.url for t in TILES):
                # The reader chose a tile basemap: tiles answered here, never fetched.
                result.tiles.append(r.request.url)
                r.fulfill(status=200, body=PNG, headers={"Content-Type": "image/png"})
            else:
                result.blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        result.page = page
        page.on("console", lambda m: result.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: result.errors.append(str(e)))
        page.on("dialog", lambda d: result.errors.append("dialog: " + d.message))
        page.goto(url)
        if wait:
            page.wait_for_function(
                "window.geoinvest && geoinvest.maps.length && geoinvest.maps[0].isDrawn()",
                timeout=30_000,
            )
            page.wait_for_timeout(300)
        return result

    yield _open
    for context in contexts:
        context.close()


def hash_of(mp: MapPage) -> str:
    """The fragment once the debounced writer has run."""
    mp.page.wait_for_timeout(600)
    return mp.eval("location.hash")


def ui_state(mp: MapPage) -> dict:
    """What the reader sees: zoom, a marker's pixel, the panel's inputs, the open popup."""
    return mp.eval(
        """() => ({
        zoom: geoinvest.maps[0].zoom(),
        toggles: [...document.querySelectorAll('.gi-panel input.gi-toggle')].map(b => b.checked),
        approximate: document.querySelector('.gi-hide-approximate').checked,
        basemap: document.querySelector('.gi-panel input.gi-basemap:checked').value,
        popup: [...document.querySelectorAll('.gi-popup .gi-record')].map(
            r => [r.dataset.giLayer, r.dataset.giRow]),
        counts: geoinvest.maps[0].counts(),
    })"""
    )


def drag(mp: MapPage, dx: float, dy: float) -> None:
    box = mp.map_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.7
    mp.page.mouse.move(x, y)
    mp.page.mouse.down()
    mp.page.mouse.move(x + dx / 2, y + dy / 2, steps=4)
    mp.page.mouse.move(x + dx, y + dy, steps=4)
    mp.page.mouse.up()
    mp.page.wait_for_timeout(400)


def zoom_in_at(mp: MapPage, layer_id: str, row: int) -> None:
    """The mouse wheel over a marker: the map zooms in around it."""
    zoom = mp.api("zoom()")
    point = mp.api(f"pixelOf({layer_id!r}, {row})")
    box = mp.map_box()
    mp.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    mp.page.mouse.wheel(0, -300)
    mp.wait_drawn(zoom)


def test_a_copied_link_reopens_the_same_view(open_url, fixture_page):
    path, frames = fixture_page
    mp = open_url(path.as_uri())
    assert hash_of(mp) == ""  # an untouched map writes nothing
    home_zoom = mp.api("zoom()")
    zoom_in_at(mp, "events", 1)
    drag(mp, -60, 40)
    toggle_layer(mp, "sites")
    mp.page.get_by_label("Hide approximate locations").check()
    mp.page.locator(".gi-panel summary", has_text="Base map").click()
    mp.page.get_by_label("CartoDB Positron").check()
    mp.eval("fakePart({q: 'a&b;c=d:é/#%', n: [1, 2.5], t: true})")
    # An exact incident (precision 1), drawn on its own: its popup.
    shown = open_popup(mp, "events", 1)
    assert shown["name"] == frames["events"]["name"][1]
    link = hash_of(mp)
    assert link.startswith("#fixture:v=")
    assert "l=sites" in link and "a=1" in link and "b=CartoDB.Positron" in link
    assert "p=events/1/pe-2012-protest" in link
    assert "fake=" in link
    before = ui_state(mp)
    assert before["toggles"] == [False, True] and before["approximate"]
    assert before["popup"] == [["events", "1"]]
    pixel = mp.api("pixelOf('events', 1)")

    other = open_url(mp.eval("location.href"))
    after = ui_state(other)
    assert after == before
    again = other.api("pixelOf('events', 1)")
    assert abs(again["x"] - pixel["x"]) <= 1 and abs(again["y"] - pixel["y"]) <= 1
    # The feature's part came back as it was, before the view was set.
    sets = other.eval("window.fakeSets")
    assert sets == [[{"q": "a&b;c=d:é/#%", "n": [1, 2.5], "t": True}, home_zoom]]
    assert hash_of(other) == link  # reading it changed nothing
    assert mp.errors == [] and other.errors == []
    assert mp.blocked == [] and other.blocked == []
    assert mp.tiles and other.tiles and all("cartocdn" in url for url in mp.tiles + other.tiles)

    # Back to the defaults: the section goes away, and the feature's part with it.
    other.eval("fakePart(null)")
    other.page.locator(".gi-popup .leaflet-popup-close-button").click()
    toggle_layer(other, "sites")
    other.page.get_by_label("Hide approximate locations").uncheck()
    other.page.locator(".gi-panel summary", has_text="Base map").click()
    other.page.get_by_label("Outlines (offline)").check()
    other.page.locator(".gi-reset").click()
    assert hash_of(other) == ""
    assert other.eval("location.href") == path.as_uri()


def test_a_link_survives_a_rebuild_that_moves_the_row(open_url, tmp_path):
    layers = fixture_layers()
    events = layers[1]
    moved = events.gdf.iloc[::-1].reset_index(drop=True)
    html = render_page(fixture_mapdef(), [layers[0], Layer(events.spec, moved)])
    path = write(tmp_path, "moved.html", html)
    # Row 1 of the first build (pe-2012-protest) is row 2 now.
    mp = open_url(path.as_uri() + "#fixture:p=events/1/pe-2012-protest")
    # The linked row first, then any row its marker shares a spot with (as a click lists).
    assert ui_state(mp)["popup"][0] == ["events", "2"]
    names = mp.page.locator(".gi-popup .gi-record-name").all_text_contents()
    assert names[0] == "Protest at the mine"
    assert mp.errors == []


HOSTILE = [
    "#fixture:%3Cimg%20src=x%20onerror=alert(1)%3E;v=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E;"
    "b=%3Cscript%3Ealert(1)%3C/script%3E;__proto__=1;constructor=2;toString=3;"
    "hasOwnProperty=4;l=__proto__;p=constructor/0",
    "#fixture:v=[1,2;a={%22x%22:;l=%;b=%E0%A4%A;fake=%7B%22q%22;p=events/99999/nope",
    "#fixture:v=99/1e308/-1e308;a=2;p=__proto__/1/x;l=" + "x," * 100,
    "#fixture:" + "v=5/-10/-75;" * 1000,
    "#" + "&".join(f"fixture:a=1;k{i}=2" for i in range(2000)),
    "#fixture%3Av%3D9%2F0%2F0;;;&&&::==&javascript:alert(1)&fixture:p=events/-1",
]


def test_hostile_fragments_open_the_default_view(open_url, fixture_page):
    path, _ = fixture_page
    mp = open_url(path.as_uri())
    default = ui_state(mp)
    pixel = mp.api("pixelOf('events', 1)")
    for fragment in HOSTILE:
        mp.page.goto("about:blank")
        mp.page.goto(path.as_uri() + fragment)
        mp.page.wait_for_function(
            "window.geoinvest && geoinvest.maps.length && geoinvest.maps[0].isDrawn()"
        )
        mp.page.wait_for_timeout(200)
        assert ui_state(mp) == default, fragment
        assert mp.api("pixelOf('events', 1)") == pixel, fragment
        assert mp.eval("document.querySelectorAll('img[src=\"x\"]').length") == 0
        # Text that is not JSON reaches a part's setter as text, which the part checks.
        sets = mp.eval("window.fakeSets || []")
        assert all(isinstance(v, str) for v, _ in sets), fragment
    assert mp.errors == []
    assert mp.blocked == []


def csv_layers(n: int) -> list[Layer]:
    """Synthetic layers whose names include text a spreadsheet would run as a formula."""
    out = []
    for layer in synthetic_layers(n):
        gdf = layer.gdf.copy()
        names = gdf["name"].to_numpy(dtype=object)
        names[::7] = [HOSTILE_NAMES[k % len(HOSTILE_NAMES)] for k in range(len(names[::7]))]
        gdf["name"] = names
        out.append(Layer(layer.spec, gdf))
    return out


def neutralised(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def world_px(lat, lon, zoom):
    scale = 256 * 2**zoom
    x = (np.asarray(lon) + 180) / 360 * scale
    s = np.sin(np.radians(np.asarray(lat)))
    y = (0.5 - np.log((1 + s) / (1 - s)) / (4 * math.pi)) * scale
    return x, y


def view_of(mp: MapPage) -> tuple[float, float, float]:
    """Zoom, latitude and longitude of the view, read from the link."""
    section = unquote(hash_of(mp)).split(":", 1)[1]
    parts = dict(item.split("=", 1) for item in section.split(";"))
    zoom, lat, lon = map(float, parts["v"].split("/"))
    return zoom, lat, lon


def test_download_writes_the_rows_shown(open_url, tmp_path):
    layers = csv_layers(4000)
    mapdef = fixture_mapdef(id="synthetic", layers=tuple(x.id for x in layers))
    html = render_page(mapdef, layers)
    path = write(tmp_path, "synthetic.html", html)
    frames = read_page(html)
    approximate_from = read_payload(html)["approximate_from"]
    mp = open_url(path.as_uri())
    button = mp.page.locator(".gi-download")
    assert "inside the current view" in button.get_attribute("title")
    zoom = mp.api("zoom()")
    mp.page.locator(".leaflet-control-zoom-in").click()
    mp.wait_drawn(zoom)
    drag(mp, 80, -30)
    mp.page.get_by_label("Hide approximate locations").check()
    toggle_layer(mp, "synthetic_sites")
    with mp.page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "synthetic-shown.csv"
    raw = Path(download.path()).read_bytes()
    assert raw.startswith("\ufefflayer,".encode())
    got = pd.read_csv(Path(download.path()), encoding="utf-8-sig", dtype=str, keep_default_na=False)

    # The same rows computed here: layers on, not hidden, inside the view (+-1 px).
    zoom, lat, lon = view_of(mp)
    box = mp.map_box()
    cx, cy = world_px(lat, lon, zoom)
    frame = frames["synthetic_events"]
    x, y = world_px(frame["latitude"], frame["longitude"], zoom)
    dx, dy = np.abs(x - cx) - box["width"] / 2, np.abs(y - cy) - box["height"] / 2
    shown = (frame["precision"] > 0) & (frame["precision"] < approximate_from)
    surely = set(frame["id"][shown & (dx < -1) & (dy < -1)])
    maybe = set(frame["id"][shown & (dx < 1) & (dy < 1)])
    assert set(got["layer"]) == {"synthetic_events"}
    ids = set(got["id"])
    assert len(ids) == len(got)
    assert surely <= ids <= maybe
    assert 100 < len(surely) < len(frame)

    # Every column of the layer, as the page holds it.
    columns = [c for c in frame.columns if c not in ("latitude", "longitude", "precision")]
    assert list(got.columns) == ["layer", *columns, "latitude", "longitude", "precision"]
    want = frame.set_index("id").loc[got["id"]]
    for name in columns[1:]:
        values = want[name]
        if pd.api.types.is_datetime64_any_dtype(values):
            expected = values.dt.strftime("%Y-%m-%d").fillna("")
            assert list(got[name]) == list(expected), name
        elif pd.api.types.is_numeric_dtype(values):
            numbers = pd.to_numeric(got[name].replace("", np.nan))
            assert np.allclose(numbers, values, equal_nan=True, rtol=0, atol=0), name
        else:
            expected = [neutralised(v) if isinstance(v, str) else "" for v in values]
            assert list(got[name]) == expected, name
    for name in ("latitude", "longitude"):
        assert np.array_equal(pd.to_numeric(got[name]).to_numpy(), want[name].to_numpy())
    assert list(got["precision"]) == [str(p) for p in want["precision"]]
    # Formula injection: the hostile names are in the file, each behind a quote mark.
    names = set(got["name"])
    assert {neutralised(t) for t in HOSTILE_NAMES} & names
    assert not any(n[:1] in ("=", "+", "-", "@", "\t") for n in names)
    assert mp.errors == [] and mp.blocked == []


PRESSED = "v => document.querySelector('.gi-fullscreen').getAttribute('aria-pressed') === v"


def test_scale_bar_follows_the_zoom_and_fullscreen_toggles(open_url, tmp_path):
    html = render_page(fixture_mapdef(language="es"), fixture_layers())
    mp = open_url(write(tmp_path, "es.html", html).as_uri())
    assert mp.page.locator(".gi-download").get_attribute("aria-label") == (
        "Descargar las filas mostradas (CSV)"
    )
    scale = mp.page.locator(".leaflet-control-scale-line")
    assert scale.count() == 1
    first = scale.text_content()
    assert first.endswith(" km")
    zoom = mp.api("zoom()")
    for _ in range(2):
        mp.page.locator(".leaflet-control-zoom-in").click()
    mp.wait_drawn(zoom)
    assert scale.text_content() != first
    button = mp.page.locator(".gi-fullscreen")
    assert button.get_attribute("aria-pressed") == "false"
    assert button.get_attribute("aria-label") == "Mostrar el mapa a pantalla completa"
    button.click()
    mp.page.wait_for_function(PRESSED, arg="true")  # after the fullscreenchange event
    assert mp.eval("document.fullscreenElement === document.querySelector('.gi-root')")
    assert button.get_attribute("aria-label") == "Salir de pantalla completa"
    button.click()
    mp.page.wait_for_function(PRESSED, arg="false")
    assert mp.eval("document.fullscreenElement") is None
    mp.page.emulate_media(media="print")  # on paper: the scale bar, no buttons
    assert not mp.page.locator(".gi-tools").is_visible()
    assert scale.is_visible()
    assert mp.errors == [] and mp.blocked == []


def test_options_turn_the_parts_off(open_url, tmp_path):
    options = ViewOptions(url=False, download=False, scale=False, fullscreen=False)
    html = render_page(fixture_mapdef(features={"view": options}), fixture_layers())
    mp = open_url(write(tmp_path, "off.html", html).as_uri() + "#fixture:l=sites")
    assert ui_state(mp)["toggles"] == [True, True]  # the link is not read
    assert mp.page.locator(".gi-tools, .leaflet-control-scale").count() == 0
    toggle_layer(mp, "events")
    assert hash_of(mp) == "#fixture:l=sites"  # nor written
    assert mp.errors == []


def fixture_fragment(map_id: str, url) -> str:
    options = ViewOptions(url=url)
    mapdef = fixture_mapdef(id=map_id, features={"view": options})
    return render_fragment(mapdef, fixture_layers())


def test_several_maps_on_a_page_each_keep_their_own_section(open_url, tmp_path):
    twice = fixture_fragment("fixture", True)
    maps = [twice, twice, fixture_fragment("other", True), fixture_fragment("auto", "auto")]
    path = write(tmp_path, "host.html", host_page(maps))
    link = "#notes&fixture.2:l=sites&other:a=1&auto:l=sites"
    mp = open_url(path.as_uri() + link, wait=False)
    mp.page.wait_for_function(
        "geoinvest.maps.length === 4 && geoinvest.maps.every(m => m.isDrawn())"
    )
    roots = mp.page.locator(".gi-root")

    def toggles(k: int) -> list[bool]:
        boxes = roots.nth(k).locator("input.gi-toggle, input.gi-hide-approximate")
        return [boxes.nth(i).is_checked() for i in range(boxes.count())]

    # The same fragment twice: the first is "fixture", the second "fixture.2".
    assert [toggles(k) for k in range(4)] == [
        [True, True, False],
        [False, True, False],
        [True, True, True],
        [True, True, False],  # a fragment reads no link unless url = true
    ]
    for k in range(4):  # narrow maps: the panel is folded into its button
        roots.nth(k).locator(".gi-panel-toggle").click()
    roots.nth(0).locator('input[data-gi-layer="events"]').click()
    roots.nth(3).locator('input[data-gi-layer="events"]').click()
    # The host's own anchor and the other maps' sections stay as they were.
    assert hash_of(mp) == "#notes&fixture.2:l=sites&other:a=1&auto:l=sites&fixture:l=events"
    roots.nth(1).locator('input[data-gi-layer="sites"]').click()
    assert hash_of(mp) == "#notes&other:a=1&auto:l=sites&fixture:l=events"
    assert mp.errors == [] and mp.blocked == []


def test_a_sandboxed_srcdoc_iframe_writes_its_own_address(open_url, tmp_path):
    mapdef = fixture_mapdef(features={"view": ViewOptions(url=True)})
    snippet = "".join(
        iframe_snippet_parts("Fixture", page=frame_page_parts(mapdef, fixture_layers()))
    )
    path = write(tmp_path, "host.html", host_page([snippet]))
    mp = open_url(path.as_uri(), wait=False)
    frame = mp.page.frame_locator("iframe")
    frame.locator(".gi-root .leaflet-control-zoom").wait_for()
    handle = mp.page.locator("iframe").element_handle().content_frame()
    handle.wait_for_function("geoinvest.maps.length && geoinvest.maps[0].isDrawn()")
    frame.locator(".gi-panel-toggle").click()
    frame.locator('input[data-gi-layer="sites"]').click()
    handle.wait_for_function("location.hash === '#fixture:l=sites'")
    assert handle.evaluate("location.href") == "about:srcdoc#fixture:l=sites"
    assert mp.eval("location.hash") == ""  # the host's address is not touched
    # Its sandbox allows neither downloads nor fullscreen: no buttons for them.
    assert frame.locator(".gi-download, .gi-fullscreen").count() == 0
    assert mp.errors == [] and mp.blocked == []
