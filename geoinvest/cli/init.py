"""``geoinvest init``: start a working folder of one's own."""

from __future__ import annotations

from pathlib import Path

import click

from geoinvest.cli.options import quiet_opt
from geoinvest.scaffold import write_folder


@click.command("init")
@click.argument(
    "folder", required=False, default=".", type=click.Path(file_okay=False, path_type=Path)
)
@click.option(
    "--overwrite", is_flag=True, help="Replace the files init writes if they exist already."
)
@quiet_opt
def command(folder, overwrite, quiet):
    """Write a working folder: layers/ (a registry and a template file per kind, each
    with every column and one example row), maps/ (one map) and a short README.

    Nothing is written when one of these files exists already, unless --overwrite.
    Then edit the rows and run geoinvest validate and geoinvest build in the folder.

    \b
    Examples:
      geoinvest init my-maps
      geoinvest init --overwrite
    """
    paths = write_folder(folder, overwrite=overwrite)
    if not quiet:
        for path in paths:
            click.echo(str(path))
        click.echo(
            f"Next: edit the rows in {folder / 'layers'}, then run geoinvest validate and "
            f"geoinvest build with --root {folder}",
            err=True,
        )
