"""Latitude and longitude cells as people write them, read as decimal degrees.

One parser for the coordinate rule in ``rules``: plain numbers are read vectorised (the
common case, a million cells in milliseconds); only cells that are not plain numbers go
through ``parse_coordinate``, once per distinct value. Accepted:

- decimal degrees: ``-12.05``; with a decimal comma: ``-12,05``
- degrees, minutes and seconds, with or without marks: ``12°03'S``, ``77°02'30"W``,
  ``77°02'30''W``, ``12 3 0 S``, ``-12° 3.5'``, ``12º03′S`` (only the last number may have
  decimals; minutes and seconds below 60)
- a hemisphere letter before or after: N, S for latitude; E, W and O (oeste, west) for
  longitude; S and W/O make the value negative. A minus sign and a hemisphere letter
  together are refused (which one is meant?).

Written by hand: the forms are few, and the libraries that read them (e.g. ``lat_lon_parser``)
accept more than should pass silently and do not say why a cell fails.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from geoinvest.cells import matches

HEMISPHERES = {"N": ("latitude", 1), "S": ("latitude", -1), "E": ("longitude", 1)}
HEMISPHERES |= {"W": ("longitude", -1), "O": ("longitude", -1)}
EXAMPLES = {
    "latitude": "-12.05, -12,05 or 12°03'S",
    "longitude": "-77.04, -77,04 or 77°02'30\"W",
}
_MARKS = ("°º˚", "'′’´", '"″”')
_LETTER = re.compile(r"(?<![A-Z])[NSEWO](?![A-Z])")  # a hemisphere letter, not in a word
_TOKEN = re.compile(r"(\d+(?:[.,]\d+)?)\s*(''|′′|[°º˚'′’´\"″”])?\s*")


class CoordinateError(ValueError):
    """A cell that is not a coordinate; the message says why."""


def parse_coordinate(cell: str, axis: str) -> float:
    """Decimal degrees for one cell of the ``axis`` column ("latitude" or "longitude");
    raises CoordinateError saying what is wrong. The range is the rule's to check."""
    s = str(cell).strip().upper()
    if len(_LETTER.findall(s)) > 1:
        raise CoordinateError(
            "holds two hemisphere letters; give latitude and longitude a column each"
        )
    hemisphere = ""
    if s[-1:] in HEMISPHERES and not s[-2:-1].isalpha():
        hemisphere, s = s[-1], s[:-1].strip()
    elif s[:1] in HEMISPHERES and not s[1:2].isalpha():
        hemisphere, s = s[0], s[1:].strip()
    sign = 1
    if s[:1] in ("-", "−", "–", "+"):
        sign = 1 if s[0] == "+" else -1
        s = s[1:].strip()
    parts = _tokens(s)
    if hemisphere:
        side, factor = HEMISPHERES[hemisphere]
        if side != axis:
            takes = "N or S" if axis == "latitude" else "E, W or O"
            raise CoordinateError(f"has {hemisphere}, a hemisphere of {side}; {axis} takes {takes}")
        if sign < 0:
            raise CoordinateError("has both a minus sign and a hemisphere letter")
        sign = factor
    degrees, minutes, seconds = (parts + [0.0, 0.0])[:3]
    if minutes >= 60:
        raise CoordinateError("has minutes of 60 or more")
    if seconds >= 60:
        raise CoordinateError("has seconds of 60 or more")
    return sign * (degrees + minutes / 60 + seconds / 3600)


def _tokens(s: str) -> list[float]:
    """The one to three numbers of degrees, minutes, seconds (marks in that order)."""
    if not s:
        raise CoordinateError("is not a coordinate")
    numbers: list[float] = []
    pos = 0
    while pos < len(s):
        m = _TOKEN.match(s, pos)
        if not m or len(numbers) == 3:
            raise CoordinateError("is not a coordinate")
        number, mark = m.group(1), m.group(2)
        if mark and _kind(mark) != len(numbers):
            raise CoordinateError("has its degrees, minutes and seconds marks out of order")
        numbers.append(float(number.replace(",", ".")))
        if ("." in number or "," in number) and m.end() < len(s):
            raise CoordinateError("has decimals before its last number")
        pos = m.end()
    return numbers


def _kind(mark: str) -> int:
    """0 for a degree mark, 1 for minutes, 2 for seconds."""
    if mark in ("''", "′′"):
        return 2
    return next(i for i, marks in enumerate(_MARKS) if mark in marks)


def parse_column(raw: pd.Series, values: pd.Series, axis: str) -> tuple[pd.Series, dict]:
    """``values`` (the plain numbers of ``raw``, NaN elsewhere) with the cells that are
    not plain numbers parsed, and ``{cell: why}`` for those that are not coordinates."""
    failing = (values.isna() & raw.notna()).to_numpy().copy()
    if not failing.any():
        return values, {}
    cells = raw[failing].astype("str")  # Arrow-backed text, whatever ``raw`` was
    comma = np.flatnonzero(failing)[matches(cells, r"^[-+]?\d+,\d+$")]
    if len(comma):  # decimal commas, vectorised too: the commonest other form
        values = values.copy()
        fixed = raw.iloc[comma].str.replace(",", ".", regex=False)
        values.iloc[comma] = pd.to_numeric(fixed, errors="coerce").to_numpy(dtype=float)
        failing[comma] = False
        if not failing.any():
            return values, {}
    parsed: dict[str, float] = {}
    problems: dict[str, str] = {}
    for cell in pd.unique(raw[failing].astype(str)):
        try:
            parsed[cell] = parse_coordinate(cell, axis)
        except CoordinateError as exc:
            problems[cell] = str(exc)
    if parsed:
        found = raw[failing].astype(str).map(parsed).to_numpy(dtype=float, na_value=np.nan)
        values = values.copy()
        values.iloc[np.flatnonzero(failing)] = found
    return values, problems
