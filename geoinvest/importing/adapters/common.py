"""What the adapters share: finding a column by its published names, country codes."""

from __future__ import annotations

import functools
import re

import pandas as pd

from geoinvest.errors import DataError, Issue
from geoinvest.readers import RawTable

_SPACES = re.compile(r"\s+")


def header_key(name: str) -> str:
    """A column name as compared: case, spaces and spaces around / and , ignored."""
    key = _SPACES.sub(" ", str(name).strip().casefold())
    return key.replace(" /", "/").replace("/ ", "/").replace(" ,", ",")


def find(frame: pd.DataFrame, names: tuple[str, ...]) -> str | None:
    """The first column of ``frame`` named as one of ``names`` (see ``header_key``)."""
    columns = {header_key(c): c for c in frame.columns}
    for name in names:
        if header_key(name) in columns:
            return columns[header_key(name)]
    return None


def cells(frame: pd.DataFrame, names: tuple[str, ...]) -> pd.Series:
    """The column named by one of ``names`` as stripped text ("" where empty or absent)."""
    column = find(frame, names)
    if column is None:
        return pd.Series("", index=frame.index, dtype=object)
    values = frame[column].astype(object).where(frame[column].notna(), "")
    return values.map(lambda v: str(v).strip())


def require(raw: RawTable, frame: pd.DataFrame, needed: dict[str, tuple[str, ...]], what: str):
    """Raise DataError naming every needed column the file lacks."""
    missing = [names[0] for names in needed.values() if find(frame, names) is None]
    if missing:
        raise DataError(
            [
                Issue(
                    raw.origin.source,
                    None,
                    name,
                    None,
                    f"the column is missing, so this is not {what}",
                    "import the file as downloaded, with every column",
                )
                for name in missing
            ]
        )


@functools.cache
def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 for a country name or code ("Peru", "PER", "604"), if known."""
    import pycountry

    text = str(name).strip()
    if not text:
        return None
    try:
        if text.isdigit():
            found = pycountry.countries.get(numeric=text.zfill(3))
        else:
            found = pycountry.countries.lookup(text)
    except LookupError:
        return None
    return found.alpha_2 if found is not None else None


def countries(names: pd.Series, fallback: pd.Series | None = None) -> pd.Series:
    """ISO codes for country names; the name as written where none is known (the
    country rule then rejects it with its fix)."""
    codes = names.map(lambda v: country_code(v) or "")
    if fallback is not None:
        codes = codes.where(codes != "", fallback.map(lambda v: country_code(v) or ""))
    return codes.where(codes != "", names)


def joined(*parts: pd.Series, sep: str = "; ") -> pd.Series:
    """Cells joined row by row, empty ones left out."""
    rows = zip(*(part.tolist() for part in parts), strict=True)
    return pd.Series([sep.join(v for v in row if v) for row in rows], index=parts[0].index,
                     dtype=object)  # fmt: skip
