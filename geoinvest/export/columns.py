"""What of a layer goes out: its columns as a layer file has them, typed or as text.

Every format writes the columns of the layer's file (schema columns in schema order, then
the file's own extra columns); the helper columns the pipeline derives (``owners_parsed``,
the admin-1 area of the enrich stage) stay behind, so an export reads back as a layer.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from geoinvest.check import DERIVED
from geoinvest.errors import ConfigError, DataError, Issue
from geoinvest.model import Layer
from geoinvest.schema import column

# The column that names each row's layer when several layers share one table.
LAYER_COLUMN = "layer"


def columns(layer: Layer) -> list[str]:
    """The layer's columns as its file has them (no geometry, no derived helpers)."""
    return [c for c in layer.gdf.columns if c not in DERIVED]


def typed_frame(layer: Layer) -> gpd.GeoDataFrame:
    """The layer's columns with their types (dates as dates) and its points."""
    gdf = layer.gdf
    frame = gdf[columns(layer)].copy()
    if "date" in frame.columns:
        import pyarrow as pa

        frame["date"] = frame["date"].astype(pd.ArrowDtype(pa.date32()))
    return gpd.GeoDataFrame(frame, geometry=gdf.geometry.to_numpy(), crs="EPSG:4326")


def text_values(layer: Layer, name: str) -> pd.Series:
    """One column as a layer file writes it: text cells, "" when empty.

    Dates are written as their ``date_precision`` says (``2012``, ``2012-03`` or
    ``2012-03-15``), numbers as Python writes them (every digit kept), whole numbers
    without a decimal point.
    """
    values = layer.gdf[name]
    if pd.api.types.is_datetime64_any_dtype(values):
        # ``date_precision`` tells how much of ``date`` is known, not of ``end_date``.
        return _dates(values, layer.gdf.get("date_precision") if name == "date" else None)
    if pd.api.types.is_float_dtype(values):
        out = values.map(repr, na_action="ignore")
    elif pd.api.types.is_integer_dtype(values):
        out = values.astype("Int64").astype("str")
    else:
        out = values.astype("str")
    return out.astype(object).where(values.notna(), "")


def _dates(values: pd.Series, precision: pd.Series | None) -> pd.Series:
    """Dates as text, as precise as ``date_precision`` says."""
    day = values.dt.strftime("%Y-%m-%d")
    if precision is not None:
        month = values.dt.strftime("%Y-%m")
        year = values.dt.strftime("%Y")
        day = day.where(precision != "month", month).where(precision != "year", year)
    return day.astype(object).where(values.notna(), "")


def cell(value) -> object:
    """One typed value as a plain Python value (None when empty), for cell-by-cell writers."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def label(name: str, lang: str) -> str:
    """A column's label in ``lang`` (the schema's), else its name."""
    col = column(name)
    if col is None:
        return name
    return (col.label_es if lang == "es" else col.label_en) or name


def combined(layers: list[Layer], frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Several layers' frames as one table: a first ``layer`` column names each row's
    layer, the columns are the union in the order first seen. One layer: its frame as is."""
    if len(frames) == 1:
        return frames[0]
    for layer in layers:
        if LAYER_COLUMN in layer.gdf.columns:
            raise ConfigError(
                f"layer {layer.id!r} has a column named {LAYER_COLUMN!r}, which this format "
                "uses to name each row's layer when several layers share one table; export "
                "the layers one at a time, or to GeoPackage, KML or XLSX"
            )
    parts = [
        frame.assign(**{LAYER_COLUMN: layer.id})
        for layer, frame in zip(layers, frames, strict=True)
    ]
    names = [LAYER_COLUMN]
    for frame in frames:
        names += [c for c in frame.columns if c not in names]
    out = pd.concat([p for p in parts if len(p)] or parts[:1], ignore_index=True)
    return out.reindex(columns=[n for n in names if n in out.columns])


# Characters XML 1.0 cannot hold (control characters other than tab, newline, return).
_NOT_XML = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"


def check_xml_text(layers: list[Layer], kind: str) -> None:
    """Refuse, naming each cell, text that an XML-based format (KML, XLSX) cannot hold."""
    from geoinvest.cells import matches

    issues = []
    for layer in layers:
        for name in columns(layer):
            values = layer.gdf[name]
            if not (isinstance(values.dtype, pd.StringDtype) or values.dtype == object):
                continue
            found = matches(values.astype("str"), _NOT_XML)
            for pos in np.flatnonzero(found):
                row_id = layer.gdf["id"].iloc[pos] if "id" in layer.gdf else pos + 1
                issues.append(
                    Issue(
                        f"layer {layer.id}",
                        None,
                        name,
                        str(values.iloc[pos]),
                        f"(row id {row_id}) holds a control character that {kind} cannot hold",
                        "remove it from the layer's file, or export to CSV, GeoJSON or GeoPackage",
                    )
                )
    if issues:
        raise DataError(issues)
