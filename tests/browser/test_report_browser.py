"""The HTML report in Chromium, offline: each map draws in its frame, popups give the
annex numbers, hostile text never runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from pagedata import DATA, csv_layer, fixture_mapdef

from geoinvest.project import Project
from geoinvest.report import write_report

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]
DRAWN = "window.geoinvest && geoinvest.maps.length && geoinvest.maps[0].isDrawn()"


def _open(browser, path: Path):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    errors, blocked = [], []

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:", "about:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri())
    return context, page, errors, blocked


def test_every_map_of_the_report_draws_offline(browser, tmp_path):
    project = Project(REPO)
    mapdefs = project.map_definitions()
    path = write_report(project.load_layers(), mapdefs, tmp_path / "report.html")
    context, page, errors, blocked = _open(browser, path)
    try:
        frames = [f for f in page.frames if f is not page.main_frame]
        assert len(frames) == len(mapdefs)
        for i, frame in enumerate(frames):
            page.locator("iframe").nth(i).scroll_into_view_if_needed()
            frame.wait_for_function(DRAWN, timeout=30_000)
            counts = frame.evaluate("geoinvest.maps[0].counts()")
            assert sum(counts.values()) > 0
        assert errors == [] and blocked == []
    finally:
        context.close()


def test_hostile_report_runs_nothing(browser, tmp_path):
    hostile = "<img src=x onerror=window.__xss=1>\"'<script>window.__xss=1</script>"
    layers = [csv_layer(DATA / "xss" / "sites.csv", "xss_sites", "site", title={"en": hostile})]
    mapdef = fixture_mapdef(
        title={"en": hostile}, subtitle={"en": hostile}, countries=("PE",), layers=("xss_sites",)
    )
    path = write_report(layers, [mapdef], tmp_path / "xss.html", title=hostile)
    context, page, errors, blocked = _open(browser, path)
    try:
        frame = next(f for f in page.frames if f is not page.main_frame)
        page.locator("iframe").first.scroll_into_view_if_needed()  # as in the test below
        frame.wait_for_function(DRAWN, timeout=30_000)
        page.wait_for_timeout(300)
        assert page.evaluate("window.__xss") is None
        assert frame.evaluate("window.__xss") is None
        assert page.locator("h1").text_content() == hostile
        annex = page.locator(".gi-annex li").all_text_contents()
        assert annex and all(item.startswith(f"[{n}] ") for n, item in enumerate(annex, 1))
        assert errors == [] and blocked == []
    finally:
        context.close()


def test_a_popup_gives_the_annex_numbers(browser, tmp_path):
    from pagechecks import record_selector

    project = Project(DATA / "project")
    mapdef = project.read_map(project.maps_dir / "test.toml")
    layers = project.load_layers()
    path = write_report(layers, [mapdef], tmp_path / "report.html")
    context, page, errors, blocked = _open(browser, path)
    try:
        frame = next(f for f in page.frames if f is not page.main_frame)
        # Chromium may hold back frames of an offscreen cross-origin (sandboxed) iframe:
        # the map draws once a reader scrolls to it.
        page.locator("iframe").first.scroll_into_view_if_needed()
        frame.wait_for_function(DRAWN, timeout=30_000)
        annex = page.locator(".gi-annex li").all_text_contents()
        number = {text.split("] ", 1)[1]: text.split("]", 1)[0] + "]" for text in annex}
        mines = next(layer for layer in layers if layer.id == "mines")
        row = 0  # t-mine-pe: two sources
        point = frame.evaluate(f"geoinvest.maps[0].pixelOf('mines', {row})")
        assert point["single"] and point["inView"]
        box = frame.locator(".gi-map").bounding_box()
        page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        record = frame.locator(record_selector("mines", row))
        record.wait_for(timeout=5_000)
        shown = record.locator(".gi-source").all_text_contents()
        cited = mines.gdf["sources"].iloc[row].split(" | ")
        assert len(cited) == 2
        assert shown == [f"{number[c]} {c}" for c in cited]
        assert errors == [] and blocked == []
    finally:
        context.close()
