"""The page's pure JS (index.js, grid.js) alone in a blank page, checked against Python.

No map and no Leaflet: the pure files are joined as the page joins them and called through
``geoinvest.pure``; the expected Morton order, cells, counts, centroids and hits are
computed here from the definitions, not from the JS.
"""

from __future__ import annotations

import math
from collections import defaultdict
from functools import cache

import numpy as np
import pytest

from geoinvest.page import assets

pytestmark = pytest.mark.browser

KEY_LEVEL = 16
CELL = 80
AUTO_CLUSTER = 500
W, H = 1500, 1000  # the canvas
VIEW_MARGIN = (150, 100)  # the viewport inside it, as in the page (padding 0.25 of 1200 x 800)
EARTH = 2 * math.pi * 6378137  # Web Mercator's width in metres

# Runs the pure functions on one set of points, one view; returns plain arrays.
RUN = """args => {
  const P = geoinvest.pure;
  const n = args.xy.length / 2;
  const index = P.keyIndex(Int32Array.from(args.xy), n);
  index.n = n;
  index.hidden = Uint8Array.from(args.hidden);
  Object.assign(index, P.prefixSums(index.order, index.x, index.y, index.hidden, P.emptySums(n)));
  const out = {
    order: Array.from(index.order), keys: Array.from(index.keys),
    x: Array.from(index.x), y: Array.from(index.y),
    count: Array.from(index.count), sumX: Array.from(index.sumX), sumY: Array.from(index.sumY),
  };
  if (!args.view) return out;
  const g = P.buildGrid(index, args.view, args.W, args.H, args.mode, args.shift);
  out.grid = {
    clustered: g.clustered, total: g.total, cx: g.cx, cy: g.cy, ck: g.ck,
    sx: g.sx, sy: g.sy, srow: g.srow,
    members: g.ck.map((k, q) => P.clusterRows(g, q, index.hidden)),
    near: args.probes.map(p => P.singlesNear(g, p[0], p[1], args.reach)),
  };
  return out;
}"""


@pytest.fixture(scope="module")
def pure(browser):
    """A blank page with only the pure files, joined in one strict-mode wrapper."""
    context = browser.new_context()
    page = context.new_page()
    page.route("**/*", lambda route: route.abort())
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    script = assets.script_safe(assets.script(assets.PURE_FILES))
    page.set_content(f'<!DOCTYPE html><meta charset="utf-8"><script>{script}</script>')
    assert page.evaluate("typeof L") == "undefined"
    assert page.evaluate("geoinvest.pure.CELL") == CELL
    assert page.evaluate("geoinvest.pure.AUTO_CLUSTER") == AUTO_CLUSTER
    yield page
    assert errors == []
    context.close()


def run(page, xy, hidden, view=None, mode="always", shift=(0, 0), probes=(), reach=9):
    args = {"xy": [int(v) for v in xy], "hidden": [int(h) for h in hidden], "view": view}
    args.update(W=W, H=H, mode=mode, shift=list(shift), probes=[list(p) for p in probes])
    args["reach"] = reach
    return page.evaluate(RUN, args)


# ---------------------------------------------------------------- fixtures


def points(seed: int = 7) -> np.ndarray:
    """Int32 microdegrees, lon/lat interleaved: a dense region, a stack, and the edges."""
    rng = np.random.default_rng(seed)
    lon = rng.normal(-75, 1.5, 3000)
    lat = rng.normal(5, 1.5, 3000)
    spot_lon = -74.0 + rng.uniform(-0.002, 0.002, 60)
    spot_lat = 4.6 + rng.uniform(-0.002, 0.002, 60)
    spot_lon[:20], spot_lat[:20] = -74.0, 4.6  # twenty on one spot
    edge_lon = np.array([-180, 180, 0, 179.999999, -75, -75])
    edge_lat = np.array([0, 0, 89.5, -89.5, 85.0511, -85.0511])
    lon = np.concatenate([lon, spot_lon, edge_lon])
    lat = np.concatenate([lat, spot_lat, edge_lat])
    xy = np.empty(2 * len(lon), dtype=np.int64)
    xy[0::2] = np.round(lon * 1e6)
    xy[1::2] = np.round(lat * 1e6)
    return xy


