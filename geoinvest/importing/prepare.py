"""Make a batch's rows ready for a layer: place the rows that have no coordinates, give
ids to the rows that have none, and check every row with the layer's rules.

A row that fails is rejected with its reasons (the rules' messages: column, value, what
is wrong and the fix); the others go on to be merged. Nothing here writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from geoinvest import geography
from geoinvest.cells import text
from geoinvest.check import check_countries, check_layer, check_site_ids
from geoinvest.errors import DataError, Issue
from geoinvest.importing.batch import Batch
from geoinvest.importing.ids import content_keys, id_from_key
from geoinvest.model import LayerSpec, Origin
from geoinvest.readers import RawTable
from geoinvest.schema import columns_for

PLACE_COLUMNS = ("locality", "place")  # where a row without coordinates says where it is
GEOCODE_KEPT = ("geocode_status", "geocode_match")  # how a placed row was placed
_PLACED = ("latitude", "longitude", "precision")  # what geocoding fills in
_DATE_LENGTH = {"year": 4, "month": 7}  # characters of an ISO date kept for a precision
_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass(frozen=True)
class Prepared:
    """A batch's rows ready to merge (text cells, ids filled), with their positions in the
    input, and the rows rejected with their reasons."""

    frame: pd.DataFrame
    positions: np.ndarray
    rejected: list[tuple[int, str]]
    present: list[tuple[int, str]]  # rows that repeat an earlier row of the input


def prepare(batch: Batch, spec: LayerSpec, origin: Origin, site_ids: set[str]) -> Prepared:
    """Geocode, fill ids and check ``batch`` as rows of the layer ``spec``."""
    frame = _with_schema_columns(batch.frame.reset_index(drop=True), spec.kind)
    keys = pd.Series(content_keys(frame), index=frame.index)  # the id is not content
    made = [id_from_key(batch.layer, key) for key in keys]
    frame["id"] = frame["id"].where(frame["id"] != "", pd.Series(made, index=frame.index))
    again = keys.duplicated().to_numpy()
    first = {key: int(batch.positions[n]) for n, key in reversed(list(enumerate(keys)))}
    present = [
        (int(batch.positions[n]), f"same content as row {origin.row(first[keys.iloc[n]])} of "
         "the input")
        for n in np.flatnonzero(again)
    ]  # fmt: skip
    frame, positions = frame[~again].reset_index(drop=True), batch.positions[~again]
    frame, reasons = _geocode(frame, origin, positions)
    unplaced = set(reasons)
    for position, text_ in batch.problems:
        reasons.setdefault(origin.row(position), []).append(text_)
    sub_origin = Origin(origin.source, unit=origin.unit, numbers=origin.rows(positions))
    checked = replace(spec, columns={}, date_format=batch.date_format or spec.date_format)
    layer, issues = _check(frame, checked, sub_origin, site_ids)
    frame = _canonical(frame, layer.gdf)
    whole = [i for i in issues if i.severity == "error" and i.row is None]
    if whole:  # about the table, not a row: nothing of it can go in
        raise DataError(whole)
    for issue in issues:
        if issue.severity != "error" or issue.row is None:
            continue
        if issue.row in unplaced and issue.column in _PLACED and issue.value is None:
            continue  # empty because it could not be placed: said once, by the geocoder
        reasons.setdefault(issue.row, []).append(reason(issue))
    rows = sub_origin.rows(np.arange(len(frame)))
    bad = np.array([int(r) in reasons for r in rows], dtype=bool)
    rejected = [
        (int(p), "; ".join(reasons[int(r)])) for p, r in zip(positions[bad], rows[bad], strict=True)
    ]
    return Prepared(frame[~bad].reset_index(drop=True), positions[~bad], rejected, present)


def reason(issue: Issue) -> str:
    """An issue as the reason column says it: column, value, what is wrong, the fix."""
    where = f"column {issue.column}: " if issue.column else ""
    value = f"{issue.value!r} " if issue.value is not None else ""
    fix = f"; {issue.fix}" if issue.fix else ""
    return f"{where}{value}{issue.message}{fix}"


def _with_schema_columns(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Every schema column of ``kind`` (empty where the input has none), then the rest."""
    frame = frame.astype(object).where(frame.notna(), "")
    frame = frame.map(lambda v: str(v).strip())
    schema = [c.name for c in columns_for(kind)]
    for name in schema:
        if name not in frame.columns:
            frame[name] = ""
    return frame[schema + [c for c in frame.columns if c not in schema]]


