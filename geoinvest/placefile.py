"""Read and write the tables people geocode: CSV, XLSX and GeoJSON."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geoinvest.errors import ConfigError, NotFoundError

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
