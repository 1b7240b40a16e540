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
    nearest = 50                        # optional: incidents within within_km kept per site

No ``[links]`` table: the feature is off (event popups show the site as text, as before).

Build (``payload``): the links are computed once, vectorised: ``site_id`` matches through
the ``sites`` index (a ``pandas.Index`` lookup); nearby pairs through a ``shapely.STRtree``
of the incidents' points queried with one box per site (the box holds every point within
``within_km`` of the site at its latitude), then the haversine distance of each candidate
pair, kept when ``<= within_km``. A pair found both ways is one link with both reasons.
Everything is sorted: per site, incidents linked by ``site_id`` first, then by distance,
layer and row, so rebuilds are byte-identical. Of the incidents linked only by distance,
each site keeps its ``nearest`` (points geocoded to the same town pile up: 100,000
generated rows gave 15 million pairs within 10 km); their full number goes along.

Payload part (``payload.features.links``), compact and columnar (``page.encode.b64``: zlib
and base64, little-endian), in compressed sparse row form over the sites:

- ``sites``: the layer indices of the site layers, in map order; their rows, concatenated
  in that order, are the CSR's rows;
- ``offsets``: Uint32, (number of site rows + 1): the links of site row ``k`` are
  ``offsets[k] .. offsets[k+1]``;
- ``pairs``: Uint32 ``[layer index, row]`` of each link's incident, interleaved;
- ``via``: Uint8 per link, bit 1 = by ``site_id``, bit 2 = within ``within_km``;
- ``km10``: Uint16 per link, the haversine distance between site and incident in tenths
  of a kilometre (what a popup shows);
- ``near_counts``: Uint32 per site row, how many incidents lie within ``within_km`` of
  it, not counting those linked by ``site_id`` (``None`` without ``within_km``);
- ``events``: the layer indices of the event layers linked; ``within_km``, ``show``,
  ``nearest``.

Page (``static/js/links.js``): the arrays are inflated off the main thread when the map
mounts (synchronously on first use if a popup comes first); the incident -> site index is
then built in idle time (or on first use) by a counting sort of the ``site_id`` links. A
site's popup gets "Incidents at this site (N)" and "Incidents within N km (M)" (with "The
nearest K are listed." when some were left out), the first ``show`` of each as buttons,
then "Show N more"; an incident's "Site" field is a button. A button calls ``app.showRow``: the map
centres on the row and opens its popup. While a popup is open, the rows linked to its
records (a site's listed incidents, an incident's site) are ringed on a canvas in their
own pane above the markers (at most ``LINKS_HIGHLIGHT_MAX``, links.js); closing the popup
clears them. ``geoinvest.linked(root)`` returns the ringed rows as ``[layer id, row]``,
for tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from geoinvest.errors import ConfigError

NAME = "links"
KEYS = ("within_km", "layers", "show", "nearest")
EARTH_KM = 6371.0088  # mean Earth radius (IUGG), the sphere of the haversine distance
MAX_KM = 1000.0
MAX_SHOW = 100
MAX_NEAREST = 1000

