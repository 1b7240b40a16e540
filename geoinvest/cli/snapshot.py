"""``geoinvest snapshot``: a map as a static figure (PNG, SVG or PDF), no browser."""

from __future__ import annotations

import contextlib
import importlib
import threading

import click

from geoinvest import geography
from geoinvest.cli.options import (
    allow_outside_opt,
    lang_opt,
    overwrite_opt,
    quiet_opt,
    required_output_opt,
    root_opt,
)
from geoinvest.errors import ConfigError
from geoinvest.figure import DEFAULT_DPI, DEFAULT_WIDTH, figure_size
from geoinvest.project import Project


def usage_error(exc: ConfigError) -> click.UsageError:
    return click.UsageError(str(exc))


def prepare_meanwhile(*modules: str) -> None:
    """Import ``modules`` and load the package geography on a second thread while the
    layers load (as ``geoinvest build`` does); a failure here is raised again, and
    reported, where the main thread needs the module."""

    def work():
        with contextlib.suppress(Exception):
            for name in modules:
                importlib.import_module(name)
            geography.warm()

    threading.Thread(target=work, name="geoinvest-prepare", daemon=True).start()


@click.command("snapshot")
@click.argument("map_name", metavar="MAP")
@required_output_opt("Figure to write: .png, .svg or .pdf.")
@click.option(
    "--width", default=DEFAULT_WIDTH, show_default=True, help="Width, e.g. 180mm, 18cm or 7in."
)
@click.option("--height", default=None, help="Height, e.g. 120mm  [default: from the map]")
@click.option(
    "--dpi", type=int, default=DEFAULT_DPI, show_default=True, help="Dots per inch (PNG)."
)
@lang_opt("Language of the legend and title.")
@allow_outside_opt
@overwrite_opt
@quiet_opt
@root_opt
def command(map_name, output, width, height, dpi, lang, allow_outside, overwrite, quiet, root):
    """Draw a map as a print-quality figure: PNG, SVG or PDF.

    The figure has the offline outline base, the points styled as on the web map (solid
    exact, hollow approximate; dense layers as counted circles), legend, scale bar, north
    arrow, inset map, title and the attribution and sources line. SVG and PDF keep text
    as text. MAP is a map definition file or its name in maps/.

    \b
    Examples:
      geoinvest snapshot peru -o peru.png
      geoinvest snapshot maps/colombia.toml -o colombia.pdf --width 180mm --height 220mm
      geoinvest snapshot honduras -o honduras.svg --width 7in --lang es
    """
    try:  # a bad extension or size is a usage error, found before anything is read
        figure_size(output, width, height, dpi)
    except ConfigError as exc:
        raise usage_error(exc) from None
    prepare_meanwhile("matplotlib.backends.backend_agg", "matplotlib_scalebar.scalebar")
    project = Project(root)
    mapdef = project.read_map(project.map_path(map_name))
    layers = project.load_layers(mapdef.layers, allow_outside=allow_outside)
    from geoinvest.figure import snapshot  # matplotlib: only when a figure is drawn

    path = snapshot(layers, mapdef, output, width, height, dpi, lang=lang, overwrite=overwrite)
    if not quiet:
        click.echo(str(path))
