"""Every bundled map in maps/, built from the repository's layers, in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from pagechecks import central, check_popup, check_toggles

from geoinvest.build import build_map
from geoinvest.page import read_page
from geoinvest.project import Project

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
GEONAMES_CREDIT = "Town and district coordinates: GeoNames (CC BY 4.0)"


def _mapdefs():
    return Project(ROOT).map_definitions()


@pytest.fixture(scope="module")
def store():
    return Project(ROOT)


def build(mapdef, store, path: Path) -> str:
    """Build the map as `geoinvest build` does."""
    build_map(mapdef, store, path)
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("mapdef", _mapdefs(), ids=lambda m: m.id)
def test_bundled_map(mapdef, store, open_map, tmp_path):
    path = tmp_path / f"{mapdef.id}.html"
    html = build(mapdef, store, path)
    frames = read_page(html)
    assert list(frames) == list(mapdef.layers)
    layers = {layer.id: layer for layer in store.load_layers(list(mapdef.layers))}
    for layer_id, frame in frames.items():
        gdf = layers[layer_id].gdf
        want = gdf[gdf["country"].isin(mapdef.countries)]
        assert sorted(frame["id"]) == sorted(want["id"]), layer_id

    mp = open_map(path)
    mp.screenshot(mapdef.id)
    assert mp.errors == []
    assert mp.blocked == []
    # What a reader sees in the corner: the GeoNames credit for town-placed points.
    assert GEONAMES_CREDIT in mp.page.locator(".gi-attribution").text_content()
    expected = {k: len(v) for k, v in frames.items()}
    assert mp.api("counts()") == expected
    check_toggles(mp, expected)
    for layer_id, frame in frames.items():
        if not len(frame):
            continue
        singles = central(mp, mp.api(f"singles({layer_id!r}, 1000)"))
        assert singles, f"{layer_id}: no marker drawn on its own to click"
        for single in singles[:3]:
            mp.page.locator(".gi-reset").click()
            mp.page.wait_for_timeout(300)
            check_popup(mp, frame, layer_id, single["row"])
    assert mp.eval("performance.getEntriesByName('geoinvest:popup').length") >= 1
    assert mp.errors == []