STRINGS = {
    "en": {
        "links_site_incidents": "Incidents at this site ({n})",
        "links_near_incidents": "Incidents within {km} km ({n})",
        "links_nearest": "The nearest {n} are listed.",
        "links_km": "{km} km",
        "links_show_more": "Show {n} more",
        "links_more": "and {n} more",
        "links_open": "Show on the map",
        "links_site": "Site",
    },
    "es": {
        "links_site_incidents": "Incidentes en este sitio ({n})",
        "links_near_incidents": "Incidentes a menos de {km} km ({n})",
        "links_nearest": "Se listan los {n} más cercanos.",
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
    nearest: int = 50  # incidents within within_km kept per site, the nearest first


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
    nearest = table.get("nearest", 50)
    good = isinstance(nearest, int) and not isinstance(nearest, bool)
    if not good or not (1 <= nearest <= MAX_NEAREST):
        raise ConfigError(
            f"{where}: [links] nearest: {nearest!r} is not a whole number from 1 to "
            f"{MAX_NEAREST}; it is how many incidents within within_km a site lists, "
            "the nearest first, e.g. nearest = 50"
        )
    return LinkOptions(True, within, chosen, show, nearest)


def payload(options: LinkOptions | None, mapdef, layers) -> dict | None:
    """The links as CSR arrays over the site rows (see the module docstring)."""
    if options is None or not options.enabled:
        return None
    from geoinvest.page import encode

    sites = [k for k, layer in enumerate(layers) if layer.spec.kind == "site"]
    events = _event_layers(options, mapdef, layers)
    site_l, site_r, ev_l, ev_r, via, km, near_counts = find_links(
        layers, sites, events, options.within_km, options.nearest
    )
    total = sum(len(layers[k].gdf) for k in sites)
    first = np.zeros(len(layers), dtype="i8")
    first[sites] = _starts(layers, sites)
    site = first[site_l] + site_r
    offsets = np.zeros(total + 1, dtype="<u4")
    np.cumsum(np.bincount(site, minlength=total), out=offsets[1:])
    pairs = np.empty(2 * len(ev_l), dtype="<u4")
    pairs[0::2] = ev_l
    pairs[1::2] = ev_r
    return {
        "sites": sites,
        "events": events,
        "within_km": options.within_km,
        "show": options.show,
        "nearest": options.nearest,
        "offsets": encode.b64(offsets),
        "pairs": encode.b64(pairs),
        "via": encode.b64(via.astype("u1")),
        "km10": encode.b64(np.round(km * 10).astype("<u2")),
        "near_counts": (
            encode.b64(near_counts.astype("<u4")) if options.within_km is not None else None
        ),
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


def find_links(
    layers, sites: list[int], events: list[int], within_km: float | None, nearest: int = 50
):
    """Every link, sorted by site row, then ``site_id`` first, distance, layer and row.

    Of the incidents within ``within_km`` of a site and not linked to it by ``site_id``,
    the ``nearest`` are kept. Returns arrays ``site layer, site row, event layer, event
    row, via, km`` and, per site (numbered across the site layers), how many such
    incidents there are in all.
    """
    from geoinvest.page.payload import _coordinates, site_index

    site_at, slon, slat = _rows(layers, sites, _coordinates)
    event_at, elon, elat = _rows(layers, events, _coordinates)
    # Rows are numbered across layers: the sites' layers in order, then the events'.
    first = {k: int(start) for k, start in zip(sites, _starts(layers, sites), strict=True)}
    index = {key: first[at[0]] + at[1] for key, at in site_index(layers).items() if at[0] in first}
    gs, ge = _by_site_id(layers, events, _starts(layers, events), index)
    km = haversine_km(slon[gs], slat[gs], elon[ge], elat[ge])
    via = np.ones(len(gs), dtype="u1")
    near_counts = np.zeros(len(slon), dtype="i8")
    if within_km is not None and len(slon) and len(elon):
        via[km <= within_km] |= 2
        ns, ne, nkm, near_counts = _within(
            slon, slat, elon, elat, within_km, nearest, gs[via == 3], ge[via == 3]
        )
        gs, ge = np.concatenate([gs, ns]), np.concatenate([ge, ne])
        km = np.concatenate([km, nkm])
        via = np.concatenate([via, np.full(len(ns), 2, dtype="u1")])
    order = np.lexsort((ge, km, (via & 1) == 0, gs))
    gs, ge, via, km = gs[order], ge[order], via[order], km[order]
    sl, sr, el, er = site_at[0][gs], site_at[1][gs], event_at[0][ge], event_at[1][ge]
    return sl, sr, el, er, via, km, near_counts


def _groups(lon: np.ndarray, lat: np.ndarray):
    """Points grouped by equal coordinates: (group of each point, group longitudes and
    latitudes, the points in group order (each group's rows ascending), group starts)."""
    xy = np.stack([lon, lat], axis=1)
    unique, inverse = np.unique(xy, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    members = np.argsort(inverse, kind="stable")
    starts = np.searchsorted(inverse[members], np.arange(len(unique) + 1))
    return inverse, unique[:, 0], unique[:, 1], members, starts


def _expand(starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For runs (start, count): the run number of each item and the item's index."""
    run = np.repeat(np.arange(len(counts)), counts)
    offset = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    return run, np.repeat(starts, counts) + offset


def _within(slon, slat, elon, elat, km: float, nearest: int, both_s, both_e):
    """Sites' incidents within ``km`` not linked by site_id (``both_s``/``both_e``: the
    site_id links also within km): the ``nearest`` of each site as (site, event, km), and
    each site's number of them in all.

    Points geocoded to one town share coordinates, so pairs are found between distinct
    coordinates (a ``shapely.STRtree`` of the incidents' queried with one box per site:
    the box holds every point within km of the site at its latitude), and expanded to rows
    only as far as each site's list needs.
    """
    import shapely

    s_group, sx, sy, s_members, s_starts = _groups(slon, slat)
    e_group, ex, ey, e_members, e_starts = _groups(elon, elat)
    e_size = np.diff(e_starts)
    # A box around each site holding every point within km of it: km along a meridian is
    # km / R radians of latitude; along a parallel, at most km / (R cos(lat)) of longitude
    # at the box's latitude farthest from the equator. (Boxes do not wrap the antimeridian.)
    dlat = np.degrees(km / EARTH_KM)
    cos = np.cos(np.radians(np.minimum(np.abs(sy) + dlat, 90.0)))
    dlon = np.minimum(np.degrees(km / (EARTH_KM * np.maximum(cos, 1e-9))), 360.0)
    boxes = shapely.box(sx - dlon, sy - dlat, sx + dlon, sy + dlat)
    # No predicate: a point's envelope meets a box's exactly when the point is in the box.
    us, ue = shapely.STRtree(shapely.points(ex, ey)).query(boxes)
    d = haversine_km(sx[us], sy[us], ex[ue], ey[ue])
    keep = d <= km
    us, ue, d = us[keep], ue[keep], d[keep]
    # Each site's count: the incidents at every coordinate within km, less its site_id ones.
    within = np.bincount(us, weights=e_size[ue], minlength=len(sx)).astype("i8")
    near_counts = within[s_group] - np.bincount(both_s, minlength=len(slon))
    # Per site coordinate, nearest first (then by first row): as many incidents as a site
    # there can need, its nearest plus those it may skip for being its own.
    order = np.lexsort((e_members[e_starts[ue]], d, us))
    us, ue, d = us[order], ue[order], d[order]
    skip = np.zeros(len(sx), dtype="i8")
    np.maximum.at(skip, s_group[both_s], np.bincount(both_s, minlength=len(slon))[both_s])
    need = nearest + skip[us]
    size = e_size[ue]
    before = np.cumsum(size) - size
    run_start = np.searchsorted(us, us)  # first pair of each pair's site coordinate
    before -= before[run_start]
    take = np.clip(need - before, 0, size)
    pair, item = _expand(e_starts[ue], take)
    cu, ce, cd = us[pair], e_members[item], d[pair]
    # Expanded to the sites at each coordinate, site by site.
    block = np.searchsorted(cu, np.arange(len(sx) + 1))
    run, at = _expand(block[s_group], block[s_group + 1] - block[s_group])
    site, event, dist = run, ce[at], cd[at]
    # A site's own (site_id) incidents are listed apart, then the nearest are kept.
    n_events = max(len(elon), 1)
    own = np.sort(both_s * n_events + both_e)
    key = site * n_events + event
    hit = np.minimum(np.searchsorted(own, key), max(len(own) - 1, 0))
    mine = own[hit] == key if len(own) else np.zeros(len(key), dtype=bool)
    site, event, dist = site[~mine], event[~mine], dist[~mine]
    starts = np.searchsorted(site, site)
    rank = np.arange(len(site)) - starts
    kept = rank < nearest
    return site[kept], event[kept], dist[kept], near_counts


def _starts(layers, chosen: list[int]) -> np.ndarray:
    """The first number of each chosen layer's rows, numbered across them in order."""
    counts = np.array([len(layers[k].gdf) for k in chosen], dtype="i8")
    return np.concatenate([[0], np.cumsum(counts)[:-1]]).astype("i8") if len(chosen) else counts


def _rows(layers, chosen: list[int], coordinates):
    """The chosen layers' rows in order: ([layer, row] arrays, longitudes, latitudes)."""
    if not chosen:
        empty = np.zeros(0, dtype="i8")
        return (empty, empty), np.zeros(0), np.zeros(0)
    points = [coordinates(layers[k]) for k in chosen]
    sizes = [len(p[0]) for p in points]
    layer = np.repeat(np.array(chosen, dtype="i8"), sizes)
    row = np.concatenate([np.arange(size, dtype="i8") for size in sizes])
    lon = np.concatenate([p[0] for p in points])
    lat = np.concatenate([p[1] for p in points])
    return (layer, row), lon, lat


def _by_site_id(layers, events: list[int], starts: np.ndarray, index: dict[str, int]):
    """Incidents whose ``site_id`` names a site of this map: (site numbers, event numbers)."""
    import pandas as pd

    keys = pd.Index(list(index), dtype=object)
    targets = np.array(list(index.values()), dtype="i8")
    gs, ge = [np.zeros(0, dtype="i8")], [np.zeros(0, dtype="i8")]
    for e, start in zip(events, starts.tolist(), strict=True):
        gdf = layers[e].gdf
        if "site_id" not in gdf.columns or not len(targets):
            continue
        ids = gdf["site_id"]
        given = ids.notna().to_numpy()
        pos = keys.get_indexer(ids.astype(object).where(given, "").astype(str).to_numpy())
        rows = np.flatnonzero((pos >= 0) & given)
        gs.append(targets[pos[rows]])
        ge.append(start + rows)
    return np.concatenate(gs), np.concatenate(ge)


def haversine_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Great-circle distance in km between points given in degrees (arrays broadcast)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
