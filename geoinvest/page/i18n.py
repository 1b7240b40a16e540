"""The page's translation table: every user-facing string of the map UI, in English and Spanish.

``table()`` is what the page carries (``payload.strings``): per language, the UI strings
(``STRINGS`` here, ``i18n_embed.STRINGS``, each feature's ``STRINGS``), the meanings of the
precision codes and ``vocab``: the labels of the values of vocabulary columns (status,
date precision, location basis, outcome, event type) and of the terms of term columns
(commodity: ``copper; gold (exploration)`` is read as terms, each translated, a term in
brackets too). Values the tables do not know are shown as written. ``value_label`` is the
same lookup in Python (the page's popups do it in ``popups.js``), for tests and outputs.

Every string of both tables is there in both languages (tests/test_i18n.py checks it).
Dates and numbers are formatted in the page by ``Intl`` in the page's language.
"""

from __future__ import annotations

import re

from geoinvest import features
from geoinvest.page import i18n_embed
from geoinvest.schema import LOCATION_BASIS, OUTCOME, PRECISION, PRECISION_ES

LANGUAGES = ("en", "es")

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "layers": "Layers",
        "basemap": "Base map",
        "outlines": "Outlines (offline)",
        "precision_legend": "Location precision",
        "exact": "Exact or near (precision 1-2)",
        "approximate": "Approximate: area or estimate (precision 3-8)",
        "hide_approximate": "Hide approximate locations",
        "points": "points",
        "cluster": "{n} points: click to zoom in",
        "at_spot": "{n} points at this spot",
        "sources_note": "Sources: see each point",
        "natural_earth": "Boundaries: Natural Earth",
        "week_of": "week of {date}",
        "loading": "Loading…",
        "close": "Close",
        "zoom_in": "Zoom in",
        "reset_view": "Show the whole map",
        "zoom_out": "Zoom out",
        "precision_code": "{code}: {meaning}",
        "site_ref": "{name} ({id})",
        "more": "and {n} more",
        "show_more": "Show {n} more",
        "no_value": "",
        "language_group": "Language",
        "language_name": "English",
        "language_switch": "Show the map in English",
    },
    "es": {
        "layers": "Capas",
        "basemap": "Mapa base",
        "outlines": "Contornos (sin conexión)",
        "precision_legend": "Precisión de la ubicación",
        "exact": "Exacta o cercana (precisión 1-2)",
        "approximate": "Aproximada: área o estimación (precisión 3-8)",
        "hide_approximate": "Ocultar ubicaciones aproximadas",
        "points": "puntos",
        "cluster": "{n} puntos: clic para acercar",
        "at_spot": "{n} puntos en este lugar",
        "sources_note": "Fuentes: ver cada punto",
        "natural_earth": "Límites: Natural Earth",
        "week_of": "semana del {date}",
        "loading": "Cargando…",
        "close": "Cerrar",
        "zoom_in": "Acercar",
        "reset_view": "Ver todo el mapa",
        "zoom_out": "Alejar",
        "precision_code": "{code}: {meaning}",
        "site_ref": "{name} ({id})",
        "more": "y {n} más",
        "show_more": "Mostrar {n} más",
        "no_value": "",
        "language_group": "Idioma",
        "language_name": "Español",
        "language_switch": "Ver el mapa en español",
    },
}

