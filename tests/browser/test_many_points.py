"""100,000 synthetic points in Chromium: counts per layer, a full popup, layer toggles."""

from __future__ import annotations

import pytest
from pagechecks import central, check_popup, check_toggles
from pagedata import fixture_mapdef, synthetic_layers

from geoinvest.page import read_page, render_page

pytestmark = pytest.mark.browser

N = 100_000


@pytest.fixture(scope="module")
def big_page(tmp_path_factory):
    layers = synthetic_layers(N, seed=11)
    html = render_page(fixture_mapdef(id="many", layers=tuple(x.id for x in layers)), layers)
    path = tmp_path_factory.mktemp("many") / "many.html"
    path.write_text(html, encoding="utf-8")
    return path, read_page(html)


def test_many_points(open_map, big_page):
    path, frames = big_page
    assert sum(len(f) for f in frames.values()) == N
    mp = open_map(path, timeout=60_000)
    assert mp.errors == [] and mp.blocked == []
    expected = {k: len(v) for k, v in frames.items()}
    assert mp.api("counts()") == expected
    mp.screenshot("many-points")
    check_toggles(mp, expected)

    # Click clusters (through the canvas) until markers are drawn on their own.
    layer_id = "synthetic_events"
    for _ in range(12):
        singles = central(mp, mp.api(f"singles({layer_id!r}, 500)"))
        if singles:
            break
        clusters = mp.api(f"clusters({layer_id!r})")
        biggest = max(clusters, key=lambda c: c["count"])
        zoom = mp.api("zoom()")
        mp.click_at(biggest["x"], biggest["y"])
        mp.wait_drawn(zoom)
    assert singles, "zooming into clusters never reached single markers"
    mp.screenshot("many-points-zoomed")
    shown = check_popup(mp, frames[layer_id], layer_id, singles[0]["row"])
    fields = set(frames[layer_id].columns) - {"id", "latitude", "longitude"}
    assert fields <= set(shown["fields"]) | {"name"}
    assert mp.eval("performance.getEntriesByName('geoinvest:popup').length") == 1
    assert mp.errors == []
