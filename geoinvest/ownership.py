"""The ownership table (``ownership.csv`` beside the layers): who owned, ran, built or
financed a site, and when.

One row per party and role over a period (``start`` to ``end``; an empty ``end`` means
still so; an empty ``start`` means not known). It is read like every table
(``readers.read_table``) and its cells are checked by the same rules (``rules.check_column``);
this module adds what needs the whole table: each row names a site of a site layer, ``start``
is not after ``end``, and an owner's shares at one site never add up to more than 100 % in any
period. ``owners`` in the site layers stays the summary of today's owners.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from geoinvest.errors import DataError, Issue
from geoinvest.readers import read_table
from geoinvest.rules import Checker, check_column
from geoinvest.schema import Column

FILE_NAME = "ownership.csv"
COLUMNS = (
    Column("site_id", "text", nonempty=True),
    Column("party", "text", nonempty=True),
    Column("country", "country"),
    Column("role", "ownership_role", nonempty=True),
    Column("share", "float"),
    Column("start", "date"),
    Column("end", "date"),
    Column("sources", "sources", nonempty=True),
)
_FAR_PAST = pd.Timestamp("1800-01-01")
_FAR_FUTURE = pd.Timestamp("2200-01-01")


def read(path: Path | str) -> tuple[pd.DataFrame, list[Issue], Checker]:
    """The typed table and the issues of its cells."""
    raw = read_table(Path(path), points=False)
    frame = raw.frame.rename(columns=lambda c: str(c).strip().lower())
    ck = Checker(raw.origin)
    missing = [c.name for c in COLUMNS if c.name not in frame.columns]
    if missing:
        message = f"has no column {', '.join(missing)}"
        fix = "an ownership table needs " + ", ".join(c.name for c in COLUMNS)
        raise DataError([Issue(ck.path, None, None, None, message, fix)])
    out: dict[str, pd.Series] = {}
    for column in COLUMNS:
        out.update(check_column(ck, frame[column.name].astype("str"), column))
    return pd.DataFrame(out, index=frame.index), ck.issues, ck


def check(path: Path | str, site_ids: set[str]) -> list[Issue]:
    """Every problem of the ownership table at ``path``, as Issues."""
    try:
        table, _, ck = read(path)
    except DataError as exc:
        return list(exc.issues)
    names = table["site_id"]
    ck.add(
        names.notna() & ~names.isin(list(site_ids)),
        "site_id",
        names,
        "names no site in any site layer",
        "use the id of a row in a site layer",
    )
    ck.add(table["share"] > 100, "share", table["share"], "is over 100", "write a percentage")
    start, end = table["start"], table["end"]
    ck.add(start.notna() & end.notna() & (start > end), "end", end, "is before start",
           "write an end date on or after the start date")  # fmt: skip
    _check_shares(ck, table)
    return ck.issues


def _check_shares(ck: Checker, table: pd.DataFrame) -> None:
    """Owners' shares of one site over 100 % at any moment: one issue on the first row."""
    owners = table[(table["role"] == "owner") & table["share"].notna()]
    for site, rows in owners.groupby("site_id", sort=True):
        start = rows["start"].fillna(_FAR_PAST)
        end = rows["end"].fillna(_FAR_FUTURE)
        for moment in sorted(set(start)):
            active = (start <= moment) & (moment < end)
            total = float(rows["share"][active].sum())
            if total > 100 + 1e-9:
                first = np.flatnonzero(table.index.isin(rows.index[active]))[:1]
                mask = np.zeros(len(table), dtype=bool)
                mask[first] = True
                ck.add(
                    mask,
                    "share",
                    table["share"],
                    f"owners of {site} add up to {total:g}% from {moment.date()}",
                    "end the earlier owner's period or correct the shares",
                )
                break


def current_owners(table: pd.DataFrame, today: pd.Timestamp | None = None) -> dict:
    """Site id -> {(party, country): share} of the owner rows current on ``today``."""
    today = today or pd.Timestamp.today().normalize()
    rows = table[(table["role"] == "owner") & (table["end"].isna() | (table["end"] > today))]
    rows = rows[rows["start"].isna() | (rows["start"] <= today)]
    current: dict[str, dict] = {}
    for row in rows.itertuples(index=False):
        share = None if pd.isna(row.share) else float(row.share)
        current.setdefault(row.site_id, {})[(row.party, row.country or None)] = share
    return current


def check_dir(layers_dir: Path | str | None, site_ids: set[str]) -> list[Issue]:
    """Issues of ``ownership.csv`` in ``layers_dir``; none when the file is not there."""
    if layers_dir is None or not (Path(layers_dir) / FILE_NAME).exists():
        return []
    return check(Path(layers_dir) / FILE_NAME, site_ids)
