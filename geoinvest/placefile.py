"""Read and write the tables people geocode: CSV, XLSX and GeoJSON."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from geoinvest.errors import ConfigError
from geoinvest.readers import read_table

WRITABLE = (".csv", ".geojson")


def read_places(path: str | Path, *, table: str = "") -> pd.DataFrame:
    """Read a table of places with the one table reader (``readers.read_table``): CSV
    cells stay strings; a workbook's sheet or a GeoPackage's table is named by ``table``."""
    return read_table(Path(path), table=table, points=False).frame


def write_places(df: pd.DataFrame, path: str | Path, overwrite: bool = True) -> None:
    """Write geocoded rows as CSV, or as GeoJSON points (rows without a point: null)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in WRITABLE:
        raise ConfigError(f"{path}: cannot write {suffix or 'a file without extension'} "
                          f"files; use one of {', '.join(WRITABLE)}")  # fmt: skip
    if path.exists() and not overwrite:
        raise ConfigError(f"{path}: already exists; pass --overwrite to replace it")
    if suffix == ".csv":
        df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        return
    features = []
    for record in df.to_dict(orient="records"):
        props = {k: _plain(v) for k, v in record.items()}
        lat, lon = props.get("latitude"), props.get("longitude")
        geometry = None
        if lat is not None and lon is not None:
            geometry = {"type": "Point", "coordinates": [lon, lat]}
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


def _plain(value):
    """A JSON-friendly value: NA and NaN become None, numpy numbers plain numbers."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value
