"""The choropleth in Chromium: legend breaks and an area's value read from the page (legend,
tooltip on a real hover, the canvas's colour) against pandas and mapclassify on the same
layers, before and after filters."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import mapclassify
import numpy as np
import pandas as pd
import pytest
import shapely
from pagechecks import toggle_layer

from geoinvest import geography
from geoinvest.features import choropleth
from geoinvest.page import render_page
from geoinvest.project import Project
from geoinvest.publish import for_map
from geoinvest.schema import APPROXIMATE_FROM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:Numba not installed:UserWarning"),
]
ROOT = Path(__file__).resolve().parents[2]
CHOSEN = ("kidnappings", "protests")
K = 4


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The Peru map with a count choropleth of both event layers, in English and Spanish."""
    project = Project(ROOT)
    mapdef = next(m for m in project.map_definitions() if m.id == "peru")
    options = choropleth.Options(value="count", layers=CHOSEN, scheme="FisherJenks", k=K)
    mapdef = replace(mapdef, features={**mapdef.features, "choropleth": options})
    layers = for_map(project.load_layers(list(mapdef.layers)), mapdef)
    folder = tmp_path_factory.mktemp("choropleth")
    paths = {}
    for lang in ("en", "es"):
        paths[lang] = folder / f"peru-{lang}.html"
        paths[lang].write_text(
            render_page(replace(mapdef, language=lang), layers), encoding="utf-8"
        )
    return paths, {layer.id: layer.gdf for layer in layers if layer.id in CHOSEN}


def counts(frames, hide_approximate=False, off=()) -> pd.Series:
    """Rows per admin-1 code over the chosen layers, as the page should count them."""
    parts = []
    for layer_id, gdf in frames.items():
        if layer_id in off:
            continue
        keep = pd.Series(True, index=gdf.index)
        if hide_approximate:
            p = gdf["precision"]
            keep = ~((p == 0) | (p >= APPROXIMATE_FROM))
        parts.append(gdf.loc[keep, "admin1_code"])
    return pd.concat(parts).value_counts()


def world(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator world pixels at zoom 0, as the page's index.js computes them."""
    lat = max(-85.0511, min(85.0511, lat))
    y = 0.5 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi)
    return (lon / 360 + 0.5) * 256, y * 256


def to_pixel(mp, frames, lon: float, lat: float) -> tuple[float, float]:
    """The container pixel of a place, from the page's zoom and one row's marker pixel."""
    layer_id, gdf = next(iter(frames.items()))
    ref = mp.api(f"pixelOf({layer_id!r}, 0)")
    scale = 2 ** mp.api("zoom()")
    rx, ry = world(gdf.geometry.iloc[0].x, gdf.geometry.iloc[0].y)
    wx, wy = world(lon, lat)
    return ref["x"] + scale * (wx - rx), ref["y"] + scale * (wy - ry)


def legend(mp) -> list[str]:
    return mp.page.locator(".gi-choropleth-class .gi-choropleth-text").all_text_contents()


def expected_legend(breaks: list[float], low: float) -> list[str]:
    texts = ["None"]
    for k, high in enumerate(breaks):
        start = low if k == 0 else math.floor(breaks[k - 1]) + 1
        texts.append(f"{high:,.0f}" if start >= high else f"{start:,.0f} – {high:,.0f}")
    return texts


def area_tip(mp, frames, code: str, spots: list[tuple[float, float]]) -> dict:
    """Hover places inside the area until its tooltip shows (points' tooltips win over
    areas'); its text and value."""
    for lon, lat in spots:
        mp.hover_at(5, 5)
        mp.page.wait_for_timeout(80)
        x, y = to_pixel(mp, frames, lon, lat)
        mp.hover_at(x, y)
        mp.page.wait_for_timeout(150)
        tip = mp.eval(
            """() => { const t = document.querySelector('.gi-choropleth-tip [data-gi-area]');
            return t && {area: t.dataset.giArea,
              name: t.querySelector('.gi-choropleth-name').textContent,
              text: t.querySelector('.gi-choropleth-value').textContent,
              value: Number(t.querySelector('.gi-choropleth-value').dataset.giValue)}; }"""
        )
        if tip and tip["area"] == code:
            tip["x"], tip["y"] = x, y
            return tip
    raise AssertionError(f"no tooltip for {code} at {spots}")


def fill_at(mp, x: float, y: float) -> list[int]:
    """RGBA of the areas' canvas under a container pixel."""
    return mp.eval(
        """([x, y]) => { const c = document.querySelector('.leaflet-gi-choropleth-pane canvas');
        const m = document.querySelector('.gi-map').getBoundingClientRect();
        const r = c.getBoundingClientRect();
        const s = c.width / r.width;
        const d = c.getContext('2d').getImageData(Math.round((m.left + x - r.left) * s),
                                                  Math.round((m.top + y - r.top) * s), 1, 1).data;
        return [d[0], d[1], d[2], d[3]]; }""",
        [x, y],
    )


def colour_of(total: float, breaks: list[float], colors: list[str]) -> list[int] | None:
    if total <= 0:
        return None
    k = next((i for i, b in enumerate(breaks) if total <= b), len(breaks) - 1)
    return [int(colors[k][i : i + 2], 16) for i in (1, 3, 5)]


def check_fill(mp, tip: dict, total: float, breaks, colors) -> None:
    rgba = fill_at(mp, tip["x"], tip["y"])
    want = colour_of(total, breaks, colors)
    if want is None:
        assert rgba[3] == 0, rgba
    else:
        close = all(abs(a - b) <= 4 for a, b in zip(rgba[:3], want, strict=True))
        assert rgba[3] > 150 and close, (rgba, want)


