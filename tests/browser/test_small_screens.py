"""Small screens: a phone (375x667), a small iframe (680x420) and a fragment on a phone.

The title and the zoom buttons stay in view and uncovered, the panel folds into a button
(aria-expanded), at least 60 % of the map stays free of overlays, and the initial view
holds every point outside the controls.
"""

from __future__ import annotations

import pytest
from embedhost import (
    UNCOVERED,
    VISIBLE_SHARE,
    bundled,
    host,  # noqa: F401 - fixture
    host_page,
    write_embed,
)

from geoinvest.build import render_map

pytestmark = pytest.mark.browser

# Every point of the layers, as drawn singly or in clusters, lies outside these boxes.
POINTS_UNDER_CONTROLS = """root => {
    const api = geoinvest.maps.find(m => m.root === root);
    const map = root.querySelector('.gi-map').getBoundingClientRect();
    const boxes = [...root.querySelectorAll('.leaflet-control')]
        .map(n => n.getBoundingClientRect());
    const under = [];
    for (const layer of Object.keys(api.counts())) {
        for (const p of [...api.singles(layer, 100000), ...api.clusters(layer)]) {
            const x = map.left + p.x, y = map.top + p.y;
            if (boxes.some(b => x >= b.left && x <= b.right && y >= b.top && y <= b.bottom)) {
                under.push([layer, Math.round(p.x), Math.round(p.y)]);
            }
        }
    }
    return under;
}"""


def page_case(tmp_path, map_id="peru"):
    mapdefs, layers = bundled()
    path = tmp_path / f"{map_id}.html"
    path.write_text(render_map(mapdefs[map_id], layers), encoding="utf-8")
    return path


def iframe_case(tmp_path, map_id="peru"):
    snippet = write_embed(tmp_path, map_id, "snippet.html", iframe=True, height=420)
    path = tmp_path / "host.html"
    path.write_text(host_page([snippet]), encoding="utf-8")
    return path


def fragment_case(tmp_path, map_id="peru"):
    path = tmp_path / "host.html"
    path.write_text(host_page([write_embed(tmp_path, map_id, "f.html")]), encoding="utf-8")
    return path


CASES = {
    "page-375x667": (page_case, 375, 667),
    "page-680x420": (page_case, 680, 420),
    "iframe-680x420": (iframe_case, 1000, 800),  # the host's column is 680 px wide
    "fragment-375x667": (fragment_case, 375, 667),
}


def open_case(host, tmp_path, case):  # noqa: F811
    make, width, height = CASES[case]
    path = make(tmp_path)
    if case.startswith("iframe"):
        h = host(path, width=width, height=height, maps=0)
        frame = h.page.locator("iframe").element_handle().content_frame()
        frame.wait_for_function(
            "() => window.geoinvest && geoinvest.maps.length && geoinvest.maps[0].isDrawn()",
            timeout=30_000,
        )
        h.page.wait_for_timeout(200)
        return h, frame
    h = host(path, width=width, height=height)
    h.page.locator(".gi-root").scroll_into_view_if_needed()
    return h, h.page


@pytest.mark.parametrize("case", CASES)
def test_a_small_map_keeps_its_title_zoom_and_most_of_its_area(host, tmp_path, case):  # noqa: F811
    h, where = open_case(host, tmp_path, case)
    root = where.locator(".gi-root")
    size = root.bounding_box()
    if case.startswith("iframe"):
        assert (size["width"], size["height"]) == (680, 420)
    assert "gi-narrow" in root.get_attribute("class")
    for selector in (".gi-title", ".leaflet-control-zoom-in", ".leaflet-control-zoom-out"):
        assert root.locator(selector).evaluate(UNCOVERED), selector
    toggle = root.locator(".gi-panel-toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not root.locator(".gi-panel-body").is_visible()
    share = root.evaluate(VISIBLE_SHARE)
    assert share >= 0.6, f"only {share:.0%} of the map is free"
    # The initial view holds every point, none of them under a control.
    counts = where.evaluate("geoinvest.maps[0].counts()")
    frames = {layer["id"]: layer["n"] for layer in payload_layers(where)}
    assert counts == frames
    assert root.evaluate(POINTS_UNDER_CONTROLS) == []
    # The button unfolds the panel and folds it again.
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert root.locator('.gi-panel input[data-gi-layer="mining_sites"]').is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not root.locator(".gi-panel-body").is_visible()
    assert h.errors == [] and h.blocked == []


def payload_layers(where) -> list[dict]:
    return where.evaluate(
        "JSON.parse(document.querySelector('script.gi-data').textContent).layers"
        ".map(l => ({id: l.id, n: l.n}))"
    )


def test_a_wide_map_keeps_its_panel_open(host, tmp_path):  # noqa: F811
    h = host(page_case(tmp_path), width=1200, height=800)
    root = h.page.locator(".gi-root")
    assert "gi-narrow" not in root.get_attribute("class")
    assert not root.locator(".gi-panel-toggle").is_visible()
    assert root.locator('.gi-panel input[data-gi-layer="protests"]').is_visible()
    # Made narrow (a phone turned, a host's column), it folds; wide again, it unfolds.
    h.page.set_viewport_size({"width": 600, "height": 800})
    h.page.wait_for_function("document.querySelector('.gi-root.gi-narrow')")
    assert not root.locator(".gi-panel-body").is_visible()
    h.page.set_viewport_size({"width": 1200, "height": 800})
    h.page.wait_for_function("!document.querySelector('.gi-root.gi-narrow')")
    assert root.locator(".gi-panel-body").is_visible()
    assert h.errors == []
