"""The HTML page: one self-contained, deterministic, safe Leaflet map per map definition.

Architecture
------------
``render_page(mapdef, layers, *, base=None, assets="inline", stamp=None) -> str``, or
``page_parts(...)``: the same text in pieces, which ``geoinvest build`` streams to the file.

1. **Payload** (``payload.py``, ``encode.py``): one JSON document, the page's single data
   model, columnar and typed, that rendering, clustering, popups, tooltips, the legend and
   (later) filters, the time slider and search all read. It holds version, language, the
   UI translation table (``i18n.py``, en/es), title/subtitle, the bounds of the map's
   countries, attribution lines, the tile basemaps (xyzservices URL template, attribution
   as ``[text, http(s) href]`` pairs), the offline vector base (admin areas, country
   outlines, area labels; coordinates rounded to 4 decimals) and, per layer: id, title
   (en/es), kind, colour, symbol, n, coordinates (Int32 microdegrees, interleaved lon,lat),
   precision (Uint8) and the schema columns encoded by dtype: numbers as Float64 (NaN
   missing), dates as Int32 days since 1970 (INT32_MIN missing; shown with the row's
   ``date_precision``), strings dictionary-encoded (values + Uint8/16/32 codes) when they
   repeat (judged on a sample first), else as chunks of 2,048 rows, each the rows' UTF-8
   byte lengths (Int32, -1 missing) followed by their bytes (Arrow's layout, taken from the
   Arrow buffers, no Python loop per row), zlib-compressed; the page inflates a chunk only
   when a popup or tooltip needs it, synchronously with its own inflater (so a click
   builds its popup in one task), and keeps the most recently used chunks. Typed arrays
   (coordinates, codes, numbers, dates) are little-endian, zlib-compressed and base64; the
   page inflates them once, in parallel: coordinates and precision before it mounts and
   draws, the columns right after the first draw (``isDrawn()`` and the features wait for
   them; a click in between opens its popup when they are in). The base map also carries
   neighbouring countries, coarsely simplified, as context. ``sites`` maps the site ids
   that events refer to onto [layer, row], for "Site: name (id)" in event popups. Chunks are
   compressed on a thread pool (zlib releases the GIL). ``read_page(html)`` decodes the
   payload back to one DataFrame per layer.
2. **Skeleton** (``elements.py``): folium/branca. ``PageFigure`` (the document: lang,
   charset, escaped title, optional stamp), ``PageMap`` (a ``folium.Map`` with no tiles and
   no CDN links, rendering only a namespaced ``div.gi-root``), ``Assets`` (Leaflet inlined
   from the ``django-js-lib-leaflet`` package with its BSD-2-Clause note and images as data
   URIs, or versioned CDN links with SRI for ``assets="cdn"``; geoinvest's JS and CSS always
   inline) and ``App`` (the payload as ``<script type="application/json" class="gi-data">``
   plus ``geoinvest.mount(name)``; the skeleton holds a marker there and the payload's
   JSON goes out in pieces (``iter_json``) in its place, so tens of MB of JSON are never
   one string and never pass through the templates).
   Their output goes into the figure as raw text, never
   re-parsed as a Jinja template (folium's MacroElement would). Element ids come from a
   hash of the payload and the element's position, so equal input renders byte-identical.
   JSON in the page has every ``<`` written ``\\u003c``: no ``</script>`` or ``<!--``.
   ``fragment.py`` writes the same payload, CSS (scoped by ``scope.py``) and script as a
   fragment for another page, and the iframe snippet around the page in embed mode
   (``embed=True``: sized 4:3 or by ``height``, posting its height to the host).
3. **App** (``static/js/``, one concern per file, joined by ``assets.script()`` in the order
   of ``assets.SCRIPT_FILES`` inside one strict-mode function; ``index.js`` and ``grid.js``
   are pure, ``leaflet-adapter.js`` alone touches Leaflet's private members): decodes the
   payload into typed arrays, projects the points once, and draws them on one canvas (an
   ``L.Renderer`` subclass, so Leaflet's zoom animation applies): symbol per layer, any
   CSS colour, precision 1-2 solid, 3+ hollow with a halo; each marker and bubble style is
   drawn once into a sprite and copied (the software rasteriser is slow with thousands of
   stroked shapes). Per layer a
   ``hidden`` Uint8Array bitmask (bit 1: "hide approximate locations"; later filters take
   further bits) decides what is drawn. At load each layer's rows are sorted by the Morton
   code of their cell in a 2^16 x 2^16 world grid, with prefix sums of count, x and y of
   the shown rows over that order: a cell of any coarser level is one run of it. Clustering
   (``cluster`` auto = a layer with > 500 points in the view, always, never) uses cells
   of about 80 px aligned to the world (so bubbles stay put while panning), each cell's
   count and centroid read from the sums: a redraw visits the cells over the canvas (the
   viewport padded by a quarter of its size), not the layer's rows; beyond the key grid's
   resolution (zoom ~15) the few points there are binned. A cell with one point draws the
   point, else a bubble with the count in the layer colour (each layer's bubble offset
   around the centroid so layers do not hide each other). The view is painted in the
   redraw's task, the padding in the next tasks. The same cells answer hit tests: a
   click on a point opens its popup (every marker under the cursor is listed, six at a
   time with a button for the next), on a cluster zooms to its points (or lists them
   when they share a spot); hover shows a tooltip with the name and, in idle time,
   inflates what its popup will need, as does pressing the mouse button. The vector base
   (Natural Earth admin areas and outlines, ``L.canvas`` in a pane below the tiles, so it
   shows when tiles fail) has area labels drawn on the markers canvas when no tile basemap
   is on. All UI (title box, layer panel = legend with symbol, title and count per layer,
   precision legend and "hide approximate" toggle, base-map radios, reset-view button,
   attribution line) is built with DOM APIs and ``textContent``; popups and tooltips get
   DOM nodes, never HTML strings; a source URL becomes a link only if ``new URL()`` says
   http(s). Every UI string comes from the payload's translation table. CSS is namespaced
   under ``.gi-``; the page has no element ids of its own, so several maps can share a
   page.
4. **Test hooks**: ``performance.mark("geoinvest:first-draw")`` after the first draw with
   markers, ``performance.mark("geoinvest:popup")`` when a popup with all fields is shown;
   ``window.geoinvest.maps[]`` exposes read-only helpers: ``isDrawn()``, ``zoom()``,
   ``counts()`` (per layer, points drawn in the view singly or in clusters),
   ``pixelOf(layer, row)``, ``singles(layer)``, ``clusters(layer)``; ``geoinvest.inflate``
   is the page's inflater; ``geoinvest.pure`` holds the pure index and grid functions, which
   tests also run on a page of their own (``assets.PURE_FILES``). Map tests act only through
   the real UI (mouse on the canvas, the panel's checkboxes, the keyboard).
"""

