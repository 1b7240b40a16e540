"""Read map definitions, ``maps/*.toml``."""

from __future__ import annotations

from pathlib import Path

from geoinvest.errors import ConfigError
from geoinvest.model import MapDefinition
from geoinvest.registry import _title, read_toml

CLUSTER_CHOICES = ("auto", "always", "never")
LANGUAGES = ("en", "es")


def read_map_definition(path: Path, layer_ids: list[str]) -> MapDefinition:
    """Parse one map definition and check it names only layers in ``layer_ids``."""
    data = read_toml(path)
    for key in ("title", "countries", "layers"):
        if key not in data:
            raise ConfigError(f"{path}: missing {key}")
    countries = data["countries"]
    if not isinstance(countries, list) or not countries:
        raise ConfigError(f'{path}: countries must be a list of ISO codes, e.g. ["PE"]')
    countries = [str(c).upper() for c in countries]
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
    if "basemaps" in data:
        kwargs["basemaps"] = tuple(str(b) for b in data["basemaps"])
    return MapDefinition(
        id=path.stem,
        title=_title(data["title"], str(path)),
        subtitle=_title(data["subtitle"], str(path)) if "subtitle" in data else {},
        countries=tuple(countries),
        layers=tuple(str(x) for x in layers),
        path=path,
        language=language,
        basemap=str(data.get("basemap", "none")),
        cluster=cluster,
        attribution=str(data.get("attribution", "")),
        **kwargs,
    )
