"""One rule per check: the cell rules every table goes through (layers, user gazetteers).

Each rule takes a column as read and returns it typed, adding an Issue for every cell it
rejects to a Checker. Rules are vectorised over the whole column; Python only loops over
the rows that fail, to write their messages. ``check_column`` picks the rule for a schema
column, so the same bad value gets the same message wherever it is read.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from geoinvest.cells import matches, text
from geoinvest.coords import EXAMPLES, parse_column
from geoinvest.dates import YEARS, check_times, coarse, parse_dates
from geoinvest.errors import Issue
from geoinvest.model import Origin
from geoinvest.owners import OwnerSyntaxError, parse_owners
from geoinvest.schema import DATE_PRECISION, ID_PATTERN, PLACE_KINDS, PRECISION, STATUS, Column

_DECIMAL_COMMA = re.compile(r"^\s*-?\d+,\d+\s*$")
_URL = re.compile(r"\b([A-Za-z][A-Za-z0-9+.-]*):(?://)?\S+")
_YEARS = YEARS


class Checker:
    """Collects the issues of one table; names its rows through the table's Origin."""

    def __init__(self, origin: Origin):
        self.origin = origin
        self.path = origin.source
        self.issues: list[Issue] = []

    def row(self, position: int) -> int:
        return self.origin.row(position)

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
                    self.origin.unit,
                )
            )


def _numbers(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(parsed floats, cells as written) for a column that should hold numbers; infinity
    is not a number here (it reads as missing, and the cell as written is reported)."""
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        values = pd.to_numeric(series, errors="coerce").astype("float64")
        raw = series
    else:
        raw = text(series)
        values = pd.to_numeric(raw, errors="coerce").astype("float64")
    infinite = np.isinf(values.to_numpy())
    if infinite.any():
        values = values.where(~infinite)
        raw = raw.astype(object).where(~infinite, raw.astype(str))
    return values, raw


def _number_fix(value) -> str:
    if isinstance(value, str) and _DECIMAL_COMMA.match(value):
        return "use a dot as the decimal separator, e.g. " + value.strip().replace(",", ".")
    return "write a plain number with a dot as the decimal separator"


def _check_required(ck: Checker, name: str, values: pd.Series, column: Column) -> None:
    if column.nonempty:
        ck.add(values.isna(), name, None, "the cell is empty", f"fill in {name}; it is required")


def _check_id(ck: Checker, s: pd.Series) -> pd.Series:
    values = text(s)
    _check_required(ck, "id", values, Column("id", "id", nonempty=True))
    ck.add(
        values.notna().to_numpy() & ~matches(values, ID_PATTERN),
        "id",
        values,
        lambda v: "contains spaces" if any(c.isspace() for c in str(v)) else "is not an id",
        "use letters, digits, - and _ only (no spaces, no accents), e.g. pe-toromocho",
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


def _check_text(ck: Checker, s: pd.Series, column: Column) -> pd.Series:
    values = text(s)
    _check_required(ck, column.name, values, column)
    return values


@functools.cache
def iso_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


@functools.cache
def _spanish_names() -> dict[str, str]:
    """Country names in Spanish (pycountry's translations), without case or accents -> code."""
    import gettext

    import pycountry

    from geoinvest.aliases import normalise

    es = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"])
    names = {}
    for c in pycountry.countries:
        for name in (c.name, getattr(c, "official_name", ""), getattr(c, "common_name", "")):
            if name:
                names.setdefault(normalise(es.gettext(name)), c.alpha_2)
    return names


def country_fix(value) -> str:
    """How to write ``value`` as a country code, naming the code when ``value`` is a
    country's name in English (pycountry) or Spanish ("Perú")."""
    import pycountry

    from geoinvest.aliases import normalise

    try:
        code = pycountry.countries.lookup(str(value)).alpha_2
    except LookupError:
        code = _spanish_names().get(normalise(str(value)))
    if code is None:
        return "use an ISO 3166-1 alpha-2 code such as PE, CO or HN"
    return f"use the ISO 3166-1 alpha-2 code {code}"


def _check_country(ck: Checker, s: pd.Series, column: Column) -> pd.Series:
    raw = text(s)
    values = raw.str.upper()
    _check_required(ck, column.name, values, column)
    bad = values.notna() & ~values.isin(iso_codes())
    ck.add(bad, column.name, raw, "is not an ISO 3166-1 alpha-2 country code", country_fix)
    return values


def _check_coordinate(ck: Checker, s: pd.Series, column: Column, limit: float) -> pd.Series:
    """The coordinate rule: decimal degrees (a dot or a decimal comma) or degrees, minutes
    and seconds with a hemisphere letter (see ``coords``), within -limit..limit."""
    values, raw = _numbers(s)
    _check_required(ck, column.name, raw, column)
    values, problems = parse_column(raw, values, column.type)
    if problems:
        bad = values.isna() & raw.notna()
        example = EXAMPLES[column.type]
        ck.add(bad, column.name, raw, lambda v: problems[str(v)], f"write it as {example}")
    out = values.notna() & (values.abs() > limit)
    ck.add(out, column.name, raw, f"is out of range (-{limit:g} to {limit:g})", _range_fix)
    return values


def _range_fix(value) -> str:
    if isinstance(value, str):
        try:
            value = float(value.replace(",", "."))
        except ValueError:
            return "check the value; latitude and longitude may be swapped"
    if abs(float(value)) > 1000:
        return (
            "this looks like metres of a projected CRS (e.g. Web Mercator, EPSG:3857); "
            "give the file its CRS or convert to degrees (EPSG:4326)"
        )
    return "check the value; latitude and longitude may be swapped"


def _check_precision(ck: Checker, s: pd.Series, column: Column) -> pd.Series:
    values, raw = _numbers(s)
    _check_required(ck, column.name, raw, column)
    bad = raw.notna() & ~(values.isin(list(PRECISION)))
    codes = "; ".join(f"{k} {v}" for k, v in PRECISION.items())
    ck.add(bad, column.name, raw, "is not a precision code 1-8", f"use one of: {codes}")
    return values.where(~bad).astype("Int8")


def _check_sources(ck: Checker, s: pd.Series, column: Column) -> pd.Series:
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
                        unit=ck.origin.unit,
                    )
                )
    return values


