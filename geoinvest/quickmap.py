"""A quick map of any files, with no registry (as ``GeoDataFrame.explore()`` does).

Each file is one layer, read by the one reader, its columns named through the aliases
(``aliases.map_columns``), checked by the layer rules (``check.check_layer``), located
(``check_countries``, ``enrich.add_admin1``) and written by the build code
(``build.map_parts``, ``output.write_text_atomic``): the page a registered layer gets.

What a quick map tolerates: the schema's columns may be missing, except the coordinates
(``latitude`` and ``longitude``, or the points of a geodata file) and, for events, the
``date``. A missing ``country`` is taken from where each point lies (the package's
outlines of Latin America); a missing ``date_precision`` from the form of each date
(YYYY: year, YYYY-MM: month, else day). Every cell that is there is checked as
``geoinvest validate`` checks it, and a bad one stops the map, named by file, row and
column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from geoinvest import geography, palette
from geoinvest.aliases import map_columns, normalise
from geoinvest.build import check_map, map_parts
from geoinvest.check import check_countries, check_layer
from geoinvest.enrich import add_admin1
from geoinvest.errors import DataError, Issue
from geoinvest.model import SYMBOLS, Layer, LayerSpec, MapDefinition
from geoinvest.output import check_not_input, write_text_atomic
from geoinvest.readers import RawTable, read_table
from geoinvest.schema import columns_for

REQUIRED = {"site": ("latitude", "longitude"), "event": ("latitude", "longitude", "date")}
# Columns that may name a row when the file has no name column (after the aliases).
TITLE_COLUMNS = ("project_name", "mine_name", "asset_name_english", "asset_name", "label",
                 "nombre_del_proyecto", "proyecto", "project", "site", "sitio", "event",
                 "evento", "location", "place_name")  # fmt: skip


def guess_kind(raw: RawTable) -> str:
    """event when the file has a date column (by name or alias), else site."""
    rename, _ = map_columns(raw.frame.columns, "event")
    return "event" if "date" in {rename.get(c, c) for c in raw.frame.columns} else "site"


def file_layer(
    path: Path, number: int, kind: str | None = None, table: str = "", date_format: str = ""
):
    """One file as a layer: (Layer, issues); the layer is None when it cannot be drawn."""
    raw = read_table(path, table=table)
    kind = kind or guess_kind(raw)
    frame, issues = _named(raw, kind)
    spec = LayerSpec(
        id=f"file_{number}",
        title={"en": path.stem},
        kind=kind,
        path=path,
        color=palette.color(number - 1),
        symbol=SYMBOLS[(number - 1) % len(SYMBOLS)],
        table=table,
        date_format=date_format,
    )
    missing = [c for c in REQUIRED[kind] if c not in frame.columns]
    if missing:
        have = ", ".join(map(str, raw.frame.columns))
        return None, issues + [
            Issue(raw.origin.source, None, name, None,
                  f"the column is missing; a quick map of {kind}s needs "
                  f"{', '.join(REQUIRED[kind])}",
                  f"add it, or name the column that holds it (e.g. lat, latitud); "
                  f"the file has: {have}")
            for name in missing
        ]  # fmt: skip
    absent = {c.name for c in columns_for(kind)} - set(frame.columns)
    if kind == "event" and "date_precision" in absent:
        frame["date_precision"] = _date_precision(frame["date"])
        absent.discard("date_precision")
    raw = replace(raw, frame=frame)
    layer, found = check_layer(raw, spec)
    issues += [i for i in found if not (i.row is None and i.column in absent)]
    return layer, issues


def _named(raw: RawTable, kind: str) -> tuple[pd.DataFrame, list[Issue]]:
    """The file's columns under schema names; a title column as ``name`` if none is."""
    rename, issues = map_columns(raw.frame.columns, kind, source=raw.origin.source)
    frame = raw.frame.rename(columns=rename) if rename else raw.frame
    if "name" not in frame.columns:
        keys = {normalise(c): c for c in frame.columns}
        title = next((keys[k] for k in TITLE_COLUMNS if k in keys), None)
        if title is not None:
            frame = frame.rename(columns={title: "name"})
    return frame, issues


def _date_precision(dates: pd.Series) -> pd.Series:
    """year for YYYY, month for YYYY-MM, day for anything else written."""
    text = dates.astype(object).where(dates.notna(), "").map(lambda v: str(v).strip())
    size = text.str.len()
    out = np.where(size == 4, "year", np.where(size == 7, "month", "day"))
    return pd.Series(np.where(size == 0, "", out), index=dates.index, dtype=object)


def with_countries(layer: Layer) -> tuple[Layer, list[Issue]]:
    """The layer with a country per row: its own column, else where each point lies; a
    point in no country the package knows is an issue (it could not be shown)."""
    if "country" in layer.gdf.columns:
        return layer, []
    located = geography.locate(layer.gdf)
    codes = geography.admin_areas()["country"].to_numpy(dtype=object)
    found = located.found
    country = np.where(found >= 0, codes[np.maximum(found, 0)], None)
    gdf = layer.gdf.copy()
    gdf["country"] = pd.array(country, dtype="str")
    issues = [
        Issue(layer.origin.source, layer.origin.row(pos), "latitude/longitude",
              f"{gdf.geometry.iloc[pos].y:g}, {gdf.geometry.iloc[pos].x:g}",
              "lies in no country geoinvest has outlines for (Latin America)",
              "add a country column with ISO codes such as PE, CO or HN",
              unit=layer.origin.unit)
        for pos in np.flatnonzero(found < 0)
    ]  # fmt: skip
    return Layer(layer.spec, gdf, layer.origin), issues


def quick_layers(
    paths: Sequence[Path],
    *,
    kind: str | None = None,
    table: str = "",
    date_format: str = "",
    allow_outside: bool = False,
) -> list[Layer]:
    """Each file as a checked, located layer; DataError listing every problem."""
    layers, issues = [], []
    for number, path in enumerate(paths, start=1):
        layer, found = file_layer(Path(path), number, kind, table, date_format)
        issues += found
        if layer is not None:
            layer, found = with_countries(layer)
            layers.append(layer)
            issues += found
    located = {layer.id: geography.locate(layer.gdf) for layer in layers}
    issues += check_countries(layers, located, allow_outside)
    order = {str(Path(p)): n for n, p in enumerate(paths)}
    issues.sort(key=lambda i: (order.get(i.path.split(" sheet ")[0], len(order)), i.row or 0))
    if any(i.severity == "error" for i in issues):
        raise DataError(issues)
    return add_admin1(layers, located)


def quick_map(
    paths: Sequence[Path],
    output: Path,
    *,
    kind: str | None = None,
    title: str | None = None,
    table: str = "",
    date_format: str = "",
    assets: str = "inline",
    overwrite: bool = True,
    allow_outside: bool = False,
) -> Path:
    """Write a map of ``paths`` to ``output``; nothing when any row is bad."""
    check_not_input(output, paths)
    layers = quick_layers(
        paths, kind=kind, table=table, date_format=date_format, allow_outside=allow_outside
    )
    countries = sorted({c for layer in layers for c in layer.gdf["country"].dropna()})
    mapdef = MapDefinition(
        id=Path(output).stem or "map",
        title={"en": title or ", ".join(Path(p).stem for p in paths)},
        countries=tuple(countries),
        layers=tuple(layer.id for layer in layers),
    )
    check_map(mapdef)
    return write_text_atomic(output, map_parts(mapdef, layers, assets=assets), overwrite=overwrite)
