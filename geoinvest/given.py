"""Coordinates a table already has (before geocoding), checked by the layers' rules.

Geocoding never overwrites what the user wrote: usable coordinates are kept, and a row
with a coordinate or precision cell that cannot be used keeps every cell as written and is
reported, with the same message ``geoinvest validate`` gives for that cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geoinvest.cells import text
from geoinvest.errors import Issue
from geoinvest.model import Origin
from geoinvest.rules import Checker, check_column
from geoinvest.schema import Column

_LIMITS = {"latitude": 90, "longitude": 180}


@dataclass(frozen=True)
class Given:
    """Per row: usable coordinates (NaN elsewhere), their precision, which rows must be
    kept as written, and an issue for each cell that cannot be used."""

    latitude: np.ndarray
    longitude: np.ndarray
    precision: np.ndarray  # float, NaN where none is given
    usable: np.ndarray  # both coordinates given and fine
    invalid: np.ndarray  # a filled cell that cannot be used: keep the row as written
    issues: list[Issue]


def check_given(df: pd.DataFrame, origin: Origin | None = None) -> Given:
    """Check the latitude, longitude and precision cells ``df`` already has."""
    origin = origin or Origin("input")
    n = len(df)
    empty = pd.Series(np.nan, index=df.index, dtype="str")
    cells = {c: text(df[c].astype("str")) if c in df.columns else empty for c in _LIMITS}
    filled = {c: cells[c].notna().to_numpy() for c in _LIMITS}
    ck = Checker(origin)
    values = {}
    invalid = np.zeros(n, dtype=bool)
    for name, limit in _LIMITS.items():
        if name in df.columns:
            values[name] = check_column(ck, cells[name], Column(name, name))[name].to_numpy()
        else:
            values[name] = np.full(n, np.nan)
        with np.errstate(invalid="ignore"):
            invalid |= filled[name] & ~(np.abs(values[name]) <= limit)
    for name, other in (("latitude", "longitude"), ("longitude", "latitude")):
        half = filled[other] & ~filled[name]
        invalid |= half
        ck.add(half, name, None, f"the cell is empty while {other} is given",
               "fill in both coordinates or leave both empty")  # fmt: skip
    both = filled["latitude"] & filled["longitude"]
    precision = np.full(n, np.nan)
    if "precision" in df.columns:
        cell = text(df["precision"].astype("str")).where(both)
        typed = check_column(ck, cell, Column("precision", "precision"))["precision"]
        precision = typed.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        invalid |= cell.notna().to_numpy() & np.isnan(precision)
    usable = both & ~invalid
    order = {"latitude": 0, "longitude": 1, "precision": 2}
    issues = sorted(ck.issues, key=lambda i: (i.row or 0, order.get(i.column or "", 3)))
    return Given(values["latitude"], values["longitude"], precision, usable, invalid, issues)
