"""``geoinvest layers``: list the layers with their row counts per country."""

from __future__ import annotations

import json

import click

from geoinvest.cli.options import format_opt, root_opt
from geoinvest.errors import GeoinvestError
from geoinvest.project import Project

SHOWN = 10  # problems listed under the table; validate lists them all


@click.command("layers")
@format_opt
@root_opt
def command(fmt, root):
    """List the layers in layers/layers.toml with their rows per country.

    \b
    Examples:
      geoinvest layers
      geoinvest layers --format json
    """
    loaded = Project(root).load()
    summary = []
    for layer in loaded.layers:
        counts = layer.gdf["country"].value_counts(dropna=False) if "country" in layer.gdf else {}
        summary.append(
            {
                "id": layer.id,
                "kind": layer.spec.kind,
                "title": layer.spec.title_in("en"),
                "file": str(layer.spec.path),
                "rows": len(layer.gdf),
                "countries": {str(k): int(v) for k, v in sorted(dict(counts).items(), key=str)},
            }
        )
    if fmt == "json":
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        countries = sorted({c for s in summary for c in s["countries"]})
        header = ["layer", "kind", "rows", *countries, "title"]
        table = [
            [s["id"], s["kind"], str(s["rows"])]
            + [str(s["countries"].get(c, 0)) for c in countries]
            + [s["title"]]
            for s in summary
        ]
        widths = [max(len(r[i]) for r in [header, *table]) for i in range(len(header))]
        for r in [header, *table]:
            click.echo("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())
    errors = loaded.errors
    for issue in errors[:SHOWN]:
        click.echo(f"Error: {issue}", err=True)
    if errors:
        more = f", the first {SHOWN} above" if len(errors) > SHOWN else ""
        raise GeoinvestError(
            f"{len(errors)} problem(s) found{more}; run geoinvest validate to list them all"
        )
