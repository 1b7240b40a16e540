"""Filters (``[filters]``): only the rows whose owners come from a country, or that have a
status, a commodity, a perpetrator ... as the map definition lists the fields.

``[filters] fields = ["owner_country", "status", "commodity", "perpetrator"]`` puts one
block of checkboxes per field in the panel. A row is shown when, for every field with a
choice that applies to its layer, it holds one of the chosen values (AND across fields, OR
within one). A field applies to the layers that have its column; it leaves the others
alone. Rows left out get the bit ``HIDE_FILTER`` (4) of ``layer.hidden``.

Fields (``FIELDS``): ``owner_country`` (from ``owners_parsed``: the ``(CN)`` of ``MMG (CN)
62.5%``), ``status`` (Global Energy Monitor's vocabulary, labelled in both languages),
``commodity`` and ``perpetrator`` (text; ``copper; molybdenum`` holds two values),
``event_type``, ``outcome`` and ``country`` (the row's). Country names come from pycountry
in English and Spanish at build time, so the page needs nothing from the network.

Events follow their site for ``owner_country`` (``events_follow_sites = true``, the
default): an event with a ``site_id`` holds the countries of that site's owners *at the
event's date* when ``ownership.csv`` has owner rows for the site (a row counts from
``start``, or always when empty, until before ``end``, or still when empty; a month- or
year-precision date is its first day; no owner at that date gives no country), else the
site's ``owners`` in the page's site layers (today's owners). Events without a site (or
whose site is nowhere) hold none, so an owner filter leaves them out. ``ownership.csv``
is the one file read besides the published layers: the first one in the folder of a
layer's file (``pipeline.load`` has checked it); without one, events follow today's owners.

Payload: per field its values (vocabulary order for ``status`` and ``outcome``, else
sorted), their labels per language (None where a value is its own label) and how many
rows hold each; per layer and field the distinct value sets of its rows (``sets``, lists
of value indices, the empty set first) and each row's set as Uint8/16/32 ``codes``
(``encode.b64``; ``"inflate": ["codes"]`` has decode.js inflate them before mount). A
change decides once per set whether it passes, then does one lookup per row and field;
layers whose fields did not change are skipped, and in idle time after mount every code
array goes once through the same loops, so the first change finds them warm. The panel's
``updateCounts`` shows "7 of 25 shown" for a layer whose ``filteredBy`` has a HIDE_* bit
(filters.js sets HIDE_FILTER while a field of the layer has a choice). Links carry the
choices as ``filters``: ``{"status": ["operating"]}``; unknown fields and values are
ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from geoinvest.errors import ConfigError
from geoinvest.features import tables

NAME = "filters"


@dataclass(frozen=True)
class Field:
    """A field rows can be filtered by: its column, and how a cell becomes values."""

    column: str  # the layer column it reads ("owners_parsed" for owner_country)
    split: bool = False  # a cell holds several values separated by ";"
    vocabulary: str = ""  # "status", "outcome" or "country": labels from a table


FIELDS: dict[str, Field] = {
    "owner_country": Field("owners_parsed", vocabulary="country"),
    "status": Field("status", vocabulary="status"),
    "commodity": Field("commodity", split=True),
    "perpetrator": Field("perpetrator", split=True),
    "event_type": Field("event_type"),
    "outcome": Field("outcome", vocabulary="outcome"),
    "country": Field("country", vocabulary="country"),
}
DEFAULT_FIELDS = ("owner_country", "status", "commodity", "perpetrator")
KEYS = ("fields", "events_follow_sites")
SEPARATOR = ";"

# Global Energy Monitor statuses in Spanish, in schema.STATUS's order.
STATUS_ES = ("anunciado", "preconstrucción", "en construcción", "en operación", "suspendido",
             "cancelado", "paralizado", "retirado")  # fmt: skip

STRINGS = {
    "en": {
        "filters_heading": "Filters",
        "filters_clear": "Clear filters",
        "filters_shown": "{shown} of {total} shown",
        "filters_applies": "Applies to: {layers}",
        "filters_chosen": "{n} chosen",
        "filters_field_owner_country": "Owners' country of origin",
        "filters_field_status": "Status",
        "filters_field_commodity": "Commodity",
        "filters_field_perpetrator": "Perpetrator",
        "filters_field_event_type": "Event type",
        "filters_field_outcome": "Outcome",
        "filters_field_country": "Country",
    },
    "es": {
        "filters_heading": "Filtros",
        "filters_clear": "Quitar filtros",
        "filters_shown": "{shown} de {total} visibles",
        "filters_applies": "Se aplica a: {layers}",
        "filters_chosen": "{n} elegidos",
        "filters_field_owner_country": "País de origen de los propietarios",
        "filters_field_status": "Estado",
        "filters_field_commodity": "Mineral o producto",
        "filters_field_perpetrator": "Perpetrador",
        "filters_field_event_type": "Tipo de evento",
        "filters_field_outcome": "Desenlace",
        "filters_field_country": "País",
    },
}


@dataclass(frozen=True)
class Options:
    """The ``[filters]`` table: the fields in panel order (none: no filters)."""

    fields: tuple[str, ...] = ()
    events_follow_sites: bool = True


def parse(table, where: str, layers: tuple[str, ...]) -> Options:
    """``[filters]`` checked; no table means no filters."""
    if table is None:
        return Options()
    example = 'e.g. [filters] fields = ["owner_country", "status"]'
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: filters must be a table; write it as {example}")
    for key in table:
        if key not in KEYS:
            raise ConfigError(
                f"{where}: [filters] has an unknown key {key!r}; {tables.hint(str(key), KEYS)}"
                f"[filters] can have: {', '.join(KEYS)}"
            )
    fields = table.get("fields", list(DEFAULT_FIELDS))
    if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
        raise ConfigError(f"{where}: [filters] fields must be a list of field names, {example}")
    if not fields:
        raise ConfigError(
            f"{where}: [filters] fields is empty; name at least one of "
            f"{', '.join(FIELDS)}, or remove the [filters] table"
        )
    for name in fields:
        if name not in FIELDS:
            raise ConfigError(
                f"{where}: [filters] fields: {name!r} is not a field; {tables.hint(name, FIELDS)}"
                f"the fields are: {', '.join(FIELDS)}"
            )
    twice = sorted({name for name in fields if fields.count(name) > 1})
    if twice:
        raise ConfigError(
            f"{where}: [filters] fields lists {', '.join(map(repr, twice))} more than once; "
            "name each field once"
        )
    follow = table.get("events_follow_sites", True)
    if not isinstance(follow, bool):
        raise ConfigError(
            f"{where}: [filters] events_follow_sites must be true or false, "
            "e.g. events_follow_sites = true"
        )
    return Options(tuple(fields), follow)


# ---- payload


def payload(options: Options | None, mapdef, layers) -> dict | None:
    """Each field's values and labels, and each layer's value sets and row codes."""
    if options is None or not options.fields:
        return None
    from geoinvest.page import encode

    # layer id -> field -> (distinct value sets, each row's index into them)
    per_layer: dict[str, dict[str, tuple[list[tuple[str, ...]], np.ndarray]]] = {}
    for layer in layers:
        per_layer[layer.id] = {}
        for name in options.fields:
            rows = _row_values(layer.gdf, FIELDS[name])
            if rows is not None:
                per_layer[layer.id][name] = _compact(*rows)
    if "owner_country" in options.fields and options.events_follow_sites:
        sites = _site_owners(layers, per_layer)
        history = _ownership(layers)
        for layer in layers:
            gdf = layer.gdf
            if layer.spec.kind == "event" and "site_id" in gdf.columns:
                rows = _event_owners(gdf, sites, history)
                per_layer[layer.id]["owner_country"] = _compact(*rows)

    fields_out, layers_out = [], {layer.id: {} for layer in layers}
    for name in options.fields:
        field = FIELDS[name]
        found = {v for rows in per_layer.values() if name in rows for s in rows[name][0] for v in s}
        values = _ordered(found, field.vocabulary)
        index = {v: k for k, v in enumerate(values)}
        counts = np.zeros(len(values), dtype=np.int64)
        applies = []
        for layer in layers:
            if name not in per_layer[layer.id]:
                continue
            applies.append(layer.id)
            uniques, codes = per_layer[layer.id][name]
            as_ids = [tuple(sorted(index[v] for v in s)) for s in uniques]
            sets = sorted(set(as_ids) | {()})
            where = {s: k for k, s in enumerate(sets)}
            lookup = np.array([where[s] for s in as_ids], dtype=np.int64)
            row_sets = lookup[codes]
            per_set = np.bincount(row_sets, minlength=len(sets))
            for k, s in enumerate(sets):
                for v in s:
                    counts[v] += per_set[k]
            dtype = "<u1" if len(sets) <= 0x100 else "<u2" if len(sets) <= 0x10000 else "<u4"
            layers_out[layer.id][name] = {
                "sets": [list(s) for s in sets],
                "width": np.dtype(dtype).itemsize,
                "codes": encode.b64(row_sets.astype(dtype)),
                "inflate": ["codes"],
            }
        fields_out.append(
            {
                "name": name,
                "values": values,
                "labels": _labels(values, field.vocabulary),
                "counts": counts.tolist(),
                "layers": applies,
            }
        )
    return {"fields": fields_out, "layers": {k: v for k, v in layers_out.items() if v}}


def _row_values(gdf: pd.DataFrame, field: Field):
    """The distinct value sets of a column's cells and each row's index into them; None
    when the layer has no such column."""
    if field.column == "owners_parsed":
        return _owner_countries(gdf)
    if field.column not in gdf.columns:
        return None
    codes, uniques = pd.factorize(gdf[field.column], use_na_sentinel=True)
    sets = [_cell_values(u, field.split) for u in (str(u) for u in uniques)]
    return _with_empty(sets, codes)


def _cell_values(text: str, split: bool) -> tuple[str, ...]:
    parts = text.split(SEPARATOR) if split else [text]
    return tuple(sorted({p.strip() for p in parts if p.strip()}))


def _with_empty(sets: list[tuple[str, ...]], codes: np.ndarray):
    """Missing cells (code -1) as one more set, the empty one."""
    codes = np.where(codes < 0, len(sets), codes)
    return [*sets, ()], codes


def _compact(sets: list[tuple[str, ...]], codes: np.ndarray):
    """The same rows over distinct sets (many owner lists name the same countries)."""
    distinct: dict[tuple[str, ...], int] = {}
    remap = np.array([distinct.setdefault(s, len(distinct)) for s in sets], dtype=np.int64)
    return list(distinct), remap[codes]


def _owner_countries(gdf: pd.DataFrame):
    """Each row's owners' countries of origin (sorted ISO codes), from ``owners_parsed``
    (or the ``owners`` text, parsed the same way, where the stages did not parse it)."""
    if "owners" not in gdf.columns:
        return None
    codes, uniques = pd.factorize(gdf["owners"], use_na_sentinel=True)
    if "owners_parsed" in gdf.columns:
        first = np.full(len(uniques), -1, dtype=np.int64)
        rows = np.flatnonzero(codes >= 0)
        seen, at = np.unique(codes[rows], return_index=True)
        first[seen] = rows[at]
        parsed = gdf["owners_parsed"].to_numpy(dtype=object)
        owners = [parsed[r] if r >= 0 else () for r in first.tolist()]
    else:  # the owners rule has checked every cell's syntax
        from geoinvest.owners import parse_owners

        owners = [parse_owners(str(text)) for text in uniques]
    sets = [tuple(sorted({o.country for o in (p or ()) if o.country})) for p in owners]
    return _with_empty(sets, codes)


def _site_owners(layers, per_layer) -> tuple[pd.Index, list[tuple[str, ...]], np.ndarray]:
    """The site layers' ids (the first row of an id that repeats), the owner-country sets
    and each id's set."""
    ids, codes, sets = [], [], []
    for layer in layers:
        rows = per_layer[layer.id].get("owner_country")
        if layer.spec.kind != "site" or rows is None or "id" not in layer.gdf.columns:
            continue
        ids.append(layer.gdf["id"].astype(object).to_numpy())
        codes.append(rows[1] + len(sets))
        sets.extend(rows[0])
    if not ids:
        return pd.Index([], dtype=object), [()], np.zeros(0, dtype=np.int64)
    index = pd.Index(np.concatenate(ids))
    first = ~index.duplicated()
    return index[first], sets, np.concatenate(codes)[first]