def spots_in(code: str) -> list[tuple[float, float]]:
    """Places inside an area: its representative point, then a fixed spread of others."""
    areas = geography.admin_areas(["PE"])
    shape = areas.loc[areas["iso_3166_2"] == code].geometry.iloc[0]
    spots = [shape.representative_point()]
    west, south, east, north = shape.bounds
    rng = np.random.default_rng(7)
    for x, y in zip(rng.uniform(west, east, 200), rng.uniform(south, north, 200), strict=True):
        point = shapely.Point(x, y)
        if shape.contains(point):
            spots.append(point)
    return [(p.x, p.y) for p in spots[:25]]


def test_legend_tooltip_and_filters_against_python(open_map, built):
    paths, frames = built
    mp = open_map(paths["en"])
    all_rows = counts(frames)
    breaks = [float(b) for b in mapclassify.FisherJenks(all_rows.to_numpy(), k=K).bins]
    assert legend(mp) == expected_legend(breaks, float(all_rows.min()))
    assert mp.page.locator(".gi-choropleth-caption").text_content() == "Number of points"
    colors = choropleth.colours(len(breaks))

    # An area whose count falls when approximate locations are hidden, and stays above 0.
    exact = counts(frames, hide_approximate=True)
    changed = [c for c in all_rows.index if 0 < exact.get(c, 0) < all_rows[c]]
    code = sorted(changed or list(all_rows.index), key=lambda c: (-all_rows[c], c))[0]
    spots = spots_in(code)
    names = geography.admin_areas(["PE"]).set_index("iso_3166_2")

    tip = area_tip(mp, frames, code, spots)
    assert tip["name"] == names.loc[code, "name"]
    assert tip["text"] == f"Number of points: {all_rows[code]:,}"
    assert tip["value"] == all_rows[code]
    check_fill(mp, tip, all_rows[code], breaks, colors)

    # Filter through the real checkbox: the breaks stay, the value follows.
    mp.page.get_by_label("Hide approximate locations").check()
    mp.page.wait_for_timeout(200)
    assert legend(mp) == expected_legend(breaks, float(all_rows.min()))
    tip = area_tip(mp, frames, code, spots)
    assert tip["value"] == exact.get(code, 0)
    assert tip["text"] == f"Number of points: {exact.get(code, 0):,}"
    check_fill(mp, tip, exact.get(code, 0), breaks, colors)

    # And a layer switched off.
    toggle_layer(mp, "protests")
    left = counts(frames, hide_approximate=True, off=("protests",))
    tip = area_tip(mp, frames, code, spots)
    assert tip["value"] == left.get(code, 0)
    check_fill(mp, tip, left.get(code, 0), breaks, colors)
    toggle_layer(mp, "protests")
    mp.page.get_by_label("Hide approximate locations").uncheck()
    mp.page.wait_for_timeout(200)
    tip = area_tip(mp, frames, code, spots)
    assert tip["value"] == all_rows[code]

    # Every shaded area has its class's colour: the areas with rows, sampled at a spot.
    for other in sorted(all_rows.index)[:4]:
        tip = area_tip(mp, frames, other, spots_in(other))
        assert tip["value"] == all_rows[other]
        check_fill(mp, tip, all_rows[other], breaks, colors)

    assert mp.errors == []
    assert mp.blocked == []


def test_switch_off_and_on(open_map, built):
    paths, frames = built
    mp = open_map(paths["en"])
    box = mp.page.get_by_label("Shade areas")
    assert box.is_checked()
    pane = ".leaflet-gi-choropleth-pane canvas"
    assert mp.page.locator(pane).count() == 1
    box.uncheck()
    mp.page.wait_for_timeout(150)
    assert mp.page.locator(pane).count() == 0
    assert not mp.page.locator(".gi-choropleth-legend").is_visible()
    # No area tooltip while off.
    code = counts(frames).idxmax()
    x, y = to_pixel(mp, frames, *spots_in(code)[0])
    mp.hover_at(x, y)
    mp.page.wait_for_timeout(150)
    assert mp.page.locator(".gi-choropleth-tip").count() == 0
    box.check()
    mp.page.wait_for_timeout(150)
    assert mp.page.locator(pane).count() == 1
    assert mp.page.locator(".gi-choropleth-legend").is_visible()
    assert mp.errors == []
    assert mp.blocked == []


def test_spanish_names_and_numbers(open_map, built):
    paths, frames = built
    mp = open_map(paths["es"])
    heading = mp.page.locator(".gi-choropleth summary").text_content()
    assert heading == "Áreas sombreadas"
    assert mp.page.locator(".gi-choropleth-caption").text_content() == "Número de puntos"
    assert legend(mp)[0] == "Ninguno"
    all_rows = counts(frames)
    code = sorted(all_rows.index, key=lambda c: (-all_rows[c], c))[0]
    tip = area_tip(mp, frames, code, spots_in(code))
    names = geography.admin_areas(["PE"]).set_index("iso_3166_2")
    assert tip["name"] == names.loc[code, "name_es"]
    assert tip["text"] == f"Número de puntos: {all_rows[code]}"
    assert mp.page.locator(".gi-density summary").text_content() == "Densidad"
    assert mp.errors == []


def test_classes_at_the_breaks(open_map, built):
    """A total equal to a break (summed in another order, a few bits off) is in its class."""
    paths, _ = built
    mp = open_map(paths["en"])
    breaks = [0.3, 1.7e9, 5e9]
    cases = [0, -1, 0.1, 0.1 + 0.2, 0.3, 0.31, 1.7e9, 1.7e9 * (1 + 1e-12), 1.7e9 + 1, 6e9]
    got = mp.eval("([b, xs]) => xs.map(x => geoinvest.pure.classOf(x, b))", [breaks, cases])
    assert got == [-1, -1, 0, 0, 0, 1, 1, 1, 2, 2]
