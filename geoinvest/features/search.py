"""Search across layers: a box whose suggestions come from the layers' text columns.

The map definition's ``[search]`` table says whether the box is there (``enabled``, on by
default) and which columns it searches (``fields``, by default ``name``, ``locality``,
``owners`` and ``operator``: any of the schema's text columns, ids included). The payload
carries only the fields that some layer of the map has; the page reads the text itself from
the columns it already holds, so search adds no data to the page.

Matching ignores case, accents and punctuation exactly as the geocoder does: the page's
``fold`` in ``search-index.js`` is ``gazetteer.fold`` written again in JS (lower case with
Python's case folding, NFKD, combining marks dropped, every run of other characters a
single space, "pto", "sta", "sto", "sn", "gral" written out), and a browser test runs both on
every code point and on mixed strings. "rio blanco" finds "Río Blanco".

In the page (``search-index.js``: normaliser, index, ranking without DOM; ``search.js``: the
box, building and querying in slices):

- **Index**: per layer and field, the folded values. A dictionary-encoded column folds its
  distinct values once; a text column folds each 2,048-row chunk as one string (its rows
  joined by newlines, so one ``toLowerCase``/``normalize``/``replace`` pass per chunk and no
  per-row strings), with the rows' offsets in an Int32Array. The chunks are inflated with
  the page's inflater and dropped, never through the popup's chunk cache. The index is built
  in idle periods after the first draw, a few milliseconds per job; focusing the box first
  finishes it in slices of at most 20 ms, and what is indexed already is searched meanwhile.
- **Query**: the folded query is looked for with ``indexOf`` in each indexed string; each hit
  is ranked by what precedes it: the whole value (exact), the start of the value, the start
  of a word, or inside a word. Dictionary values are matched once and their rows found by
  one pass over the codes. Suggestions (at most 8) are the best ranked first, the name field
  before the others, shorter values first. A query runs in slices of about 20 ms: the first
  answer is shown within that, later slices refine it.
- **UI**: a labelled ``role=combobox`` input with a ``listbox`` of suggestions (name, layer,
  locality), ``aria-activedescendant``, arrow keys, Enter, Escape and clicks; choosing one
  calls ``app.showRow`` (zoom to the point, open its popup). A polite status line says
  "No match" or how many suggestions there are. Everything from data goes in as
  ``textContent``. The search is not part of a link's state (the open point is).
"""

from __future__ import annotations

from dataclasses import dataclass

from geoinvest.errors import ConfigError
from geoinvest.features import tables
from geoinvest.schema import COLUMNS

NAME = "search"
DEFAULT_FIELDS = ("name", "locality", "owners", "operator")
# Column types whose text can be searched.
TEXT_TYPES = ("id", "text", "owners")
SEARCHABLE = tuple(dict.fromkeys(c.name for c in COLUMNS if c.type in TEXT_TYPES))
KEYS = ("enabled", "fields")
EXAMPLE = '[search]\nfields = ["name", "locality", "owners", "operator"]'

STRINGS = {
    "en": {
        "search_label": "Search the map",
        "search_placeholder": "Search names, places, owners…",
        "search_none": "No match",
        "search_count": "{n} suggestions",
        "search_one": "1 suggestion",
        "search_preparing": "Preparing the search…",
    },
    "es": {
        "search_label": "Buscar en el mapa",
        "search_placeholder": "Buscar nombres, lugares, propietarios…",
        "search_none": "Sin resultados",
        "search_count": "{n} sugerencias",
        "search_one": "1 sugerencia",
        "search_preparing": "Preparando la búsqueda…",
    },
}


@dataclass(frozen=True)
class SearchOptions:
    """Whether the map has a search box, and the columns it searches, in rank order."""

    enabled: bool = True
    fields: tuple[str, ...] = DEFAULT_FIELDS


def parse(table, where: str, layers: tuple[str, ...]) -> SearchOptions:
    """The ``[search]`` table, checked; the defaults when the map definition has none."""
    if table is None:
        return SearchOptions()
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: search must be a table, e.g.\n{EXAMPLE}")
    for key in table:
        if key not in KEYS:
            hint = tables.hint(key, KEYS)
            raise ConfigError(
                f"{where}: [search] has an unknown key {key!r}; {hint}"
                f"[search] can have: {', '.join(KEYS)}"
            )
    enabled = table.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(
            f"{where}: [search] enabled must be true or false (no quotes), e.g. enabled = false"
        )
    fields = table.get("fields", list(DEFAULT_FIELDS))
    if not isinstance(fields, list) or not fields or not all(isinstance(f, str) for f in fields):
        raise ConfigError(
            f"{where}: [search] fields must be a list of column names, e.g. "
            'fields = ["name", "locality"]'
        )
    for f in fields:
        if f not in SEARCHABLE:
            hint = tables.hint(f, SEARCHABLE)
            raise ConfigError(
                f"{where}: [search] fields: {f!r} is not a text column that can be searched; "
                f"{hint}the columns are: {', '.join(SEARCHABLE)}"
            )
    duplicates = sorted({f for f in fields if fields.count(f) > 1})
    if duplicates:
        raise ConfigError(
            f"{where}: [search] fields lists {', '.join(map(repr, duplicates))} more than once; "
            "list each column once"
        )
    return SearchOptions(enabled=enabled, fields=tuple(fields))


def payload(options: SearchOptions | None, mapdef, layers) -> dict | None:
    """The fields some layer of the map has, in rank order; None when search is off."""
    options = options or SearchOptions()
    if not options.enabled:
        return None
    present = [f for f in options.fields if any(f in layer.gdf.columns for layer in layers)]
    if not present:
        return None
    return {"fields": present, "limit": 8}
