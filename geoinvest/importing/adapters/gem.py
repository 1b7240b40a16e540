"""Global Energy Monitor tracker downloads (hydropower and mining; CSV, or the XLSX's
"Data" sheet): each project or unit becomes a row of a site layer.

Where the column names come from: GEM publishes each tracker as an XLSX whose data sheet
names its columns; the names below are those of the Global Hydropower Tracker (releases
of 2023-2026: "Project Name", "Country 1" and later "Country/Area 1", "Capacity (MW)",
"Status", "Start Year", "Owner", "Operator", "River / Watercourse", "Latitude",
"Longitude", "Location Accuracy", "City 1", "Local Area 1", "State/Province 1",
"GEM location ID", "GEM unit ID", "Wiki URL", "Date Last Researched"), the Global Coal
Mine Tracker ("Mine Name", "GEM Mine ID", "Country / Area", "State, Province", "Owners",
"Operators", "Coordinate Accuracy", "Opening Year") and the Global Iron Ore Mines
Tracker ("GEM Asset ID", "Asset name (English)", "Country/Area", "Subnational unit",
"Operating status", "Owner", "Coordinates"), as GEM's download pages, its methodology
("How accurate are locations?": exact or approximate) and public scripts that read
these files name them. Names are compared ignoring case and the spaces around "/", since
releases differ in both. Check them against your download: a column that is not found
is named in the error.

Location accuracy: "exact" (the site identified on a map or in company or government
documents) is precision 1. "approximate" is GEM's best guess from what is known, without
saying how far off it may be; geoinvest's code for a point placed by estimate (along a
river, between places) is 5, drawn as approximate. Any other value rejects the row.

Owners: GEM writes "Company A [51%]; Company B [49%]" (or the share in parentheses);
geoinvest writes "Company A 51%; Company B 49%" (see ``geoinvest.owners``).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from geoinvest.errors import DataError
from geoinvest.importing.adapters.common import cells, countries, find, joined, require
from geoinvest.importing.batch import Batch
from geoinvest.palette import PALETTE
from geoinvest.readers import WORKBOOK, RawTable, read_table

TRACKERS = ("hydropower", "mining")
DATA_SHEET = "Data"  # the sheet of GEM's workbooks that holds the tracker
ATTRIBUTION = "Sites: Global Energy Monitor trackers (globalenergymonitor.org), CC BY 4.0"
LAYERS = {
    "hydropower": (
        "hydro_projects",
        {"en": "Hydroelectric projects", "es": "Proyectos hidroeléctricos"},
        PALETTE[1],
        "triangle",
    ),
    "mining": ("mining_sites", {"en": "Mining sites", "es": "Sitios mineros"}, PALETTE[0],
               "square"),
}  # fmt: skip
TITLES = {"hydropower": "Global Hydropower Tracker", "mining": "GEM mining tracker"}
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("GEM unit ID", "GEM unit/phase ID", "GEM phase ID", "GEM Mine ID", "GEM Asset ID",
           "GEM location ID"),
    "name": ("Project Name", "Mine Name", "Asset name (English)", "Mine"),
    "unit": ("Unit Name",),
    "country": ("Country/Area", "Country/Area 1", "Country 1", "Country"),
    "admin1": ("State/Province", "State/Province 1", "State, Province", "Subnational unit",
               "Subnational unit (province, state)", "Major Area 1"),
    "locality": ("City 1", "City", "Local Area 1", "Local area"),
    "latitude": ("Latitude",),
    "longitude": ("Longitude",),
    "coordinates": ("Coordinates",),
    "accuracy": ("Location Accuracy", "Coordinate Accuracy", "Location accuracy"),
    "status": ("Status", "Operating status", "Status Detail"),
    "owners": ("Owner", "Owners", "Owner(s)", "Parent"),
    "operator": ("Operator", "Operators", "Operator(s)"),
    "capacity_mw": ("Capacity (MW)", "Country/Area 1 Capacity (MW)", "Country 1 Capacity (MW)"),
    "river": ("River / Watercourse",),
    "commodity": ("Commodity", "Coal Type"),
    "start_year": ("Start Year", "Opening Year", "Start year"),
    "wiki": ("Wiki URL", "GEM Wiki URL", "Wiki URL (English)"),
    "researched": ("Date Last Researched", "Last updated"),
    "technology": ("Technology Type",),
}  # fmt: skip
NEEDED = {key: COLUMNS[key] for key in ("id", "name", "country", "status", "accuracy")}
PRECISION = {"exact": "1", "approximate": "5"}
STATUS = {"canceled": "cancelled", "proposed": "announced", "permitted": "pre-construction",
          "pre-permit": "pre-construction"}  # fmt: skip
_SHARE = re.compile(r"^(?P<company>.*?)\s*[\[(]\s*(?P<share>\d+(?:\.\d+)?)\s*%\s*[\])]\s*$")


def read_tracker(path: Path, table: str = "") -> RawTable:
    """The tracker's table: the one named, or the only one; of a workbook with several
    sheets, GEM's data sheet ("Data"), and when it has none the reader's error, which
    lists the sheets."""
    try:
        return read_table(path, table=table)
    except DataError as exc:
        if table or Path(path).suffix.lower() not in WORKBOOK:
            raise
        first = exc
    try:
        return read_table(path, table=DATA_SHEET)
    except DataError:
        raise first from None


def guess_tracker(raw: RawTable) -> str:
    """hydropower when the table has a river or capacity in MW, else mining."""
    hydro = ("river", "technology", "capacity_mw")
    return "hydropower" if any(find(raw.frame, COLUMNS[k]) for k in hydro) else "mining"


def gem_batches(raw: RawTable, tracker: str | None = None, layer: str | None = None):
    """The tracker's rows as one batch of sites (``layer``: default hydro_projects or
    mining_sites, registered if missing)."""
    tracker = tracker or guess_tracker(raw)
    frame = raw.frame
    require(raw, frame, NEEDED, f"a GEM {tracker} tracker")
    col = {key: cells(frame, names) for key, names in COLUMNS.items()}
    problems: list[tuple[int, str]] = []
    accuracy_name = find(frame, COLUMNS["accuracy"])
    accuracy = col["accuracy"].str.casefold()
    for position in np.flatnonzero(~accuracy.isin(list(PRECISION)).to_numpy()):
        value = col["accuracy"].iloc[position]
        why = "is neither exact nor approximate; write one of them, as GEM does"
        problems.append((int(position), f"column {accuracy_name}: {value!r} {why}"))
    lat, lon = col["latitude"], col["longitude"]
    if find(frame, COLUMNS["latitude"]) is None and find(frame, COLUMNS["coordinates"]):
        lat, lon = _split_coordinates(col["coordinates"])
    out = pd.DataFrame(
        {
            "id": col["id"],
            "name": joined(col["name"], col["unit"], sep=" "),
            "country": countries(col["country"]),
            "admin1": col["admin1"],
            "locality": col["locality"],
            "latitude": lat,
            "longitude": lon,
            "precision": accuracy.map(PRECISION).fillna(""),
            "sources": _sources(col, TITLES[tracker]),
            "status": col["status"].map(_status),
            "owners": col["owners"].map(owners),
            "operator": col["operator"],
            "commodity": col["commodity"],
            "capacity_mw": col["capacity_mw"],
            "river": col["river"],
            "start_year": col["start_year"].map(_year),
            "gem_location_accuracy": col["accuracy"],
        }
    )
    if tracker == "hydropower":
        out = out.drop(columns=["commodity"])
    default, title, color, symbol = LAYERS[tracker]
    return [
        Batch(layer or default, "site", out, np.arange(len(out)), title=title, color=color,
              symbol=symbol, attribution=ATTRIBUTION, problems=tuple(problems))
    ]  # fmt: skip


def owners(text: str) -> str:
    """GEM's owners ("A [51%]; B [49%]") as geoinvest writes them ("A 51%; B 49%")."""
    parts = []
    for part in str(text).split(";"):
        part = part.strip()
        if not part:
            continue
        m = _SHARE.match(part)
        parts.append(f"{m['company']} {float(m['share']):g}%" if m else part)
    return "; ".join(parts)


