"""Check a raw layer table against the schema and convert it to typed columns.

Every check is vectorised over the whole column; Python only loops over the rows that
fail, to write their messages. Problems are collected, never raised one by one.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from geoinvest.errors import Issue
from geoinvest.model import LayerSpec
from geoinvest.owners import OwnerSyntaxError, parse_owners
from geoinvest.readers import RawTable
from geoinvest.schema import DATE_PRECISION, PRECISION, STATUS, Column, columns_for

_DECIMAL_COMMA = re.compile(r"^\s*-?\d+,\d+\s*$")
_DMS = re.compile(r"[°º'′\"″]|\d\s*[NSEWO]\s*$", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_URL = re.compile(r"\b([A-Za-z][A-Za-z0-9+.-]*):(?://)?\S+")
_YEARS = (1800, 2100)


class _Checker:
    """Collects issues for one table; knows how to name its rows."""

    def __init__(self, raw: RawTable):
        self.raw = raw
        self.path = str(raw.path)
        self.issues: list[Issue] = []

    def row(self, position: int) -> int:
        return int(position) + self.raw.row_offset

    def add(self, mask, column: str, values, message: str, fix: str, severity="error"):
        """Add an issue for each row where ``mask`` is true."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        for pos in positions:
            value = values.iloc[pos] if values is not None else None
            self.issues.append(
                Issue(
                    self.path,
                    self.row(pos),
                    column,
                    None if value is None or pd.isna(value) else str(value),
                    message(value) if callable(message) else message,
                    fix(value) if callable(fix) else fix,
                    severity,
                )
            )


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


