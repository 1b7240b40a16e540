"""Offline geocoding of place names, with honest precision and no silent guesses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geoinvest.errors import ConfigError
from geoinvest.gazetteer import Gazetteer, fold, load, normalize
from geoinvest.geocoder import Geocoder, Result
from geoinvest.given import check_given
from geoinvest.model import Origin

OUTPUT_COLUMNS = [
    "latitude", "longitude", "precision", "geocode_match", "geocode_source", "geocode_status",
    "geocode_candidates",
]  # fmt: skip


# Column names that hold each row's country, as people write them (English, Spanish).
COUNTRY_COLUMNS = ("country", "pais", "country code", "country name", "codigo pais", "nation")


def country_column(df: pd.DataFrame) -> str | None:
    """The column that holds each row's country (``country``, ``País``...), if any."""
    for col in df.columns:
        if fold(str(col)) in COUNTRY_COLUMNS:
            return col
    return None


def _row_countries(
    df: pd.DataFrame, geo: Geocoder, country: str | None, column: str | None
) -> list[str | None]:
    """The country constraint of each row: ``country`` if it is a code, else the row's
    value in the country column (a name or an ISO code, English or Spanish)."""
    if country is not None and country != "auto":
        code = country.strip().upper()
        if code not in set(geo.country):
            known = ", ".join(sorted(set(geo.country)))
            raise ConfigError(f"country {country!r} is not in the gazetteer; use one of {known}")
        return [code] * len(df)
    if column is None:
        return [None] * len(df)
    out = []
    for value in df[column].astype("string").fillna(""):
        found = geo.country_keys.get(normalize(value), set())
        out.append(next(iter(found)) if len(found) == 1 else None)
    return out


def _dominant(results: list[Result], geo: Geocoder) -> str | None:
    """The one country that at least 80% of the matched rows lie in, if any."""
    codes = [geo.country[r.entry] for r in results if r.status == "matched"]
    if len(codes) < 2:
        return None
    top = pd.Series(codes).value_counts()
    return str(top.index[0]) if top.iloc[0] >= 0.8 * len(codes) else None


@dataclass(frozen=True)
class Resolved:
    """Each row's key (place, admin1 text, country code) and result, with the geocoder."""

    keys: list[tuple[str, str, str]]
    results: list[Result]
    geo: Geocoder


def geocode_frame(
    df: pd.DataFrame,
    place_col: str,
    admin1_col: str | None = None,
    country: str | None = None,
    gazetteer: Gazetteer | str | None = None,
    progress: Callable[[int], None] | None = None,
    origin: Origin | None = None,
    country_col: str | None = None,
) -> pd.DataFrame:
    """Add coordinates, precision and how each row matched; never drops a row.

    ``country``: None (each row's country column if there is one, else no constraint),
    an ISO code for every row, or "auto" (the country column, else the country most
    matched rows lie in). The country column is ``country_col``, or else one named
    ``country``, ``pais``, ``País``... (see ``COUNTRY_COLUMNS``); its cells may be names
    or ISO codes.
    Rows that already have both latitude and longitude keep them (status "given"); rows
    whose coordinate or precision cells cannot be used keep them as written (status
    "invalid", see ``given.check_given``; ``origin`` numbers their rows in its notes).
    """
    found = resolve(df, place_col, admin1_col, country, gazetteer, progress, origin, country_col)
    return attach(df, found.results, found.geo, origin)


def resolve(
    df: pd.DataFrame,
    place_col: str,
    admin1_col: str | None = None,
    country: str | None = None,
    gazetteer: Gazetteer | str | None = None,
    progress: Callable[[int], None] | None = None,
    origin: Origin | None = None,
    country_col: str | None = None,
) -> Resolved:
    """Resolve every row's place (see ``geocode_frame``) without adding columns."""
    for col in (place_col, admin1_col, country_col):
        if col is not None and col not in df.columns:
            cols = ", ".join(map(str, df.columns))
            source = origin.source if origin is not None else "the input"
            raise ConfigError(f"{source}: no column {col!r}; its columns are: {cols}")
    gaz = gazetteer if isinstance(gazetteer, Gazetteer) else load(gazetteer)
    geo = Geocoder(gaz)
    places = df[place_col].astype("string").fillna("").to_numpy(dtype=object)
    admins = (
        df[admin1_col].astype("string").fillna("").to_numpy(dtype=object)
        if admin1_col
        else np.full(len(df), "", dtype=object)
    )
    column = country_col or country_column(df)
    row_countries = _row_countries(df, geo, country, column)
    results: list[Result] = []
    step = 1000
    for start in range(0, len(df), step):
        stop = min(start + step, len(df))
        for i in range(start, stop):
            results.append(geo.resolve(places[i], admins[i] or None, row_countries[i]))
        if progress is not None:
            progress(stop - start)
    if country == "auto" and column is None:
        code = _dominant(results, geo)
        if code is not None:
            for i, r in enumerate(results):
                if r.status != "matched":
                    row_countries[i] = code
                    results[i] = geo.resolve(places[i], admins[i] or None, code)
    keys = [
        (str(p), str(a), c or "") for p, a, c in zip(places, admins, row_countries, strict=True)
    ]
    return Resolved(keys, results, geo)


