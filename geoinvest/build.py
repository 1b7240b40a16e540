"""Build maps: load the layers a map names (pipeline), publish them for the map, render
the page, write it atomically."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from geoinvest.errors import ConfigError
from geoinvest.model import Layer, MapDefinition
from geoinvest.output import check_not_input, write_text_atomic
from geoinvest.project import Project
from geoinvest.publish import for_map
from geoinvest.registry import REGISTRY_NAME

DEFAULT_OUT_DIR = Path("out")
ASSETS = ("inline", "cdn")


def render_map(
    mapdef: MapDefinition,
    layers: list[Layer],
    *,
    assets: str = "inline",
    stamp: str | None = None,
) -> str:
    """The map's HTML page, as one string."""
    return "".join(map_parts(mapdef, layers, assets=assets, stamp=stamp))


def map_parts(
    mapdef: MapDefinition,
    layers: list[Layer],
    *,
    assets: str = "inline",
    stamp: str | None = None,
) -> Iterator[str]:
    """The map's HTML page in pieces (see ``geoinvest.page.page_parts``)."""
    from geoinvest.page import page_parts

    try:
        return page_parts(mapdef, for_map(layers, mapdef), assets=assets, stamp=stamp)
    except ConfigError as exc:  # e.g. an unknown basemap
        raise _named(mapdef, exc) from None


def build_map(
    mapdef: MapDefinition,
    project: Project,
    output: Path,
    *,
    assets: str = "inline",
    stamp: str | None = None,
    overwrite: bool = True,
    allow_outside: bool = False,
    layers: list[Layer] | None = None,
) -> Path:
    """Validate the map's layers and write its page to ``output``; nothing on any error."""
    if layers is None:
        layers = project.load_layers(mapdef.layers, allow_outside=allow_outside)
    parts = map_parts(mapdef, layers, assets=assets, stamp=stamp)
    return write_text_atomic(output, parts, overwrite=overwrite)


def check_map(mapdef: MapDefinition) -> None:
    """Raise now what rendering the map would refuse (an unknown basemap), so that a build
    of several maps writes none of them when one is wrong."""
    from geoinvest.page.basemaps import basemaps

    try:
        basemaps(mapdef.basemaps, mapdef.basemap)
    except ConfigError as exc:
        raise _named(mapdef, exc) from None


def _named(mapdef: MapDefinition, exc: ConfigError) -> ConfigError:
    """The error, naming the map definition it comes from."""
    return ConfigError(f"{mapdef.path or mapdef.id}: {exc}")


def build_maps(
    project: Project,
    targets: list[tuple[MapDefinition, Path]],
    *,
    assets: str = "inline",
    stamp: str | None = None,
    overwrite: bool = True,
    allow_outside: bool = False,
) -> list[Path]:
    """Write each (map definition, output file); check every map, that no output is one of
    the files read, and all their layers before the first file is written."""
    specs = project.store.list_layers()
    registries = {s.path.parent / REGISTRY_NAME for s in specs}
    inputs = [*(m.path for m, _ in targets), *sorted(registries), *(s.path for s in specs)]
    for mapdef, output in targets:
        check_map(mapdef)
        check_not_input(output, inputs)
    needed = sorted({layer_id for mapdef, _ in targets for layer_id in mapdef.layers})
    layers = project.load_layers(needed, allow_outside=allow_outside)
    return [
        build_map(
            mapdef, project, output, assets=assets, stamp=stamp, overwrite=overwrite, layers=layers
        )
        for mapdef, output in targets
    ]


def build_all(
    project: Project,
    out_dir: Path = DEFAULT_OUT_DIR,
    *,
    assets: str = "inline",
    stamp: str | None = None,
    allow_outside: bool = False,
    lang: str | None = None,
) -> list[Path]:
    """Build every map definition of the project into ``out_dir`` (in ``lang``, else each
    in its own language)."""
    from geoinvest.mapdef import with_language

    mapdefs = [with_language(m, lang) for m in project.map_definitions()]
    targets = [(m, Path(out_dir) / f"{m.id}.html") for m in mapdefs]
    return build_maps(project, targets, assets=assets, stamp=stamp, allow_outside=allow_outside)
