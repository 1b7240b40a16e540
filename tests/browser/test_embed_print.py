"""Printing and accessibility: one A4 landscape page with the legend and credits; labelled
controls; a table of the points in view, reached and used with the keyboard."""

from __future__ import annotations

import io

import pytest
from embedhost import bundled, host  # noqa: F401 - host is a fixture
from pypdf import PdfReader

from geoinvest.build import render_map
from geoinvest.page import read_page

pytestmark = pytest.mark.browser

A4_LANDSCAPE_HEIGHT_PX = 210 / 25.4 * 96  # 794 CSS px


@pytest.fixture
def peru_page(tmp_path):
    mapdefs, layers = bundled()
    path = tmp_path / "peru.html"
    path.write_text(render_map(mapdefs["peru"], layers), encoding="utf-8")
    return path


@pytest.mark.parametrize("width", [1200, 375])
def test_a_map_prints_on_one_a4_landscape_page_with_its_legend_and_credits(
    host,  # noqa: F811
    peru_page,
    width,
):
    h = host(peru_page, width=width, height=800)
    pdf = PdfReader(io.BytesIO(h.page.pdf(format="A4", landscape=True)))
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    for words in ("Foreign investment", "Mining sites", "Location precision", "Natural Earth"):
        assert words in text, words
    h.page.emulate_media(media="print")
    root = h.page.locator(".gi-root")
    box = root.bounding_box()
    assert box["height"] < A4_LANDSCAPE_HEIGHT_PX
    for selector in (".gi-title", ".gi-layers", ".gi-legend", ".gi-attribution"):
        part = root.locator(selector)
        assert part.is_visible(), selector
        b = part.bounding_box()
        assert box["y"] <= b["y"] and b["y"] + b["height"] <= box["y"] + box["height"], selector
    for selector in (".leaflet-control-zoom", ".gi-bar", ".gi-panel-toggle", ".gi-basemaps"):
        assert not root.locator(selector).is_visible(), selector
    assert h.errors == [] and h.blocked == []


UNLABELLED = """root => {
    const name = n => (n.getAttribute('aria-label') || '').trim()
        || [...(n.labels || [])].map(l => l.textContent.trim()).join(' ').trim()
        || (n.tagName !== 'INPUT' ? n.textContent.trim() : '');
    const out = [];
    for (const n of root.querySelectorAll('input, select, textarea, button, [role=button]')) {
        if (!name(n)) out.push(n.outerHTML.slice(0, 80));
        if (n.type === 'radio' && !n.closest('[role=radiogroup][aria-label], fieldset')) {
            out.push('radio outside a named group: ' + n.value);
        }
    }
    return out;
}"""


def test_every_form_control_and_button_has_a_label(host, peru_page):  # noqa: F811
    h = host(peru_page)
    root = h.page.locator(".gi-root")
    root.locator(".gi-basemaps summary").click()
    root.locator(".gi-table-button").click()
    assert root.locator("input[type=radio]").count() == 4
    assert root.evaluate(UNLABELLED) == []
    group = root.locator("[role=radiogroup]")
    assert group.get_attribute("aria-label") == "Base map"
    # Labelled by <label> elements, not aria-label: 4 base maps, 5 layers, the precision
    # filter, then the features' checkboxes (filters, shaded areas, density).
    labels = [n.get_attribute("aria-label") for n in root.locator(".gi-panel input").all()]
    assert len(labels) >= 10
    assert labels == [None] * len(labels)


def table_rows(page) -> list[tuple[str, int, list[str]]]:
    return page.evaluate(
        """[...document.querySelectorAll('.gi-table-row')].map(r => [r.dataset.giLayer,
            Number(r.dataset.giRow), [...r.cells].map(c => c.textContent)])"""
    )


def test_the_table_lists_the_points_in_view_by_the_filters_and_opens_popups_by_keyboard(
    host,  # noqa: F811
    peru_page,
):
    frames = read_page(peru_page.read_text(encoding="utf-8"))
    h = host(peru_page)
    page = h.page
    # The keyboard reaches the table button from the top of the page.
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('gi-table-button')"):
            break
    else:
        pytest.fail("Tab never reached the table button")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('gi-table-close')")
    rows = table_rows(page)
    shown = sum(len(f) for f in frames.values())  # every Peruvian point is in the first view
    assert shown > 40 and len(rows) == shown
    titles = {"mining_sites": "Mining sites", "protests": "Protests, strikes and attacks"}
    for layer_id, row, cells in rows:
        want = frames[layer_id].iloc[row]
        assert cells[0] == want["name"]
        assert cells[3] == (want["locality"] if isinstance(want["locality"], str) else "")
        if layer_id in titles:
            assert cells[1] == titles[layer_id]
    caption = page.locator(".gi-table-caption").text_content()
    assert caption == f"Points in view: {shown} points in view"
    # A row, focused from the keyboard, opens its point's popup.
    layer_id, row, _ = rows[5]
    page.keyboard.press("Tab")  # from the close button to the first row
    focused = page.evaluate(
        "[document.activeElement.dataset.giLayer, document.activeElement.dataset.giRow]"
    )
    assert focused == [rows[0][0], str(rows[0][1])]
    page.locator(".gi-table-row").nth(5).focus()
    page.keyboard.press("Enter")
    record = page.locator(f'.gi-popup .gi-record[data-gi-layer="{layer_id}"][data-gi-row="{row}"]')
    record.wait_for(timeout=5_000)
    assert page.evaluate("document.activeElement.classList.contains('leaflet-popup-close-button')")
    assert page.locator(".gi-table-view").count() == 0
    # The table follows the panel's filters.
    page.keyboard.press("Escape")
    page.locator('.gi-panel input[data-gi-layer="mining_sites"]').click()
    page.locator(".gi-hide-approximate").click()
    page.locator(".gi-table-button").click()
    rows = table_rows(page)
    approximate_from = 3
    want = sorted(
        (layer_id, int(i))
        for layer_id, frame in frames.items()
        if layer_id != "mining_sites"
        for i in frame.index[frame["precision"] < approximate_from]
    )
    assert sorted((layer, row) for layer, row, _ in rows) == want
    # Zoomed in, it lists only what is in view.
    page.keyboard.press("Escape")
    page.evaluate("geoinvest.maps[0].root.querySelector('.leaflet-control-zoom-in').click()")
    page.wait_for_timeout(600)
    page.locator(".gi-table-button").click()
    shown = len(table_rows(page))
    in_view = sum(page.evaluate("geoinvest.maps[0].counts()").values())
    assert shown == in_view < len(want)
    assert h.errors == [] and h.blocked == []