def hidden_mask(n: int, seed: int = 3) -> np.ndarray:
    return (np.random.default_rng(seed).random(n) < 0.2).astype(np.uint8)


def view_at(lon: float, lat: float, zoom: float) -> dict:
    """A canvas W x H centred on lon, lat (the page's view of it: scale, offsets, viewport)."""
    scale = 2.0**zoom
    x, y = mercator_px(lon, lat)
    ox, oy = x * scale - W / 2, y * scale - H / 2
    mx, my = VIEW_MARGIN
    return {
        "scale": scale,
        "ox": ox,
        "oy": oy,
        "vmin": {"x": mx, "y": my},
        "vmax": {"x": W - mx, "y": H - my},
    }


# ---------------------------------------------------------------- the definitions


@cache
def to_web_mercator():
    pyproj = pytest.importorskip("pyproj")
    return pyproj.Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)


def mercator_px(lon: float, lat: float) -> tuple[float, float]:
    """World pixel at zoom 0 (256 px wide) of a point, by pyproj's Web Mercator."""
    lat = max(-85.0511, min(85.0511, lat))
    mx, my = to_web_mercator().transform(lon, lat)
    return (mx / EARTH + 0.5) * 256, (0.5 - my / EARTH) * 256


def key_cell(world_px: float) -> int:
    return min(max(math.floor(world_px * (1 << KEY_LEVEL) / 256), 0), (1 << KEY_LEVEL) - 1)


def interleave(cx: int, cy: int) -> int:
    """The Morton code: bit b of cx at bit 2b, bit b of cy at bit 2b + 1."""
    code = 0
    for b in range(KEY_LEVEL):
        code |= ((cx >> b) & 1) << (2 * b) | ((cy >> b) & 1) << (2 * b + 1)
    return code


def js_round(v: float) -> int:
    return math.floor(v + 0.5)


def expected_grid(index: dict, hidden, view: dict, mode: str, shift) -> dict:
    """Clusters and singles of a view, by grouping the shown points of the canvas by cell.

    The points' world pixels are the index's (checked against pyproj elsewhere): each row's
    pixel is looked up by row, and its cell computed from it.
    """
    s, ox, oy = view["scale"], view["ox"], view["oy"]
    by_row = {row: (x, y) for row, x, y in zip(index["order"], index["x"], index["y"], strict=True)}
    shown = [row for row in range(len(hidden)) if not hidden[row]]
    level = max(0, js_round(math.log2(256 * s / CELL)))
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    if level <= KEY_LEVEL:
        side = 1 << level
        size = 256 * s / side

        def span(o, extent):
            return [min(max(math.floor(v / size), 0), side - 1) for v in (o, o + extent)]

        (gx0, gx1), (gy0, gy1) = span(ox, W), span(oy, H)
        for row in shown:
            x, y = by_row[row]
            gx, gy = key_cell(x) >> (KEY_LEVEL - level), key_cell(y) >> (KEY_LEVEL - level)
            if gx0 <= gx <= gx1 and gy0 <= gy <= gy1:
                cells[(gy, gx)].append(row)
    else:
        size = 256 * s / 2**level
        for row in shown:
            x, y = by_row[row]
            cx, cy = x * s - ox, y * s - oy
            if 0 <= cx < W and 0 <= cy < H:
                cells[(math.floor((cy + oy) / size), math.floor((cx + ox) / size))].append(row)
    mx, my = VIEW_MARGIN
    in_view = 0
    for row in shown:
        x, y = by_row[row]
        if mx <= x * s - ox <= W - mx and my <= y * s - oy <= H - my:
            in_view += 1
    clustered = mode == "always" or (mode == "auto" and in_view > AUTO_CLUSTER)
    clusters, singles = [], {}
    for key in sorted(cells):
        rows = cells[key]
        if clustered and len(rows) > 1:
            mean_x = sum(by_row[r][0] for r in rows) / len(rows)
            mean_y = sum(by_row[r][1] for r in rows) / len(rows)
            centre = (mean_x * s - ox + shift[0], mean_y * s - oy + shift[1])
            clusters.append((centre, sorted(rows)))
        else:
            for r in rows:
                singles[r] = (by_row[r][0] * s - ox, by_row[r][1] * s - oy)
    total = sum(len(rows) for rows in cells.values())
    return {
        "clustered": clustered,
        "in_view": in_view,
        "total": total,
        "clusters": clusters,
        "singles": singles,
    }


