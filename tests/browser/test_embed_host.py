"""Fragments and iframe snippets in a host page, in Chromium with the network cut."""

from __future__ import annotations

import pytest
from embedhost import (
    click_marker,
    host,  # noqa: F401 - fixture
    host_page,
    host_styles,
    write_embed,
)

pytestmark = pytest.mark.browser


def test_two_maps_and_the_same_map_twice_in_a_host_page_leave_its_styles_alone(
    host,  # noqa: F811
    tmp_path,
):
    peru = write_embed(tmp_path, "peru", "peru.html")
    honduras = write_embed(tmp_path, "honduras", "honduras.html")
    bare = tmp_path / "bare.html"
    bare.write_text(host_page(["<p>No map here.</p>"]), encoding="utf-8")
    with_maps = tmp_path / "host.html"
    with_maps.write_text(host_page([peru, "<p>No map here.</p>", honduras, peru]), "utf-8")

    before = host(bare, maps=0)
    h = host(with_maps, maps=3)
    got, want = host_styles(h.page), host_styles(before.page)
    assert {(k, p): v for k in got for p, v in got[k].items() if want[k].get(p) != v} == {}
    ids = h.page.evaluate(
        "[...document.querySelectorAll('.gi-root')]"
        ".map(r => geoinvest.maps.find(m => m.root === r).id)"
    )
    assert ids == ["peru", "honduras", "peru"]
    for k in range(3):
        click_marker(h.page, k)
        # The popup opened in that map; the others keep theirs (one popup per map).
        popups = h.page.evaluate(
            "[...document.querySelectorAll('.gi-root')]"
            ".map(r => r.querySelectorAll('.leaflet-popup').length)"
        )
        assert popups == [int(i <= k) for i in range(3)]
    # Each map's title box is styled by its fragment, not by the host's h1 rule.
    title = h.page.locator(".gi-title-text").first
    assert title.evaluate("n => getComputedStyle(n).color") == "rgb(34, 34, 34)"
    assert h.errors == [] and before.errors == []
    assert h.blocked == []


HINTS = {
    "en": "Use Ctrl + scroll to zoom the map",
    "es": "Usa Ctrl + rueda del ratón para acercar el mapa",
}


@pytest.mark.parametrize("lang", HINTS)
def test_a_wheel_over_a_fragment_scrolls_the_host_and_ctrl_wheel_zooms(host, tmp_path, lang):  # noqa: F811
    peru = write_embed(tmp_path, "peru", "peru.html", language=lang)
    page_path = tmp_path / "host.html"
    page_path.write_text(host_page([peru], filler=30), encoding="utf-8")
    h = host(page_path)
    page = h.page
    root = page.locator(".gi-root")
    page.evaluate("scrollTo(0, document.querySelector('.gi-root').offsetParent.offsetTop - 100)")
    page.wait_for_timeout(200)
    box = root.locator(".gi-map").bounding_box()
    zoom = page.evaluate("geoinvest.maps[0].zoom()")
    y = page.evaluate("scrollY")
    assert y > 500 and 0 < box["y"] < 200
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 240)
    page.wait_for_function("y => scrollY > y", arg=y, timeout=5_000)
    assert page.evaluate("geoinvest.maps[0].zoom()") == zoom
    hint = root.locator(".gi-wheel-hint")
    assert hint.text_content() == HINTS[lang]
    assert hint.is_visible()
    assert "gi-show" in hint.get_attribute("class")

    box = root.locator(".gi-map").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    y = page.evaluate("scrollY")
    page.keyboard.down("Control")
    page.mouse.wheel(0, -240)
    page.keyboard.up("Control")
    page.wait_for_function("z => geoinvest.maps[0].zoom() > z", arg=zoom, timeout=5_000)
    assert page.evaluate("scrollY") == y
    assert h.errors == [] and h.blocked == []


def frame_of(page):
    frames = [f for f in page.frames if f != page.main_frame]
    assert len(frames) == 1
    return frames[0]


