"""Host pages for the embed tests: an article with its own styles and geoinvest maps in it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from geoinvest.embed import embed
from geoinvest.project import Project

ROOT = Path(__file__).resolve().parents[2]
HOST_CSS = """
body { font: 17px/1.6 Georgia, serif; color: #333; margin: 0 auto; max-width: 680px;
       padding: 16px; background: #fffdf8; }
h1 { color: navy; font-size: 32px; margin: 0 0 12px; }
p { margin: 1em 0; }
table { border-collapse: separate; border: 2px solid #999; }
td, th { border: 1px solid #999; padding: 4px 8px; }
a { color: green; text-decoration: underline dotted; }
div { box-sizing: content-box; }
button { font-size: 20px; }
img { max-width: 100%; }
"""
LOCAL = ("file:", "data:", "blob:", "about:")
HOST_ELEMENTS = ("body", "h1", "p.intro", "table", "td", "a", "p.outro")


@cache
def bundled():
    project = Project(ROOT)
    mapdefs = {m.id: m for m in project.map_definitions()}
    needed = sorted({layer for m in mapdefs.values() for layer in m.layers})
    return mapdefs, project.load_layers(needed)


def write_embed(tmp_path: Path, map_id: str, name: str, language=None, **kw) -> str:
    """``geoinvest embed`` of a bundled map, as the library writes it; returns its text."""
    mapdefs, layers = bundled()
    mapdef = mapdefs[map_id]
    if language:
        mapdef = dataclasses.replace(mapdef, language=language)
    kw.setdefault("image", False)
    out = tmp_path / name
    embed(layers, mapdef, out, **kw)
    return out.read_text(encoding="utf-8")


def host_page(parts: list[str], filler: int = 0) -> str:
    """An article with a heading, paragraphs, a table and a link, then ``parts``."""
    pad = "".join(f"<p>Filler paragraph {k}.</p>" for k in range(filler))
    body = "\n<p>Between the maps.</p>\n".join(parts)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Host</title>\n'
        f"<style>{HOST_CSS}</style></head>\n<body>\n<h1>An article about mines</h1>\n"
        '<p class="intro">Intro with a <a href="#notes">link</a>.</p>\n'
        "<table><tr><td>cell</td><td>two</td></tr></table>\n"
        f"{pad}\n{body}\n{pad}\n"
        '<p class="outro" id="notes">The end.</p>\n</body></html>\n'
    )


@dataclass
class Host:
    """A loaded host page, the console errors it logged and the requests it tried."""

    page: object
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


def open_host(browser, path: Path, *, width=1000, height=800, maps=1, scripts=True) -> Host:
    """Open a host page in a fresh offline context; wait for ``maps`` maps to draw."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, java_script_enabled=scripts
    )
    result = Host(page=None)

    def route(r):
        if r.request.url.startswith(LOCAL):
            r.continue_()
        else:
            result.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    result.page = page
    page.on("console", lambda m: result.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: result.errors.append(str(e)))
    page.goto(path.resolve().as_uri())
    if maps and scripts:
        page.wait_for_function(
            "n => window.geoinvest && geoinvest.maps.length === n"
            " && geoinvest.maps.every(m => m.isDrawn())",
            arg=maps,
            timeout=30_000,
        )
        page.wait_for_timeout(200)
    return result


def host_styles(page) -> dict:
    """Every computed style property of the host's own elements, and their left edge and
    width, after a full layout.

    The viewport is resized by a pixel and back first: after the maps' incremental
    layouts, Chromium's getComputedStyle reports the body's ``margin: auto`` as 0px
    although the body stays where it was (its box does not move); a full layout reports
    the used margins again.
    """
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"] + 1, "height": size["height"]})
    page.set_viewport_size(size)
    return page.evaluate(
        """sels => Object.fromEntries(sels.map(sel => {
            const s = getComputedStyle(document.querySelector(sel));
            const keep = [...s].filter(p => !(sel === 'body' &&
                /^(height|block-size|perspective-origin|transform-origin)$/.test(p)));
            const box = document.querySelector(sel).getBoundingClientRect();
            const values = Object.fromEntries(keep.map(p => [p, s.getPropertyValue(p)]));
            return [sel, {...values, box: [box.left, box.width]}];
        }))""",
        list(HOST_ELEMENTS),
    )


# The share of a map's area that no control, panel or overlay covers, sampled every 4 px.
VISIBLE_SHARE = """root => {
    const map = root.querySelector('.gi-map').getBoundingClientRect();
    const boxes = [...root.querySelectorAll('.leaflet-control, .gi-table-view')]
        .map(n => n.getBoundingClientRect()).filter(b => b.width && b.height);
    let free = 0, all = 0;
    for (let y = map.top + 2; y < map.bottom; y += 4) {
        for (let x = map.left + 2; x < map.right; x += 4) {
            all++;
            if (!boxes.some(b => x >= b.left && x < b.right && y >= b.top && y < b.bottom)) free++;
        }
    }
    return free / all;
}"""

# Whether an element is on screen, inside its map and not covered by anything else.
UNCOVERED = """node => {
    const b = node.getBoundingClientRect();
    const map = node.closest('.gi-root').getBoundingClientRect();
    const inside = b.width > 0 && b.height > 0 && b.left >= map.left && b.top >= map.top
        && b.right <= map.right && b.bottom <= map.bottom && b.right <= innerWidth
        && b.bottom <= innerHeight && b.left >= 0 && b.top >= 0;
    const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
    return inside && !!hit && (hit === node || node.contains(hit));
}"""


@pytest.fixture
def host(browser):
    """``open_host`` on the session's Chromium; closes what it opened."""
    opened: list[Host] = []

    def _open(path: Path, **kw) -> Host:
        opened.append(open_host(browser, path, **kw))
        return opened[-1]

    yield _open
    for h in opened:
        h.page.context.close()


def click_marker(page, root_index: int, frame=None) -> dict:
    """Click a marker drawn on its own in the k-th map of the page (or frame); return which."""
    where = frame or page
    hit = where.evaluate(
        """k => {
            const root = document.querySelectorAll('.gi-root')[k];
            const api = geoinvest.maps.find(m => m.root === root);
            const map = root.querySelector('.gi-map').getBoundingClientRect();
            for (const layer of ['mining_sites', 'hydro_projects', 'protests', 'kidnappings']) {
                const s = api.singles(layer, 50).sort((a, b) =>
                    Math.hypot(a.x - map.width / 2, a.y - map.height / 2) -
                    Math.hypot(b.x - map.width / 2, b.y - map.height / 2));
                if (s.length) return {layer, row: s[0].row, x: s[0].x, y: s[0].y};
            }
            return null;
        }""",
        root_index,
    )
    assert hit, f"map {root_index} has no marker drawn on its own"
    root = where.locator(".gi-root").nth(root_index)
    root.scroll_into_view_if_needed()
    box = root.locator(".gi-map").bounding_box()
    page.mouse.click(box["x"] + hit["x"], box["y"] + hit["y"])
    record = root.locator(
        f'.gi-popup .gi-record[data-gi-layer="{hit["layer"]}"][data-gi-row="{hit["row"]}"]'
    )
    record.wait_for(timeout=5_000)
    return hit
