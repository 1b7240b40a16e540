"""The review loop: rows the geocoder could not settle go to a file the user completes.

``geoinvest geocode IN -o OUT --review review.csv`` writes every ambiguous or unmatched
place with its candidates, one line per candidate, and an empty ``choice`` column. The
user writes in ``choice`` (on any line of that place) a candidate id, coordinates
``lat,lon`` (optionally ``lat,lon,precision``) or ``skip``. The next run with the same
``--review`` file applies the choices (status ``reviewed`` or ``skipped``), keeps them in
the file so later runs apply them again, and lists the places still open.

A place is keyed by its text, the department text given with it and its country code, so
one choice settles every row that repeats it, whatever their order.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from geoinvest.errors import ConfigError, DataError, Issue
from geoinvest.geocode import Resolved
from geoinvest.geocoder import Geocoder
from geoinvest.model import Origin
from geoinvest.output import write_text_atomic
from geoinvest.readers import read_table

KEY = ["place", "admin1_given", "country_given"]
COLUMNS = [
    "rows", *KEY, "status", "candidate", "name", "admin1", "country", "kind",
    "latitude", "longitude", "choice",
]  # fmt: skip
SKIP = {"skip", "omitir", "saltar"}
_POINT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[,;]\s*(-?\d+(?:\.\d+)?)\s*(?:[,;]\s*([1-8]))?\s*$")


@dataclass(frozen=True)
class Choice:
    """What the user chose for one place: a gazetteer entry, a point, or to skip it."""

    text: str  # as written in the choice column
    entry: int | None = None
    latitude: float = float("nan")
    longitude: float = float("nan")
    precision: int | None = None

    @property
    def skip(self) -> bool:
        return self.entry is None and np.isnan(self.latitude)


def check_path(path: Path) -> None:
    """A review file is a CSV (it is read back and rewritten by every run)."""
    if Path(path).suffix.lower() != ".csv":
        raise ConfigError(f"{path}: the review file is written as CSV; name it e.g. review.csv")


def candidate_id(geo: Geocoder, row: int) -> str:
    """A short id for a gazetteer entry that stays the same from run to run."""
    e = geo.gaz.entries
    text = f"{e.at[row, 'name']}|{e.at[row, 'admin1_code']}|{geo.country[row]}|"
    text += f"{geo.lat[row]:.5f}|{geo.lon[row]:.5f}"
    return "g" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _ids(geo: Geocoder) -> dict[str, int]:
    return {candidate_id(geo, r): r for r in range(len(geo.gaz.entries))}


def read_choices(path: Path, geo: Geocoder) -> dict[tuple[str, str, str], Choice]:
    """The choices filled in a review file (read with ``readers.read_table``); a choice
    that cannot be used is a DataError naming its row, with the fix."""
    raw = read_table(path, points=False)
    df, origin = raw.frame, raw.origin
    missing = [c for c in (*KEY, "choice") if c not in df.columns]
    if missing:
        raise DataError([Issue(origin.source, None, None, None,
                               f"has no column {', '.join(missing)}",
                               "use the review file geoinvest wrote, or delete it")])  # fmt: skip
    cells = df[[*KEY, "choice"]].astype("string").fillna("")
    ids = _ids(geo)
    chosen: dict[tuple[str, str, str], Choice] = {}
    issues: list[Issue] = []
    for pos, (place, admin1, country, text) in enumerate(cells.itertuples(index=False)):
        text = text.strip()
        if not text:
            continue
        key = (place, admin1, country)
        choice = _parse(text, ids)
        row = origin.row(pos)
        if choice is None:
            issues.append(Issue(origin.source, row, "choice", text,
                                "is not a candidate id, 'lat,lon' or 'skip'",
                                "copy an id from the candidate column, write coordinates "
                                "like -13.52,-71.97 or write skip"))  # fmt: skip
        elif key in chosen and chosen[key].text != choice.text:
            issues.append(Issue(origin.source, row, "choice", text,
                                f"differs from the choice {chosen[key].text!r} already "
                                f"made for {place!r}", "keep one choice per place"))  # fmt: skip
        else:
            chosen[key] = choice
    if issues:
        raise DataError(issues)
    return chosen


def _parse(text: str, ids: dict[str, int]) -> Choice | None:
    if text.casefold() in SKIP:
        return Choice(text)
    if text in ids:
        return Choice(text, entry=ids[text])
    m = _POINT.match(text)
    if m:
        lat, lon = float(m.group(1)), float(m.group(2))
        if abs(lat) <= 90 and abs(lon) <= 180:
            return Choice(text, latitude=lat, longitude=lon,
                          precision=int(m.group(3)) if m.group(3) else None)  # fmt: skip
    return None


def apply(out: pd.DataFrame, found: Resolved, choices: dict, source: str) -> pd.DataFrame:
    """Apply the choices to the geocoded rows whose place they name (not to rows that
    had coordinates of their own)."""
    if not choices:
        return out
    geo = found.geo
    out = out.copy()
    precision = out["precision"].to_numpy(dtype=object, copy=True)
    lat = out["latitude"].to_numpy(dtype=object, copy=True)
    lon = out["longitude"].to_numpy(dtype=object, copy=True)
    names = ("geocode_match", "geocode_source", "geocode_status", "geocode_candidates")
    cols = {c: out[c].to_numpy(dtype=object, copy=True) for c in names}
    prec = geo.gaz.entries["precision"].to_numpy()
    src = geo.gaz.entries["source"].to_numpy(dtype=object)
    for i, key in enumerate(found.keys):
        choice = choices.get(key)
        if choice is None or cols["geocode_status"][i] in ("given", "invalid"):
            continue
        note = f"chosen in {source}: {choice.text}"
        if choice.skip:
            lat[i], lon[i], precision[i] = np.nan, np.nan, pd.NA
            values = ("", "", "skipped", note)
        elif choice.entry is not None:
            r = choice.entry
            lat[i], lon[i], precision[i] = geo.lat[r], geo.lon[r], int(prec[r])
            values = (geo.label(r), src[r], "reviewed", note)
        else:
            lat[i], lon[i] = choice.latitude, choice.longitude
            precision[i] = choice.precision if choice.precision is not None else pd.NA
            values = (f"{choice.latitude}, {choice.longitude}", source, "reviewed", note)
        for col, value in zip(cols, values, strict=True):
            cols[col][i] = value
    typed = not (out["geocode_status"] == "invalid").any()  # else cells kept as text
    for col, values in (("latitude", lat), ("longitude", lon), ("precision", precision)):
        series = pd.Series(values, index=out.index, dtype=object)
        if typed:
            series = series.astype("Int64") if col == "precision" else series.astype(float)
        out[col] = series
    for col, values in cols.items():
        out[col] = values
    return out


def review_table(out: pd.DataFrame, found: Resolved, choices: dict, origin: Origin) -> pd.DataFrame:
    """The review file's lines: open places with their candidates, then decided ones."""
    geo = found.geo
    rows_of: dict[tuple[str, str, str], list[int]] = {}
    status = out["geocode_status"].to_numpy(dtype=object)
    first: dict[tuple[str, str, str], int] = {}
    for i, key in enumerate(found.keys):
        if status[i] in ("ambiguous", "unmatched", "reviewed", "skipped"):
            rows_of.setdefault(key, []).append(origin.row(i))
            first.setdefault(key, i)
    lines: list[list] = []
    for key, rows in rows_of.items():
        i = first[key]
        where = "; ".join(map(str, rows))
        choice = choices.get(key)
        if choice is not None:
            cand = [choice.entry] if choice.entry is not None else []
            lines += _lines(geo, where, key, status[i], cand, choice.text)
            continue
        r = found.results[i]
        cand = list(r.candidates) if r.status == "ambiguous" else [s[0] for s in r.suggestions]
        lines += _lines(geo, where, key, status[i], cand, "")
    return pd.DataFrame(lines, columns=COLUMNS)


def _lines(geo: Geocoder, where: str, key, status: str, rows: list[int], choice: str):
    if not rows:
        return [[where, *key, status, "", "", "", "", "", "", "", choice]]
    e = geo.gaz.entries
    out = []
    for r in rows:
        out.append([where, *key, status, candidate_id(geo, r), e.at[r, "name"],
                    e.at[r, "admin1"], geo.country[r], geo.kind[r], f"{geo.lat[r]:.5f}",
                    f"{geo.lon[r]:.5f}", choice])  # fmt: skip
    return out


def write_review(table: pd.DataFrame, path: Path) -> Path:
    """Write the review file atomically (CSV, UTF-8)."""
    return write_text_atomic(path, table.to_csv(index=False, lineterminator="\n"))
