"""``geoinvest report``: several maps in one HTML or Word file, with every source cited."""

from __future__ import annotations

import click

from geoinvest.cli.options import (
    allow_outside_opt,
    lang_opt,
    overwrite_opt,
    quiet_opt,
    required_output_opt,
    root_opt,
)
from geoinvest.cli.snapshot import prepare_meanwhile, usage_error
from geoinvest.errors import ConfigError
from geoinvest.project import Project


@click.command("report")
@click.argument("maps", nargs=-1)
@required_output_opt("Report to write: .html (interactive maps) or .docx (figures).")
@click.option("--title", default=None, help="The report's title.  [default: Maps and sources]")
@lang_opt("Language of the report's text.")
@allow_outside_opt
@overwrite_opt
@quiet_opt
@root_opt
def command(maps, output, title, lang, allow_outside, overwrite, quiet, root):
    """Write a report: each map with a description, summary tables and its sources.

    For each map: the interactive map (HTML) or its figure (Word), what it shows in words,
    counts by layer and department, sites by status and by owners' country of origin,
    capacity and investment totals; then every source cited by the points shown, once,
    numbered (in the HTML each point's popup gives its numbers). One file, offline.
    With no MAPS, every map definition in maps/.

    \b
    Examples:
      geoinvest report -o report.html
      geoinvest report peru colombia -o report.docx --title "Chinese investment in the Andes"
    """
    # The report's code (the page, python-docx, matplotlib) is imported only when used.
    from geoinvest.report import report_format, write_report

    try:  # an unknown extension is a usage error, found before anything is read
        report_format(output)
    except ConfigError as exc:
        raise usage_error(exc) from None
    prepare_meanwhile("geoinvest.page", "matplotlib.backends.backend_agg")
    project = Project(root)
    if maps:
        mapdefs = [project.read_map(project.map_path(m)) for m in maps]
    else:
        mapdefs = project.map_definitions()
    needed = sorted({layer_id for mapdef in mapdefs for layer_id in mapdef.layers})
    layers = project.load_layers(needed, allow_outside=allow_outside)
    path = write_report(layers, mapdefs, output, title=title, lang=lang, overwrite=overwrite)
    if not quiet:
        click.echo(str(path))
