"""Read the official lists of seats that scripts/build_gazetteer.py checks GeoNames against.

Each reader takes a file fetched once by hand (see geoinvest/data/PROVENANCE.md) and
returns one row per municipal or district seat: country, code, department (as the list
writes it), province (Peru), seat name, the municipality's or district's own name, and the
list's latitude/longitude (NaN where the list has none). Nothing here downloads.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

SEAT_COLUMNS = [
    "country", "code", "department", "province", "name", "unit", "latitude", "longitude",
]  # fmt: skip


def colombia(path: Path) -> pd.DataFrame:
    """DANE's DIVIPOLA municipalities (1,122 with the non-municipalised areas), with the
    point of each municipal seat, as a TypeScript object literal keyed by department."""
    text = path.read_text(encoding="utf-8")
    data = json.loads(text[text.index("{") : text.rindex("}") + 1])
    rows = []
    for department, body in data.items():
        for name, seat in body["municipios"].items():
            code = str(seat["codigo"]).zfill(5)
            rows.append(["CO", code, department, "", name, name, seat["lat"], seat["lon"]])
    return pd.DataFrame(rows, columns=SEAT_COLUMNS)


def peru(path: Path) -> pd.DataFrame:
    """INEI's districts (ubigeo) with the name and point of each district's capital."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    df = df[~df["capital"].str.strip().isin(["", "NA"])]  # new districts: no capital yet
    out = pd.DataFrame(
        {
            "country": "PE",
            "code": df["inei"],
            "department": df["departamento"],
            "province": df["provincia"],
            "name": df["capital"],
            "unit": df["distrito"],
            "latitude": pd.to_numeric(df["latitude"], errors="coerce"),
            "longitude": pd.to_numeric(df["longitude"], errors="coerce"),
        }
    )
    return out[SEAT_COLUMNS].reset_index(drop=True)


_HN_BLOCK = re.compile(r"^-- (?P<dept>[^(\n]+?) \(", re.M)
_HN_ROW = re.compile(r"\('((?:[^']|'')*)',\s*(\d+)\)")


def honduras(path: Path) -> pd.DataFrame:
    """Honduras' 298 municipalities by department (INE's division), as SQL inserts in
    blocks headed ``-- Department (ID = n)``; the list has names only, no points."""
    text = path.read_text(encoding="utf-8")
    heads = list(_HN_BLOCK.finditer(text))
    rows = []
    for k, head in enumerate(heads):
        end = heads[k + 1].start() if k + 1 < len(heads) else len(text)
        for match in _HN_ROW.finditer(text, head.end(), end):
            name = match.group(1).replace("''", "'")
            rows.append(["HN", "", head.group("dept").strip(), "", name, name, np.nan, np.nan])
    return pd.DataFrame(rows, columns=SEAT_COLUMNS)


def read_all(divipola: Path | None, ubigeo: Path | None, honduras_sql: Path | None):
    """The seats of every list given (None: that list is left out)."""
    frames = []
    if divipola is not None:
        frames.append(colombia(divipola))
    if ubigeo is not None:
        frames.append(peru(ubigeo))
    if honduras_sql is not None:
        frames.append(honduras(honduras_sql))
    if not frames:
        return pd.DataFrame(columns=SEAT_COLUMNS)
    return pd.concat(frames, ignore_index=True)