def _status(text: str) -> str:
    """GEM's status in geoinvest's vocabulary (GEM's own; "canceled" spelt "cancelled";
    a note after " - ", as in "shelved - inferred 2 y", left out)."""
    value = text.split(" - ")[0].strip().casefold()
    return STATUS.get(value, value)


def _year(text: str) -> str:
    """A year as written, or read from a spreadsheet number ("2016.0")."""
    return text[:-2] if re.fullmatch(r"\d{4}\.0", text) else text


def _split_coordinates(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """ "lat, lon" cells (the iron ore tracker) as two columns; a cell that does not split
    stays whole in latitude, for the rule to reject with its message."""
    parts = text.str.split(",", n=1, expand=True).reindex(columns=[0, 1]).fillna("")
    return parts[0].str.strip(), parts[1].str.strip()


def _sources(col: dict[str, pd.Series], title: str) -> pd.Series:
    """One citation per row: Global Energy Monitor, the tracker and the row's GEM id, the
    date it was last researched, and its wiki page when given."""
    texts = [
        f'Global Energy Monitor, "{title}, {gem_id}"'
        + (f", {date[:10]}" if date else "")
        + (f", {wiki}" if wiki.startswith(("https://", "http://")) else "")
        for gem_id, date, wiki in zip(col["id"], col["researched"], col["wiki"], strict=True)
    ]  # fmt: skip
    return pd.Series(texts, index=col["id"].index, dtype=object)
