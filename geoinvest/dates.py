"""Date cells as people and spreadsheets write them, read as dates (for the date rule).

Accepted, vectorised: ``YYYY-MM-DD``, ``YYYY-MM`` and ``YYYY`` (the first day of the month
or year; ``date_precision`` says how much is known); a spreadsheet's datetime at midnight
(``2012-03-15 00:00:00``, as pandas writes an XLSX date cell as text, and datetime cells of
ODS/XLSX/GeoPackage); and, when the layer sets ``date_format`` (a strptime format such as
``%d/%m/%Y``), cells written that way. Nothing else is guessed: ``15/03/2012`` without a
``date_format`` is refused, and the message says how to write it (``2012-03-15``) and which
``date_format`` would read it; when day and month could be swapped (``04/03/2012``) it gives
both readings, never picks one.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from geoinvest.cells import matches

YEARS = (1800, 2100)
ISO = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"
_MIDNIGHT = r"^\d{4}-\d{2}-\d{2}[ T]00:00(?::00(?:\.0+)?)?$"
_TIMED = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}")
_NUMERIC = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})$")
_FORMAT_HINT = 'or set date_format in layers.toml to how the dates are written, e.g. "%d/%m/%Y"'


def parse_dates(raw: pd.Series, date_format: str = "") -> tuple[pd.Series, dict]:
    """(dates as datetime64[s], NaT where a cell is not a date; ``{cell: (message, fix)}``
    for those).

    ``raw`` is a text column with empty cells missing (``cells.text``).
    """
    iso = matches(raw, ISO)
    midnight = matches(raw, _MIDNIGHT)
    cells = raw.where(~midnight, raw.str.slice(0, 10))
    shaped = iso | midnight
    padded = cells.where(cells.str.len() != 4, cells + "-01-01")
    padded = padded.where(padded.str.len() != 7, padded + "-01")
    parsed = pd.to_datetime(padded.where(shaped), format="%Y-%m-%d", errors="coerce")
    if date_format:
        other = raw.notna().to_numpy() & ~shaped
        if other.any():
            given = pd.to_datetime(raw.where(other), format=date_format, errors="coerce")
            timed = given.notna() & (given != given.dt.normalize())
            parsed = parsed.where(~other | timed, given)
    year = parsed.dt.year
    parsed = parsed.where(year.between(*YEARS))
    bad = raw.notna() & parsed.isna()
    problems = {
        cell: _problem(cell, date_format) for cell in pd.unique(raw[bad.to_numpy()].astype(str))
    }
    return parsed.astype("datetime64[s]"), problems


def coarse(raw: pd.Series, date_format: str = "") -> np.ndarray:
    """Cells that give only a year or a month: YYYY, YYYY-MM, or any cell read with a
    ``date_format`` that has no day in it."""
    short = raw.str.len().isin([4, 7]).to_numpy() & matches(raw, ISO)
    if date_format and not any(d in date_format for d in ("%d", "%j", "%x", "%c")):
        short |= raw.notna().to_numpy() & ~matches(raw, ISO) & ~matches(raw, _MIDNIGHT)
    return short


def check_times(values: pd.Series) -> np.ndarray:
    """Where a datetime column holds a time of day (a date is a day)."""
    return (values.notna() & (values != values.dt.normalize())).to_numpy()


def _problem(cell: str, date_format: str) -> tuple[str, str]:
    """Why ``cell`` is not a date, and how to write it: (message, fix)."""
    if _TIMED.match(cell):
        return "has a time of day", f"write the day only, as {cell[:10]}"
    m = re.match(r"^(\d{4})", cell)
    if m and not YEARS[0] <= int(m.group(1)) <= YEARS[1] and re.match(ISO, cell[:10]):
        return f"is outside the years {YEARS[0]} to {YEARS[1]}", "check the year"
    if re.match(ISO, cell):
        return "is not a date of the calendar", "check the day and month (YYYY-MM-DD)"
    if date_format:
        example = pd.Timestamp(2012, 3, 15).strftime(date_format)
        return (
            f"matches neither YYYY-MM-DD nor the layer's date_format {date_format!r}",
            f"write it as 2012-03-15, or as date_format says ({example})",
        )
    return "is not a date", _suggest(cell)


def _suggest(cell: str) -> str:
    """The ISO form of a day-first or month-first date, or both when it could be either."""
    m = _NUMERIC.match(cell)
    if not m:
        return f"write it as YYYY-MM-DD, e.g. 2012-03-15, {_FORMAT_HINT}"
    a, sep, b, year = int(m.group(1)), m.group(2), int(m.group(3)), m.group(4)
    y = "%Y" if len(year) == 4 else "%y"
    year = year if len(year) == 4 else ("20" if int(year) < 50 else "19") + year
    day_first = f"{year}-{b:02d}-{a:02d}"
    month_first = f"{year}-{a:02d}-{b:02d}"
    dmy, mdy = f"%d{sep}%m{sep}{y}", f"%m{sep}%d{sep}{y}"
    if a > 12 and b <= 12:
        return f'write it as {day_first}, or set date_format = "{dmy}" in layers.toml'
    if b > 12 and a <= 12:
        return f'write it as {month_first}, or set date_format = "{mdy}" in layers.toml'
    if a <= 12 and b <= 12:
        return (
            f"write it as YYYY-MM-DD: {day_first} if the day comes first, {month_first} if "
            f'the month does; or set date_format = "{dmy}" (or "{mdy}") in layers.toml'
        )
    return f"write it as YYYY-MM-DD, e.g. 2012-03-15, {_FORMAT_HINT}"
