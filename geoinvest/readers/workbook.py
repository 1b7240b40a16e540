"""Read spreadsheets (XLSX with openpyxl, ODS with calamine): one sheet, chosen by name
when the workbook holds several; a workbook with several filled sheets and no sheet named
is an error listing them all (with their row counts), so no sheet is left out unseen."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np

from geoinvest.model import Origin
from geoinvest.readers.table import (
    RawTable,
    check_header,
    drop_unnamed,
    empty_rows,
    unreadable,
)


def read_workbook(path: Path, *, sheet: str = "") -> RawTable:
    """Read one sheet of an XLSX or ODS workbook; every cell as text ("" when empty; a date
    cell as ``2012-03-15 00:00:00``, which the date rule reads)."""
    import openpyxl  # noqa: F401  (imported whole first: two threads may read workbooks)
    import pandas as pd
    from python_calamine import CalamineError

    ods = path.suffix.lower() == ".ods"
    kind, app = ("an ODS spreadsheet", "LibreOffice") if ods else ("an XLSX workbook", "Excel")
    try:
        sheets = pd.read_excel(
            path,
            sheet_name=None,
            header=None,
            dtype=str,
            keep_default_na=False,
            engine="calamine" if ods else "openpyxl",
        )
    except (zipfile.BadZipFile, ValueError, KeyError, OSError, CalamineError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise unreadable(
            path, f"cannot be read as {kind} ({reason})", f"save it again from {app}"
        ) from None
    filled = {name: frame for name, frame in sheets.items() if frame.shape[1] or len(frame)}
    if sheet and sheet not in sheets:
        raise unreadable(
            path, f"has no sheet {sheet!r}", f"name one of its sheets: {', '.join(sheets)}"
        )
    if not sheet and len(filled) > 1:
        listed = ", ".join(f"{name!r} ({len(frame) - 1} rows)" for name, frame in filled.items())
        raise unreadable(
            path,
            f"holds {len(filled)} sheets with data: {listed}",
            "name the sheet to read (or keep one sheet per file)",
        )
    name = sheet or next(iter(filled), next(iter(sheets)))
    frame = sheets[name]
    if len(frame) == 0:
        raise unreadable(path, f"sheet {name!r} is empty", "a table needs a header row")
    names = [str(c).strip() for c in frame.iloc[0]]
    frame = frame.iloc[1:].reset_index(drop=True)
    frame.columns = names
    check_header(path, names)
    frame = drop_unnamed(path, frame, 1)
    empty = empty_rows(frame)
    numbers = None
    if empty.any():
        numbers = (np.arange(len(frame)) + 2)[~empty]
        frame = frame[~empty].reset_index(drop=True)
    return RawTable(path, frame, Origin(f"{path} sheet {name!r}", 2, "row", numbers))
