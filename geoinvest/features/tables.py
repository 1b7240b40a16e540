"""Checks the features' tables share: a "did you mean" hint, and a list of the map's layers."""

from __future__ import annotations

import difflib

from geoinvest.errors import ConfigError


def hint(name, choices) -> str:
    """``"did you mean 'x'? "`` for the closest of ``choices``, or "" when none is close."""
    close = difflib.get_close_matches(str(name), list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}? " if close else ""


def layer_ids(table: dict, name: str, where: str, layers: tuple[str, ...]) -> list[str]:
    """The table's ``layers`` (default none): a list of ids of this map's layers."""
    chosen = table.get("layers", [])
    if not isinstance(chosen, list) or not all(isinstance(x, str) for x in chosen):
        raise ConfigError(
            f'{where}: [{name}] layers must be a list of layer ids, e.g. layers = ["protests"]'
        )
    unknown = [x for x in chosen if x not in layers]
    if unknown:
        raise ConfigError(
            f"{where}: [{name}] layers: {', '.join(map(repr, unknown))} is not a layer "
            f"of this map; its layers are: {', '.join(layers)}"
        )
    return chosen
