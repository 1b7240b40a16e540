"""Static assets: Leaflet from the js_lib_leaflet package (or a CDN) and geoinvest's own JS/CSS.

geoinvest's script is the files of ``static/js/`` joined in the order of ``SCRIPT_FILES``
inside one strict-mode function, so they share one scope and nothing leaks but
``window.geoinvest``.
"""

from __future__ import annotations

import base64
import json
import re
from functools import cache
from importlib import metadata, resources

from geoinvest.errors import ConfigError

MODES = ("inline", "cdn")
LEAFLET_VERSION = "1.9.4"
CDN = f"https://unpkg.com/leaflet@{LEAFLET_VERSION}/dist"
# Subresource integrity of the CDN files; equal to the hashes of the packaged files.
SRI = {
    "leaflet.js": "sha256-20nQCchB9co0qIjJZRGuk2/Z9VM+kNiyxNV1lvTlZBo=",
    "leaflet.css": "sha256-p4NxAoJBhIIN+hmNHrzRCf9tD/miZyoHS5obTRR9BMY=",
}
# The page's script, in load order: a file's top-level statements may use what earlier
# files declare (function declarations are hoisted and may be used anywhere).
SCRIPT_FILES = (
    "core.js",  # the window.geoinvest namespace and shared constants
    "decode.js",  # base64 and the asynchronous inflate of the payload's typed arrays
    "inflate.js",  # synchronous zlib inflater for text chunks
    "columns.js",  # encoded columns and the cache of inflated text chunks
    "index.js",  # spatial index: Morton keys, key order, projection
    "layer.js",  # one layer of the model
    "text.js",  # DOM and text helpers
    "draw.js",  # marker symbols on canvas and as SVG swatches
    "sprites.js",  # pre-drawn marker and bubble sprites
    "leaflet-adapter.js",  # the points renderer and popup: Leaflet's private members
    "idle.js",  # work in idle periods
    "app.js",  # the App: map, panes, base map, basemaps
    "controls.js",  # title and reset-view controls
    "panel.js",  # the layer panel and legend
    "attribution.js",  # the attribution line
    "embed.js",  # embedded maps: cooperative wheel, height for the host; printing
    "render.js",  # redraw: view, grids, painting in regions
    "grid.js",  # clusters and singles from the index
    "paint.js",  # markers, bubbles and labels on the canvas
    "warm.js",  # idle warm-up of decoders and popup layout
    "pointer.js",  # hit tests, tooltips, clicks on clusters
    "popups.js",  # popup records
    "table.js",  # the table view of the points in view, rows open their popups
    "language.js",  # the language switch: re-mount in another language, state carried
    "time-days.js",  # feature time: calendar days and each row's interval of days
    "time.js",  # feature time: the period, its histogram and playback
    "filters.js",  # feature: filters by owner country, status, commodity, perpetrator
    "search-index.js",  # search: the geocoder's normaliser, folded text, ranked hits
    "search.js",  # search across layers: the box and its suggestions
    "links.js",  # sites linked to their incidents: popup lists, site buttons, rings
    "choropleth.js",  # feature: areas shaded by what they hold
    "density.js",  # feature: a heat surface of events
    "base.js",  # feature "base": towns, rivers and lakes of the offline base
    "download.js",  # view: the rows shown as CSV
    "tools.js",  # view: scale bar and fullscreen button
    "url.js",  # view: the map's state in the link (the last feature: others register first)
    "api.js",  # read-only helpers and mount
)
# The page's style sheets, in order: the page's own, then one per feature.
STYLE_FILES = (
    "geoinvest.css",
    "language.css",
    "time.css",
    "filters.css",
    "search.css",
    "links.css",
    "areas.css",
    "view.css",
)
# The files that need no DOM and no Leaflet, in the same order: a page of their own runs them.
PURE_FILES = ("core.js", "index.js", "grid.js")
SCRIPT_HEAD = (
    "/* geoinvest map app: one columnar data model, canvas markers, grid clustering, "
    'DOM-only UI. */\n(function () {\n  "use strict";\n\n'
)
SCRIPT_TAIL = "})();\n"

LICENCE_NOTE = (
    "Leaflet {version} (https://leafletjs.com), inlined from the django-js-lib-leaflet "
    "package. BSD-2-Clause licence:"
)
# Used only if the package's LICENSE file cannot be read.
LICENCE_FALLBACK = (
    "Copyright (c) 2010-2024, Volodymyr Agafonkin\n"
    "Copyright (c) 2010-2011, CloudMade\n"
    "All rights reserved. Redistribution and use in source and binary forms, with or without\n"
    "modification, are permitted under the BSD 2-Clause licence, provided that the above\n"
    "copyright notice, this list of conditions and the following disclaimer are retained.\n"
    "THE SOFTWARE IS PROVIDED AS IS, WITHOUT WARRANTY OF ANY KIND."
)


