"""The time control in Chromium: the range moved by keys and by dragging, play/pause, and
what is drawn counted against pandas on the same rows (date precision, dates before 1970,
an undated event, sites by start year), combined with a layer toggle and the precision
toggle. Offline, no console errors."""

from __future__ import annotations

from urllib.parse import unquote

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pagedata import BOXES

from geoinvest.features import time as time_feature
from geoinvest.model import Layer, LayerSpec, MapDefinition
from geoinvest.page import read_page, render_page
from geoinvest.schema import APPROXIMATE_FROM

pytestmark = pytest.mark.browser
EPOCH = pd.Timestamp("1970-01-01")
# Rows chosen by hand: a year-precision date in 1955 (min of the scale), March 1962 by month,
# a week in 1968 (Thursday 4 July: the week is Monday 1 to Sunday 7) and the week of
# Thursday 1 August (Monday 29 July to Sunday 4 August), the last day before
# 1970 and the first after, a year-precision 2020 (max of the scale) and an undated row.
FIXED = [
    ("1955-06-15", "year"),
    ("1962-03-10", "month"),
    ("1968-07-04", "week"),
    ("1968-08-01", "week"),
    ("1969-12-31", "day"),
    ("1970-01-01", "day"),
    ("2020-02-01", "year"),
    (None, "day"),
    # Late in each month of 1994, by month: the drag's end falls inside one of these months.
    *((f"1994-{m:02d}-28", "month") for m in range(1, 13)),
]


def _points(rng, k):
    box = np.array(list(BOXES.values()))[rng.integers(0, 3, k)]
    lon = box[:, 0] + rng.random(k) * (box[:, 2] - box[:, 0])
    lat = box[:, 1] + rng.random(k) * (box[:, 3] - box[:, 1])
    return lon, lat


def _layer(layer_id, kind, data, lon, lat, color, symbol):
    gdf = gpd.GeoDataFrame(
        pd.DataFrame(data), geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326"
    )
    spec = LayerSpec(
        id=layer_id, kind=kind, path=None, title={"en": layer_id}, color=color, symbol=symbol
    )
    return Layer(spec, gdf)


def _events(rng, layer_id, k, fixed=()):
    days = rng.integers(
        (pd.Timestamp("1956-01-01") - EPOCH).days, (pd.Timestamp("2019-06-01") - EPOCH).days, k
    )
    dates = [EPOCH + pd.Timedelta(days=int(d)) for d in days]
    precision = list(rng.choice(["day", "week", "month", "year"], k, p=[0.4, 0.2, 0.2, 0.2]))
    for when, prec in fixed:
        dates.append(pd.NaT if when is None else pd.Timestamp(when))
        precision.append(prec)
    n = len(dates)
    lon, lat = _points(rng, n)
    data = {
        "id": [f"{layer_id}-{i}" for i in range(n)],
        "name": [f"{layer_id} {i}" for i in range(n)],
        "precision": rng.choice([1, 2, 3, 4], n).astype("int8"),
        "date": pd.to_datetime(pd.Series(dates)),
        "date_precision": pd.Series(precision, dtype="str"),
    }
    return data, lon, lat


def fixture():
    rng = np.random.default_rng(14)
    incidents = _layer(
        "incidents", "event", *_events(rng, "incidents", 60, FIXED), "#7b3294", "diamond"
    )
    protests = _layer("protests", "event", *_events(rng, "protests", 30), "#d95f02", "circle")
    k = 12
    lon, lat = _points(rng, k)
    years = pd.array(
        [1950, 1960, 1975, 1990, 2001, 2008, 2012, 2015, 2018, 2022, None, None], "Int64"
    )
    sites = _layer(
        "sites",
        "site",
        {
            "id": [f"s-{i}" for i in range(k)],
            "name": [f"Site {i}" for i in range(k)],
            "precision": np.ones(k, "int8"),
            "start_year": years,
        },
        lon,
        lat,
        "#b35806",
        "square",
    )
    layers = [sites, incidents, protests]
    ids = tuple(layer.id for layer in layers)
    options = time_feature.parse({"step": "month", "play_seconds": 4}, "fixture.toml", ids)
    mapdef = MapDefinition(
        id="timefix",
        title={"en": "Time fixture"},
        countries=("PE", "CO", "HN"),
        layers=ids,
        features={"time": options},
    )
    return mapdef, layers


