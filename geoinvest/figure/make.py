"""Draw and save a map's figure (see the package docstring)."""

from __future__ import annotations

import io
from pathlib import Path

from matplotlib.figure import Figure

from geoinvest.figure.draw import draw_figure
from geoinvest.figure.save import defaults, save
from geoinvest.figure.size import DEFAULT_DPI, DEFAULT_WIDTH, FigureSize, figure_size
from geoinvest.model import Layer, MapDefinition
from geoinvest.output import write_file_atomic
from geoinvest.publish import for_map


def make_figure(
    layers: list[Layer],
    mapdef: MapDefinition,
    size: FigureSize,
    lang: str | None = None,
) -> Figure:
    """The map's figure, not yet saved; ``layers`` as loaded (published here)."""
    with defaults():
        return draw_figure(for_map(layers, mapdef), mapdef, size, lang or mapdef.language)


def snapshot_bytes(
    layers: list[Layer],
    mapdef: MapDefinition,
    fmt: str = "png",
    width: str | float = DEFAULT_WIDTH,
    height: str | float | None = None,
    dpi: int = DEFAULT_DPI,
    lang: str | None = None,
) -> bytes:
    """The figure's file contents in ``fmt`` (png, svg or pdf)."""
    size = figure_size(None, width, height, dpi, fmt)
    buffer = io.BytesIO()
    save(make_figure(layers, mapdef, size, lang), buffer, size.fmt, size.dpi)
    return buffer.getvalue()


def snapshot(
    layers: list[Layer],
    mapdef: MapDefinition,
    output: Path | str,
    width: str | float = DEFAULT_WIDTH,
    height: str | float | None = None,
    dpi: int = DEFAULT_DPI,
    fmt: str | None = None,
    *,
    lang: str | None = None,
    overwrite: bool = True,
) -> Path:
    """Write the map's figure to ``output`` (format from ``fmt`` or the extension).

    Width and height are lengths such as ``180mm`` or ``7in``; with no height, the map's
    extent decides it. Raises ConfigError (bad format, size, dpi, > 100 megapixels) or
    OutputError (the path cannot be written) before anything is drawn; no partial file.
    """
    size = figure_size(output, width, height, dpi, fmt)

    def write(tmp: Path) -> None:  # called once the target is known to be writable
        save(make_figure(layers, mapdef, size, lang), tmp, size.fmt, size.dpi)

    return write_file_atomic(Path(output), write, overwrite=overwrite)
