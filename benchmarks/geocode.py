"""Geocoding speed: names per second for exact and for fuzzy (near-miss) matches, and
the time to load the packaged gazetteer and build a geocoder over it.

    python -m benchmarks.geocode [-n 100000] [--fuzzy 10000] [--seed 0] [--repeat 3]

Names are drawn from the packaged gazetteer's places and written the way people write
them (upper case, no accents, ", Department", "Municipio de ..."), so they match exactly
after normalisation; the fuzzy set has one typo per name.
"""

from __future__ import annotations

import argparse
import time
import unicodedata

import numpy as np
import pandas as pd

from geoinvest import gazetteer
from geoinvest.gazetteer import packaged
from geoinvest.geocode import geocode_frame
from geoinvest.geocoder import Geocoder


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def exact_names(n: int, rng: np.random.Generator, distinct: bool) -> list[str]:
    """Place names with realistic variations; ``distinct`` randomises case letter by letter."""
    places = packaged().entries.query("kind == 'place'")
    pick = places.iloc[rng.integers(0, len(places), n)]
    out = []
    forms = rng.integers(0, 5, n)
    for (name, admin1), form in zip(
        zip(pick["name"], pick["admin1"], strict=True), forms, strict=True
    ):  # noqa: E501
        text = [name, name.upper(), f"{name}, {admin1}", f"Municipio de {name} ({admin1})",
                _plain(f"{name}, {admin1}").lower()][form]  # fmt: skip
        if distinct:
            flips = rng.random(len(text)) < 0.5
            text = "".join(c.upper() if f else c.lower() for c, f in zip(text, flips, strict=True))
        out.append(text)
    return out


def typo(text: str, rng: np.random.Generator) -> str:
    """One deleted, doubled or swapped letter in the middle of the name."""
    if len(text) < 6:
        return text + text[-1]
    i = int(rng.integers(2, len(text) - 2))
    kind = int(rng.integers(0, 3))
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def measure(label: str, names: list[str], repeat: int) -> dict:
    """Geocode ``names`` ``repeat`` times, each with a fresh cache; keep the best time."""
    df = pd.DataFrame({"place": names})
    seconds = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        out = geocode_frame(df, "place")
        seconds = min(seconds, time.perf_counter() - start)
    status = out["geocode_status"].value_counts()
    return {
        "set": label,
        "names": len(names),
        "distinct": len(set(names)),
        "seconds": round(seconds, 2),
        "names/s": int(len(names) / seconds),
        "matched": int(status.get("matched", 0)),
        "ambiguous": int(status.get("ambiguous", 0)),
        "unmatched": int(status.get("unmatched", 0)),
    }


def load_times(repeat: int) -> pd.DataFrame:
    """Best of ``repeat`` times to read the gazetteer file and to index it for matching."""
    best = {"read gazetteer.csv": float("inf"), "index + geocoder": float("inf")}
    for _ in range(repeat):
        start = time.perf_counter()
        frame = gazetteer._read_packaged()
        read = time.perf_counter()
        Geocoder(gazetteer.Gazetteer.from_frame(frame))
        done = time.perf_counter()
        best["read gazetteer.csv"] = min(best["read gazetteer.csv"], read - start)
        best["index + geocoder"] = min(best["index + geocoder"], done - read)
    rows = [{"step": k, "ms": round(v * 1000, 1)} for k, v in best.items()]
    rows.append({"step": f"entries: {len(frame):,}", "ms": None})
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="names in the exact sets")
    parser.add_argument("--fuzzy", type=int, default=10_000, help="names in the fuzzy set")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="runs per set; best counts")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    packaged()  # load the gazetteer outside the timings
    typos = [typo(_plain(t.split(",")[0]), rng) for t in exact_names(args.fuzzy, rng, False)]
    exact = exact_names(args.n, rng, False)
    mixed = exact[: args.n - len(typos)] + typos
    rows = [
        measure("exact, realistic repeats", exact, args.repeat),
        measure("exact, every string distinct", exact_names(args.n, rng, True), args.repeat),
        measure("fuzzy, one typo each", typos, args.repeat),
        measure(f"mixed, {len(typos):,} typos", mixed, args.repeat),
    ]
    print(pd.DataFrame(rows).to_string(index=False))
    print()
    print(load_times(max(args.repeat, 5)).to_string(index=False))


if __name__ == "__main__":
    main()
