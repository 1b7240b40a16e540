"""Read map definitions, ``maps/*.toml``.

Languages: ``language`` is the one a page opens in (and the one figures, reports and
iframe snippets use); ``languages = ["en", "es"]`` lists the ones the page offers a switch
between (absent or one language: no switch). ``with_language`` gives a definition in
another language, for ``--lang`` on the command line.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from geoinvest import features
from geoinvest.errors import ConfigError
from geoinvest.model import MapDefinition
from geoinvest.registry import _attribution, _title, check_keys, read_toml
from geoinvest.rules import country_fix, iso_codes

CLUSTER_CHOICES = ("auto", "always", "never")
LANGUAGES = ("en", "es")
# Every key a map definition may have, in the order the README lists them (then the
# features' tables, geoinvest.features).
MAP_KEYS = (
    "title",
    "subtitle",
    "countries",
    "layers",
    "language",
    "languages",
    "basemap",
    "basemaps",
    "cluster",
    "attribution",
)


def _country(value, path: Path) -> str:
    """An ISO 3166-1 alpha-2 code, upper-cased; anything else is an error with the fix
    (the layers' country rule: same test, same fix)."""
    text = str(value)
    code = text.strip().upper()
    if code in iso_codes():
        return code
    raise ConfigError(
        f"{path}: countries: {text!r} is not an ISO 3166-1 alpha-2 country code; "
        f"{country_fix(text.strip())}"
    )


def read_map_definition(path: Path, layer_ids: list[str]) -> MapDefinition:
    """Parse one map definition and check it names only layers in ``layer_ids``."""
    data = read_toml(path)
    keys = MAP_KEYS + features.table_names()
    check_keys(data, keys, str(path), f"a map can have: {', '.join(keys)}")
    for key in ("title", "countries", "layers"):
        if key not in data:
            raise ConfigError(f"{path}: missing {key}")
    countries = data["countries"]
    if not isinstance(countries, list) or not countries:
        raise ConfigError(f'{path}: countries must be a list of ISO codes, e.g. ["PE"]')
    countries = [_country(c, path) for c in countries]
    layers = data["layers"]
    if not isinstance(layers, list) or not layers:
        raise ConfigError(f"{path}: layers must be a list of layer ids")
    unknown = [name for name in layers if name not in layer_ids]
    if unknown:
        raise ConfigError(
            f"{path}: unknown layer {', '.join(map(repr, unknown))}; "
            f"the layers are: {', '.join(layer_ids)}"
        )
    cluster = str(data.get("cluster", "auto"))
    if cluster not in CLUSTER_CHOICES:
        raise ConfigError(f"{path}: cluster {cluster!r} is not one of {', '.join(CLUSTER_CHOICES)}")
    language = str(data.get("language", "en"))
    if language not in LANGUAGES:
        raise ConfigError(f"{path}: language {language!r} is not one of {', '.join(LANGUAGES)}")
    kwargs = {}
    if "languages" in data:
        kwargs["languages"] = _languages(data["languages"], language, path)
    if "basemaps" in data:
        basemaps = data["basemaps"]
        # A single string is refused rather than guessed at: TOML says what a list is.
        if not isinstance(basemaps, list) or not all(isinstance(b, str) for b in basemaps):
            raise ConfigError(
                f"{path}: basemaps must be a list of basemap names, "
                'e.g. basemaps = ["OpenStreetMap.Mapnik"]'
            )
        kwargs["basemaps"] = tuple(basemaps)
    return MapDefinition(
        id=path.stem,
        title=_title(data["title"], str(path)),
        subtitle=_title(data["subtitle"], str(path), "subtitle") if "subtitle" in data else {},
        countries=tuple(countries),
        layers=tuple(str(x) for x in layers),
        path=path,
        language=language,
        basemap=str(data.get("basemap", "none")),
        cluster=cluster,
        **_attribution(data, str(path)),
        features=features.parse_all(data, str(path), tuple(str(x) for x in layers)),
        **kwargs,
    )


def _languages(value, language: str, path: Path) -> tuple[str, ...]:
    """``languages``: a list of language codes, each once, that holds ``language``."""
    example = 'languages = ["en", "es"]'
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: languages must be a list of language codes, e.g. {example}")
    for code in value:
        if code not in LANGUAGES:
            raise ConfigError(
                f"{path}: languages: {code!r} is not one of {', '.join(LANGUAGES)}; e.g. {example}"
            )
    if len(set(value)) != len(value):
        raise ConfigError(f"{path}: languages names a language twice; e.g. {example}")
    if language not in value:
        raise ConfigError(
            f"{path}: languages {value!r} does not hold the map's language {language!r}; "
            f"add it, or set language to one of them"
        )
    return tuple(value)


def with_language(mapdef: MapDefinition, lang: str | None) -> MapDefinition:
    """The definition in ``lang`` (``--lang``), or as it is when ``lang`` is None. A switch
    the definition offers stays; a language it does not list is added to it."""
    if lang is None or lang == mapdef.language:
        return mapdef
    if lang not in LANGUAGES:
        raise ConfigError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    languages = mapdef.languages
    if len(languages) > 1 and lang not in languages:
        languages = (*languages, lang)
    return dataclasses.replace(mapdef, language=lang, languages=languages)
