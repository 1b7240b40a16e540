"""The export stage: layers, as ``publish`` hands them over, written as files other tools
open: GeoPackage (styled for QGIS), KML/KMZ (Google Earth), GeoJSON, GeoParquet, CSV, XLSX.

``export`` loads the layers a command names from a store (read -> check -> enrich),
takes what the one door to outputs gives (``publish.for_map`` for a map, else
``publish.for_export``) and writes one file atomically; ``write_layers`` writes layers
already published. One module per format family; ``formats`` is the registry.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from geoinvest import pipeline
from geoinvest.errors import OutputError
from geoinvest.export.formats import FORMATS, Format, format_for
from geoinvest.model import Layer, MapDefinition
from geoinvest.output import check_not_input, write_file_atomic
from geoinvest.publish import for_export, for_map
from geoinvest.registry import REGISTRY_NAME
from geoinvest.store import Store

__all__ = ["FORMATS", "Format", "export", "format_for", "write_layers"]


def write_layers(
    layers: list[Layer],
    output: Path,
    fmt: Format | None = None,
    *,
    lang: str = "en",
    overwrite: bool = False,
) -> Path:
    """Write published layers to ``output`` in ``fmt`` (else the format its extension
    names); atomically: the old file, or the whole new one, never part of one."""
    output = Path(output)
    fmt = fmt or format_for(output)
    write = fmt.writer()
    return write_file_atomic(output, lambda tmp: write(layers, tmp, lang), overwrite=overwrite)


def export(
    store: Store,
    output: Path,
    *,
    layer_ids: Sequence[str] = (),
    mapdef: MapDefinition | None = None,
    fmt: str | None = None,
    overwrite: bool = False,
    allow_outside: bool = False,
) -> tuple[Path, list[Layer]]:
    """Load, check and publish the layers (a map's, or those named, or all) and write them
    to ``output``; return the path and the layers written. Nothing is written when a
    layer has a problem, the output exists (without ``overwrite``) or is one of the inputs.
    """
    output = Path(output)
    chosen = format_for(output, fmt)  # an unknown format fails before anything is read
    if output.exists() and not overwrite:
        raise OutputError(f"{output} exists; pass --overwrite to replace it")
    specs = store.list_layers()
    registries = {s.path.parent / REGISTRY_NAME for s in specs}
    map_path = mapdef.path if mapdef is not None else None
    check_not_input(output, [map_path, *sorted(registries), *(s.path for s in specs)])
    needed = list(mapdef.layers) if mapdef is not None else list(layer_ids)
    loaded = pipeline.load_layers(store, needed, allow_outside=allow_outside)
    if mapdef is not None:
        layers, lang = for_map(loaded, mapdef), mapdef.language
    else:
        layers, lang = for_export(loaded, list(layer_ids)), "en"
    path = write_layers(layers, output, chosen, lang=lang, overwrite=overwrite)
    return path, layers
