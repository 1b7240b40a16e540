"""The analyst's map features, each configured by its own table of a map definition.

A feature is a module of this package with:

- ``NAME``: its table in ``maps/*.toml`` (``[time]``, ``[filters]`` ...), its key in the
  page payload's ``features`` and the name its script registers with ``feature(NAME, init)``
  in ``page/static/js/<file>.js``;
- ``STRINGS``: ``{"en": {...}, "es": {...}}``, its UI strings, merged into the page's
  translation table (``page/i18n.py``); keys are prefixed with the feature's name;
- ``parse(table, where, layers) -> options``: the table as read (``None`` when the map
  definition has none: the feature's defaults), checked, as a frozen value; ``where`` is
  the file for messages, ``layers`` the map's layer ids. Bad values raise ``ConfigError``
  naming the file, the key and the fix, so every map is checked before any is written;
- ``payload(options, mapdef, layers) -> dict | None``: what the page needs, JSON-ready,
  from the layers ``publish`` handed over (``None``: nothing for this map). Imports of the
  page's encoders happen inside, so reading a map definition stays light.

Checks several tables share (a "did you mean" hint, a list of the map's layers) are in
``tables.py``. ``mapdef.read_map_definition`` calls ``parse`` for every feature;
``page.payload`` calls ``payload``. A feature reads only the published layers and its own
options.
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

# Module names, in the order their tables are listed in the README.
NAMES: tuple[str, ...] = (
    "time",
    "filters",
    "search",
    "links",
    "choropleth",
    "density",
    "base",
    "view",
)


@cache
def modules() -> tuple[ModuleType, ...]:
    """The feature modules, imported once."""
    return tuple(importlib.import_module(f"geoinvest.features.{name}") for name in NAMES)


def table_names() -> tuple[str, ...]:
    """The map-definition tables the features own."""
    return tuple(m.NAME for m in modules())


def parse_all(data: dict, where: str, layers: tuple[str, ...]) -> dict[str, object]:
    """Every feature's options from a map definition's tables (defaults when absent)."""
    return {m.NAME: m.parse(data.get(m.NAME), where, layers) for m in modules()}


def payloads(mapdef, layers) -> dict[str, dict]:
    """Each feature's part of the page payload, in feature order; features with none left out."""
    out = {}
    for m in modules():
        part = m.payload(mapdef.features.get(m.NAME), mapdef, layers)
        if part is not None:
            out[m.NAME] = part
    return out


def strings() -> dict[str, dict[str, str]]:
    """Every feature's UI strings, per language."""
    out: dict[str, dict[str, str]] = {"en": {}, "es": {}}
    for m in modules():
        for lang in out:
            out[lang].update(m.STRINGS[lang])
    return out
