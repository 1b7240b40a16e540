"""Read and write the tables people geocode: CSV, XLSX and GeoJSON."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geoinvest.errors import ConfigError, NotFoundError
from geoinvest.output import write_text_atomic

READABLE = (".csv", ".tsv", ".txt", ".xlsx", ".geojson", ".json")
WRITABLE = (".csv", ".geojson")


def _sniff(text: str) -> str:
    """The separator of a CSV sample: comma, semicolon, tab or pipe."""
    try:
        return csv.Sniffer().sniff(text[:20000], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def read_places(path: str | Path) -> pd.DataFrame:
    """Read a table of places; CSV cells stay strings, UTF-8 first, then Latin-1."""
    path = Path(path)
    if not path.is_file():
        raise NotFoundError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        raw = path.read_bytes()
        try:
            text, encoding = raw.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            text, encoding = raw.decode("latin-1"), "latin-1"
        return pd.read_csv(
            path, sep=_sniff(text), dtype=str, keep_default_na=False, encoding=encoding
        )
    if suffix == ".xlsx":
        return pd.read_excel(path, dtype=str, keep_default_na=False)
    if suffix in (".geojson", ".json"):
        gdf = gpd.read_file(path)
        return pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    raise ConfigError(f"{path}: cannot read {suffix or 'a file without extension'} files; "
                      f"use one of {', '.join(READABLE)}")  # fmt: skip


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
