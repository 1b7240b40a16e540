"""Check a raw table against the layer schema and convert it to typed columns.

The cell rules are in ``rules``; this module checks the table's shape (missing, misspelt
and extra columns) and runs the rule of each schema column. Problems are collected, never
raised one by one.
"""

from __future__ import annotations

import difflib

import pandas as pd

from geoinvest.cells import text
from geoinvest.errors import Issue
from geoinvest.model import LayerSpec
from geoinvest.readers import RawTable
from geoinvest.rules import Checker, check_column, check_date_precision
from geoinvest.schema import columns_for


def validate_table(raw: RawTable, spec: LayerSpec) -> tuple[pd.DataFrame, list[Issue]]:
    """Typed columns for ``raw`` and every problem found in it."""
    ck = Checker(raw.origin)
    frame = raw.frame.rename(columns=lambda c: str(c).strip())
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
    for column in schema:
        if column.name not in frame.columns:
            continue
        out.update(check_column(ck, frame[column.name], column))
    check_date_precision(ck, frame, out)
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
