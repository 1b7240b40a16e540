"""XSS suite: hostile text in every field shows literally and never runs."""

from __future__ import annotations

import pytest
from pagechecks import open_popup, wait_text
from pagedata import DATA, csv_layer, fixture_mapdef

from geoinvest.page import read_page, render_page

pytestmark = pytest.mark.browser

MAP_TITLE = "<img src=x onerror=window.__xss=1>{{7*7}}</title></script>\"'`${window.__xss=1}`"
SITE_TITLE = "<script>window.__xss=1</script> {% if 1 %}sites{% endif %}"
EVENT_TITLE = '"><svg onload=window.__xss=1> &amp; \\u003c'
TEXT_FIELDS = ("admin1", "locality", "notes", "operator", "perpetrator", "victims")


@pytest.fixture(scope="module")
def xss_page(tmp_path_factory):
    layers = [
        csv_layer(DATA / "xss" / "sites.csv", "xss_sites", "site", title={"en": SITE_TITLE}),
        csv_layer(
            DATA / "xss" / "events.csv",
            "xss_events",
            "event",
            title={"en": EVENT_TITLE},
            symbol="triangle",
            color="#d01c8b",
        ),
    ]
    mapdef = fixture_mapdef(
        title={"en": MAP_TITLE},
        subtitle={"en": SITE_TITLE},
        countries=("PE",),
        layers=("xss_sites", "xss_events"),
        attribution="<img src=x onerror=window.__xss=1>",
    )
    html = render_page(mapdef, layers)
    path = tmp_path_factory.mktemp("xss") / "xss.html"
    path.write_text(html, encoding="utf-8")
    return path, read_page(html), layers


def test_the_suite_holds_at_least_30_payloads(xss_page):
    names = set()
    for layer in xss_page[2]:
        names |= set(layer.gdf["name"])
    assert len(names) >= 30
    assert max(len(v) for v in xss_page[2][0].gdf["notes"]) >= 100_000


def test_titles_show_literally(open_map, xss_page):
    mp = open_map(xss_page[0])
    assert mp.page.title() == MAP_TITLE
    assert mp.page.locator(".gi-title-text").text_content() == MAP_TITLE
    assert mp.page.locator(".gi-subtitle").text_content() == SITE_TITLE
    titles = mp.page.locator(".gi-panel .gi-layer-title").all_text_contents()
    assert titles == [SITE_TITLE, EVENT_TITLE]
    assert "<img src=x onerror=window.__xss=1>" in mp.page.locator(".gi-attribution").text_content()
    assert mp.eval("typeof window.__xss") == "undefined"
    assert mp.errors == [] and mp.blocked == []
    mp.screenshot("xss")


def test_every_popup_and_tooltip_shows_text_literally_and_runs_nothing(open_map, xss_page):
    path, frames, _ = xss_page
    mp = open_map(path)
    scripts = mp.eval("document.scripts.length")
    for layer_id, frame in frames.items():
        for row in range(len(frame)):
            want = frame.iloc[row]
            mp.page.locator(".gi-reset").click()
            point = mp.api(f"pixelOf({layer_id!r}, {row})")
            mp.hover_at(point["x"], point["y"])
            shown_tip = wait_text(mp, ".gi-tooltip .gi-tooltip-name", want["name"])
            assert shown_tip == want["name"], (layer_id, row)
            shown = open_popup(mp, layer_id, row)
            assert shown["name"] == want["name"]
            for field in TEXT_FIELDS:
                if field in shown["fields"]:
                    assert shown["fields"][field] == want[field], (layer_id, row, field)
            assert shown["sources"] == want["sources"].split(" | ")
            assert all(h.startswith(("http://", "https://")) for h in shown["links"])
            assert len(shown["links"]) == 1
    assert mp.eval("typeof window.__xss") == "undefined"
    assert mp.eval("document.scripts.length") == scripts
    bad = mp.eval(
        """[...document.querySelectorAll('[href],[src],[action],[formaction]')]
             .map(e => e.getAttribute('href') || e.getAttribute('src') || '')
             .filter(u => /^\\s*(javascript|data|vbscript):/i.test(u))"""
    )
    assert bad == []
    injected = mp.eval(
        "document.querySelectorAll('.gi-root img, .gi-root iframe, .gi-root svg:not(.gi-swatch), "
        ".gi-root object, .gi-root video, .gi-root input:not([type=checkbox]):not([type=radio])"
        ":not(.gi-time-handle[type=range]):not(.gi-search-input)')"
        ".length"
    )
    assert injected == 0
    # The page's own SVG (symbol swatches) holds only shapes, and nothing has on* handlers.
    swatch_tags = mp.eval(
        "[...new Set([...document.querySelectorAll('svg.gi-swatch *')].map(e => e.tagName))]"
    )
    assert set(swatch_tags) <= {"circle", "rect", "polygon"}
    handlers = mp.eval(
        "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))"
        ".filter(n => n.toLowerCase().startsWith('on'))"
    )
    assert handlers == []
    assert mp.errors == [] and mp.blocked == []
