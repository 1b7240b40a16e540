"""The bundled region map's features together in one copied link (issue 14: "reload a copied
URL and find the same state"): the owners filter, the time range, a layer toggled off, the
shaded areas switched off, density on, zoom and an open popup, set through the real UI,
then the link opened in a fresh page, offline."""

from __future__ import annotations

from pathlib import Path

import pytest
from pagechecks import toggle_layer
from test_view import hash_of, open_url  # noqa: F401 - fixture

from geoinvest.build import render_map
from geoinvest.project import Project

pytestmark = pytest.mark.browser

STATE = """() => ({
    zoom: geoinvest.maps[0].zoom(),
    counts: geoinvest.maps[0].counts(),
    toggles: [...document.querySelectorAll('.gi-panel input.gi-toggle')].map(b => b.checked),
    filters: [...document.querySelectorAll('.gi-filters input:checked')].map(b => b.value),
    handles: [...document.querySelectorAll('.gi-time-handle')].map(i => +i.value),
    period: document.querySelector('.gi-time-label, .gi-time-range')?.textContent ?? null,
    panel: [...document.querySelectorAll('.gi-panel .gi-layers .gi-count')].map(n => n.textContent),
    switches: [...document.querySelectorAll('.gi-panel input[type=checkbox]:not(.gi-toggle)'
        + ':not(.gi-filters-value)')].map(b => [b.className, b.checked]),
    popup: [...document.querySelectorAll('.gi-popup .gi-record')].map(
        r => [r.dataset.giLayer, r.dataset.giRow]),
})"""


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    project = Project(Path(__file__).resolve().parents[2])
    mapdefs = {m.id: m for m in project.map_definitions()}
    path = tmp_path_factory.mktemp("links") / "region.html"
    path.write_text(render_map(mapdefs["region"], project.load_layers()), encoding="utf-8")
    return path


def test_a_copied_link_carries_every_feature(open_url, region):  # noqa: F811
    mp = open_url(region.as_uri())
    page = mp.page
    # Owners filter: Chinese-owned.
    field = page.locator('.gi-filters details[data-gi-field="owner_country"]')
    field.locator("summary").click()
    page.locator('.gi-filters input[data-gi-field="owner_country"][value="CN"]').click()
    # Time: the end handle ten steps back, the start handle ten forward (keyboard).
    handles = page.locator(".gi-time-handle")
    page.wait_for_selector(".gi-time-handle:not([disabled])", timeout=10_000)
    handles.nth(1).focus()
    for _ in range(3):
        page.keyboard.press("PageDown")
    handles.nth(0).focus()
    for _ in range(3):
        page.keyboard.press("PageUp")
    # A layer off, the shaded areas off, density on (real checkboxes).
    toggle_layer(mp, "hydro_projects")
    page.locator(".gi-choropleth-toggle").click()
    density = page.locator(".gi-density-toggle")
    if not density.is_visible():
        density.locator("xpath=ancestor::details[1]/summary").click()
    density.click()
    page.locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(600)
    # A popup open on a kidnapping drawn on its own.
    spot = mp.api("singles('kidnappings', 1)")[0]
    box = mp.map_box()
    page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
    page.wait_for_selector(".gi-popup .gi-record")
    link = hash_of(mp)  # written once the popup's auto-pan is over
    before = mp.eval(STATE)
    assert before["popup"][0] == ["kidnappings", str(spot["row"])]
    assert dict(before["switches"]) == {
        "gi-hide-approximate": False,
        "gi-choropleth-toggle": False,
        "gi-density-toggle": True,
    }
    assert before["filters"] == ["CN"]
    assert before["handles"][0] > 0 and any(" of " in t for t in before["panel"])
    assert before["toggles"].count(False) == 1
    assert link.startswith("#region:") and ";p=kidnappings/" in link

    again = open_url(region.as_uri() + link)
    again.page.wait_for_selector(".gi-time-handle:not([disabled])", timeout=10_000)
    again.page.wait_for_timeout(800)
    after = again.eval(STATE)
    assert after == before
    assert mp.errors == [] and again.errors == []
    assert mp.blocked == [] and again.blocked == []