def intervals(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Each row's first and last day by its date precision (NaT where undated)."""
    d = frame["date"]
    p = frame["date_precision"]
    lo, hi = d.copy(), d.copy()
    week = p == "week"
    lo[week] = d[week] - pd.to_timedelta(d[week].dt.day_of_week, unit="D")
    hi[week] = lo[week] + pd.Timedelta(days=6)
    for prec, freq in (("month", "M"), ("year", "Y")):
        rows = p == prec
        periods = d[rows].dt.to_period(freq)
        lo[rows] = periods.dt.start_time
        hi[rows] = periods.dt.end_time.dt.normalize()
    return lo, hi


def expected(frames, start, end, scale):
    """Rows shown per layer for a range of days, pandas' reading of the rules in time.py."""
    lo_open, hi_open = start <= scale[0], end >= scale[1]
    s = EPOCH + pd.Timedelta(days=start)
    e = EPOCH + pd.Timedelta(days=end)
    out = {}
    for layer_id, frame in frames.items():
        if "date" in frame:
            lo, hi = intervals(frame)
            shown = (lo.isna() & lo_open & hi_open) | (
                lo.notna() & ((lo <= e) | hi_open) & ((hi >= s) | lo_open)
            )
        else:
            year = frame["start_year"]
            shown = year.isna() | (year <= e.year) | hi_open
        out[layer_id] = shown.to_numpy(bool)
    return out


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    mapdef, layers = fixture()
    html = render_page(mapdef, layers)
    path = tmp_path_factory.mktemp("time") / "time.html"
    path.write_text(html, encoding="utf-8")
    return path, read_page(html)


@pytest.fixture
def mp(open_map, page_file):
    page = open_map(page_file[0])
    # The control is built in the tasks after the first frame.
    page.page.wait_for_selector(".gi-time-text", timeout=10_000)
    return page


def handles(mp):
    return mp.eval(
        "[...document.querySelectorAll('.gi-time-handle')].map(i => [+i.value, +i.min, +i.max])"
    )


def panel_counts(mp):
    """The panel's count per layer: "7", or "7 of 25 shown" while the period is narrowed."""
    counts = []
    for text in mp.page.locator(".gi-panel .gi-count").all_text_contents():
        shown, of, rest = text.partition(" of ")
        assert not of or rest.endswith(" shown"), text
        counts.append(int(shown))
    return counts


def check_drawn(mp, frames, on=None):
    """Panel counts and points drawn in the view equal pandas' rows for the range."""
    (start, lo, hi), (end, _, _) = handles(mp)
    shown = expected(frames, start, end, (lo, hi))
    counts = {k: int(v.sum()) for k, v in shown.items()}
    assert panel_counts(mp) == list(counts.values())
    # While the period is narrowed, the panel says "N of M shown" for the filtered layers.
    narrowed = start > lo or end < hi
    texts = mp.page.locator(".gi-panel .gi-count").all_text_contents()
    assert any(" of " in t for t in texts) == narrowed, texts
    drawn = mp.api("counts()")
    assert drawn == {k: (v if on is None or on[k] else 0) for k, v in counts.items()}
    return start, end, shown


def press(mp, selector, keys):
    mp.page.locator(selector).focus()
    for key in keys:
        mp.page.keyboard.press(key)
    mp.page.wait_for_timeout(250)


def test_scale_and_initial_state(mp, page_file):
    frames = page_file[1]
    (start, lo, hi), (end, _, _) = handles(mp)
    first, last = intervals(frames["incidents"])
    assert EPOCH + pd.Timedelta(days=lo) == pd.Timestamp("1955-01-01") == first.min()
    assert EPOCH + pd.Timedelta(days=hi) == pd.Timestamp("2020-12-31") == last.max()
    assert (start, end) == (lo, hi)
    # The full scale hides nothing: not the undated event, not sites starting later.
    assert panel_counts(mp) == [len(f) for f in frames.values()]
    assert mp.page.locator(".gi-time-text").text_content() == "Jan 1, 1955 – Dec 31, 2020"
    assert mp.page.locator(".gi-time-start").get_attribute("aria-label") == "Start of the period"
    assert mp.page.locator(".gi-time-play").get_attribute("aria-label") == "Play"
    label = mp.page.locator(".gi-time-histogram").get_attribute("aria-label")
    events = len(frames["incidents"]) + len(frames["protests"])
    assert label == f"Events over time, {events} in the period shown"
    assert mp.errors == [] and mp.blocked == []


def test_keys_move_the_range_with_date_precision(mp, page_file):
    frames = page_file[1]
    # Start: six months on from 1 January 1955 (the 1955 event is by year: still shown).
    press(mp, ".gi-time-start", ["ArrowRight"] * 6)
    # End: 61 ten-month steps and 2 months back from 31 December 2020: 31 Dec 1969.
    press(mp, ".gi-time-end", ["PageDown"] * 61 + ["ArrowLeft"] * 2)
    start, end, shown = check_drawn(mp, frames)
    assert EPOCH + pd.Timedelta(days=start) == pd.Timestamp("1955-07-01")
    assert EPOCH + pd.Timedelta(days=end) == pd.Timestamp("1969-12-31")
    inc = frames["incidents"]
    visible = set(inc["date"][shown["incidents"]].dt.strftime("%Y-%m-%d"))
    assert {"1955-06-15", "1962-03-10", "1968-07-04", "1969-12-31"} <= visible
    assert "1970-01-01" not in visible
    assert not shown["incidents"][inc["date"].isna().to_numpy()].any()  # undated: hidden
    # Sites: those started by 1969 and those with no start year.
    assert shown["sites"].tolist() == [True, True] + [False] * 8 + [True, True]
    # Reading dates as days would differ: the precision rules are what is checked.
    naive = (inc["date"] >= EPOCH + pd.Timedelta(days=start)) & (
        inc["date"] <= EPOCH + pd.Timedelta(days=end)
    )
    assert naive.sum() < shown["incidents"].sum()
    assert mp.page.locator(".gi-time-text").text_content() == "Jul 1, 1955 – Dec 31, 1969"

    # A month-precision event is shown while the range overlaps its month: the end 90
    # months back (30 June 1962), the start 80 months on (1 March 1962).
    press(mp, ".gi-time-end", ["PageDown"] * 9)
    press(mp, ".gi-time-start", ["PageUp"] * 8)
    start, end, shown = check_drawn(mp, frames)
    assert EPOCH + pd.Timedelta(days=start) == pd.Timestamp("1962-03-01")
    assert EPOCH + pd.Timedelta(days=end) == pd.Timestamp("1962-06-30")
    assert "1962-03-10" in set(inc["date"][shown["incidents"]].dt.strftime("%Y-%m-%d"))
    press(mp, ".gi-time-start", ["ArrowRight"])  # April 1962: past the month
    start, end, shown = check_drawn(mp, frames)
    assert "1962-03-10" not in set(inc["date"][shown["incidents"]].dt.strftime("%Y-%m-%d"))
    # A week-precision event is shown while the range overlaps its week: an end of 31 July
    # 1968 shows the event dated 1 August, whose week began on 29 July.
    press(mp, ".gi-time-end", ["PageUp"] * 7 + ["ArrowRight"] * 3)
    start, end, shown = check_drawn(mp, frames)
    assert EPOCH + pd.Timedelta(days=end) == pd.Timestamp("1968-07-31")
    assert "1968-08-01" in set(inc["date"][shown["incidents"]].dt.strftime("%Y-%m-%d"))

    # Home and End give back the whole scale, undated event included.
    press(mp, ".gi-time-start", ["Home"])
    press(mp, ".gi-time-end", ["End"])
    check_drawn(mp, frames)
    assert panel_counts(mp) == [len(f) for f in frames.values()]
    assert mp.errors == [] and mp.blocked == []


def test_drag_and_combine_with_toggles(mp, page_file):
    frames = page_file[1]
    track = mp.page.locator(".gi-time-track").bounding_box()
    y = track["y"] + track["height"] / 2
    thumb = track["x"] + track["width"] - 7  # the end handle's thumb, at the end
    mp.page.mouse.move(thumb, y)
    mp.page.mouse.down()
    mp.page.mouse.move(track["x"] + track["width"] * 0.6, y, steps=12)
    mp.page.mouse.up()
    mp.page.wait_for_timeout(250)
    start, end, shown = check_drawn(mp, frames)
    assert start == handles(mp)[0][1] and end < handles(mp)[1][2]
    # The end falls inside the month of a month-precision event dated after it: shown.
    inc = frames["incidents"]
    end_day = EPOCH + pd.Timedelta(days=end)
    straddling = (
        (inc["date_precision"] == "month")
        & (inc["date"] > end_day)
        & (inc["date"].dt.to_period("M") == end_day.to_period("M"))
    ).to_numpy(bool)
    assert straddling.any() and shown["incidents"][straddling].all()

    mp.page.locator('input.gi-toggle[data-gi-layer="protests"]').uncheck()
    mp.page.wait_for_timeout(250)
    check_drawn(mp, frames, on={"sites": True, "incidents": True, "protests": False})
    # The range still applies under the toggle: moved while protests are off, then back on.
    press(mp, ".gi-time-end", ["PageDown"] * 3)
    check_drawn(mp, frames, on={"sites": True, "incidents": True, "protests": False})
    mp.page.locator('input.gi-toggle[data-gi-layer="protests"]').check()
    mp.page.wait_for_timeout(250)
    start, end, shown = check_drawn(mp, frames)

    # With "hide approximate locations": both bits count.
    mp.page.locator(".gi-hide-approximate").check()
    mp.page.wait_for_timeout(250)
    both = [
        int((shown[k] & ~((f["precision"] == 0) | (f["precision"] >= APPROXIMATE_FROM))).sum())
        for k, f in frames.items()
    ]
    assert panel_counts(mp) == both
    assert list(mp.api("counts()").values()) == both
    assert mp.errors == [] and mp.blocked == []


def test_play_and_pause(mp, page_file):
    frames = page_file[1]
    play = mp.page.locator(".gi-time-play")
    before = mp.page.locator(".gi-time-text").text_content()
    play.click()
    mp.page.wait_for_timeout(600)
    assert play.get_attribute("aria-pressed") == "true"
    assert play.get_attribute("aria-label") == "Pause"
    moving = mp.page.locator(".gi-time-text").text_content()
    assert moving != before
    mp.page.wait_for_timeout(400)
    assert mp.page.locator(".gi-time-text").text_content() != moving
    play.click()
    assert play.get_attribute("aria-pressed") == "false"
    paused = handles(mp)
    mp.page.wait_for_timeout(400)
    assert handles(mp) == paused  # stopped
    (start, lo, hi), (end, _, _) = paused
    # A tenth of the scale at a time, somewhere inside it.
    assert lo < start and end < hi and abs((end - start) - round((hi - lo) / 10)) <= 1
    check_drawn(mp, frames)
    # Played to the end, it stops there by itself.
    play.click()
    mp.page.wait_for_function(
        "document.querySelector('.gi-time-play').getAttribute('aria-pressed') === 'false'",
        timeout=10_000,
    )
    (start, lo, hi), (end, _, _) = handles(mp)
    assert end == hi
    check_drawn(mp, frames)
    assert mp.errors == [] and mp.blocked == []


def reopen(mp, url):
    mp.page.goto("about:blank")
    mp.page.goto(url)
    mp.page.wait_for_function(
        "window.geoinvest && geoinvest.maps.length && geoinvest.maps[0].isDrawn()",
        timeout=30_000,
    )
    mp.page.wait_for_selector(".gi-time-handle:not([disabled])", timeout=10_000)
    mp.page.wait_for_timeout(300)


def test_the_range_is_in_the_link(mp, page_file):
    frames = page_file[1]
    press(mp, ".gi-time-start", ["PageUp"] * 20)
    press(mp, ".gi-time-end", ["PageDown"] * 30)
    chosen = handles(mp)
    mp.page.wait_for_function("location.hash.includes('time=')", timeout=5_000)
    link = mp.eval("location.href")
    days = [EPOCH + pd.Timedelta(days=h[0]) for h in chosen]
    assert f'time=["{days[0]:%Y-%m-%d}","{days[1]:%Y-%m-%d}"]' in unquote(link)
    reopen(mp, link)
    assert handles(mp) == chosen
    check_drawn(mp, frames)
    # A link with a range that is no date opens the whole scale.
    base = link.split("#")[0]
    reopen(mp, base + '#timefix:time=["1990-02-30","x"]')
    (start, lo, hi), (end, _, _) = handles(mp)
    assert (start, end) == (lo, hi)
    assert panel_counts(mp) == [len(f) for f in frames.values()]
    assert mp.errors == [] and mp.blocked == []


def test_folds_into_a_button_on_a_narrow_map(mp, page_file):
    frames = page_file[1]
    mp.page.set_viewport_size({"width": 375, "height": 667})
    mp.page.wait_for_timeout(400)
    toggle = mp.page.locator(".gi-time-toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not mp.page.locator(".gi-time-track").is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert mp.page.locator(".gi-time-track").is_visible()
    press(mp, ".gi-time-end", ["PageDown"] * 12)
    (start, lo, hi), (end, _, _) = handles(mp)
    shown = expected(frames, start, end, (lo, hi))
    assert panel_counts(mp) == [int(v.sum()) for v in shown.values()]
    assert "gi-time-narrowed" in toggle.get_attribute("class")
    assert mp.errors == [] and mp.blocked == []
