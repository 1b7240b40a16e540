"""Sites linked to their incidents (``[links]``): each site's popup lists its incidents.

An incident (a row of an ``event`` layer) is linked to a site (a row of a ``site`` layer)
when its ``site_id`` names the site's ``id`` (the site the page's ``sites`` index already
resolves for "Site: name (id)", see ``page.payload.site_index``), and, when the map
definition gives ``within_km``, when it lies within that many kilometres of the site
(great-circle distance on a sphere of radius ``EARTH_KM``, the haversine formula).

Map definition::

    [links]
    within_km = 10                      # optional: also link incidents this close
    layers = ["kidnappings", "protests"]  # optional: the event layers linked (default: all)
    show = 10                           # optional: incidents listed before "Show more"

No ``[links]`` table: the feature is off (event popups show the site as text, as before).

Build (``payload``): the links are computed once, vectorised: ``site_id`` matches through
the ``sites`` index (a ``pandas.Index`` lookup); nearby pairs through a ``shapely.STRtree``
of the incidents' points queried with one box per site (the box holds every point within
``within_km`` of the site at its latitude), then the haversine distance of each candidate
pair, kept when ``<= within_km``. A pair found both ways is one link with both reasons.
Everything is sorted: per site, incidents linked by ``site_id`` first, then by distance,
layer and row, so rebuilds are byte-identical.

Payload part (``payload.features.links``), compact and columnar (``page.encode.b64``: zlib
and base64, little-endian), in compressed sparse row form over the sites:

- ``sites``: the layer indices of the site layers, in map order; their rows, concatenated
  in that order, are the CSR's rows;
- ``offsets``: Uint32, (number of site rows + 1): the links of site row ``k`` are
  ``offsets[k] .. offsets[k+1]``;
- ``pairs``: Uint32 ``[layer index, row]`` of each link's incident, interleaved;
- ``via``: Uint8 per link, bit 1 = by ``site_id``, bit 2 = within ``within_km``;
- ``km``: Float32 per link, the haversine distance between site and incident;
- ``events``: the layer indices of the event layers linked; ``within_km``, ``show``.

Page (``static/js/links.js``): the arrays are inflated off the main thread when the map
mounts (synchronously on first use if a popup comes first); the reverse index (incident to
its sites) is built on first use by a counting sort. A site's popup gets "Incidents at this
site (N)" and "Incidents within N km (M)", the first ``show`` of each as buttons with
"Show N more"; an incident's "Site" field is a button, and it gets "Sites within N km (M)".
A button calls ``app.showRow``: the map centres on the row and opens its popup. While a
popup is open, the rows linked to its records are ringed on a canvas in their own pane
above the markers (at most ``HIGHLIGHT_MAX``); closing the popup clears them.
``geoinvest.linked(root)`` returns the ringed rows as ``[layer id, row]``, for tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from geoinvest.errors import ConfigError

NAME = "links"
KEYS = ("within_km", "layers", "show")
EARTH_KM = 6371.0088  # mean Earth radius (IUGG), the sphere of the haversine distance
MAX_KM = 1000.0
MAX_SHOW = 100

STRINGS = {
    "en": {
        "links_site_incidents": "Incidents at this site ({n})",
        "links_near_incidents": "Incidents within {km} km ({n})",
        "links_near_sites": "Sites within {km} km ({n})",
        "links_km": "{km} km",
        "links_show_more": "Show {n} more",
        "links_more": "and {n} more",
        "links_open": "Show on the map",
        "links_site": "Site",
    },
    "es": {
        "links_site_incidents": "Incidentes en este sitio ({n})",
        "links_near_incidents": "Incidentes a menos de {km} km ({n})",
        "links_near_sites": "Sitios a menos de {km} km ({n})",
        "links_km": "{km} km",
        "links_show_more": "Mostrar {n} más",
        "links_more": "y {n} más",
        "links_open": "Ver en el mapa",
        "links_site": "Sitio",
    },
}


@dataclass(frozen=True)
class LinkOptions:
    """``[links]`` as read: off when the map definition has no such table."""

    enabled: bool = False
    within_km: float | None = None
    layers: tuple[str, ...] | None = None  # event layers linked; None: every event layer
    show: int = 10


def parse(table, where: str, layers: tuple[str, ...]) -> LinkOptions:
    """The ``[links]`` table checked; defaults (off) when there is none."""
    if table is None:
        return LinkOptions()
    from geoinvest.registry import check_keys

    if not isinstance(table, dict):
        raise ConfigError(f"{where}: links must be a table, e.g. [links] with within_km = 10")
    check_keys(table, KEYS, f"{where}: [links]", f"[links] can have: {', '.join(KEYS)}")
    within = table.get("within_km")
    if within is not None:
        good = isinstance(within, int | float) and not isinstance(within, bool)
        if not good or not (0 < within <= MAX_KM):
            raise ConfigError(
                f"{where}: [links] within_km: {within!r} is not a distance in kilometres; "
                f"write a number above 0 and at most {MAX_KM:g}, e.g. within_km = 10"
            )
        within = float(within)
    chosen = table.get("layers")
    if chosen is not None:
        if not isinstance(chosen, list) or not all(isinstance(x, str) for x in chosen):
            raise ConfigError(
                f"{where}: [links] layers must be a list of event layer ids, "
                'e.g. layers = ["kidnappings"]'
            )
        unknown = [x for x in chosen if x not in layers]
        if unknown:
            raise ConfigError(
                f"{where}: [links] layers: unknown layer {', '.join(map(repr, unknown))}; "
                f"this map's layers are: {', '.join(layers)}"
            )
        chosen = tuple(dict.fromkeys(chosen))
    show = table.get("show", 10)
    if not isinstance(show, int) or isinstance(show, bool) or not (1 <= show <= MAX_SHOW):
        raise ConfigError(
            f"{where}: [links] show: {show!r} is not a whole number from 1 to {MAX_SHOW}; "
            "it is how many incidents a popup lists before 'Show more', e.g. show = 10"
        )
    return LinkOptions(enabled=True, within_km=within, layers=chosen, show=show)


def payload(options: LinkOptions | None, mapdef, layers) -> dict | None:
    """The links as CSR arrays over the site rows (see the module docstring)."""
    if options is None or not options.enabled:
        return None
    from geoinvest.page import encode

    sites = [k for k, layer in enumerate(layers) if layer.spec.kind == "site"]
    events = _event_layers(options, mapdef, layers)
    site_l, site_r, ev_l, ev_r, via, km = find_links(layers, sites, events, options.within_km)
    counts = [layers[k].gdf.shape[0] for k in sites]
    base = np.zeros(len(layers), dtype="i8")
    base[sites] = np.concatenate([[0], np.cumsum(counts)[:-1]]) if sites else []
    offsets = np.zeros(sum(counts) + 1, dtype="<u4")
    np.cumsum(np.bincount(base[site_l] + site_r, minlength=sum(counts)), out=offsets[1:])
    pairs = np.empty(2 * len(ev_l), dtype="<u4")
    pairs[0::2] = ev_l
    pairs[1::2] = ev_r
    return {
        "sites": sites,
        "events": events,
        "within_km": options.within_km,
        "show": options.show,
        "offsets": encode.b64(offsets),
        "pairs": encode.b64(pairs),
        "via": encode.b64(via.astype("u1")),
        "km": encode.b64(km.astype("<f4")),
    }


def _event_layers(options: LinkOptions, mapdef, layers) -> list[int]:
    """Indices of the event layers linked; a site layer named in ``layers`` is an error."""
    if options.layers is None:
        return [k for k, layer in enumerate(layers) if layer.spec.kind == "event"]
    kinds = {layer.spec.id: layer.spec.kind for layer in layers}
    wrong = [x for x in options.layers if kinds.get(x) not in (None, "event")]
    if wrong:
        raise ConfigError(
            f"{mapdef.path or mapdef.id}: [links] layers: "
            f"{', '.join(map(repr, wrong))} is a {kinds[wrong[0]]} layer; list event layers, "
            "whose rows are the incidents linked to sites"
        )
    return [k for k, layer in enumerate(layers) if layer.spec.id in options.layers]


def find_links(layers, sites: list[int], events: list[int], within_km: float | None):
    """Every link, sorted by site row, then ``site_id`` first, distance, layer and row.

    Returns arrays ``site layer, site row, event layer, event row, via, km``.
    """
    from geoinvest.page.payload import _coordinates, site_index

    lonlat = {k: _coordinates(layers[k]) for k in (*sites, *events)}
    index = {key: at for key, at in site_index(layers).items() if at[0] in sites}
    parts = [_by_site_id(layers, events, index)]
    if within_km is not None and sites and events:
        parts.append(_within(lonlat, sites, events, within_km))
    sl, sr, el, er, via = (np.concatenate(p) for p in zip(*parts, strict=True))
    # One link per (site, event): the reasons OR-ed together.
    key = np.stack([sl, sr, el, er])
    unique, inverse = np.unique(key, axis=1, return_inverse=True)
    merged = np.zeros(unique.shape[1], dtype="u1")
    np.bitwise_or.at(merged, inverse.ravel(), via.astype("u1"))
    sl, sr, el, er = unique
    km = np.zeros(len(sl), dtype="f8")
    for s in np.unique(sl).tolist():
        for e in np.unique(el).tolist():
            m = (sl == s) & (el == e)
            if m.any():
                slon, slat = lonlat[s]
                elon, elat = lonlat[e]
                km[m] = haversine_km(slon[sr[m]], slat[sr[m]], elon[er[m]], elat[er[m]])
    order = np.lexsort((er, el, km, -(merged & 1).astype("i1"), sr, sl))
    return sl[order], sr[order], el[order], er[order], merged[order], km[order]


def _by_site_id(layers, events: list[int], index: dict[str, list[int]]):
    """Links of incidents whose ``site_id`` names a site of this map (``index``)."""
    import pandas as pd

    keys = pd.Index(list(index), dtype=object)
    targets = np.array(list(index.values()), dtype="i8").reshape(-1, 2)
    parts = []
    for e in events:
        gdf = layers[e].gdf
        if "site_id" not in gdf.columns or not len(targets):
            continue
        ids = gdf["site_id"]
        given = ids.notna().to_numpy()
        pos = keys.get_indexer(ids.astype(object).where(given, "").astype(str).to_numpy())
        rows = np.flatnonzero((pos >= 0) & given)
        hit = targets[pos[rows]]
        parts.append((hit[:, 0], hit[:, 1], np.full(len(rows), e), rows, np.ones(len(rows))))
    if not parts:
        return [np.zeros(0, dtype="i8")] * 4 + [np.zeros(0, dtype="u1")]
    *columns, via = (np.concatenate(p) for p in zip(*parts, strict=True))
    return [c.astype("i8") for c in columns] + [via.astype("u1")]


def _within(lonlat, sites: list[int], events: list[int], km: float):
    """Links of incidents within ``km`` of a site: STRtree candidates, haversine kept."""
    import shapely

    slon = np.concatenate([lonlat[k][0] for k in sites])
    slat = np.concatenate([lonlat[k][1] for k in sites])
    s_layer = np.concatenate([np.full(len(lonlat[k][0]), k) for k in sites])
    s_row = np.concatenate([np.arange(len(lonlat[k][0])) for k in sites])
    elon = np.concatenate([lonlat[k][0] for k in events])
    elat = np.concatenate([lonlat[k][1] for k in events])
    e_layer = np.concatenate([np.full(len(lonlat[k][0]), k) for k in events])
    e_row = np.concatenate([np.arange(len(lonlat[k][0])) for k in events])
    # A box around each site holding every point within km of it: km along a meridian is
    # km / R radians of latitude; along a parallel, at most km / (R cos(lat)) of longitude
    # at the box's latitude farthest from the equator.
    dlat = np.degrees(km / EARTH_KM)
    far = np.radians(np.minimum(np.abs(slat) + dlat, 90.0))
    cos = np.cos(far)
    dlon = np.where(cos > 1e-9, np.degrees(km / (EARTH_KM * np.maximum(cos, 1e-9))), 360.0)
    dlon = np.minimum(dlon, 360.0)
    boxes = shapely.box(slon - dlon, slat - dlat, slon + dlon, slat + dlat)
    tree = shapely.STRtree(shapely.points(elon, elat))
    si, ei = tree.query(boxes, predicate="intersects")
    d = haversine_km(slon[si], slat[si], elon[ei], elat[ei])
    keep = d <= km
    si, ei = si[keep], ei[keep]
    return [
        s_layer[si].astype("i8"),
        s_row[si].astype("i8"),
        e_layer[ei].astype("i8"),
        e_row[ei].astype("i8"),
        np.full(len(si), 2, dtype="u1"),
    ]


def haversine_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Great-circle distance in km between points given in degrees (arrays broadcast)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
