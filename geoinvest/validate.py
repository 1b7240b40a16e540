"""Check a raw table against the layer schema and convert it to typed columns.

The cell rules are in ``rules``; this module checks the table's shape (missing, misspelt
and extra columns) and runs the rule of each schema column. Problems are collected, never
raised one by one.
"""

from __future__ import annotations

import difflib
import os
from concurrent.futures import ThreadPoolExecutor

import pandas as pd

from geoinvest.aliases import map_columns
from geoinvest.cells import text
from geoinvest.errors import Issue
from geoinvest.model import LayerSpec
from geoinvest.readers import RawTable
from geoinvest.rules import Checker, check_column, check_date_precision
from geoinvest.schema import Column, columns_for

# Tables at least this long have their columns checked on two threads (the rules' Arrow
# and NumPy work releases the GIL); shorter ones are not worth a thread.
PARALLEL_FROM = 20_000


def _check_columns(raw: RawTable, frame: pd.DataFrame, columns: list[Column], date_format=""):
    """(issues, typed values) of each column, in the order given."""

    def one(column: Column):
        ck = Checker(raw.origin)
        return ck.issues, check_column(ck, frame[column.name], column, date_format=date_format)

    if len(frame) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return [one(column) for column in columns]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(one, columns))


def validate_table(raw: RawTable, spec: LayerSpec) -> tuple[pd.DataFrame, list[Issue]]:
    """Typed columns for ``raw`` and every problem found in it."""
    ck = Checker(raw.origin)
    frame = raw.frame.rename(columns=lambda c: str(c).strip())
    rename, ck.issues = map_columns(frame.columns, spec.kind, spec.columns, source=ck.path)
    frame = frame.rename(columns=rename) if rename else frame
    schema = columns_for(spec.kind)
    names = {c.name for c in schema}
    for column in schema:
        if column.required and column.name not in frame.columns:
            how = " and fill it in" if column.nonempty else " (it may be left empty)"
            close = difflib.get_close_matches(column.name, list(frame.columns), n=1)
            hint = f" or rename {close[0]!r}" if close and close[0] not in names else ""
            ck.issues.append(
                Issue(
                    ck.path,
                    None,
                    column.name,
                    None,
                    "the column is missing",
                    f"add a column named {column.name}{how}{hint}",
                )
            )
    out: dict[str, pd.Series] = {}
    present = [c for c in schema if c.name in frame]
    for issues, typed in _check_columns(raw, frame, present, spec.date_format):
        ck.issues += issues  # in schema order, whichever thread checked the column
        out.update(typed)
    check_date_precision(ck, frame, out, spec.date_format)
    for extra in frame.columns:
        if extra in names or extra in out:
            continue
        close = difflib.get_close_matches(extra, sorted(names), n=1, cutoff=0.8)
        if close and close[0] not in frame.columns:
            ck.issues.append(
                Issue(
                    ck.path,
                    None,
                    extra,
                    None,
                    "is not a schema column",
                    f"did you mean {close[0]!r}? it is kept as text",
                    "warning",
                )
            )
        out[extra] = text(frame[extra])
    typed = pd.DataFrame(out, index=frame.index, copy=False)
    issues = raw.issues + sorted(ck.issues, key=lambda i: i.row or 0)
    return typed, issues