def _ownership(layers) -> dict[str, list[tuple[str | None, pd.Timestamp, pd.Timestamp]]]:
    """Owner rows of ``ownership.csv`` beside the layers' files: site id -> [(country,
    start, end)]; empty when there is no such file."""
    from geoinvest import ownership

    paths = [layer.spec.path.parent / ownership.FILE_NAME for layer in layers]
    found = next((p for p in dict.fromkeys(paths) if Path(p).is_file()), None)
    if found is None:
        return {}
    table, _, _ = ownership.read(found)
    owners = table[table["role"] == "owner"]
    history: dict[str, list] = {}
    for row in owners.itertuples(index=False):
        country = row.country if isinstance(row.country, str) and row.country else None
        history.setdefault(str(row.site_id), []).append((country, row.start, row.end))
    return history


def _event_owners(gdf: pd.DataFrame, sites, history: dict):
    """Each event's owner countries: its site's owners at the event's date where the
    ownership table has the site, else the site's owners as its layer holds them."""
    site_ids, site_sets, site_codes = sites
    codes, uniques = pd.factorize(gdf["site_id"], use_na_sentinel=True)
    sets = [*site_sets, ()]
    empty = len(sets) - 1
    names = pd.Index(np.asarray(uniques, dtype=object))
    at = site_ids.get_indexer(names)
    per_unique = np.where(at >= 0, site_codes[np.maximum(at, 0)] if len(site_codes) else 0, empty)
    codes = np.where(codes >= 0, per_unique[np.maximum(codes, 0)], empty)
    dated = [(k, str(names[k])) for k in np.flatnonzero(names.isin(list(history))).tolist()]
    if not dated:
        return sets, codes
    raw = pd.factorize(gdf["site_id"], use_na_sentinel=True)[0]
    no_date = pd.Series(pd.NaT, index=gdf.index)
    dates = pd.to_datetime(gdf["date"] if "date" in gdf.columns else no_date).to_numpy()
    for k, site in dated:
        rows = np.flatnonzero(raw == k)
        when = dates[rows]
        per_row: list[set[str]] = [set() for _ in rows]
        for country, start, end in history[site]:
            if country is None:
                continue
            after = np.ones(len(rows), bool) if pd.isna(start) else when >= np.datetime64(start)
            before = np.ones(len(rows), bool) if pd.isna(end) else when < np.datetime64(end)
            # An event of unknown date takes the owners of today (rows with no end).
            active = np.where(np.isnat(when), pd.isna(end), after & before)
            for j in np.flatnonzero(active).tolist():
                per_row[j].add(country)
        for j, found in enumerate(per_row):
            codes[rows[j]] = len(sets)
            sets.append(tuple(sorted(found)))
    return sets, codes