@cache
def licence_comment() -> str:
    """The HTML comment that carries Leaflet's licence into the page."""
    try:
        text = metadata.distribution("django-js-lib-leaflet").read_text("LICENSE")
    except metadata.PackageNotFoundError:
        text = None
    body = f"{LICENCE_NOTE.format(version=LEAFLET_VERSION)}\n\n{(text or LICENCE_FALLBACK).strip()}"
    # "--" may not appear inside an HTML comment.
    return "<!--\n" + re.sub(r"-{2,}", lambda m: " ".join(m.group(0)), body) + "\n-->"


def leaflet_dir():
    """The folder of the packaged Leaflet files."""
    return resources.files("js_lib_leaflet") / "static" / "js_lib_leaflet"


@cache
def leaflet_file(name: str) -> str:
    """A text file of the packaged Leaflet."""
    return (leaflet_dir() / name).read_text(encoding="utf-8")


@cache
def own(name: str) -> str:
    """One of geoinvest's own static files, e.g. geoinvest.css."""
    return (resources.files("geoinvest.page") / "static" / name).read_text(encoding="utf-8")


@cache
def style() -> str:
    """The page's CSS: the files of ``STYLE_FILES`` joined in order."""
    return "".join(own(name) for name in STYLE_FILES)


def script_dir():
    """The folder of the page script's files."""
    return resources.files("geoinvest.page") / "static" / "js"


@cache
def script(files: tuple[str, ...] = SCRIPT_FILES) -> str:
    """The files of static/js/ (all, or some in their load order) in one strict-mode function.

    Each file's lines are indented by two spaces, as in the function's body.
    """
    texts = ((script_dir() / name).read_text(encoding="utf-8") for name in files)
    body = "\n".join(re.sub(r"(?m)^(?=.)", "  ", text) for text in texts)
    return SCRIPT_HEAD + body + SCRIPT_TAIL


def script_safe(js: str) -> str:
    """JS text that cannot close its ``<script>`` element early."""
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def _image_uri(match: re.Match) -> str:
    data = (leaflet_dir() / "images" / match.group(1)).read_bytes()
    return "url(data:image/png;base64," + base64.b64encode(data).decode("ascii") + ")"


@cache
def leaflet_css_inline() -> str:
    """Leaflet's CSS with its images as data URIs."""
    return re.sub(r"url\(images/([\w.-]+\.png)\)", _image_uri, leaflet_file("leaflet.css"))


@cache
def leaflet_tags(mode: str) -> str:
    """The head tags that bring in Leaflet: inline with its licence, or versioned CDN links."""
    if mode not in MODES:
        raise ConfigError(f"assets {mode!r} is not one of {', '.join(MODES)}")
    if mode == "cdn":
        return (
            f'<link rel="stylesheet" href="{CDN}/leaflet.css" '
            f'integrity="{SRI["leaflet.css"]}" crossorigin="">\n'
            f'<script src="{CDN}/leaflet.js" integrity="{SRI["leaflet.js"]}" '
            'crossorigin=""></script>'
        )
    js = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", leaflet_file("leaflet.js"))
    return (
        licence_comment()
        + f"\n<style>{leaflet_css_inline()}</style>\n<script>{script_safe(js)}</script>"
    )


@cache
def leaflet_once() -> str:
    """Leaflet for a fragment: loaded once per host page, whatever the host already has.

    A second fragment reuses the first one's copy; a host's own Leaflet of the same version
    is used as is; a host's Leaflet of another version keeps ``window.L`` (ours goes to
    ``geoinvest.leaflet``, which the app reads first). ``define``, ``exports`` and
    ``module`` are hidden so a host with an AMD or CommonJS loader still gets a global.
    """
    js = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", leaflet_file("leaflet.js"))
    version = json.dumps(LEAFLET_VERSION)
    return script_safe(
        "(function (define, exports, module) {\n"
        "var ns = (window.geoinvest = window.geoinvest || {});\n"
        f"if (ns.leaflet && ns.leaflet.version === {version}) return;\n"
        f"if (window.L && window.L.version === {version}) {{ ns.leaflet = window.L; return; }}\n"
        "var host = window.L;\n"
        f"{js}\n"
        "ns.leaflet = window.L;\n"
        "if (host) window.L = host;\n"
        "}).call(window);\n"
    )
