"""``geoinvest export``: write layers as GeoPackage, KML/KMZ, GeoJSON, GeoParquet, CSV or XLSX."""

from __future__ import annotations

import click

from geoinvest.cli.options import allow_outside_opt, quiet_opt, required_output_opt, root_opt
from geoinvest.export import FORMATS, export
from geoinvest.project import Project


@click.command("export")
@click.argument("layers", nargs=-1)
@required_output_opt(
    "File to write; its extension names the format (.gpkg, .kml, .kmz, .geojson, "
    ".parquet, .csv, .xlsx)."
)
@click.option("--map", "map_name", default=None, help="Export a map's layers and rows only.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default=None,
    help="The format, when the extension does not say it.",
)
@click.option("--overwrite", is_flag=True, help="Replace OUTPUT if it exists.")
@allow_outside_opt
@quiet_opt
@root_opt
def command(layers, output, map_name, fmt, overwrite, allow_outside, quiet, root):
    """Export layers for QGIS, Google Earth and other tools.

    With no LAYERS, exports every layer whole; with --map, exactly the layers and rows
    of that map. GeoPackage, KML/KMZ and XLSX hold a table, folder or sheet per layer;
    CSV, GeoJSON and GeoParquet hold one table, with a first column `layer` when several
    layers share it.

    \b
    Examples:
      geoinvest export -o investments.gpkg
      geoinvest export --map peru -o peru.kmz
      geoinvest export kidnappings protests -o incidents.csv
    """
    if map_name is not None and layers:
        raise click.UsageError("give LAYERS or --map, not both")
    project = Project(root)
    mapdef = project.read_map(project.map_path(map_name)) if map_name is not None else None
    path, written = export(
        project.store,
        output,
        layer_ids=layers,
        mapdef=mapdef,
        fmt=fmt,
        overwrite=overwrite,
        allow_outside=allow_outside,
    )
    if not quiet:
        counts = ", ".join(f"{layer.id} {len(layer.gdf)}" for layer in written)
        rows = sum(len(layer.gdf) for layer in written)
        click.echo(f"{path}: {rows} rows ({counts})")
