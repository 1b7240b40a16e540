"""A working folder of one's own: ``geoinvest init`` writes layers/, maps/ and a README.

The two layer templates are made from the schema (``schema.columns_for``), so they hold
every column of their kind, in schema order, with one example row that validates.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from geoinvest import palette
from geoinvest.errors import OutputError
from geoinvest.output import write_text_atomic
from geoinvest.registry import REGISTRY_NAME
from geoinvest.schema import columns_for

_SOURCE = (
    'Example Gazette, "Headline of the article that reports it", 2024-01-15, '
    'https://example.org/news/article | Second Paper, "Another report", 2024-01'
)
_COMMON = {
    "country": "PE",
    "admin1": "Junín",
    "locality": "Morococha district, Yauli province",
    "latitude": "-11.605",
    "longitude": "-76.135",
    "sources": _SOURCE,
}
# One example row per kind; every column of the kind has an entry ("" leaves it empty).
EXAMPLES: dict[str, dict[str, str]] = {
    "site": _COMMON
    | {
        "id": "pe-example-mine",
        "name": "Example mine (replace this row)",
        "precision": "2",
        "notes": "Point placed near the pit, within 25 km (precision 2).",
        "status": "operating",
        "status_year": "2024",
        "owners": "Example Mining Co (CN) 60%; Local Partner SA (PE) 40%",
        "operator": "Example Operator SA",
        "commodity": "copper",
        "capacity_mw": "",
        "river": "",
        "investment_usd": "1500000000",
        "investment_year": "2013",
        "contractor": "Example Builder (CN)",
        "financiers": "Example Bank (CN)",
        "start_year": "2014",
        "location_basis": "estimate",
        "location_source": "Placed by hand near the pit on the company's map (example)",
    },
    "event": _COMMON
    | {
        "id": "pe-2024-01-15-example-protest",
        "name": "Example protest at the mine (replace this row)",
        "precision": "3",
        "notes": "Point is the district capital (precision 3).",
        "event_type": "protest",
        "date": "2024-01-15",
        "date_precision": "day",
        "perpetrator": "",
        "victims": "",
        "fatalities": "0",
        "injured": "2",
        "site_id": "pe-example-mine",
        "location_basis": "district_capital",
        "location_source": "GeoNames: Morococha (example)",
        "end_date": "2024-01-17",
        "outcome": "",  # what became of hostages: kidnappings only
        "hostages": "",
        "nationalities": "",
        "employer": "",
    },
}
TEMPLATE_FILES = {"site": "sites.csv", "event": "events.csv"}

REGISTRY = """\
# The layer registry: one [[layer]] per data file, drawn in this order.
# kind: "site" (mines, dams) or "event" (kidnappings, protests).
# Optional: color (#rrggbb), symbol (circle, square, triangle, diamond), popup (the
# columns shown on a click, in order), table (the sheet or GeoPackage table), licence,
# attribution. Check with: geoinvest validate

[[layer]]
id = "sites"
title = { en = "Sites", es = "Sitios" }
kind = "site"
file = "sites.csv"
color = "{site_color}"
symbol = "square"

[[layer]]
id = "events"
title = { en = "Events", es = "Eventos" }
kind = "event"
file = "events.csv"
color = "{event_color}"
symbol = "diamond"
""".replace("{site_color}", palette.SITE).replace("{event_color}", palette.EVENT)

MAP = """\
# One map: its title, the countries it shows (ISO codes) and its layers.
title = { en = "My map", es = "Mi mapa" }
countries = ["PE", "CO", "HN"]
layers = ["sites", "events"]
"""

README = """\
# My geoinvest folder

- `layers/layers.toml`: the layers, one `[[layer]]` each; `layers/sites.csv` and
  `layers/events.csv`: one example row each, with every column. Replace the rows with
  your own (every row cites its sources and says how precise its location is).
- `maps/example.toml`: one map of both layers.

Check every row, then build the map into `out/example.html`:

    geoinvest validate
    geoinvest build

Bring in more rows: `geoinvest import reporter.csv --into events`,
`geoinvest import acled export.csv`, `geoinvest import gem tracker.xlsx`.
Run the commands in this folder, or pass `--root` with its path.
"""


def template_csv(kind: str) -> str:
    """A layer file of ``kind``: every schema column, one example row."""
    names = [c.name for c in columns_for(kind)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    writer.writerow([EXAMPLES[kind][name] for name in names])
    return out.getvalue()


def folder_files() -> dict[str, str]:
    """Every file ``init`` writes: path inside the folder -> text."""
    files = {f"layers/{REGISTRY_NAME}": REGISTRY}
    files |= {f"layers/{name}": template_csv(kind) for kind, name in TEMPLATE_FILES.items()}
    files |= {"maps/example.toml": MAP, "README.md": README}
    return files


def write_folder(root: Path | str, *, overwrite: bool = False) -> list[Path]:
    """Write a working folder at ``root``; nothing when any of its files exists already,
    unless ``overwrite``. Returns the paths written."""
    root = Path(root)
    files = {root / name: text for name, text in folder_files().items()}
    if not overwrite:
        present = [str(path) for path in files if path.exists()]
        if present:
            raise OutputError(
                f"{len(present)} file(s) exist already: {', '.join(present)}; nothing was "
                "written. Choose another folder, or pass --overwrite to replace them"
            )
    return [write_text_atomic(path, text) for path, text in files.items()]
