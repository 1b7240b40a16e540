"""Vectorised helpers over columns of cells (pandas' Arrow-backed text)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def text(series: pd.Series) -> pd.Series:
    """Strip a column to strings; empty cells become missing (NaN)."""
    if not isinstance(series.dtype, pd.StringDtype) or series.dtype.na_value is pd.NA:
        series = series.astype("str")
    # Copy a (possibly huge) column only when a cell needs stripping or blanking.
    if _needs_strip(series):
        series = series.str.strip()
    empty = (series == "").to_numpy(dtype=bool, na_value=False)
    return series.where(~empty) if empty.any() else series


def _needs_strip(series: pd.Series) -> bool:
    """Whether any cell starts or ends with white space (what ``str.strip`` removes)."""
    import pyarrow.compute as pc

    array = series.array.__arrow_array__()
    trimmed = pc.utf8_trim_whitespace(array)
    return bool(pc.any(pc.not_equal(pc.binary_length(trimmed), pc.binary_length(array))).as_py())


def matches(values: pd.Series, pattern: str, *, ignore_case: bool = False) -> np.ndarray:
    """Where a string column matches a regular expression (missing: False), vectorised."""
    import pyarrow.compute as pc

    found = pc.match_substring_regex(
        values.array.__arrow_array__(), pattern, ignore_case=ignore_case
    )
    return found.to_numpy(zero_copy_only=False).astype(bool, copy=False) & values.notna().to_numpy()


def isin(values: pd.Series, collection) -> np.ndarray:
    """Membership of a string column in a large collection, vectorised (missing: False)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    array = text(values).array.__arrow_array__()
    wanted = pa.array([str(v) for v in collection], type=pa.string()).cast(array.type)
    found = pc.is_in(array, value_set=wanted).fill_null(False)
    return found.to_numpy(zero_copy_only=False).astype(bool, copy=False)