from __future__ import annotations

import hashlib
import importlib
import itertools
import json
import re
from collections.abc import Iterable, Iterator

import geopandas as gpd
import pandas as pd

from geoinvest.model import Layer, MapDefinition
from geoinvest.page import encode
from geoinvest.page.elements import PAYLOAD_MARK, App, Assets, PageFigure, PageMap, set_ids
from geoinvest.page.payload import build_payload, iter_json

__all__ = ["page_parts", "read_page", "read_payload", "render_page"]

_DATA = re.compile(r'<script type="application/json" class="gi-data"[^>]*>(.*?)</script>', re.S)


def render_page(
    mapdef: MapDefinition,
    layers: list[Layer],
    *,
    base: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame] | None = None,
    assets: str = "inline",
    stamp: str | None = None,
    embed: bool = False,
    height: int | None = None,
) -> str:
    """The whole HTML document of one map."""
    parts = page_parts(
        mapdef, layers, base=base, assets=assets, stamp=stamp, embed=embed, height=height
    )
    return "".join(parts)


def page_parts(
    mapdef: MapDefinition,
    layers: list[Layer],
    *,
    base: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame] | None = None,
    assets: str = "inline",
    stamp: str | None = None,
    embed: bool = False,
    height: int | None = None,
) -> Iterator[str]:
    """``render_page`` in pieces, to write a large page without holding it as one string.

    ``embed``: the page an iframe shows (see ``fragment.py``): sized by ``height`` (px) or
    4:3, it tells its host its height and lets the wheel scroll the host.
    Everything that can fail on bad input fails here, before the first piece.
    """
    if base is None:
        base = _default_base(mapdef.countries)
    payload = build_payload(mapdef, layers, base)
    page_map = PageMap(embed=embed, height=height)
    page_map.add_child(Assets(assets))
    page_map.add_child(App())
    figure = PageFigure(mapdef.title_in(mapdef.language), mapdef.language, stamp)
    figure.add_child(page_map)
    set_ids(figure, _digest(iter_json(payload)))
    # The skeleton is rendered with a marker where the payload goes; the payload (tens of
    # MB for large layers) goes out in pieces, never through the templates.
    head, mark, tail = figure.render().partition(PAYLOAD_MARK)
    if not mark:  # pragma: no cover - the App template always writes the marker
        raise RuntimeError("page skeleton has no payload marker")
    return itertools.chain((head,), iter_json(payload), (tail,))


def _digest(pieces: Iterable[str]) -> str:
    """A short content hash for element ids, without one string of a large text."""
    h = hashlib.sha256()
    for piece in pieces:
        h.update(piece.encode("utf-8"))
    return h.hexdigest()[:12]


def _default_base(countries: tuple[str, ...]):
    """The packaged Natural Earth base when geoinvest.geography is installed, else None."""
    try:
        geography = importlib.import_module("geoinvest.geography")
    except ImportError:
        return None
    return geography.admin_areas(countries), geography.country_outlines()


def read_payload(html: str) -> dict:
    """The JSON payload of the first map in a page."""
    match = _DATA.search(html)
    if match is None:
        raise ValueError("no geoinvest map data in this page")
    return json.loads(match.group(1))


def read_page(html: str) -> dict[str, pd.DataFrame]:
    """One DataFrame per layer: id, every encoded column, longitude, latitude, precision."""
    payload = read_payload(html)
    frames = {}
    for layer in payload["layers"]:
        n = layer["n"]
        data = {c["name"]: encode.decode_column(c, n) for c in layer["columns"]}
        lon, lat = encode.decode_coordinates(layer["xy"])
        data["longitude"] = pd.Series(lon)
        data["latitude"] = pd.Series(lat)
        data["precision"] = pd.Series(encode.unb64(layer["precision"], "<u1").astype("int64"))
        frames[layer["id"]] = pd.DataFrame(data)
    return frames