@pytest.mark.parametrize("src", [False, True], ids=["srcdoc", "iframe-src"])
def test_an_iframe_snippet_follows_the_maps_height_and_lets_the_host_scroll(
    host,  # noqa: F811
    tmp_path,
    src,
):
    kw = {"iframe": True, "image": True}
    if src:
        kw["iframe_src"] = tmp_path / "frames" / "honduras-map.html"
        kw["iframe_src"].parent.mkdir()
    snippet = write_embed(tmp_path, "honduras", "snippet.html", **kw)
    path = tmp_path / "host.html"
    path.write_text(host_page([snippet], filler=12), encoding="utf-8")
    h = host(path, maps=0)
    page = h.page
    iframe = page.locator("iframe[data-gi-embed]")
    iframe.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => document.querySelector('iframe').contentWindow.length !== undefined"
    )
    frame = iframe.element_handle().content_frame()
    frame.wait_for_function(
        "() => window.geoinvest && geoinvest.maps.length && geoinvest.maps[0].isDrawn()",
        timeout=30_000,
    )
    # 680 px of column: the map is 510 px high (4:3), and the iframe follows it.
    page.wait_for_function(
        "() => document.querySelector('iframe').getBoundingClientRect().height === 510",
        timeout=5_000,
    )
    inner = frame.evaluate("document.querySelector('.gi-root').getBoundingClientRect().height")
    assert inner == 510
    assert frame.evaluate("document.documentElement.scrollHeight") == 510
    # A narrower column: a lower map, and the iframe follows again.
    page.evaluate("document.body.style.maxWidth = '400px'")
    page.wait_for_function(
        "() => document.querySelector('iframe').getBoundingClientRect().height === 320",
        timeout=5_000,
    )
    page.evaluate("document.body.style.maxWidth = ''")
    page.wait_for_function(
        "() => document.querySelector('iframe').getBoundingClientRect().height === 510"
    )
    # The wheel over the map scrolls the article; the map keeps its zoom.
    iframe.scroll_into_view_if_needed()
    box = iframe.bounding_box()
    zoom = frame.evaluate("geoinvest.maps[0].zoom()")
    y = page.evaluate("scrollY")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 200)
    page.wait_for_function("y => scrollY !== y", arg=y, timeout=5_000)
    assert frame.evaluate("geoinvest.maps[0].zoom()") == zoom
    click_marker(page, 0, frame=frame)
    assert frame.locator(".leaflet-popup").count() == 1
    assert h.errors == [] and h.blocked == []


def test_without_scripts_the_snippet_shows_the_maps_figure(host, tmp_path):  # noqa: F811
    snippet = write_embed(tmp_path, "peru", "snippet.html", iframe=True, image=True)
    path = tmp_path / "host.html"
    path.write_text(host_page([snippet]), encoding="utf-8")
    h = host(path, maps=0, scripts=False)
    img = h.page.locator("noscript img, img[alt]").first
    img.wait_for(timeout=5_000)
    size = img.evaluate("i => [i.naturalWidth, i.naturalHeight, i.complete]")
    assert size[0] > 500 and size[1] > 300 and size[2]
    assert img.get_attribute("alt") == "Foreign investment and security incidents: Peru"
    assert img.is_visible() and img.bounding_box()["width"] > 500
    assert h.blocked == []


@pytest.mark.parametrize("leaflet", ["other", "same"])
def test_a_host_with_its_own_leaflet_and_an_amd_loader_keeps_them(host, tmp_path, leaflet):  # noqa: F811
    from geoinvest.page import assets

    if leaflet == "other":  # a stand-in for an older Leaflet the host uses
        own = "<script>window.L = {version: '0.7.7', host: true};</script>"
    else:
        own = f"<script>{assets.script_safe(assets.leaflet_file('leaflet.js'))}</script>"
    amd = "<script>window.define = function () {}; window.define.amd = {};</script>"
    peru = write_embed(tmp_path, "peru", "peru.html")
    honduras = write_embed(tmp_path, "honduras", "honduras.html")
    path = tmp_path / "host.html"
    path.write_text(host_page([own + amd + peru, honduras]), encoding="utf-8")
    h = host(path, maps=2)
    state = h.page.evaluate(
        "[window.L.version, !!window.L.host, geoinvest.leaflet.version,"
        " geoinvest.leaflet === window.L]"
    )
    assert state == (
        ["0.7.7", True, "1.9.4", False] if leaflet == "other" else ["1.9.4", False, "1.9.4", True]
    )
    for k in range(2):
        click_marker(h.page, k)
    assert h.errors == [] and h.blocked == []
