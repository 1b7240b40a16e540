"""The rows an import rejected, written beside its input with the reason for each."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geoinvest.model import Origin
from geoinvest.output import write_text_atomic

SUFFIX = ".rejected.csv"


def rejected_path(input_path: Path | str) -> Path:
    """``reporter.csv`` -> ``reporter.csv.rejected.csv``, beside it."""
    path = Path(input_path)
    return path.with_name(path.name + SUFFIX)


def write_rejected(
    path: Path, frame: pd.DataFrame, origin: Origin, rejected: list[tuple[int, str]]
) -> Path:
    """The rejected rows as read (every input column), after ``row`` (the number users see
    in the input) and ``reason`` (the column, what is wrong, and the fix)."""
    positions = [position for position, _ in rejected]
    out = frame.iloc[positions].reset_index(drop=True).astype(object)
    out.insert(0, "reason", [reason for _, reason in rejected], allow_duplicates=True)
    out.insert(0, "row", [origin.row(p) for p in positions], allow_duplicates=True)
    return write_text_atomic(path, out.to_csv(index=False, lineterminator="\n"))