def _ordered(values: set[str], vocabulary: str) -> list[str]:
    """Vocabulary order for statuses and outcomes (unknown values after), else sorted."""
    from geoinvest import schema

    order = {"status": schema.STATUS, "outcome": tuple(schema.OUTCOME)}.get(vocabulary, ())
    rank = {v: k for k, v in enumerate(order)}
    return sorted(values, key=lambda v: (rank.get(v, len(rank)), v))


def _labels(values: list[str], vocabulary: str) -> dict[str, list[str]] | None:
    """Labels per language for vocabulary values; None where values are their own label."""
    if vocabulary == "status":
        from geoinvest.schema import STATUS

        spanish = dict(zip(STATUS, STATUS_ES, strict=True))
        return {"en": list(values), "es": [spanish.get(v, v) for v in values]}
    if vocabulary == "outcome":
        from geoinvest.schema import OUTCOME

        return {
            "en": [OUTCOME[v][0] if v in OUTCOME else v for v in values],
            "es": [OUTCOME[v][1] if v in OUTCOME else v for v in values],
        }
    if vocabulary == "country":
        names = _country_names()
        return {lang: [names[lang].get(v, v) for v in values] for lang in ("en", "es")}
    return None


def _country_names() -> dict[str, dict[str, str]]:
    """ISO 3166-1 alpha-2 -> the country's name in English and Spanish (pycountry)."""
    import gettext

    import pycountry

    es = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"])
    out: dict[str, dict[str, str]] = {"en": {}, "es": {}}
    for c in pycountry.countries:
        out["en"][c.alpha_2] = getattr(c, "common_name", None) or c.name
        out["es"][c.alpha_2] = es.gettext(c.name)
    return out