def check_grid(got: dict, want: dict) -> None:
    g = got["grid"]
    assert g["clustered"] == want["clustered"]
    assert g["total"] == want["total"]
    assert len(g["ck"]) == len(want["clusters"])
    for q, (centre, rows) in enumerate(want["clusters"]):
        assert g["ck"][q] == len(rows)
        assert sorted(g["members"][q]) == rows
        assert g["cx"][q] == pytest.approx(centre[0], abs=1e-6)
        assert g["cy"][q] == pytest.approx(centre[1], abs=1e-6)
    singles = {row: (x, y) for row, x, y in zip(g["srow"], g["sx"], g["sy"], strict=True)}
    assert len(singles) == len(g["srow"])
    assert singles.keys() == want["singles"].keys()
    for row, (x, y) in want["singles"].items():
        assert singles[row] == pytest.approx((x, y), abs=1e-9)


# ---------------------------------------------------------------- the tests


def test_key_order_is_the_morton_order_of_the_points(pure):
    xy = points()
    n = len(xy) // 2
    got = run(pure, xy, np.zeros(n))
    lon, lat = xy[0::2] / 1e6, xy[1::2] / 1e6
    px = [mercator_px(a, b) for a, b in zip(lon, lat, strict=True)]
    # Projection: the index's pixels, by row, against pyproj's Web Mercator.
    by_row = dict(zip(got["order"], zip(got["x"], got["y"], strict=True), strict=True))
    assert sorted(by_row) == list(range(n))
    for row in range(n):
        assert by_row[row] == pytest.approx(px[row], abs=1e-7)
    # Order: stable by the Morton code of the level-16 cell of each point.
    keys = [interleave(key_cell(x), key_cell(y)) for x, y in (by_row[r] for r in range(n))]
    want = sorted(range(n), key=lambda row: keys[row])
    assert got["order"] == want
    assert got["keys"] == [keys[row] for row in want]
    assert got["keys"] == sorted(got["keys"])
    assert len(set(got["keys"])) < n  # the stacked points share keys


