"""Checks shared by the browser tests; each acts through the page's real UI."""

from __future__ import annotations

import contextlib
import math
import re

import pandas as pd
from playwright.sync_api import TimeoutError as PlaywrightTimeout

URL_TAIL = re.compile(r",\s*([A-Za-z][A-Za-z0-9+.-]*:\S*)\s*$")


def expected_links(sources: str | None) -> list[str]:
    """The http(s) URLs a popup should link for a sources cell."""
    links = []
    for citation in (sources or "").split(" | "):
        match = URL_TAIL.search(citation)
        if match and match.group(1).lower().startswith(("http://", "https://")):
            links.append(match.group(1))
    return links


def record_selector(layer_id: str, row: int) -> str:
    return f'.gi-popup .gi-record[data-gi-layer="{layer_id}"][data-gi-row="{row}"]'


def open_popup(mp, layer_id: str, row: int) -> dict:
    """Click the row's marker on the canvas and return what its popup record shows."""
    page = mp.page
    close_popup(mp)
    point = mp.api(f"pixelOf({layer_id!r}, {row})")
    assert point["single"] and point["inView"], f"{layer_id} row {row} is not drawn on its own"
    mp.click_at(point["x"], point["y"])
    record = page.locator(record_selector(layer_id, row))
    record.wait_for(timeout=5_000)
    return record.evaluate(
        """r => ({
            name: r.querySelector('.gi-record-name').textContent,
            fields: Object.fromEntries([...r.querySelectorAll('.gi-field')].map(
                f => [f.dataset.giField, f.querySelector('dd').textContent])),
            links: [...r.querySelectorAll('a')].map(a => a.getAttribute('href')),
            anchors: [...r.querySelectorAll('a')].map(a => [a.target, a.rel]),
            sources: [...r.querySelectorAll('.gi-source')].map(li => li.textContent),
        })"""
    )


def close_popup(mp) -> None:
    """Close an open popup from the keyboard (Escape on the focused map)."""
    mp.page.locator(".gi-map").focus()
    mp.page.keyboard.press("Escape")
    mp.page.wait_for_function("!document.querySelector('.leaflet-popup')", timeout=5_000)


def check_popup(mp, frame: pd.DataFrame, layer_id: str, row: int) -> dict:
    """The popup of a row shows its name, its text fields and links its http(s) sources."""
    shown = open_popup(mp, layer_id, row)
    want = frame.iloc[row]
    if isinstance(want.get("name"), str):
        assert shown["name"] == want["name"]
    for field in ("notes", "locality", "admin1", "perpetrator", "victims", "operator"):
        value = want.get(field)
        if isinstance(value, str) and value and field in shown["fields"]:
            assert shown["fields"][field] == value, field
    sources = want.get("sources")
    if isinstance(sources, str):
        citations = [c for c in sources.split(" | ") if c.strip()]
        assert shown["sources"] == citations
    assert [_norm(h) for h in shown["links"]] == [_norm(u) for u in expected_links(sources)]
    assert all(a == ["_blank", "noopener noreferrer"] for a in shown["anchors"])
    return shown


def _norm(url: str) -> str:
    return url.rstrip("/")


def wait_text(mp, selector: str, want: str, timeout: float = 5_000) -> str:
    """Wait until the element's textContent equals ``want``; return what it shows."""
    with contextlib.suppress(PlaywrightTimeout):  # the caller's assert shows what differs
        mp.page.wait_for_function(
            "([sel, want]) => { const e = document.querySelector(sel);"
            " return !!e && e.textContent === want; }",
            arg=[selector, want],
            timeout=timeout,
        )
    return mp.page.locator(selector).text_content()


def central(mp, points: list[dict]) -> list[dict]:
    """Points sorted by distance from the map's centre, away from the corner controls."""
    box = mp.map_box()
    cx, cy = box["width"] / 2, box["height"] / 2
    return sorted(points, key=lambda p: (p["x"] - cx) ** 2 + (p["y"] - cy) ** 2)


def toggle_layer(mp, layer_id: str) -> None:
    """Click a layer's checkbox in the panel and wait for the redraw."""
    mp.page.locator(f'.gi-panel input[data-gi-layer="{layer_id}"]').click()
    mp.page.wait_for_timeout(150)


def check_toggles(mp, expected: dict[str, int]) -> None:
    """Each layer's checkbox hides only that layer, and shows it again."""
    for layer_id in expected:
        toggle_layer(mp, layer_id)
        counts = mp.api("counts()")
        assert counts[layer_id] == 0
        assert all(counts[k] == v for k, v in expected.items() if k != layer_id)
        toggle_layer(mp, layer_id)
        assert mp.api("counts()") == expected


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
