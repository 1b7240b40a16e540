"""What a map shows, from its published layers: a description in words and summary tables
(points by layer and department, sites by status and by owners' country of origin,
capacity and investment totals). Pure data in, plain text and cells out."""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geoinvest.model import Layer, MapDefinition
from geoinvest.report.sources import Annex
from geoinvest.report.text import country_name, join, number, text
from geoinvest.schema import APPROXIMATE_FROM, STATUS


@dataclass(frozen=True)
class Table:
    """A summary table as text cells; the last row is a total when ``total`` is set."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""
    total: bool = False


def describe(mapdef: MapDefinition, layers: list[Layer], annex: Annex, lang: str) -> str:
    """A paragraph: how many points of which layers where, when, how precise, how cited."""
    countries = join([country_name(c, lang) for c in mapdef.countries], lang)
    n = sum(len(layer.gdf) for layer in layers)
    if n == 0:
        return text(lang, "shows_none").format(countries=countries)
    parts = [
        f"{number(len(layer.gdf), lang)} {layer.spec.title_in(lang).lower()}"
        for layer in layers
        if len(layer.gdf)
    ]
    words = [
        text(lang, "shows").format(n=number(n, lang), countries=countries, parts=join(parts, lang))
    ]
    dates = pd.concat(
        [layer.gdf["date"].dropna() for layer in layers if "date" in layer.gdf.columns]
        or [pd.Series([], dtype="datetime64[ns]")]
    )
    if len(dates):
        first, last = dates.min().date().isoformat(), dates.max().date().isoformat()
        key = "events" if first != last else "events_one"
        words.append(text(lang, key).format(first=first, last=last))
    approx = sum(int(_approximate(layer).sum()) for layer in layers)
    words.append(text(lang, "approx").format(k=number(approx, lang), n=number(n, lang)))
    numbers = sorted({k for layer in layers for k in _cited(layer, annex)})
    if numbers:
        words.append(text(lang, "cited").format(n=number(len(numbers), lang), refs=ranges(numbers)))
    return " ".join(words)


def _approximate(layer: Layer) -> np.ndarray:
    if "precision" not in layer.gdf.columns:
        return np.ones(len(layer.gdf), dtype=bool)
    codes = layer.gdf["precision"].to_numpy(dtype=float, na_value=np.nan)
    return ~(codes >= 1) | (codes >= APPROXIMATE_FROM)


def _cited(layer: Layer, annex: Annex) -> set[int]:
    if "sources" not in layer.gdf.columns:
        return set()
    return {k for cell in layer.gdf["sources"].dropna().unique() for k in annex.numbers_of(cell)}


def ranges(numbers: list[int]) -> str:
    """``[1]-[4], [7], [9]-[10]``: sorted numbers as runs."""
    runs: list[list[int]] = []
    for k in numbers:
        if runs and k == runs[-1][1] + 1:
            runs[-1][1] = k
        else:
            runs.append([k, k])
    return ", ".join(f"[{a}]" if a == b else f"[{a}]-[{b}]" for a, b in runs)


def tables(layers: list[Layer], lang: str) -> list[Table]:
    """The map's summary tables; a table with nothing to count is left out."""
    found = [by_area(layers, lang), by_status(layers, lang), by_origin(layers, lang)]
    found.append(totals(layers, lang))
    return [t for t in found if t is not None and t.rows]


