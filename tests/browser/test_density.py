"""The density surface in Chromium: switched on from the panel it colours pixels where the
shown events are, and follows a layer toggle and the "hide approximate" filter."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pagechecks import toggle_layer

from geoinvest.page import read_page, render_page
from geoinvest.project import Project
from geoinvest.publish import for_map
from geoinvest.schema import APPROXIMATE_FROM

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
# Beyond this many px from a shown event, the surface (radius 24: three box passes of
# 3 cells of 4 px each way, 36 px) is clear.
CLEAR_PX = 60


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The Peru map as bundled: density of both event layers, off at load."""
    project = Project(ROOT)
    mapdef = next(m for m in project.map_definitions() if m.id == "peru")
    assert mapdef.features["density"].on is False
    layers = for_map(project.load_layers(list(mapdef.layers)), mapdef)
    path = tmp_path_factory.mktemp("density") / "peru.html"
    html = render_page(mapdef, layers)
    path.write_text(html, encoding="utf-8")
    frames = read_page(html)
    return path, {k: frames[k] for k in ("kidnappings", "protests")}


def painted(mp) -> int | None:
    """Pixels of the density canvas with any opacity; None when it is not shown."""
    return mp.eval(
        """() => { const c = document.querySelector('.gi-density-canvas');
        if (!c || c.hidden || !c.isConnected) return null;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let k = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) k++; return k; }"""
    )


def alpha_at(mp, x: float, y: float) -> int:
    """Opacity of the density canvas at a container pixel (it spans the map's container,
    one canvas pixel per grid cell, scaled up by CSS)."""
    return mp.eval(
        """([x, y]) => { const c = document.querySelector('.gi-density-canvas');
        if (!c || c.hidden || !c.isConnected) return 0;
        const m = document.querySelector('.gi-map').getBoundingClientRect();
        const r = c.getBoundingClientRect();
        const s = c.width / r.width;
        return c.getContext('2d').getImageData(Math.floor((m.left + x - r.left) * s),
                                               Math.floor((m.top + y - r.top) * s), 1, 1).data[3];
        }""",
        [x, y],
    )


def pixels(mp, frames) -> dict[str, np.ndarray]:
    """Each event row's container pixel, from the page's own marker positions."""
    out = {}
    for layer_id, frame in frames.items():
        out[layer_id] = np.array(
            [
                [p["x"], p["y"]]
                for p in (mp.api(f"pixelOf({layer_id!r}, {i})") for i in range(len(frame)))
            ]
        )
    return out


def isolated(points: np.ndarray, others: np.ndarray, box: dict) -> list[int]:
    """Rows of ``points`` inside the map, at least CLEAR_PX from every row of ``others``."""
    rows = []
    for i, (x, y) in enumerate(points):
        if not (80 < x < box["width"] - 320 and 80 < y < box["height"] - 40):
            continue
        if len(others) and np.min(np.hypot(others[:, 0] - x, others[:, 1] - y)) < CLEAR_PX:
            continue
        rows.append(i)
    return rows


def test_density_draws_and_follows_toggles(open_map, built):
    path, frames = built
    mp = open_map(path)
    box = mp.page.get_by_label("Show density of events")
    assert not box.is_visible()  # off at load: its section is folded
    mp.page.locator(".gi-density summary").click()
    assert mp.page.locator(".gi-density summary").text_content() == "Density"
    assert not box.is_checked()
    assert painted(mp) is None
    assert mp.page.locator(".gi-density-legend").is_hidden()

    box.check()
    mp.page.wait_for_timeout(200)
    ends = mp.page.locator(".gi-density-ends span").all_text_contents()
    assert ends == ["fewer events", "more events"]
    both = painted(mp)
    assert both and both > 500

    at = pixels(mp, frames)
    size = mp.map_box()
    # Over every shown event the surface is coloured.
    for layer_id in frames:
        for x, y in at[layer_id]:
            if 0 <= x < size["width"] and 0 <= y < size["height"]:
                assert alpha_at(mp, x, y) > 0, (layer_id, x, y)

    # Protests off: pixels far from every kidnapping clear; the kidnappings' stay.
    lonely = isolated(at["protests"], at["kidnappings"], size)
    assert lonely, "no protest far from the kidnappings to check"
    toggle_layer(mp, "protests")
    mp.page.wait_for_timeout(100)
    for i in lonely:
        assert alpha_at(mp, *at["protests"][i]) == 0, i
    for x, y in at["kidnappings"]:
        if 0 <= x < size["width"] and 0 <= y < size["height"]:
            assert alpha_at(mp, x, y) > 0
    fewer = painted(mp)
    assert 0 < fewer < both
    toggle_layer(mp, "kidnappings")
    assert painted(mp) is None  # nothing shown, nothing drawn
    toggle_layer(mp, "kidnappings")
    toggle_layer(mp, "protests")
    assert painted(mp) == both

    # Hide approximate locations: an approximate event far from every exact one clears.
    approx = {
        k: ((f["precision"] == 0) | (f["precision"] >= APPROXIMATE_FROM)).to_numpy()
        for k, f in frames.items()
    }
    exact_px = np.concatenate([at[k][~approx[k]] for k in frames])
    candidates = [(k, i) for k in frames for i in isolated(at[k], exact_px, size) if approx[k][i]]
    assert candidates, "no approximate event far from the exact ones to check"
    mp.page.get_by_label("Hide approximate locations").check()
    mp.page.wait_for_timeout(200)
    assert painted(mp) < both
    for k, i in candidates:
        assert alpha_at(mp, *at[k][i]) == 0, (k, i)
    for x, y in exact_px:
        if 0 <= x < size["width"] and 0 <= y < size["height"]:
            assert alpha_at(mp, x, y) > 0
    mp.page.get_by_label("Hide approximate locations").uncheck()
    mp.page.wait_for_timeout(200)

    # Zoomed in, it is drawn again for the new view.
    mp.page.locator(".leaflet-control-zoom-in").click()
    mp.wait_drawn()
    assert painted(mp) > 0
    box.uncheck()
    mp.page.wait_for_timeout(100)
    assert painted(mp) is None
    assert mp.errors == []
    assert mp.blocked == []
