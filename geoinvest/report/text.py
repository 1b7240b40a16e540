"""The report's words in English and Spanish, and names of countries in either."""

from __future__ import annotations

import functools
import gettext

import pycountry

STRINGS = {
    "en": {
        "title": "Maps and sources",
        "intro": "{maps} with the sources of every point shown. Numbers in square brackets "
        "refer to the numbered list of sources at the end; each point's popup gives them too.",
        "intro_print": "{maps} with the sources of every point shown. Numbers in square "
        "brackets refer to the numbered list of sources at the end.",
        "maps_one": "One map",
        "maps_many": "{n} maps",
        "shows": "This map shows {n} points in {countries}: {parts}.",
        "shows_none": "This map shows no points in {countries}.",
        "events": "The events date from {first} to {last}.",
        "events_one": "The events date from {first}.",
        "approx": "{k} of the {n} locations are approximate (an area or an estimate, "
        "precision 3-8) and are drawn hollow; the others are exact or within 25 km.",
        "cited": "The points cite {n} distinct sources: {refs}.",
        "by_area": "Points by layer and department",
        "area": "Department",
        "country": "Country",
        "total": "Total",
        "no_area": "(outside the areas)",
        "by_status": "Sites by status",
        "status": "Status",
        "no_status": "(not given)",
        "by_origin": "Sites by owners' country of origin",
        "origin": "Owners' country",
        "sites": "Sites",
        "no_origin": "(owner's country not given)",
        "origin_note": "A site with owners from several countries counts once for each.",
        "totals": "Capacity and investment",
        "layer": "Layer",
        "capacity": "Capacity (MW)",
        "investment": "Investment (USD)",
        "with_value": "{total} ({k} of {n} sites)",
        "totals_note": "Sums of the values reported for each site, in US dollars of the year "
        "each was reported (not adjusted); sites without a value are left out of the sum.",
        "sources": "Sources",
        "sources_intro": "Every source cited by the points shown above, once each.",
        "figure": "Figure {n}. {title}.",
        "interactive": "Interactive map: {title}",
    },
    "es": {
        "title": "Mapas y fuentes",
        "intro": "{maps} con las fuentes de cada punto. Los números entre corchetes remiten "
        "a la lista numerada de fuentes al final; la ventana de cada punto también los da.",
        "intro_print": "{maps} con las fuentes de cada punto. Los números entre corchetes "
        "remiten a la lista numerada de fuentes al final.",
        "maps_one": "Un mapa",
        "maps_many": "{n} mapas",
        "shows": "Este mapa muestra {n} puntos en {countries}: {parts}.",
        "shows_none": "Este mapa no muestra puntos en {countries}.",
        "events": "Los eventos van de {first} a {last}.",
        "events_one": "Los eventos son de {first}.",
        "approx": "{k} de las {n} ubicaciones son aproximadas (un área o una estimación, "
        "precisión 3-8) y se dibujan huecas; las demás son exactas o a menos de 25 km.",
        "cited": "Los puntos citan {n} fuentes distintas: {refs}.",
        "by_area": "Puntos por capa y departamento",
        "area": "Departamento",
        "country": "País",
        "total": "Total",
        "no_area": "(fuera de las áreas)",
        "by_status": "Sitios por estado",
        "status": "Estado",
        "no_status": "(sin dato)",
        "by_origin": "Sitios por país de origen de los propietarios",
        "origin": "País de los propietarios",
        "sites": "Sitios",
        "no_origin": "(país del propietario sin dato)",
        "origin_note": "Un sitio con propietarios de varios países cuenta una vez para cada uno.",
        "totals": "Capacidad e inversión",
        "layer": "Capa",
        "capacity": "Capacidad (MW)",
        "investment": "Inversión (USD)",
        "with_value": "{total} ({k} de {n} sitios)",
        "totals_note": "Sumas de los valores informados para cada sitio, en dólares del año "
        "en que se informaron (sin ajustar); los sitios sin valor quedan fuera de la suma.",
        "sources": "Fuentes",
        "sources_intro": "Cada fuente citada por los puntos mostrados arriba, una vez cada una.",
        "figure": "Figura {n}. {title}.",
        "interactive": "Mapa interactivo: {title}",
    },
}


def text(lang: str, key: str) -> str:
    return STRINGS.get(lang, STRINGS["en"])[key]


@functools.cache
def _translation(lang: str):
    if lang == "en":
        return None
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return None


def country_name(code: str, lang: str) -> str:
    """A country's common name from its ISO alpha-2 code (the code itself if unknown)."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    translation = _translation(lang)
    return translation.gettext(country.name) if translation else name


def join(items: list[str], lang: str) -> str:
    """``a, b and c`` (or ``a, b y c``)."""
    if len(items) <= 1:
        return "".join(items)
    word = " y " if lang == "es" else " and "
    return ", ".join(items[:-1]) + word + items[-1]


def number(value: float, lang: str, decimals: int = 0) -> str:
    """Thousands grouped as the language writes them (1,234.5 or 1.234,5)."""
    text_ = f"{value:,.{decimals}f}"
    if lang == "es":
        text_ = text_.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text_
