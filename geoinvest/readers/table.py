"""The table every reader returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from geoinvest.errors import DataError, Issue
from geoinvest.model import Origin


@dataclass
class RawTable:
    """A file as read: cells untouched (text, for spreadsheets), the point geometry if the
    format has one, where its rows come from, and what the reader noticed (warnings)."""

    path: Path
    frame: pd.DataFrame
    origin: Origin
    geometry: object = None  # the file's point geometry in EPSG:4326, if it has one
    issues: list[Issue] = field(default_factory=list)


def unreadable(path: Path, message: str, fix: str, row: int | None = None) -> DataError:
    """The error for a file that cannot be read as a table."""
    return DataError([Issue(str(path), row, None, None, message, fix)])


def check_header(path: Path, names: list[str], row: int | None = 1) -> None:
    """Every column needs its own name: duplicates would be renamed and then ignored."""
    seen: dict[str, int] = {}
    issues = []
    for n, name in enumerate(names, start=1):
        if name in seen and name != "":
            issues.append(
                Issue(
                    str(path),
                    row,
                    name,
                    None,
                    f"columns {seen[name]} and {n} are both named {name!r}",
                    "rename or remove one of them",
                )
            )
        seen.setdefault(name, n)
    if issues:
        raise DataError(issues)


def empty_rows(frame: pd.DataFrame) -> np.ndarray:
    """Rows whose every cell is empty ("" or missing): they hold nothing to lose."""
    empty = np.ones(len(frame), dtype=bool)
    for name in frame.columns:
        column = frame[name]
        blank = column.isna().to_numpy()
        if column.dtype == object or isinstance(column.dtype, pd.StringDtype):
            blank = blank | (column == "").to_numpy(dtype=bool, na_value=False)
        empty &= blank
        if not empty.any():
            break
    return empty if frame.shape[1] else np.zeros(len(frame), dtype=bool)


def drop_unnamed(path: Path, frame: pd.DataFrame, header_row: int) -> pd.DataFrame:
    """Columns without a name: left out when empty (a trailing separator), else an error."""
    unnamed = [i for i, name in enumerate(frame.columns) if name == ""]
    if not unnamed:
        return frame
    issues = []
    for i in unnamed:
        column = frame.iloc[:, i]
        filled = np.flatnonzero((column != "").to_numpy(dtype=bool, na_value=False))
        if len(filled):
            issues.append(
                Issue(
                    str(path),
                    header_row,
                    None,
                    None,
                    f"column {i + 1} has no name but holds values",
                    "name it in the header row, or delete it",
                )
            )
    if issues:
        raise DataError(issues)
    keep = [i for i in range(frame.shape[1]) if i not in unnamed]
    return frame.iloc[:, keep]
