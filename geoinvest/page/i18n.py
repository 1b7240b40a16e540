"""The page's translation table: every user-facing string of the map UI, in English and Spanish."""

from __future__ import annotations

from geoinvest import features
from geoinvest.page import i18n_embed
from geoinvest.schema import PRECISION, PRECISION_ES

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
    },
}


def table() -> dict[str, dict]:
    """The translation table as it goes into the page, precision meanings included."""
    meanings = {"en": PRECISION, "es": PRECISION_ES}
    extra = features.strings()
    return {
        lang: {
            **STRINGS[lang],
            **i18n_embed.STRINGS[lang],
            **extra[lang],
            "precision": {str(k): v for k, v in meanings[lang].items()},
        }
        for lang in LANGUAGES
    }


def text(lang: str, key: str) -> str:
    """One UI string in a language, falling back to English."""
    return STRINGS.get(lang, STRINGS["en"]).get(key) or STRINGS["en"][key]
