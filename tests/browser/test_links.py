"""Sites linked to their incidents, in Chromium: follow the links both ways, see the rings."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pagechecks import close_popup, open_popup, record_selector

from geoinvest.build import build_map
from geoinvest.features import links
from geoinvest.model import Layer, LayerSpec, MapDefinition
from geoinvest.page import read_page, render_page
from geoinvest.project import Project

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
RING = (0xFF, 0xC4, 0x00)  # links.js LINKS_RING
RING_RADIUS = 12


def haversine(lon1, lat1, lon2, lat2) -> float:
    """Great-circle km, one pair at a time: the reference the page is checked against."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def linked(mp) -> list[list]:
    return mp.eval("geoinvest.linked(geoinvest.maps[0].root)")


def section(mp, layer_id: str, row: int) -> list[dict]:
    """The link lists of a popup record: heading, then each button's target and texts."""
    return mp.page.locator(record_selector(layer_id, row)).evaluate(
        """r => [...r.querySelectorAll('.gi-links-section')].map(s => ({
            head: s.querySelector('.gi-links-head').textContent,
            items: [...s.querySelectorAll('.gi-link')].map(b => ({
                layer: b.dataset.giLayer, row: Number(b.dataset.giRow),
                name: b.querySelector('.gi-link-name').textContent,
                meta: (b.querySelector('.gi-link-meta') || {}).textContent || null})),
            note: (s.querySelector('.gi-links-note') || {}).textContent || null,
            more: ([...s.querySelectorAll('.gi-links-more')].find(b => b.offsetParent)
                   || {}).textContent || null}))"""
    )


def records_shown(mp) -> int:
    """Records in the open popup, once the popup it replaced has faded out (200 ms)."""
    mp.page.wait_for_function("document.querySelectorAll('.gi-popup').length === 1")
    return mp.page.locator(".gi-popup .gi-record").count()


def ring_pixels(mp, layer_id: str, row: int) -> int:
    """Pixels of the ring colour on the circle around a row's marker, read from the rings'
    canvas (a popup drawn over them does not hide them there)."""
    point = mp.api(f"pixelOf({layer_id!r}, {row})")
    assert point["inView"], f"{layer_id} row {row} is not in view"
    return mp.eval(
        """([x, y, r, ring]) => {
            const c = document.querySelector('.gi-root .leaflet-gi-links-pane canvas');
            if (!c) return 0;
            const map = document.querySelector('.gi-map').getBoundingClientRect();
            const box = c.getBoundingClientRect();
            const ctx = c.getContext('2d');
            let n = 0;
            for (let k = 0; k < 72; k++) {
                const a = 2 * Math.PI * k / 72;
                const px = (map.left + x + r * Math.cos(a) - box.left) * c.width / box.width;
                const py = (map.top + y + r * Math.sin(a) - box.top) * c.height / box.height;
                const d = ctx.getImageData(Math.round(px), Math.round(py), 1, 1).data;
                const near = Math.abs(d[0] - ring[0]) < 40 && Math.abs(d[1] - ring[1]) < 40;
                n += near && d[2] < 80 && d[3] > 200 ? 1 : 0;
            }
            return n;
        }""",
        [point["x"], point["y"], RING_RADIUS, list(RING)],
    )


# ---- the bundled Peru map: kidnappings name their site


@pytest.fixture(scope="module")
def peru(tmp_path_factory):
    project = Project(ROOT)
    mapdef = next(m for m in project.map_definitions() if m.id == "peru")
    path = tmp_path_factory.mktemp("links") / "peru.html"
    build_map(mapdef, project, path)
    return path, read_page(path.read_text(encoding="utf-8")), mapdef


