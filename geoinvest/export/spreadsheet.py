"""Spreadsheets: CSV (one table) and XLSX (a sheet per layer, openpyxl).

Both hold the columns a layer file has, latitude and longitude included, so an export
reads back as a layer. Cells are written as a layer file writes them (``columns.text_values``):
dates as text at their precision (``2012``, ``2012-03``, ``2012-03-15``; a workbook date
would come back as a date-time, and Excel knows no date before 1900), numbers with every
digit. In XLSX numbers are numbers. The workbook's created and modified times are fixed
and its zip entries carry a fixed time, so a re-export is byte-identical.
"""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import pandas as pd

from geoinvest.errors import ConfigError
from geoinvest.export.archive import FixedTimeZipFile
from geoinvest.export.columns import check_xml_text, columns, combined, text_values
from geoinvest.model import Layer

# The workbook's created and modified times (no clock in an output).
FIXED_TIME = datetime.datetime(2000, 1, 1)
# Excel's limit on a sheet name's length, and characters a sheet name cannot hold.
_SHEET_NAME_MAX = 31
_SHEET_ROWS_MAX = 1_048_576  # rows of a sheet, the header included
_SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def text_frame(layer: Layer) -> pd.DataFrame:
    """The layer's columns as a layer file's text cells."""
    return pd.DataFrame(
        {name: text_values(layer, name) for name in columns(layer)}, index=layer.gdf.index
    )


def write_csv(layers: list[Layer], path: Path, lang: str) -> None:
    """One CSV (UTF-8, comma-separated); several layers get a first ``layer`` column."""
    frame = combined(layers, [text_frame(layer) for layer in layers]).fillna("")
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def _numbers(layer: Layer, name: str) -> bool:
    values = layer.gdf[name]
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def sheet_name(layer: Layer) -> str:
    """The layer's id as a sheet name Excel accepts."""
    return layer.id.translate(_SHEET_FORBIDDEN)[:_SHEET_NAME_MAX]


def check_sheets(layers: list[Layer]) -> None:
    """Refuse what Excel could not open: a layer longer than a sheet, two layers whose
    ids make the same sheet name."""
    seen: dict[str, str] = {}
    for layer in layers:
        if len(layer.gdf) >= _SHEET_ROWS_MAX:
            raise ConfigError(
                f"layer {layer.id!r} has {len(layer.gdf):,} rows; an Excel sheet holds "
                f"{_SHEET_ROWS_MAX - 1:,} below its header; export it to CSV, GeoPackage or "
                "GeoParquet"
            )
        name = sheet_name(layer).lower()  # Excel's sheet names ignore case
        if name in seen:
            raise ConfigError(
                f"layers {seen[name]!r} and {layer.id!r} would share the sheet name "
                f"{sheet_name(layer)!r} (at most {_SHEET_NAME_MAX} characters); export them "
                "to separate workbooks"
            )
        seen[name] = layer.id


def write_xlsx(layers: list[Layer], path: Path, lang: str) -> None:
    """A workbook with a sheet per layer, named by its id; header row, then a row each.

    Written in openpyxl's write-only mode (rows streamed to the sheet, not kept as cell
    objects); text starting with ``=`` is marked as text, never a formula.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.writer.excel import ExcelWriter

    check_xml_text(layers, "XLSX")
    check_sheets(layers)
    workbook = Workbook(write_only=True)
    for layer in layers:
        sheet = workbook.create_sheet(sheet_name(layer))
        sheet.freeze_panes = "A2"
        names = columns(layer)
        sheet.append(names)
        cells = [
            _cell_values(layer, name) if _numbers(layer, name) else _text_cells(layer, name)
            for name in names
        ]
        for row in zip(*cells, strict=True):
            if any(isinstance(v, str) and v.startswith("=") for v in row):
                row = [_as_text(sheet, v, WriteOnlyCell) for v in row]
            sheet.append(row)
    workbook.properties.creator = "geoinvest"
    workbook.properties.created = FIXED_TIME
    archive = FixedTimeZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    workbook.properties.modified = FIXED_TIME
    # What openpyxl's save_workbook does, without stamping the modified time with the clock.
    ExcelWriter(workbook, archive).save()


def _text_cells(layer: Layer, name: str) -> list:
    """A text column's cells: strings, None when empty."""
    return [None if v == "" else v for v in text_values(layer, name).tolist()]


def _as_text(sheet, value, cell_type):
    """A value that openpyxl would take for a formula, as a text cell."""
    if not (isinstance(value, str) and value.startswith("=")):
        return value
    cell = cell_type(sheet, value=value)
    cell.data_type = "s"
    return cell


def _cell_values(layer: Layer, name: str) -> list:
    """A numeric column's cells: Python numbers, None when empty."""
    values = layer.gdf[name]
    out = values.astype(object).where(values.notna(), None).tolist()
    return [v.item() if hasattr(v, "item") else v for v in out]