def _check_owners(ck: Checker, s: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    values = text(s)
    iso = iso_codes()
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


_INT_MAX = 10**9  # counts of people; far beyond any real one, and safe as Int64


def _check_integer(ck, s, column: Column, low: int, high: int = _INT_MAX) -> pd.Series:
    values, raw = _numbers(s)
    _check_required(ck, column.name, raw, column)
    ck.add(values.isna() & raw.notna(), column.name, raw, "is not a number", _number_fix)
    whole = values.notna() & (values == np.floor(values))
    in_range = (values >= low) & (values <= high)
    bad = values.notna() & ~(whole & in_range)
    span = f"{low} to {high}" if high < _INT_MAX else f"{low} or more"
    ck.add(bad, column.name, raw, f"is not a whole number from {span}", "write a whole number")
    return values.where(~bad).round().astype("Int64")


def _check_float(ck, s, column: Column) -> pd.Series:
    values, raw = _numbers(s)
    _check_required(ck, column.name, raw, column)
    ck.add(values.isna() & raw.notna(), column.name, raw, "is not a number", _number_fix)
    ck.add(values < 0, column.name, raw, "is negative", "write a number of 0 or more")
    return values


def _check_date(ck, s, column: Column, date_format: str = "") -> pd.Series:
    """The date rule: YYYY-MM-DD (or YYYY-MM, YYYY), a spreadsheet's date at midnight, or
    the layer's ``date_format`` (see ``dates``); every error suggests the ISO form."""
    if pd.api.types.is_datetime64_any_dtype(s):
        values = s.astype("datetime64[s]")
        _check_required(ck, column.name, values, column)
        ck.add(check_times(values), column.name, values, "has a time of day",
               lambda v: f"write the day only, as {v:%Y-%m-%d}")  # fmt: skip
        return values.where(~check_times(values))
    raw = text(s)
    _check_required(ck, column.name, raw, column)
    parsed, problems = parse_dates(raw, date_format)
    if problems:
        bad = raw.notna() & parsed.isna()
        message = lambda v: problems[str(v)][0]  # noqa: E731
        ck.add(bad, column.name, raw, message, lambda v: problems[str(v)][1])
    return parsed


def check_date_precision(ck: Checker, frame: pd.DataFrame, out: dict, date_format="") -> None:
    """A date written as YYYY or YYYY-MM (or with a date_format without a day) cannot
    claim day precision."""
    if "date" not in frame.columns or "date_precision" not in out:
        return
    if pd.api.types.is_datetime64_any_dtype(frame["date"]):
        return
    raw = text(frame["date"])
    precision = out["date_precision"]
    bad = coarse(raw, date_format) & precision.isin(["day", "week"]).to_numpy()
    ck.add(
        bad,
        "date_precision",
        precision,
        lambda v: f"says {v}, but the date gives only a month or a year",
        "give the full date YYYY-MM-DD or set date_precision to month or year",
    )


_VOCABULARIES = {"status": STATUS, "date_precision": DATE_PRECISION, "place_kind": PLACE_KINDS}
_LIMITS = {"latitude": 90, "longitude": 180}


def check_column(
    ck: Checker, s: pd.Series, column: Column, *, date_format: str = ""
) -> dict[str, pd.Series]:
    """The typed values of one schema column (owners also give ``owners_parsed``);
    ``date_format`` is the layer's (see ``dates``), used by the date rule only."""
    t = column.type
    if t == "id":
        return {column.name: _check_id(ck, s)}
    if t in ("text", "site_id"):
        return {column.name: _check_text(ck, s, column)}
    if t == "country":
        return {column.name: _check_country(ck, s, column)}
    if t in _LIMITS:
        return {column.name: _check_coordinate(ck, s, column, _LIMITS[t])}
    if t == "precision":
        return {column.name: _check_precision(ck, s, column)}
    if t == "sources":
        return {column.name: _check_sources(ck, s, column)}
    if t == "owners":
        values, parsed = _check_owners(ck, s, column)
        return {column.name: values, f"{column.name}_parsed": parsed}
    if t in _VOCABULARIES:
        return {column.name: _check_vocabulary(ck, s, column, _VOCABULARIES[t])}
    if t == "year":
        return {column.name: _check_integer(ck, s, column, *_YEARS)}
    if t == "int":
        return {column.name: _check_integer(ck, s, column, 0)}
    if t == "float":
        return {column.name: _check_float(ck, s, column)}
    if t == "date":
        return {column.name: _check_date(ck, s, column, date_format)}
    raise NotImplementedError(t)  # a schema type without a rule is a programming error