def test_follow_a_site_to_its_incident_and_back(open_map, peru):
    path, frames, mapdef = peru
    kidnappings = pd.read_csv(ROOT / "layers" / "kidnappings.csv", dtype=str)
    oil_gas = pd.read_csv(ROOT / "layers" / "oil_gas_sites.csv", dtype=str)
    site_id = "pe-camisea-block-88"
    sites = frames["oil_gas_sites"]
    s = int(np.flatnonzero(sites["id"] == site_id)[0])
    events = frames["kidnappings"]
    # Its incidents by site_id, nearest first (the CSV, placed as in the page).
    mine = kidnappings[kidnappings["site_id"] == site_id]
    assert len(mine) == 2
    rows = [int(np.flatnonzero(events["id"] == i)[0]) for i in mine["id"]]
    site_xy = (sites.longitude[s], sites.latitude[s])
    rows.sort(key=lambda r: (haversine(*site_xy, events.longitude[r], events.latitude[r]), r))

    mp = open_map(path)
    open_popup(mp, "oil_gas_sites", s)
    lists = section(mp, "oil_gas_sites", s)
    assert lists[0]["head"] == "Incidents at this site (2)"
    assert [(i["layer"], i["row"]) for i in lists[0]["items"]] == [("kidnappings", r) for r in rows]
    names = dict(zip(mine["id"], mine["name"], strict=True))
    assert [i["name"] for i in lists[0]["items"]] == [names[events["id"][r]] for r in rows]
    first = mine.set_index("id").loc[events["id"][rows[0]]]
    assert first["date_precision"] == "day"  # shown as the page's language writes a day
    assert lists[0]["items"][0]["meta"] == pd.Timestamp(first["date"]).strftime("%B %-d, %Y")
    # Selecting the site rings its incidents.
    assert {tuple(x) for x in linked(mp)} >= {("kidnappings", r) for r in rows}
    assert all(ring_pixels(mp, "kidnappings", r) > 20 for r in rows)

    # Follow the first incident: the popup is that incident, as the CSV has it.
    target = rows[0]
    mp.page.locator(
        record_selector("oil_gas_sites", s) + f' .gi-link[data-gi-row="{target}"]'
    ).click()
    record = mp.page.locator(record_selector("kidnappings", target))
    record.wait_for(timeout=5_000)
    assert records_shown(mp) == 1
    want = kidnappings.set_index("id").loc[events["id"][target]]
    assert record.locator(".gi-record-name").text_content() == want["name"]
    assert record.locator('[data-gi-field="victims"] dd').text_content() == want["victims"]
    # The incident's site is a button, and the site is ringed.
    site_name = oil_gas.set_index("id").loc[site_id, "name"]
    button = record.locator('[data-gi-field="site_id"] dd .gi-link')
    assert button.text_content() == f"{site_name} ({site_id})"
    assert linked(mp) == [["oil_gas_sites", s]]

    # And back to the site.
    button.click()
    mp.page.locator(record_selector("oil_gas_sites", s)).wait_for(timeout=5_000)
    assert records_shown(mp) == 1
    assert (
        mp.page.locator(record_selector("oil_gas_sites", s) + " .gi-record-name").text_content()
        == oil_gas.set_index("id").loc[site_id, "name"]
    )
    assert {("kidnappings", r) for r in rows} <= {tuple(x) for x in linked(mp)}

    # Zoomed out (the popup stays open), its incidents are ringed; closing it clears them.
    for _ in range(10):
        if mp.api(f"pixelOf('kidnappings', {rows[0]})")["inView"]:
            break
        mp.page.locator(".leaflet-control-zoom-out").click()
        mp.wait_drawn()
    assert ring_pixels(mp, "kidnappings", rows[0]) > 20
    close_popup(mp)
    assert linked(mp) == []
    mp.wait_drawn()
    assert ring_pixels(mp, "kidnappings", rows[0]) == 0
    assert mp.errors == []
    assert mp.blocked == []


# ---- a small fixture: distances, "show more", Spanish, hostile names

HOSTILE_SITE = '<img src=x onerror="window.__xss=1">Mina "Ñ" & <b>'
HOSTILE_EVENT = "</script><script>window.__xss=2</script>"
WITHIN = 300.0
SITES = [(-75.0, -10.0), (-71.0, -15.5), (-79.5, -5.5)]
# Events around site 0: (bearing in degrees, km); the last two are beyond WITHIN.
AROUND = [(10, 120), (75, 165), (135, 210), (195, 255), (250, 290), (310, 330), (290, 420)]


def destination(lon, lat, bearing, km):
    """The point km away from (lon, lat) along a bearing, on the haversine sphere."""
    d = km / 6371.0088
    p1, l1, b = math.radians(lat), math.radians(lon), math.radians(bearing)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(
        math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
    )
    return math.degrees(l2), math.degrees(p2)


def small_layers() -> list[Layer]:
    events = [destination(*SITES[0], b, km) for b, km in AROUND] + [destination(*SITES[1], 200, 90)]
    every = SITES + events
    for a in range(len(every)):  # markers far enough apart not to overlap at the first view
        for b in range(a):
            assert haversine(*every[a], *every[b]) > 80, (a, b)
    n = len(events)
    site_id = [None] * n
    site_id[2] = "s-0"
    site_id[n - 1] = "s-1"
    frames = {
        "mines": pd.DataFrame(
            {
                "id": ["s-0", "s-1", "s-2"],
                "name": [HOSTILE_SITE, "Mina Dos", "Mina Tres"],
                "country": "PE",
            }
        ),
        "attacks": pd.DataFrame(
            {
                "id": [f"e-{k}" for k in range(n)],
                "name": [HOSTILE_EVENT if k == 0 else f"Ataque {k}" for k in range(n)],
                "country": "PE",
                "date": pd.to_datetime([f"2015-0{1 + k % 9}-1{k % 10}" for k in range(n)]),
                "date_precision": "day",
                "site_id": site_id,
            }
        ),
    }
    points = {"mines": SITES, "attacks": events}
    layers = []
    for layer_id, kind in (("mines", "site"), ("attacks", "event")):
        lon, lat = (np.array(v) for v in zip(*points[layer_id], strict=True))
        df = frames[layer_id].assign(longitude=lon, latitude=lat, precision=1)
        gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
        spec = LayerSpec(
            id=layer_id,
            kind=kind,
            path=Path(f"{layer_id}.csv"),
            title={"en": layer_id.title(), "es": layer_id.title()},
            symbol="square" if kind == "site" else "circle",
            color="#1b7837" if kind == "site" else "#762a83",
        )
        layers.append(Layer(spec, gdf))
    return layers


