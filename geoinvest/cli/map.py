"""``geoinvest map``: a quick map of any files, with no registry."""

from __future__ import annotations

from pathlib import Path

import click

from geoinvest.build import ASSETS
from geoinvest.cli.options import allow_outside_opt, output_opt, overwrite_opt, quiet_opt
from geoinvest.model import KINDS


@click.command("map")
@click.argument(
    "paths", metavar="FILE...", nargs=-1, required=True,
    type=click.Path(dir_okay=False, path_type=Path),
)  # fmt: skip
@output_opt
@click.option(
    "--kind", type=click.Choice(KINDS), default=None,
    help="Draw every file as this kind.  [default: event when a file has a date column, "
    "else site]",
)  # fmt: skip
@click.option("--title", default=None, help="The map's title.  [default: the file names]")
@click.option("--table", default="", help="The sheet of a workbook (or table of a GeoPackage).")
@click.option("--date-format", default="", help='How the files write dates, e.g. "%d/%m/%Y".')
@click.option(
    "--assets", type=click.Choice(ASSETS), default="inline", show_default=True,
    help="inline: one file that works offline; cdn: a smaller file that loads Leaflet online.",
)  # fmt: skip
@allow_outside_opt
@overwrite_opt
@quiet_opt
def command(
    paths, output, kind, title, table, date_format, assets, allow_outside, overwrite, quiet
):
    """Make a quick map of any FILE (CSV, XLSX, GeoJSON, GeoPackage, GeoParquet ...),
    one layer each, with no registry.

    Columns are recognised by their names (lat, latitud, lugar, fecha, nombre ...). Only
    the coordinates are required (and, for events, the date); name, precision, sources and
    the other columns are shown when the file has them. Every cell there is checked as
    geoinvest validate checks it: a bad one is named by file, row and column, and nothing
    is written.

    \b
    Examples:
      geoinvest map reporter.csv -o reporter.html
      geoinvest map mines.geojson protests.xlsx -o quick.html --title "First look"
    """
    from geoinvest.quickmap import quick_map

    if output is None:
        raise click.UsageError("give the file to write with -o/--output")
    path = quick_map(
        paths, output, kind=kind, title=title, table=table, date_format=date_format, assets=assets,
        overwrite=overwrite, allow_outside=allow_outside,
    )  # fmt: skip
    if not quiet:
        click.echo(str(path))