def _geocode(frame: pd.DataFrame, origin: Origin, positions: np.ndarray):
    """Place the rows with neither coordinate from their place column; (frame, reasons by
    row number) for the rows that could not be placed."""
    reasons: dict[int, list[str]] = {}
    missing = (frame["latitude"] == "") & (frame["longitude"] == "")
    place = next((c for c in PLACE_COLUMNS if c in frame and (frame[c] != "").any()), None)
    if place is None or not missing.any():
        return frame, reasons
    from geoinvest.geocode import geocode_frame  # rapidfuzz and the gazetteer: only here

    todo = frame[missing & (frame[place] != "")]
    admin1 = "admin1" if "admin1" in frame and (todo["admin1"] != "").any() else None
    country = "auto" if (todo["country"] != "").any() else None
    rows = Origin(origin.source, unit=origin.unit, numbers=origin.rows(positions[todo.index]))
    placed = geocode_frame(todo.reset_index(drop=True), place, admin1, country, origin=rows)
    placed.index = todo.index
    frame = frame.copy()
    for name in GEOCODE_KEPT:
        frame[name] = ""
    ok = placed["geocode_status"] == "matched"
    for name in ("latitude", "longitude", "precision"):
        frame.loc[ok[ok].index, name] = placed.loc[ok, name].map(_number)
    for name in GEOCODE_KEPT:
        frame.loc[todo.index, name] = placed[name].fillna("").astype(str)
    for index in ok[~ok].index:
        status = placed.at[index, "geocode_status"]
        hint = placed.at[index, "geocode_candidates"]
        label = "candidates" if status == "ambiguous" else "did you mean"
        text_ = f"column {place}: {frame.at[index, place]!r} could not be placed ({status})"
        text_ += f"; {label}: {hint}" if hint else ""
        text_ += "; add latitude and longitude, or name the place as the gazetteer does"
        reasons.setdefault(rows.row(todo.index.get_loc(index)), []).append(text_)
    return frame, reasons


def _number(value) -> str:
    """A number as text: whole numbers without a point, others to 6 decimals at most
    (a tenth of a metre in degrees; a converted 77°02'W is not written to 14 places)."""
    if value is None or pd.isna(value):
        return ""
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return f"{number:.6f}".rstrip("0").rstrip(".")


def _check(frame: pd.DataFrame, spec: LayerSpec, origin: Origin, site_ids: set[str]):
    """The typed rows and every issue the layer's rules and the cross-checks find."""
    raw = RawTable(spec.path, frame.replace("", np.nan).astype("str"), origin)
    layer, issues = check_layer(raw, spec)
    own = set(text(layer.gdf["id"]).dropna()) if spec.kind == "site" else set()
    issues += check_site_ids([layer], site_ids | own)
    gdf = layer.gdf
    usable = gdf["latitude"].notna() & gdf["longitude"].notna()
    if usable.any():
        located = {layer.id: geography.locate(gdf)}
        issues += check_countries([layer], located, allow_outside=False)
    return layer, issues


def _canonical(frame: pd.DataFrame, typed: pd.DataFrame) -> pd.DataFrame:
    """Coordinates as decimal degrees and dates as ISO (to the precision the row gives)
    where the rules read them from another form (decimal commas, degrees-minutes-seconds,
    a date_format, a spreadsheet's datetime), so the layer holds one form."""
    frame = frame.copy()
    for name in ("latitude", "longitude"):
        values = typed[name]
        frame[name] = [_number(v) if not pd.isna(v) else cell
                       for v, cell in zip(values, frame[name], strict=True)]  # fmt: skip
    if "date" in typed and pd.api.types.is_datetime64_any_dtype(typed["date"]):
        size = frame["date_precision"].str.strip().str.lower().map(_DATE_LENGTH).fillna(10)
        frame["date"] = [
            cell if pd.isna(v) or _ISO.match(cell) else v.strftime("%Y-%m-%d")[: int(n)]
            for v, n, cell in zip(typed["date"], size, frame["date"], strict=True)
        ]
    return frame
