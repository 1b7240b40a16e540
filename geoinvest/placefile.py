"""Read and write the tables people geocode: CSV, XLSX and GeoJSON."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from geoinvest.errors import ConfigError
from geoinvest.output import write_text_atomic
from geoinvest.readers import RawTable, read_table

WRITABLE = (".csv", ".geojson")


def read_places(path: str | Path, *, table: str = "") -> RawTable:
    """Read a table of places with the one table reader (``readers.read_table``): CSV
    cells stay strings; a workbook's sheet or a GeoPackage's table is named by ``table``;
    features' points become latitude/longitude, which geocoding then keeps."""
    return read_table(Path(path), table=table)


def write_places(df: pd.DataFrame, path: str | Path, overwrite: bool = True) -> Path:
    """Write geocoded rows as CSV, or as GeoJSON points (rows without a point: null).

    The file is replaced atomically (see ``geoinvest.output``): a failed or killed write
    leaves the old file whole.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in WRITABLE:
        raise ConfigError(f"{path}: cannot write {suffix or 'a file without extension'} "
                          f"files; use one of {', '.join(WRITABLE)}")  # fmt: skip
    if path.exists() and not overwrite:
        raise ConfigError(f"{path}: already exists; pass --overwrite to replace it")
    if suffix == ".csv":
        return write_text_atomic(path, df.to_csv(index=False, lineterminator="\n"))
    features = []
    for record in df.to_dict(orient="records"):
        props = {k: _plain(v) for k, v in record.items()}
        lat, lon = props.get("latitude"), props.get("longitude")
        geometry = None
        if _is_number(lat) and _is_number(lon):
            geometry = {"type": "Point", "coordinates": [lon, lat]}
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    return write_text_atomic(path, text + "\n")


def _is_number(value) -> bool:
    """A real coordinate: a finite int or float (a cell kept as written is a string)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _plain(value):
    """A JSON-friendly value: NA and NaN become None, numpy numbers plain numbers."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value
