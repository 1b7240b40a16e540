"""A map as an HTML fragment for someone else's page, and as an iframe snippet.

The fragment is one ``<div class="gi-f-...">`` holding a ``<style>`` (Leaflet's CSS and
geoinvest's, every selector under that class: ``scope.py``), the map's root, its payload
and three scripts: Leaflet, loaded once per host page (``assets.leaflet_once``), the app
(the same script as the page's; a second copy only redefines its own closure) and the
mount call. No ``<html>``, ``<head>`` or ``<body>``, no element ids, no global rule. The
folium skeleton is not used: it is a whole document, and a fragment is four elements.

The class, ``gi-f-<map id>-<8 hex>``, comes from the map id and a hash of the payload,
so the same input gives the same bytes and two maps on one page never share styles; the
same fragment pasted twice shares them harmlessly (``geoinvest.mount`` takes the first
root of that name not mounted yet).
"""

from __future__ import annotations

import base64
import html
import itertools
import re
from collections.abc import Iterator

import geopandas as gpd

from geoinvest.model import Layer, MapDefinition
from geoinvest.page import _default_base, _digest, assets, page_parts
from geoinvest.page.elements import sizing
from geoinvest.page.payload import build_payload, iter_json
from geoinvest.page.scope import scope_css


def scope_name(map_id: str, digest: str) -> str:
    """The fragment's class: ``gi-f-`` + the map id as a CSS name + 8 hex of the payload."""
    slug = re.sub(r"[^a-z0-9]+", "-", map_id.lower()).strip("-")[:32] or "map"
    return f"gi-f-{slug}-{digest[:8]}"


def fragment_parts(
    mapdef: MapDefinition,
    layers: list[Layer],
    *,
    base: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame] | None = None,
    height: int | None = None,
) -> Iterator[str]:
    """The fragment's HTML in pieces; the payload's JSON goes out chunk by chunk.

    Everything that can fail on bad input fails here, before the first piece.
    """
    if base is None:
        base = _default_base(mapdef.countries)
    payload = build_payload(mapdef, layers, base)
    scope = scope_name(mapdef.id, _digest(iter_json(payload)))
    css = (
        scope_css(assets.leaflet_css_inline(), scope)
        + scope_css(assets.style(), scope)
        + f".{scope}{{display:block;position:relative;width:100%;margin:0;padding:0;border:0}}\n"
        + sizing(f".{scope}", height)
        + "\n"
    )
    if "</" in css:  # pragma: no cover - package CSS; a guard, not a case
        raise ValueError("CSS would close its <style> element")
    name = html.escape(scope)
    lang = html.escape(mapdef.language)
    head = (
        f"{assets.licence_comment()}\n"
        f'<div class="{name}" data-gi-fragment="{name}">\n'
        f"<style>{css}</style>\n"
        f'<div class="gi-root" data-gi-map="{name}" data-gi-embed="fragment" lang="{lang}">'
        '<div class="gi-map"></div></div>\n'
        f'<script type="application/json" class="gi-data" data-gi-map="{name}">'
    )
    tail = (
        "</script>\n"
        f"<script>{assets.leaflet_once()}</script>\n"
        f"<script>{assets.script_safe(assets.script())}</script>\n"
        f'<script>geoinvest.mount("{name}");</script>\n'
        "</div>\n"
    )
    return itertools.chain((head,), iter_json(payload), (tail,))


def render_fragment(mapdef: MapDefinition, layers: list[Layer], **kw) -> str:
    """The whole fragment as one string."""
    return "".join(fragment_parts(mapdef, layers, **kw))


def frame_page_parts(
    mapdef: MapDefinition,
    layers: list[Layer],
    *,
    base: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame] | None = None,
    height: int | None = None,
) -> Iterator[str]:
    """The page an iframe shows: the map page in embed mode, which tells its host its height."""
    return page_parts(mapdef, layers, base=base, embed=True, height=height)


# What the iframe is allowed: its scripts, and links that open in a new tab. Not the host's
# origin: the map cannot read or change the host page.
SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"
# The host's side: set the iframe's height from the map's messages (from that iframe only).
RESIZER = """(function () {
  var s = document.currentScript;
  var frame = s && s.parentNode.querySelector("iframe[data-gi-embed]");
  if (!frame) return;
  window.addEventListener("message", function (e) {
    var d = e.data;
    if (e.source !== frame.contentWindow || !d || d.type !== "geoinvest:height") return;
    var h = Number(d.height);
    if (h >= 100 && h <= 4000) frame.style.height = Math.round(h) + "px";
  });
})();"""


def iframe_snippet_parts(
    title: str,
    *,
    page: Iterator[str] | None = None,
    src: str | None = None,
    png: bytes | None = None,
    height: int | None = None,
) -> Iterator[str]:
    """An iframe snippet: the map page in ``srcdoc`` (``page``, escaped piece by piece) or
    at ``src``, lazily loaded, resized by the map's height messages, and a ``<noscript>``
    image (``png``) for hosts that run no scripts."""
    first = height if height is not None else 480
    yield (
        '<div class="gi-embed">\n<iframe data-gi-embed="" '
        f'title="{html.escape(title)}" loading="lazy" sandbox="{SANDBOX}" '
        f'style="display:block;width:100%;height:{int(first)}px;border:0" '
    )
    if page is not None:
        yield 'srcdoc="'
        for piece in page:
            yield html.escape(piece, quote=True)
        yield '"'
    else:
        yield f'src="{html.escape(src or "", quote=True)}"'
    yield "></iframe>\n"
    if png is not None:
        data = base64.b64encode(png).decode("ascii")
        yield (
            f'<noscript><img src="data:image/png;base64,{data}" alt="{html.escape(title)}" '
            'style="display:block;max-width:100%;height:auto"></noscript>\n'
        )
    yield f"<script>{RESIZER}</script>\n</div>\n"
