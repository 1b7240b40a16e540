"""The offline base in Chromium: town names as the reader zooms in, rivers, the credit."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from pagedata import fixture_layers, fixture_mapdef
from PIL import Image

from geoinvest import geography
from geoinvest.features import base
from geoinvest.page import render_page

pytestmark = pytest.mark.browser

# Cajamarca, a department of northern Peru, and Iquitos on the Amazon.
CAJAMARCA = (-78.5, -6.6)
IQUITOS = (-73.25, -3.75)


def _page(tmp_path_factory, name: str, **kw) -> str:
    options = kw.pop("options", base.Options())
    mapdef = fixture_mapdef(countries=("PE",), features={"base": options}, **kw)
    path = tmp_path_factory.mktemp("base") / f"{name}.html"
    path.write_text(render_page(mapdef, fixture_layers()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    return {
        "en": _page(tmp_path_factory, "en"),
        "es": _page(tmp_path_factory, "es", language="es", options=base.Options(rivers=False)),
    }


def _wheel_in(mp, lon: float, lat: float, steps: int) -> None:
    """Drag the place to the middle of the map, then zoom in over it with the mouse wheel,
    as a reader does."""
    box = mp.map_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    p = mp.api(f"pointOf({lon}, {lat})")
    mp.page.mouse.move(cx, cy)
    mp.page.mouse.down()
    dx, dy = box["width"] / 2 - p["x"], box["height"] / 2 - p["y"]
    for k in range(1, 11):
        mp.page.mouse.move(cx + dx * k / 10, cy + dy * k / 10)
    mp.page.mouse.up()
    mp.wait_drawn()
    for _ in range(steps):
        p = mp.api(f"pointOf({lon}, {lat})")
        before = mp.api("zoom()")
        mp.page.mouse.move(box["x"] + p["x"], box["y"] + p["y"])
        mp.page.mouse.wheel(0, -60)
        mp.wait_drawn(before)


def _overlap(a, b) -> bool:
    return a[0] < b[2] - 0.01 and a[2] > b[0] + 0.01 and a[1] < b[3] - 0.01 and a[3] > b[1] + 0.01


def _check_labels(mp) -> list[str]:
    """Placed labels against the gazetteer's towns: the largest candidate in the view is
    placed, only candidates for this zoom are, and no two label boxes overlap."""
    zoom = mp.api("zoom()")
    labels = mp.api("labels()")
    towns = geography.towns(("PE",))
    quarter = base.min_zoom(towns["population"], towns["seat"])
    candidates = towns[quarter <= round(zoom * 4)]
    points = mp.eval(
        "xy => xy.map(p => geoinvest.maps[0].pointOf(p[0], p[1]))",
        candidates[["longitude", "latitude"]].to_numpy().tolist(),
    )
    size = mp.map_box()
    in_view = [
        name
        for name, p in zip(candidates["name"], points, strict=True)
        if 0 <= p["x"] <= size["width"] and 0 <= p["y"] <= size["height"]
    ]
    placed = [lab["text"] for lab in labels if lab["kind"] == "town"]
    assert in_view, f"no town is a candidate at zoom {zoom}"
    assert in_view[0] in placed, (in_view[0], placed)
    assert set(placed) <= set(candidates["name"])
    boxes = [lab["box"] for lab in labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not _overlap(a, b), (a, b)
    return placed


def test_towns_appear_as_the_reader_zooms_in(open_map, pages):
    mp = open_map(pages["en"])
    country = _check_labels(mp)
    assert "Lima" in country
    _wheel_in(mp, *CAJAMARCA, steps=3)
    zoom = mp.api("zoom()")
    assert 7.5 <= zoom <= 10, zoom
    department = _check_labels(mp)
    mp.screenshot("base-cajamarca")
    assert "Cajamarca" in department
    assert len(department) >= 8, department
    # Towns too small for the country view are named now.
    assert set(department) - set(country)
    assert "Place names: GeoNames" in mp.page.locator(".gi-attribution").text_content()
    assert mp.errors == []
    assert mp.blocked == []


def _blue_near(path, x: float, y: float, r: int = 4) -> int:
    """Pixels like the river colour (#4f8fd0) within r px of (x, y) of a screenshot."""
    img = np.asarray(Image.open(path).convert("RGB")).astype(int)
    patch = img[int(y) - r : int(y) + r + 1, int(x) - r : int(x) + r + 1]
    red, green, blue = patch[..., 0], patch[..., 1], patch[..., 2]
    return int(((blue - red > 60) & (blue > 150) & (green > red)).sum())


def _river_vertex() -> tuple[float, float]:
    """A vertex of the Amazon near Iquitos, from the package data."""
    amazon = geography.rivers("river", (-74.0, -4.5, -72.5, -3.0))
    amazon = amazon[amazon["name"] == "Amazonas"]
    xy = shapely.get_coordinates(amazon.geometry.values)
    lon, lat = xy[np.argmin(np.hypot(xy[:, 0] - IQUITOS[0], xy[:, 1] - IQUITOS[1]))]
    return float(lon), float(lat)


def _river_colour_at_vertex(mp, name: str) -> int:
    """Zoom in over a vertex of the Amazon by Iquitos; river-coloured pixels around it."""
    lon, lat = _river_vertex()
    _wheel_in(mp, lon, lat, steps=2)
    p = mp.api(f"pointOf({lon}, {lat})")
    box = mp.map_box()
    return _blue_near(mp.screenshot(name), box["x"] + p["x"], box["y"] + p["y"])


def test_rivers_drawn_on_the_base(open_map, pages):
    mp = open_map(pages["en"])
    assert _river_colour_at_vertex(mp, "base-river") >= 3
    assert "Iquitos" in [lab["text"] for lab in mp.api("labels()")]
    assert mp.errors == []
    assert mp.blocked == []


def test_spanish_credit_and_no_rivers_when_off(open_map, pages):
    mp = open_map(pages["es"])
    text = mp.page.locator(".gi-attribution").text_content()
    assert "Nombres de lugares: GeoNames" in text
    assert "Place names" not in text
    # The same spot as in test_rivers_drawn_on_the_base, with rivers = false.
    assert _river_colour_at_vertex(mp, "base-river-off") == 0
    assert mp.errors == []
    assert mp.blocked == []


def test_no_town_labels_without_the_option(open_map, tmp_path_factory):
    path = _page(tmp_path_factory, "off", options=base.Options(towns=False))
    mp = open_map(path)
    _wheel_in(mp, *CAJAMARCA, steps=3)
    labels = mp.api("labels()")
    assert [lab for lab in labels if lab["kind"] == "town"] == []
    assert [lab for lab in labels if lab["kind"] == "area"]
    assert "GeoNames" not in mp.page.locator(".gi-attribution").text_content().replace(
        "Town and district coordinates: GeoNames", ""
    )
    assert mp.errors == []
