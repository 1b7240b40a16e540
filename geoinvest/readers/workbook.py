"""Read spreadsheets (XLSX): one sheet, chosen by name when the workbook holds several."""

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
    """Read one sheet of an XLSX workbook; every cell as text ("" when empty)."""
    import pandas as pd

    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=str, keep_default_na=False)
    except (zipfile.BadZipFile, ValueError, KeyError, OSError) as exc:
        raise unreadable(
            path, f"cannot be read as an XLSX workbook ({exc})", "save it again from Excel"
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