# Labels of vocabulary values, by column: value -> (English, Spanish).
STATUS_LABELS = {
    "announced": ("announced", "anunciado"),
    "pre-construction": ("pre-construction", "preconstrucción"),
    "construction": ("construction", "en construcción"),
    "operating": ("operating", "en operación"),
    "shelved": ("shelved", "suspendido"),
    "cancelled": ("cancelled", "cancelado"),
    "mothballed": ("mothballed", "paralizado"),
    "retired": ("retired", "retirado"),
}
DATE_PRECISION_LABELS = {
    "day": ("day", "día"),
    "week": ("week", "semana"),
    "month": ("month", "mes"),
    "year": ("year", "año"),
}
# Event types as the bundled layers write them (a free-text column: others stay as written).
EVENT_TYPE_LABELS = {
    "attack": ("attack", "ataque"),
    "blockade": ("blockade", "bloqueo"),
    "clash": ("clash", "enfrentamiento"),
    "dam emergency": ("dam emergency", "emergencia en la represa"),
    "protest": ("protest", "protesta"),
    "resettlement conflict": ("resettlement conflict", "conflicto por reasentamiento"),
    "strike": ("strike", "paro"),
}
VOCABULARY: dict[str, dict[str, tuple[str, str]]] = {
    "status": STATUS_LABELS,
    "date_precision": DATE_PRECISION_LABELS,
    "location_basis": LOCATION_BASIS,
    "outcome": OUTCOME,
    "event_type": EVENT_TYPE_LABELS,
}
# Term columns: cells are terms separated by "; ", each with an optional "(qualifier)".
COMMODITY_TERMS = {
    "coal": ("coal", "carbón"),
    "copper": ("copper", "cobre"),
    "gold": ("gold", "oro"),
    "silver": ("silver", "plata"),
    "molybdenum": ("molybdenum", "molibdeno"),
    "zinc": ("zinc", "zinc"),
    "lead": ("lead", "plomo"),
    "iron": ("iron", "hierro"),
    "iron ore": ("iron ore", "mineral de hierro"),
    "nickel": ("nickel", "níquel"),
    "ferronickel": ("ferronickel", "ferroníquel"),
    "lithium": ("lithium", "litio"),
    "tin": ("tin", "estaño"),
    "oil": ("oil", "petróleo"),
    "natural gas": ("natural gas", "gas natural"),
    "condensate": ("condensate", "condensado"),
    "natural gas liquids": ("natural gas liquids", "líquidos de gas natural"),
    "heavy crude": ("heavy crude", "crudo pesado"),
    "exploration": ("exploration", "exploración"),
    "from tailings": ("from tailings", "de relaves"),
}
TERMS: dict[str, dict[str, tuple[str, str]]] = {"commodity": COMMODITY_TERMS}
TERM_SEPARATOR = "; "
# A term and its qualifier in brackets: "gold (exploration)". popups.js has the same pattern.
_TERM = re.compile(r"^(.*?)\s*\(([^()]*)\)$")


def table() -> dict[str, dict]:
    """The translation table as it goes into the page, precision meanings and vocabulary
    labels included."""
    meanings = {"en": PRECISION, "es": PRECISION_ES}
    extra = features.strings()
    return {
        lang: {
            **STRINGS[lang],
            **i18n_embed.STRINGS[lang],
            **extra[lang],
            "precision": {str(k): v for k, v in meanings[lang].items()},
            "vocab": _labels(VOCABULARY, lang),
            "terms": _labels(TERMS, lang),
        }
        for lang in LANGUAGES
    }


def _labels(tables: dict[str, dict[str, tuple[str, str]]], lang: str) -> dict[str, dict]:
    """Per column, value -> its label in ``lang``; values whose label is the value itself
    are left out (the page shows a value it finds no label for as written)."""
    k = LANGUAGES.index(lang)
    out = {}
    for name, labels in tables.items():
        found = {value: pair[k] for value, pair in labels.items() if pair[k] != value}
        if found:
            out[name] = found
    return out


def value_label(lang: str, column: str, value: str) -> str:
    """A cell of a vocabulary or term column as the page shows it in ``lang``."""
    k = LANGUAGES.index(lang)
    if column in VOCABULARY:
        pair = VOCABULARY[column].get(value)
        return pair[k] if pair else value
    if column in TERMS:
        return TERM_SEPARATOR.join(_term(TERMS[column], t, k) for t in value.split(TERM_SEPARATOR))
    return value


def _term(labels: dict[str, tuple[str, str]], term: str, k: int) -> str:
    if term in labels:
        return labels[term][k]
    m = _TERM.match(term)
    if m is None:
        return term
    base, qualifier = m.groups()
    base = labels[base][k] if base in labels else base
    qualifier = labels[qualifier][k] if qualifier in labels else qualifier
    return f"{base} ({qualifier})"


def text(lang: str, key: str) -> str:
    """One UI string in a language, falling back to English."""
    return STRINGS.get(lang, STRINGS["en"]).get(key) or STRINGS["en"][key]
