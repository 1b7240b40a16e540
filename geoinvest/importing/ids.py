"""Row ids from content: a stable hash of a row's normalised cells, so that the same row
imported again gets the same id (and is found, not doubled)."""

from __future__ import annotations

import hashlib
import json
import math
import unicodedata

import pandas as pd

# Columns that say how a row was made, not what it holds: left out of its content.
BOOKKEEPING = ("id", "admin1_code", "admin1_name", "geometry", "owners_parsed")
BOOKKEEPING_PREFIX = "geocode_"
ID_DIGITS = 12  # hex digits of the hash in an id: 48 bits, no clash in any real layer


def normalise(value) -> str:
    """A cell as compared: text stripped, spaces collapsed, case folded, NFC; a number as
    its float ("-12.050" and "-12.05" are one value); empty and missing as ""."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = " ".join(unicodedata.normalize("NFC", str(value)).split()).casefold()
    try:
        number = float(text)
    except ValueError:
        return text
    return repr(number) if math.isfinite(number) else text


def _content(name) -> bool:
    return name not in BOOKKEEPING and not str(name).startswith(BOOKKEEPING_PREFIX)


def _hash(pairs: list[tuple[str, str]]) -> str:
    data = json.dumps(pairs, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def content_key(row: dict) -> str:
    """The hash (hex) of a row's normalised non-empty cells, bookkeeping left out."""
    return _hash(
        sorted(
            (str(name), value)
            for name, cell in row.items()
            if _content(name)
            for value in [normalise(cell)]
            if value
        )
    )


def content_keys(frame: pd.DataFrame) -> list[str]:
    """``content_key`` of every row (each column's distinct cells normalised once)."""
    names = sorted((str(c), c) for c in frame.columns if _content(c))
    columns = []
    for _, column in names:
        cells = frame[column].astype(object)
        cells = cells.where(cells.notna(), "")
        table = {value: normalise(value) for value in set(cells)}
        columns.append([table[value] for value in cells])
    keys = [name for name, _ in names]
    rows = zip(*columns, strict=True) if columns else ([] for _ in range(len(frame)))
    return [_hash([(k, v) for k, v in zip(keys, row, strict=True) if v]) for row in rows]


def content_id(prefix: str, row: dict) -> str:
    """An id for a row that has none: ``<prefix>-<12 hex digits of its content>``,
    matching ``schema.ID_PATTERN`` (prefix: a layer id)."""
    return id_from_key(prefix, content_key(row))


def id_from_key(prefix: str, key: str) -> str:
    """``content_id`` for a row whose ``content_key`` is known."""
    return f"{prefix.replace('_', '-')}-{key[:ID_DIGITS]}"
