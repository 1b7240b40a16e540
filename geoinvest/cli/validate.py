"""``geoinvest validate``: check every row of the layers and list every problem."""

from __future__ import annotations

import json

import click

from geoinvest.cli.options import allow_outside_opt, format_opt, quiet_opt, root_opt
from geoinvest.errors import GeoinvestError
from geoinvest.filelayers import file_spec, load_files, looks_like_file, project_store
from geoinvest.model import KINDS
from geoinvest.project import Project


@click.command("validate")
@click.argument("layers", nargs=-1)
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default=None,
    help="Check the files among LAYERS as layers of this kind (site or event).",
)
@click.option(
    "--table", default="", help="The sheet of a workbook (or table of a GeoPackage) to check."
)
@click.option(
    "--date-format", default="", help='How the files among LAYERS write dates, e.g. "%d/%m/%Y".'
)
@allow_outside_opt
@format_opt
@quiet_opt
@root_opt
def command(layers, kind, table, date_format, allow_outside, fmt, quiet, root):
    """Check layers against the schema and print every problem found.

    Each problem names the file, row, column, value and how to fix it. Exits 1 if any
    error is found. With no LAYERS, checks every layer in layers/layers.toml. A file
    among LAYERS is checked as a layer of --kind before it is added anywhere (an event
    file's site_id may name a site of the registered layers).

    \b
    Examples:
      geoinvest validate
      geoinvest validate kidnappings protests --format json
      geoinvest validate reporter.csv --kind event
    """
    files = [arg for arg in layers if looks_like_file(arg)]
    names = [arg for arg in layers if arg not in files]
    if files:
        if kind is None:
            raise click.UsageError("checking a file needs --kind site or --kind event")
        specs = [
            file_spec(f, kind, table=table, date_format=date_format, number=n)
            for n, f in enumerate(files, 1)
        ]
        loaded = load_files(specs, project_store(root), layers=names, allow_outside=allow_outside)
    else:
        loaded = Project(root).load(names or None, allow_outside=allow_outside)
    errors = [i for i in loaded.issues if i.severity == "error"]
    if fmt == "json":
        click.echo(json.dumps([i.to_dict() for i in loaded.issues], ensure_ascii=False, indent=2))
    else:
        for issue in loaded.issues:
            label = "error" if issue.severity == "error" else "warning"
            click.echo(f"{label}: {issue}")
    rows = sum(len(layer.gdf) for layer in loaded.layers)
    if errors:
        raise GeoinvestError(
            f"{len(errors)} problem(s) in {rows} rows of {len(loaded.layers)} layer(s); "
            "fix them and run geoinvest validate again"
        )
    if not quiet:
        click.echo(f"OK: {rows} rows in {len(loaded.layers)} layer(s), no errors", err=True)
