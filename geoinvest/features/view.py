"""A view you can send: the map's state in the link, the shown rows as CSV, scale and fullscreen.

Map definition table ``[view]`` (every key optional)::

    [view]
    url = "auto"          # the state in the URL fragment: "auto" (full pages only), true, false
    download = true       # the "download the rows shown (CSV)" button
    scale = "metric"      # scale bar: "metric", "imperial", "both" or false
    fullscreen = true     # fullscreen button (hidden where the browser refuses fullscreen)

**Link state** (``static/js/url.js``, the last feature script, so every other feature has
registered its parts with ``app.addState(name, get, set)`` before it reads the link). The
fragment holds one section per map, ``#<key>:<part>=<value>;<part>=<value>``, sections
joined by ``&``; the key is the payload's map id (``peru``), with ``.2``, ``.3`` ... for
further maps of the same id on one page; sections of other maps and text it does not
understand (a host page's own anchor) are kept as they are. Built-in parts: ``v`` view as
``zoom/lat/lon`` (decimals by zoom: under a tenth of a pixel), ``l`` the layers switched
off, ``a`` "hide approximate locations", ``b`` the basemap, ``p`` the open point as
``layer/row/id`` (the row's ``id`` column value, so a link survives a rebuild that moves
rows; the row number is tried first, then the id looked up; a popup listing several points
keeps its first; the popup is opened only if that row is shown). A part at its default is left
out, so an untouched map has no section. Each value is JSON, except text that is not valid
JSON, which is written bare (``b=CartoDB.Positron``); values are percent-encoded except
``, / : [ ] { } @ !``. Reading is defensive: a fragment over 8,000 characters, a section
that does not decode, an unknown part or a value a part's setter refuses is ignored (the
map opens at its default for it), nothing of it ever reaches the DOM as markup, and every
setter runs inside ``try``. On mount the parts are applied in this order: layers,
approximate, basemap, the features' parts in their registration order, then the view, then
the open point (its popup, then the view again, so the popup's auto-pan does not move it).
Writing is debounced (250 ms) after any change (``app.on("change")``, a move, a popup
opened or closed, any input in the map) and uses ``history.replaceState`` (no history
entries; works on ``file://`` and in ``about:srcdoc`` frames; a ``SecurityError`` is caught
and the feature stops writing). ``url = "auto"`` keeps it off in fragments and iframes
(``data-gi-embed`` on the root): there the address is the host's, whose own anchors and
routing the map must not touch; ``url = true`` turns it on there too (keyed by map id).
The link is read once, on mount: editing the fragment of an open page changes nothing
until it is reloaded.

**Download what is shown** (``download.js``): a button in the top-left bar writes, as CSV,
the rows of the layers that are on, not hidden by any filter bit (``layer.hidden == 0``:
approximate, time, filters) and inside the current view (``map.getBounds()``). Columns: a
``layer`` column, then every layer column in the payload's order (union over layers, first
seen first), then ``latitude``, ``longitude``, ``precision``; dates ISO ``YYYY-MM-DD``,
numbers as JavaScript writes them, missing values empty. UTF-8 with a byte-order mark (for
Excel), RFC 4180 quoting (``"`` doubled; CRLF line ends), and text cells starting with
``= + - @``, tab or CR prefixed with ``'`` (spreadsheet formula injection); numbers are not
touched. The text is written in batches of 512 rows, column by column from the typed
arrays (a dictionary column's values are quoted once; a text chunk is inflated and decoded
in one call, its rows cut from that string by their UTF-16 offsets; dates are formatted
once per day), for about 40 ms per task, each task's text turned into a ``Blob`` at once
(so hundreds of MB never sit in the script's heap); the button is ``aria-busy``
meanwhile. ``performance.mark("geoinvest:csv")`` marks the text complete; the Blobs are
joined and saved through an ``<a download="<map id>-shown.csv">``: no network. In an
iframe embed the button is not shown (the snippet's sandbox does not allow downloads).

**Scale bar and fullscreen** (``tools.js``): Leaflet's scale control at the bottom left
(metric by default; hidden on narrow maps, whose first view is fitted around the controls
that stay and whose credits span the bottom); a fullscreen button (Fullscreen API on the
map's root) with ``aria-pressed`` and a translated label that says what a press does; it
is left out where ``document.fullscreenEnabled`` is false (an iframe without
``allowfullscreen``). The buttons' bar (``gi-tools``) is hidden in print; the scale stays.
"""

from __future__ import annotations

from dataclasses import dataclass

from geoinvest.errors import ConfigError
from geoinvest.registry import check_keys

NAME = "view"
KEYS = ("url", "download", "scale", "fullscreen")
URL_CHOICES = ("auto", True, False)
SCALE_CHOICES = ("metric", "imperial", "both", False)

STRINGS = {
    "en": {
        "view_download": "Download the rows shown (CSV)",
        "view_download_title": (
            "Download the rows shown as CSV: layers that are on, rows left by the filters, "
            "inside the current view"
        ),
        "view_download_busy": "Preparing the CSV\u2026",
        "view_fullscreen": "Show the map full screen",
        "view_fullscreen_exit": "Leave full screen",
    },
    "es": {
        "view_download": "Descargar las filas mostradas (CSV)",
        "view_download_title": (
            "Descargar como CSV las filas mostradas: capas activas, filas que dejan los "
            "filtros, dentro de la vista actual"
        ),
        "view_download_busy": "Preparando el CSV\u2026",
        "view_fullscreen": "Mostrar el mapa a pantalla completa",
        "view_fullscreen_exit": "Salir de pantalla completa",
    },
}


@dataclass(frozen=True)
class ViewOptions:
    """The ``[view]`` table: link state, download button, scale bar, fullscreen button."""

    url: str | bool = "auto"
    download: bool = True
    scale: str | bool = "metric"
    fullscreen: bool = True


def _choice(table: dict, key: str, choices: tuple, default, where: str, example: str):
    value = table.get(key, default)
    # TOML's true/false are bools; 1 and 0 are not accepted for them.
    if any(value is c if isinstance(c, bool) else value == c for c in choices):
        return value
    shown = ", ".join(f'"{c}"' if isinstance(c, str) else str(c).lower() for c in choices)
    raise ConfigError(
        f"{where}: [view] {key} = {value!r} is not one of {shown}; e.g. {key} = {example}"
    )


def parse(table: dict | None, where: str, layers: tuple[str, ...]) -> ViewOptions:
    """The ``[view]`` table checked, or the defaults when the map has none."""
    if table is None:
        return ViewOptions()
    if not isinstance(table, dict):
        raise ConfigError(f'{where}: view must be a table, e.g. [view] with url = "auto"')
    check_keys(table, KEYS, f"{where}: [view]", f"[view] can have: {', '.join(KEYS)}")
    return ViewOptions(
        url=_choice(table, "url", URL_CHOICES, "auto", where, '"auto"'),
        download=_choice(table, "download", (True, False), True, where, "true"),
        scale=_choice(table, "scale", SCALE_CHOICES, "metric", where, '"metric"'),
        fullscreen=_choice(table, "fullscreen", (True, False), True, where, "true"),
    )


def payload(options: ViewOptions | None, mapdef, layers) -> dict:
    """The page's part: the four settings as they are."""
    options = options or ViewOptions()
    return {
        "url": options.url,
        "download": options.download,
        "scale": options.scale,
        "fullscreen": options.fullscreen,
    }