def test_prefix_sums_count_and_sum_the_shown_rows_in_key_order(pure):
    xy = points()
    n = len(xy) // 2
    hidden = hidden_mask(n)
    got = run(pure, xy, hidden)
    shown = np.array([0 if hidden[row] else 1 for row in got["order"]])
    assert got["count"] == [0, *np.cumsum(shown).tolist()]
    assert got["count"][-1] == n - int(hidden.sum())
    for sums, coord in (("sumX", "x"), ("sumY", "y")):
        want = np.concatenate([[0.0], np.cumsum(np.array(got[coord]) * shown)])
        np.testing.assert_allclose(got[sums], want, rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize("zoom", [3, 5.5, 7, 9])
def test_clusters_are_the_cells_of_the_view_with_their_centroids(pure, zoom):
    xy = points()
    n = len(xy) // 2
    hidden = hidden_mask(n)
    view = view_at(-75, 5, zoom)
    got = run(pure, xy, hidden, view, mode="always", shift=(3.5, -2))
    want = expected_grid(got, hidden, view, "always", (3.5, -2))
    assert want["clusters"], "the view should hold clusters"
    check_grid(got, want)


def test_zoomed_beyond_the_key_grid_points_are_binned_finer(pure):
    xy = points()
    n = len(xy) // 2
    hidden = hidden_mask(n)
    view = view_at(-74.0, 4.6, 16)  # cells of level 22, beyond the key grid's 16
    got = run(pure, xy, hidden, view, mode="always", shift=(0, 0))
    want = expected_grid(got, hidden, view, "always", (0, 0))
    assert want["clusters"] and want["singles"], "the spot should hold clusters and singles"
    assert max(len(rows) for _, rows in want["clusters"]) >= 10  # the stacked points
    check_grid(got, want)


@pytest.mark.parametrize("zoom", [5, 8, 9.5, 9.625, 9.75, 9.875, 11])
def test_auto_clusters_a_layer_with_more_than_500_points_in_the_viewport(pure, zoom):
    xy = points()
    n = len(xy) // 2
    hidden = hidden_mask(n)
    view = view_at(-75, 5, zoom)
    got = run(pure, xy, hidden, view, mode="auto")
    want = expected_grid(got, hidden, view, "auto", (0, 0))
    check_grid(got, want)


def test_auto_fixture_has_views_on_both_sides_of_the_threshold():
    xy = points()
    hidden = hidden_mask(len(xy) // 2)
    shown_lon = [xy[2 * r] / 1e6 for r in range(len(hidden)) if not hidden[r]]
    shown_lat = [xy[2 * r + 1] / 1e6 for r in range(len(hidden)) if not hidden[r]]
    counts = {}
    for zoom in (9.5, 11):
        view = view_at(-75, 5, zoom)
        s, (mx, my) = view["scale"], VIEW_MARGIN
        k = 0
        for lon, lat in zip(shown_lon, shown_lat, strict=True):
            x, y = mercator_px(lon, lat)
            k += mx <= x * s - view["ox"] <= W - mx and my <= y * s - view["oy"] <= H - my
        counts[zoom] = k
    assert counts[9.5] > AUTO_CLUSTER >= counts[11]


def test_never_draws_every_point_of_the_canvas_on_its_own(pure):
    xy = points()
    n = len(xy) // 2
    hidden = hidden_mask(n)
    view = view_at(-75, 5, 5)
    got = run(pure, xy, hidden, view, mode="never")
    want = expected_grid(got, hidden, view, "never", (0, 0))
    assert not want["clusters"] and len(want["singles"]) > 1000
    check_grid(got, want)


@pytest.mark.parametrize("zoom", [9.5, 16])
def test_singles_near_a_point_are_found_through_the_buckets(pure, zoom):
    xy = points()
    n = len(xy) // 2
    hidden = hidden_mask(n)
    rng = np.random.default_rng(11)
    lon, lat = (-74.0, 4.6) if zoom == 16 else (-75, 5)
    view = view_at(lon, lat, zoom)
    first = run(pure, xy, hidden, view, mode="never")["grid"]
    # Probes near singles (some off the canvas' edges), and anywhere on the canvas.
    jitter = rng.uniform(-8, 8, (200, 2))
    probes = [
        (x + dx, y + dy) for x, y, (dx, dy) in zip(first["sx"], first["sy"], jitter, strict=False)
    ]
    probes += [tuple(p) for p in rng.uniform([-20, -20], [W + 20, H + 20], (200, 2))]
    reach = 9
    got = run(pure, xy, hidden, view, mode="never", probes=probes, reach=reach)["grid"]
    found_any = 0
    for (px, py), near in zip(probes, got["near"], strict=True):
        want = {
            q: math.hypot(x - px, y - py)
            for q, (x, y) in enumerate(zip(got["sx"], got["sy"], strict=True))
            if 0 <= x < W and 0 <= y < H and math.hypot(x - px, y - py) <= reach
        }
        assert {q for q, _ in near} == set(want)
        for q, d in near:
            assert d == pytest.approx(want[q], abs=1e-9)
        found_any += bool(near)
    assert found_any >= min(100, len(first["sx"]) // 2)