def _numbers(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(parsed floats, cells as written) for a column that should hold numbers."""
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        values = pd.to_numeric(series, errors="coerce").astype("float64")
        return values, series
    raw = text(series)
    return pd.to_numeric(raw, errors="coerce").astype("float64"), raw


def _number_fix(value) -> str:
    if isinstance(value, str) and _DECIMAL_COMMA.match(value):
        return "use a dot as the decimal separator, e.g. " + value.strip().replace(",", ".")
    if isinstance(value, str) and _DMS.search(value):
        return "write decimal degrees (e.g. -12.05), not degrees/minutes/seconds"
    return "write a plain number with a dot as the decimal separator"


def _check_required(ck: _Checker, name: str, values: pd.Series, column: Column) -> None:
    if column.nonempty:
        ck.add(values.isna(), name, None, "the cell is empty", f"fill in {name}; it is required")


def _check_id(ck: _Checker, s: pd.Series) -> pd.Series:
    values = text(s)
    _check_required(ck, "id", values, Column("id", "id", nonempty=True))
    ck.add(
        matches(values, r"\s"),
        "id",
        values,
        "contains spaces",
        "use letters, digits, - and _ only, e.g. pe-toromocho",
    )
    dup = values.duplicated(keep=False) & values.notna()
    if dup.any():
        first = {}
        for pos in np.flatnonzero(dup.to_numpy()):
            first.setdefault(values.iloc[pos], ck.row(pos))
        ck.add(
            dup & values.duplicated(keep="first"),
            "id",
            values,
            lambda v: f"is used twice (first in row {first[v]})",
            "give every row its own id",
        )
    return values


def _check_text(ck: _Checker, s: pd.Series, column: Column) -> pd.Series:
    values = text(s)
    _check_required(ck, column.name, values, column)
    return values


@functools.cache
def _iso_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


def _country_fix(value) -> str:
    import pycountry

    try:
        found = pycountry.countries.lookup(str(value))
    except LookupError:
        return "use an ISO 3166-1 alpha-2 code such as PE, CO or HN"
    return f"use the ISO 3166-1 alpha-2 code {found.alpha_2}"


def _check_country(ck: _Checker, s: pd.Series, column: Column) -> pd.Series:
    raw = text(s)
    values = raw.str.upper()
    _check_required(ck, column.name, values, column)
    bad = values.notna() & ~values.isin(_iso_codes())
    ck.add(bad, column.name, raw, "is not an ISO 3166-1 alpha-2 country code", _country_fix)
    return values


def _check_coordinate(ck: _Checker, s: pd.Series, column: Column, limit: float) -> pd.Series:
    values, raw = _numbers(s)
    _check_required(ck, column.name, raw, column)
    ck.add(values.isna() & raw.notna(), column.name, raw, "is not a number", _number_fix)
    out = values.notna() & (values.abs() > limit)
    ck.add(
        out,
        column.name,
        raw,
        f"is out of range (-{limit:g} to {limit:g})",
        "check the value; latitude and longitude may be swapped",
    )
    return values


def _check_precision(ck: _Checker, s: pd.Series, column: Column) -> pd.Series:
    values, raw = _numbers(s)
    _check_required(ck, column.name, raw, column)
    bad = raw.notna() & ~(values.isin(list(PRECISION)))
    codes = "; ".join(f"{k} {v}" for k, v in PRECISION.items())
    ck.add(bad, column.name, raw, "is not a precision code 1-8", f"use one of: {codes}")
    return values.where(~bad).astype("Int8")


def _check_sources(ck: _Checker, s: pd.Series, column: Column) -> pd.Series:
    values = text(s)
    ck.add(
        values.isna(),
        column.name,
        None,
        "the cell is empty",
        'cite at least one source: Publisher, "Title", YYYY-MM-DD[, https://...]; '
        "separate several with |",
    )
    ck.add(
        matches(values, r"(?:^|\|)\s*(?:\||$)"),
        column.name,
        values,
        "has an empty citation between | separators",
        "remove the extra |",
    )
    risky = matches(values, r"\b(?:javascript|data|file|vbscript):", ignore_case=True)
    for pos in np.flatnonzero(risky):
        for m in _URL.finditer(values.iloc[pos]):
            scheme = m.group(1).lower()
            if scheme in ("javascript", "data", "file", "vbscript"):
                ck.issues.append(
                    Issue(
                        ck.path,
                        ck.row(pos),
                        column.name,
                        m.group(0),
                        f"is a {scheme}: link",
                        "link only http:// or https:// addresses",
                    )
                )
    return values


def _check_owners(ck: _Checker, s: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    values = text(s)
    iso = _iso_codes()
    parsed_by_value: dict[str, tuple] = {}
    problems: dict[str, str] = {}
    for value in values.dropna().unique():
        try:
            owners = parse_owners(value)
        except OwnerSyntaxError as exc:
            problems[value] = f"entry {str(exc)!r} does not read as Company (CC) NN%"
            continue
        bad_cc = [o.country for o in owners if o.country and o.country not in iso]
        total = sum(o.share for o in owners if o.share is not None)
        if bad_cc:
            problems[value] = f"{', '.join(bad_cc)} is not an ISO 3166-1 alpha-2 code"
        elif total > 100.5:
            problems[value] = f"shares add up to {total:g}%, more than 100%"
        parsed_by_value[value] = owners
    if problems:
        bad = values.isin(list(problems))
        ck.add(
            bad,
            column.name,
            values,
            lambda v: problems[v],
            "write each owner as Company (CC) NN%, separated by ;  e.g. Chinalco (CN) 100%",
        )
    parsed = values.map(parsed_by_value, na_action="ignore")
    parsed = parsed.astype(object).where(parsed.notna(), None)
    return values, parsed


def _vocabulary_fix(vocabulary: tuple[str, ...]) -> Callable[[str], str]:
    def fix(value) -> str:
        close = difflib.get_close_matches(str(value).lower(), vocabulary, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        return f"{hint}use one of: {', '.join(vocabulary)}"

    return fix


def _check_vocabulary(ck, s, column: Column, vocabulary: tuple[str, ...]) -> pd.Series:
    raw = text(s)
    values = raw.str.lower()
    _check_required(ck, column.name, values, column)
    bad = values.notna() & ~values.isin(vocabulary)
    ck.add(bad, column.name, raw, "is not in the vocabulary", _vocabulary_fix(vocabulary))
    return values


def _check_integer(ck, s, column: Column, low: int, high: int | None) -> pd.Series:
    values, raw = _numbers(s)
    _check_required(ck, column.name, raw, column)
    ck.add(values.isna() & raw.notna(), column.name, raw, "is not a number", _number_fix)
    whole = values.notna() & (values == np.floor(values))
    in_range = values >= low
    if high is not None:
        in_range &= values <= high
    bad = values.notna() & ~(whole & in_range)
    span = f"{low} to {high}" if high is not None else f"{low} or more"
    ck.add(bad, column.name, raw, f"is not a whole number from {span}", "write a whole number")
    return values.where(~bad).round().astype("Int64")


def _check_float(ck, s, column: Column) -> pd.Series:
    values, raw = _numbers(s)
    _check_required(ck, column.name, raw, column)
    ck.add(values.isna() & raw.notna(), column.name, raw, "is not a number", _number_fix)
    ck.add(values < 0, column.name, raw, "is negative", "write a number of 0 or more")
    return values


def _check_date(ck, s, column: Column) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(s):
        return s.astype("datetime64[s]")
    raw = text(s)
    _check_required(ck, column.name, raw, column)
    shaped = matches(raw, _DATE.pattern)
    padded = raw.where(raw.str.len() != 4, raw + "-01-01")
    padded = padded.where(padded.str.len() != 7, padded + "-01")
    parsed = pd.to_datetime(padded.where(shaped), format="%Y-%m-%d", errors="coerce")
    bad = raw.notna() & parsed.isna()
    ck.add(
        bad,
        column.name,
        raw,
        "is not a date",
        "write YYYY-MM-DD, or YYYY-MM / YYYY with date_precision month / year",
    )
    return parsed.astype("datetime64[s]")


def _check_date_precision(ck: _Checker, frame: pd.DataFrame, out: dict) -> None:
    """A date written as YYYY or YYYY-MM cannot claim day precision."""
    if "date" not in frame.columns or "date_precision" not in out:
        return
    if pd.api.types.is_datetime64_any_dtype(frame["date"]):
        return
    raw = text(frame["date"])
    precision = out["date_precision"]
    coarse = raw.str.len().isin([4, 7])
    bad = coarse & precision.isin(["day", "week"])
    ck.add(
        bad,
        "date_precision",
        precision,
        lambda v: f"says {v}, but the date gives only a month or a year",
        "give the full date YYYY-MM-DD or set date_precision to month or year",
    )


def validate_table(raw: RawTable, spec: LayerSpec) -> tuple[pd.DataFrame, list[Issue]]:
    """Typed columns for ``raw`` and every problem found in it."""
    ck = _Checker(raw)
    frame = raw.frame
    frame.columns = [str(c).strip() for c in frame.columns]
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
        s = frame[column.name]
        t = column.type
        if t == "id":
            out["id"] = _check_id(ck, s)
        elif t in ("text", "site_id"):
            out[column.name] = _check_text(ck, s, column)
        elif t == "country":
            out[column.name] = _check_country(ck, s, column)
        elif t == "latitude":
            out[column.name] = _check_coordinate(ck, s, column, 90)
        elif t == "longitude":
            out[column.name] = _check_coordinate(ck, s, column, 180)
        elif t == "precision":
            out[column.name] = _check_precision(ck, s, column)
        elif t == "sources":
            out[column.name] = _check_sources(ck, s, column)
        elif t == "owners":
            out["owners"], out["owners_parsed"] = _check_owners(ck, s, column)
        elif t == "status":
            out[column.name] = _check_vocabulary(ck, s, column, STATUS)
        elif t == "date_precision":
            out[column.name] = _check_vocabulary(ck, s, column, DATE_PRECISION)
        elif t == "year":
            out[column.name] = _check_integer(ck, s, column, *_YEARS)
        elif t == "int":
            out[column.name] = _check_integer(ck, s, column, 0, None)
        elif t == "float":
            out[column.name] = _check_float(ck, s, column)
        elif t == "date":
            out[column.name] = _check_date(ck, s, column)
        else:  # pragma: no cover - a schema type without a checker is a programming error
            raise NotImplementedError(t)
    _check_date_precision(ck, frame, out)
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
    ck.issues.sort(key=lambda i: i.row or 0)
    return typed, ck.issues