def _row(origin: Origin | None, position: int) -> int:
    return (origin or Origin("input")).row(position)


def attach(
    df: pd.DataFrame, results: list[Result], geo: Geocoder, origin: Origin | None
) -> pd.DataFrame:
    """The input with the output columns filled from the results."""
    n = len(results)
    lat = np.full(n, np.nan)
    lon = np.full(n, np.nan)
    precision = np.zeros(n, dtype=np.int64)
    match = np.full(n, "", dtype=object)
    source = np.full(n, "", dtype=object)
    status = np.array([r.status for r in results], dtype=object)
    cands = np.full(n, "", dtype=object)
    prec = geo.gaz.entries["precision"].to_numpy()
    src = geo.gaz.entries["source"].to_numpy(dtype=object)
    labels: dict[int, tuple[str, str]] = {}  # by id: repeated names share one Result
    for i, r in enumerate(results):
        if r.status == "matched":
            lat[i], lon[i], precision[i] = geo.lat[r.entry], geo.lon[r.entry], prec[r.entry]
            source[i] = src[r.entry]
        text = labels.get(id(r))
        if text is None:
            text = labels[id(r)] = _texts(r, geo)
        match[i], cands[i] = text
    precision = pd.arrays.IntegerArray(precision, precision == 0)  # 0: no precision
    out = df.copy()
    checked = check_given(df, origin)
    invalid, given = checked.invalid, checked.usable
    if given.any():
        lat[given] = checked.latitude[given]
        lon[given] = checked.longitude[given]
        precision[given] = pd.array(checked.precision, dtype="Float64").astype("Int64")[given]
        status[given], match[given], source[given], cands[given] = "given", "", "input", ""
    columns = {"latitude": lat, "longitude": lon, "precision": precision}
    if invalid.any():
        # Rows with cells that cannot be used keep all three as the user wrote them.
        for col in columns:
            kept = np.asarray(columns[col], dtype=object)
            if col in df.columns:
                kept[invalid] = df[col].to_numpy(dtype=object)[invalid]
            else:
                kept[invalid] = None  # nothing from the gazetteer beside the user's cells
            columns[col] = kept
        notes: dict[int, list[str]] = {}
        for issue in checked.issues:
            value = repr(issue.value) if issue.value is not None else "''"
            notes.setdefault(issue.row, []).append(f"{issue.column} {value} {issue.message}")
        for i in np.flatnonzero(invalid):
            status[i], match[i], source[i] = "invalid", "", "input"
            cands[i] = "kept as written: " + ", ".join(notes.get(_row(origin, i), []))
    out["latitude"], out["longitude"] = columns["latitude"], columns["longitude"]
    out["precision"] = columns["precision"]
    out["geocode_match"], out["geocode_source"] = match, source
    out["geocode_status"], out["geocode_candidates"] = status, cands
    return out


def _texts(r: Result, geo: Geocoder) -> tuple[str, str]:
    """The geocode_match and geocode_candidates texts of a result."""
    if r.status == "matched":
        note = f"near miss, {r.score:.0f}% alike" if r.score < 100 else ""
        if r.others:
            note = "the municipal or district seat; also of this name: "
            note += geo.describe(list(r.others))
        return geo.label(r.entry), note
    if r.status == "ambiguous":
        return "", geo.describe(list(r.candidates))
    rows = [s[0] for s in r.suggestions]
    return "", geo.describe(rows, [s[1] for s in r.suggestions]) if rows else ""