def by_area(layers: list[Layer], lang: str) -> Table | None:
    shown = [layer for layer in layers if len(layer.gdf)]
    if not shown:
        return None
    none = text(lang, "no_area")
    counts: dict[tuple[str, str], Counter] = {}
    for layer in shown:
        gdf = layer.gdf
        area = gdf["admin1_name"] if "admin1_name" in gdf else pd.Series(pd.NA, index=gdf.index)
        keys = zip(
            gdf["country"].astype(object),
            area.astype(object).where(area.notna(), none),
            strict=True,
        )
        for key, k in Counter(keys).items():
            counts.setdefault(key, Counter())[layer.id] = k
    order = sorted(
        counts, key=lambda key: (country_name(key[0], lang), key[1] == none, _plain(key[1]))
    )
    rows = []
    for country, area in order:
        cells = [counts[(country, area)][layer.id] for layer in shown]
        rows.append((area, country_name(country, lang), *map(str, cells), str(sum(cells))))
    sums = [len(layer.gdf) for layer in shown]
    rows.append((text(lang, "total"), "", *map(str, sums), str(sum(sums))))
    header = (text(lang, "area"), text(lang, "country"), *(x.spec.title_in(lang) for x in shown))
    return Table(text(lang, "by_area"), (*header, text(lang, "total")), tuple(rows), total=True)


def _plain(name: str) -> str:
    """A name without accents, for sorting (Áncash among the A's)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _sites(layers: list[Layer]) -> list[Layer]:
    return [layer for layer in layers if layer.spec.kind == "site" and len(layer.gdf)]


def by_status(layers: list[Layer], lang: str) -> Table | None:
    sites = [layer for layer in _sites(layers) if "status" in layer.gdf.columns]
    if not sites:
        return None
    none = text(lang, "no_status")
    counts = {
        layer.id: Counter(
            layer.gdf["status"].astype(object).where(layer.gdf["status"].notna(), none)
        )
        for layer in sites
    }
    present = set().union(*counts.values())
    order = [s for s in STATUS if s in present] + sorted(present - set(STATUS) - {none})
    order += [none] if none in present else []
    rows = [
        (s, *(str(counts[x.id][s]) for x in sites), str(sum(counts[x.id][s] for x in sites)))
        for s in order
    ]
    sums = [len(x.gdf) for x in sites]
    rows.append((text(lang, "total"), *map(str, sums), str(sum(sums))))
    header = (text(lang, "status"), *(x.spec.title_in(lang) for x in sites), text(lang, "total"))
    return Table(text(lang, "by_status"), header, tuple(rows), total=True)


def by_origin(layers: list[Layer], lang: str) -> Table | None:
    sites = [layer for layer in _sites(layers) if "owners_parsed" in layer.gdf.columns]
    if not sites:
        return None
    none = text(lang, "no_origin")
    counts: dict[str, Counter] = {}
    for layer in sites:
        for owners in layer.gdf["owners_parsed"]:
            origins = {o.country or none for o in owners or ()} or {none}
            for origin in origins:
                counts.setdefault(origin, Counter())[layer.id] += 1
    names = {c: (none if c == none else f"{country_name(c, lang)} ({c})") for c in counts}
    order = sorted(counts, key=lambda c: (c == none, -sum(counts[c].values()), names[c]))
    rows = [
        (names[c], *(str(counts[c][x.id]) for x in sites), str(sum(counts[c].values())))
        for c in order
    ]
    header = (text(lang, "origin"), *(x.spec.title_in(lang) for x in sites), text(lang, "sites"))
    return Table(text(lang, "by_origin"), header, tuple(rows), note=text(lang, "origin_note"))


def totals(layers: list[Layer], lang: str) -> Table | None:
    sites = _sites(layers)
    if not sites:
        return None
    rows = []
    for layer in sites:
        gdf = layer.gdf
        cells = [layer.spec.title_in(lang), number(len(gdf), lang)]
        for column, decimals in (("capacity_mw", 1), ("investment_usd", 0)):
            values = gdf[column].dropna() if column in gdf.columns else pd.Series([], dtype=float)
            if len(values) == 0:
                cells.append("")
                continue
            total = number(float(values.sum()), lang, decimals)
            cells.append(text(lang, "with_value").format(total=total, k=len(values), n=len(gdf)))
        rows.append(tuple(cells))
    header = (
        text(lang, "layer"),
        text(lang, "sites"),
        text(lang, "capacity"),
        text(lang, "investment"),
    )
    return Table(text(lang, "totals"), header, tuple(rows), note=text(lang, "totals_note"))
