"""``geoinvest validate``: check every row of the layers and list every problem."""

from __future__ import annotations

import json

import click

from geoinvest.cli.options import allow_outside_opt, format_opt, quiet_opt, root_opt
from geoinvest.errors import GeoinvestError
from geoinvest.project import Project


@click.command("validate")
@click.argument("layers", nargs=-1)
@allow_outside_opt
@format_opt
@quiet_opt
@root_opt
def command(layers, allow_outside, fmt, quiet, root):
    """Check layers against the schema and print every problem found.

    Each problem names the file, row, column, value and how to fix it. Exits 1 if any
    error is found. With no LAYERS, checks every layer in layers/layers.toml.

    \b
    Examples:
      geoinvest validate
      geoinvest validate kidnappings protests --format json
    """
    loaded = Project(root).load(layers or None, allow_outside=allow_outside)
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
