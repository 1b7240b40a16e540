"""``geoinvest import``: rows from a file, an ACLED export or a GEM tracker into layers."""

from __future__ import annotations

from pathlib import Path

import click

from geoinvest.cli.options import quiet_opt, root_opt
from geoinvest.importing import Report, import_batches
from geoinvest.importing.run import registered_layers
from geoinvest.model import KINDS
from geoinvest.project import Project
from geoinvest.readers import read_table


class _DefaultToFile(click.Group):
    """``geoinvest import FILE ...`` is ``geoinvest import file FILE ...``: a first
    argument that is not a subcommand is the file to import."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["file", *args]
        return super().parse_args(ctx, args)


FILE = click.argument("path", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
TABLE = click.option(
    "--table", default="", help="The sheet of a workbook (or table of a GeoPackage) to read."
)
UPDATE = click.option(
    "--update", is_flag=True, help="Replace rows already present (same id) with the new ones."
)
DRY_RUN = click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")


def _common(f):
    for option in (TABLE, UPDATE, DRY_RUN, quiet_opt, root_opt):
        f = option(f)
    return f


@click.group("import", cls=_DefaultToFile)
def command():
    """Import rows into layers: a file in the layer columns, an ACLED export or a Global
    Energy Monitor tracker. Rows without coordinates are placed from their locality;
    rows without an id get one made from their content (the same on every import); rows
    already in the layer are reported, not doubled (--update replaces them). Rejected
    rows are written beside the input as FILE.rejected.csv with the reason for each.
    Exits 1 when any row was rejected.

    \b
    Examples:
      geoinvest import reporter.csv --into kidnappings
      geoinvest import reporter.xlsx --new-layer my_events --kind event --title "My events"
      geoinvest import acled acled-export.csv --dry-run
      geoinvest import gem Global-Hydropower-Tracker.xlsx
    """


@command.command("file")
@FILE
@click.option("--into", default=None, help="The registered layer to add the rows to.")
@click.option("--new-layer", default=None, help="Register a new layer with this id.")
@click.option("--kind", type=click.Choice(KINDS), default=None, help="The new layer's kind.")
@click.option("--title", default=None, help="The new layer's title.")
@click.option(
    "--date-format",
    default="",
    help='How FILE writes its dates, e.g. "%d/%m/%Y"; they are written as ISO.',
)
@_common
def file_command(
    path, into, new_layer, kind, title, date_format, table, update, dry_run, quiet, root
):
    """Import FILE into a layer. Its columns are named as in the layer schema, or with
    the common English and Spanish names (lugar, fecha, latitud, país, ...).

    \b
    Examples:
      geoinvest import file reporter.csv --into kidnappings
      geoinvest import file new.csv --new-layer my_sites --kind site --title "My sites"
    """
    from geoinvest.importing.adapters.plain import plain_batch

    if (into is None) == (new_layer is None):
        raise click.UsageError("give either --into LAYER or --new-layer ID")
    project = Project(root)
    raw = read_table(path, table=table)
    specs = registered_layers(project.store)
    batch = plain_batch(raw, specs, into=into, new_layer=new_layer, kind=kind, title=title,
                        date_format=date_format)  # fmt: skip
    _run(project, raw, [batch], update, dry_run, quiet)


@command.command("acled")
@FILE
@click.option(
    "--kidnappings",
    default="kidnappings",
    show_default=True,
    help="Layer for abductions and forced disappearances.",
)
@click.option(
    "--protests", default="protests", show_default=True, help="Layer for protests and riots."
)
@click.option(
    "--incidents", default="incidents", show_default=True, help="Layer for every other event."
)
@_common
def acled_command(path, kidnappings, protests, incidents, table, update, dry_run, quiet, root):
    """Import an ACLED export (CSV or XLSX, as downloaded): abductions and forced
    disappearances to kidnappings, protests and riots to protests, the rest to incidents
    (each layer registered if missing). event_id_cnty is the row id; geo_precision and
    time_precision become precision and date_precision; actors, fatalities, sources and
    notes are kept, and ACLED's own codes as acled_* columns.

    \b
    Examples:
      geoinvest import acled acled-export.csv
      geoinvest import acled acled-export.csv --incidents armed_violence --dry-run
    """  # fmt: skip
    from geoinvest.importing.adapters.acled import acled_batches

    project = Project(root)
    raw = read_table(path, table=table)
    layers = {"kidnappings": kidnappings, "protests": protests, "incidents": incidents}
    _run(project, raw, acled_batches(raw, layers), update, dry_run, quiet)


@command.command("gem")
@FILE
@click.option(
    "--tracker",
    type=click.Choice(["hydropower", "mining"]),
    default=None,
    help="Which tracker the file is.  [default: hydropower when it has a river "
    "or capacity column, else mining]",
)
@click.option(
    "--into", default=None, help="Layer for the sites.  [default: hydro_projects or mining_sites]"
)
@_common
def gem_command(path, tracker, into, table, update, dry_run, quiet, root):
    """Import a Global Energy Monitor tracker download (hydropower or mining; CSV, or
    XLSX: its "Data" sheet unless --table names another): status, owners with their
    shares, operator, capacity, river and start year; GEM's location accuracy becomes
    precision (exact 1, approximate 5). The GEM unit (or mine, or asset) id is the row
    id. The layer is registered if missing.

    \b
    Examples:
      geoinvest import gem Global-Hydropower-Tracker.xlsx
      geoinvest import gem coal-mines.csv --tracker mining --into coal_mines --dry-run
    """  # fmt: skip
    from geoinvest.importing.adapters.gem import gem_batches, read_tracker

    project = Project(root)
    raw = read_tracker(path, table)
    _run(project, raw, gem_batches(raw, tracker, into), update, dry_run, quiet)


def _run(project, raw, batches, update, dry_run, quiet) -> None:
    """Import, print what happened, exit 1 when rows were rejected."""
    for issue in raw.issues:
        click.echo(f"Warning: {issue}", err=True)
    report = import_batches(project.store, raw, batches, update=update, dry_run=dry_run)
    print_report(report, raw, dry_run, quiet)
    if report.rejected:
        raise click.exceptions.Exit(1)


def print_report(report: Report, raw, dry_run: bool, quiet: bool) -> None:
    """Per layer what changed (stdout), per row what was left out and why (stderr), then
    the counts line."""
    would = "would be " if dry_run else ""
    if not quiet:
        for b in report.batches:
            made = f" (new layer, {would}registered)" if b.created and b.imported else ""
            click.echo(
                f"{b.layer}: {len(b.imported)} new, {len(b.replaced)} updated, "
                f"{len(b.present)} already present{made}"
            )
    where = raw.origin
    for position, why in report.present:
        if not quiet:
            click.echo(
                f"{where.source} {where.unit} {where.row(position)}: skipped, {why}", err=True
            )
    for position, why in report.rejected:
        click.echo(f"{where.source} {where.unit} {where.row(position)}: rejected: {why}", err=True)
    click.echo(
        f"{report.read} read, {report.imported} imported, {len(report.rejected)} rejected"
        + (" (dry run: nothing written)" if dry_run else "")
    )
    if report.rejected_path:
        click.echo(f"Rejected rows and their reasons: {report.rejected_path}", err=True)