def km_es(value: float) -> str:
    """A distance as the page writes it in Spanish: one decimal at most, decimal comma."""
    text = f"{round(value, 1):.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + " km"


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    table = {"within_km": WITHIN, "show": 2, "nearest": 3}
    options = links.parse(table, "test", ("mines", "attacks"))
    mapdef = MapDefinition(
        id="small",
        title={"en": "Links", "es": "Enlaces"},
        countries=("PE",),
        layers=("mines", "attacks"),
        language="es",
        features={"links": options},
    )
    layers = small_layers()
    html = render_page(mapdef, layers)
    path = tmp_path_factory.mktemp("links") / "small.html"
    path.write_text(html, encoding="utf-8")
    return path, read_page(html)


def test_nearby_incidents_match_a_haversine_computation(open_map, small):
    path, frames = small
    sites, events = frames["mines"], frames["attacks"]
    sx, sy = sites.longitude[0], sites.latitude[0]
    dist = [haversine(sx, sy, x, y) for x, y in zip(events.longitude, events.latitude, strict=True)]
    own = [r for r in range(len(events)) if events.site_id[r] == "s-0"]
    near = sorted(
        (r for r in range(len(events)) if dist[r] <= WITHIN and r not in own),
        key=lambda r: (dist[r], r),
    )
    assert len(own) == 1 and len(near) == 4

    mp = open_map(path)
    open_popup(mp, "mines", 0)
    lists = section(mp, "mines", 0)
    assert [x["head"] for x in lists] == [
        "Incidentes en este sitio (1)",
        "Incidentes a menos de 300 km (4)",
    ]
    assert [(i["layer"], i["row"]) for i in lists[0]["items"]] == [("attacks", own[0])]
    assert lists[1]["more"] == "Mostrar 1 más"
    assert [i["row"] for i in lists[1]["items"]] == near[:2]
    mp.page.locator(record_selector("mines", 0) + " .gi-links-more").click()
    lists = section(mp, "mines", 0)
    # nearest = 3: the three nearest of the four are listed, and the page says so.
    assert [i["row"] for i in lists[1]["items"]] == near[:3]
    assert [i["meta"] for i in lists[1]["items"]] == [km_es(dist[r]) for r in near[:3]]
    assert lists[1]["more"] is None
    assert lists[1]["note"] == "Se listan los 3 más cercanos."
    # Names from the data are text: the hostile ones show as written and run nothing.
    head = mp.page.locator(record_selector("mines", 0) + " .gi-record-name").text_content()
    assert head == HOSTILE_SITE
    assert HOSTILE_EVENT in [i["name"] for i in lists[1]["items"]]
    assert mp.page.locator(".gi-popup img, .gi-popup script").count() == 0
    listed = [*own, *near[:3]]
    assert {tuple(x) for x in linked(mp)} == {("attacks", r) for r in listed}
    assert all(ring_pixels(mp, "attacks", r) > 20 for r in listed)
    unlisted = [r for r in range(len(events)) if r not in listed]
    assert len(unlisted) == 4 and all(ring_pixels(mp, "attacks", r) == 0 for r in unlisted)

    # Follow the farthest listed incident: it has no site of its own, so nothing is ringed.
    far = near[2]
    mp.page.locator(record_selector("mines", 0) + f' .gi-link[data-gi-row="{far}"]').click()
    mp.page.locator(record_selector("attacks", far)).wait_for(timeout=5_000)
    assert records_shown(mp) == 1
    assert section(mp, "attacks", far) == []
    assert linked(mp) == []
    # Back through the site's own incident, whose "Site" button names it.
    mp.page.locator(".gi-reset").click()
    mp.wait_drawn()
    open_popup(mp, "mines", 0)
    mp.page.locator(record_selector("mines", 0) + f' .gi-link[data-gi-row="{own[0]}"]').click()
    record = mp.page.locator(record_selector("attacks", own[0]))
    record.wait_for(timeout=5_000)
    assert records_shown(mp) == 1  # the site's popup has faded out
    assert linked(mp) == [["mines", 0]]
    button = record.locator('[data-gi-field="site_id"] .gi-link')
    assert button.text_content() == f"{HOSTILE_SITE} (s-0)"
    button.click()
    mp.page.locator(record_selector("mines", 0)).wait_for(timeout=5_000)
    assert records_shown(mp) == 1
    assert mp.eval("window.__xss") is None
    assert mp.errors == []
    assert mp.blocked == []
