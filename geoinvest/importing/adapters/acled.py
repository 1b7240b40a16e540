"""ACLED exports as downloaded: each event goes to the kidnappings, protests or incidents
layer, in geoinvest's columns, with ACLED's own codes kept beside them.

Columns: ACLED's codebook (2023 schema): event_id_cnty, event_date, year, time_precision,
disorder_type, event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2,
assoc_actor_2, inter2, interaction, civilian_targeting, iso, region, country, admin1,
admin2, admin3, location, latitude, longitude, geo_precision, source, source_scale,
notes, fatalities, tags, timestamp.

Which layer: sub_event_type "Abduction/forced disappearance" -> kidnappings; event_type
"Protests" or "Riots" -> protests; every other event -> incidents.

Location precision. ACLED's geo_precision says what its point stands for: 1 the town
(or village) where the event happened, 2 a place near that town or a part of a region
(the point is the nearest town's), 3 a larger region (the point is its capital). In
geoinvest's codes (UCDP / AidData) a point at a town's centre is 3, not 1: the town is
known, the site is not; a point standing for a region is 4. So 1 -> 3, 2 -> 3 (still a
town's point, the event near it: "within 25 km", code 2, would claim more than ACLED
knows and be drawn as exact) and 3 -> 4. ACLED's code is kept in acled_geo_precision.

Date precision. ACLED's time_precision: 1 the day is known, 2 the week (the date is a
day of that week), 3 the month (a day of that month). They become day, week and month;
for month the date is written YYYY-MM, so that no day is claimed.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

from geoinvest.importing.adapters.common import cells, countries, joined, require
from geoinvest.importing.batch import Batch
from geoinvest.palette import PALETTE
from geoinvest.readers import RawTable

KIDNAPPING = "abduction/forced disappearance"  # sub_event_type, compared case-folded
PROTESTS = ("protests", "riots")  # event_type
GEO_PRECISION = {"1": "3", "2": "3", "3": "4"}
TIME_PRECISION = {"1": "day", "2": "week", "3": "month"}
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d/%m/%Y")
ATTRIBUTION = "Events: ACLED (Armed Conflict Location & Event Data), acleddata.com"
# The layers the events go to by default, and how a new one is registered.
LAYERS = {
    "kidnappings": ({"en": "Kidnappings", "es": "Secuestros"}, PALETTE[3], "diamond"),
    "protests": ({"en": "Protests", "es": "Protestas"}, PALETTE[4], "circle"),
    "incidents": ({"en": "Other incidents", "es": "Otros incidentes"}, PALETTE[5], "triangle"),
}
NEEDED = {
    name: (name,)
    for name in ("event_id_cnty", "event_date", "event_type", "sub_event_type", "country",
                 "latitude", "longitude", "geo_precision", "time_precision")
}  # fmt: skip
# ACLED columns kept as they are, as acled_<name>, beside geoinvest's columns.
KEPT = ("event_type", "disorder_type", "geo_precision", "time_precision", "admin2", "admin3",
        "source_scale", "interaction", "civilian_targeting", "tags", "timestamp")  # fmt: skip


def acled_batches(raw: RawTable, layers: dict[str, str] | None = None) -> list[Batch]:
    """The export's events as rows of three layers (``layers`` renames them: default
    kidnappings, protests, incidents); a layer that gets no rows gets no batch."""
    names = {key: key for key in LAYERS} | (layers or {})
    frame = raw.frame
    require(raw, frame, NEEDED, "an ACLED export")
    col = {name: cells(frame, (name,)) for name in set(NEEDED) | set(KEPT) | _OTHER}
    out, problems = _rows(col)
    sub = col["sub_event_type"].str.casefold()
    kind = np.where(sub == KIDNAPPING, "kidnappings",
                    np.where(col["event_type"].str.casefold().isin(PROTESTS), "protests",
                             "incidents"))  # fmt: skip
    batches = []
    for key, (title, color, symbol) in LAYERS.items():
        positions = np.flatnonzero(kind == key)
        if not len(positions):
            continue
        mine = set(positions.tolist())
        batches.append(
            Batch(
                names[key],
                "event",
                out.iloc[positions].reset_index(drop=True),
                positions,
                title=title,
                color=color,
                symbol=symbol,
                attribution=ATTRIBUTION,
                problems=tuple(p for p in problems if p[0] in mine),
            )
        )
    return batches


_OTHER = {"actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "iso", "admin1", "location",
          "source", "notes", "fatalities"}  # fmt: skip


def _rows(col: dict[str, pd.Series]) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """geoinvest's columns for every event, and what cannot be mapped."""
    problems: list[tuple[int, str]] = []
    dates = col["event_date"].map(_iso_date)
    for position in np.flatnonzero((dates == "").to_numpy()):
        value = col["event_date"].iloc[position]
        why = "is not a date ACLED writes; write e.g. 2023-03-15 or 15 March 2023"
        problems.append((int(position), f"column event_date: {value!r} {why}"))
    for name, known in (("geo_precision", GEO_PRECISION), ("time_precision", TIME_PRECISION)):
        codes = col[name].map(_code)
        for position in np.flatnonzero(~codes.isin(list(known)).to_numpy()):
            value = col[name].iloc[position]
            why = f"is not an ACLED code; use one of {', '.join(known)}"
            problems.append((int(position), f"column {name}: {value!r} {why}"))
    date_precision = col["time_precision"].map(_code).map(TIME_PRECISION).fillna("")
    month = (date_precision == "month") & (dates != "")
    dates = dates.where(~month, dates.str.slice(0, 7))
    place = col["location"].where(col["location"] != "", col["admin1"])
    out = pd.DataFrame(
        {
            "id": col["event_id_cnty"],
            "name": joined(col["sub_event_type"], place, sep=" in "),
            "country": countries(col["country"], col["iso"]),
            "admin1": col["admin1"],
            "locality": col["location"],
            "latitude": col["latitude"],
            "longitude": col["longitude"],
            "precision": col["geo_precision"].map(_code).map(GEO_PRECISION).fillna(""),
            "sources": _sources(col, dates),
            "notes": col["notes"],
            "event_type": col["sub_event_type"],
            "date": dates,
            "date_precision": date_precision,
            "perpetrator": joined(col["actor1"], col["assoc_actor_1"]),
            "victims": joined(col["actor2"], col["assoc_actor_2"]),
            "fatalities": col["fatalities"],
        }
    )
    for name in KEPT:
        out[f"acled_{name}"] = col[name]
    return out, problems


def _code(value: str) -> str:
    """A code as written in a text cell or read from a spreadsheet number ("1.0")."""
    return value[:-2] if value.endswith(".0") else value


def _iso_date(value: str) -> str:
    """YYYY-MM-DD for an ACLED date, "" when it is not one."""
    text = value.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text[:10] if fmt == "%Y-%m-%d" else text, fmt).strftime(
                "%Y-%m-%d"
            )
        except ValueError:
            continue
    return ""


def _sources(col: dict[str, pd.Series], dates: pd.Series) -> pd.Series:
    """One citation per event: ACLED, the event and the sources ACLED names, the date
    ('|' separates citations in geoinvest, so one inside a source name becomes '/')."""
    named = col["source"].str.replace("|", "/", regex=False)
    texts = [
        f'ACLED, "event {event}' + (f", reported by {source}" if source else "") + '"'
        + (f", {date}" if date else "")
        for event, source, date in zip(col["event_id_cnty"], named, dates, strict=True)
    ]  # fmt: skip
    return pd.Series(texts, index=col["source"].index, dtype=object)
