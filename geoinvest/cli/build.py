"""``geoinvest build``: write maps as self-contained HTML files."""

from __future__ import annotations

import contextlib
import importlib
import threading
from datetime import UTC, datetime
from pathlib import Path

import click

from geoinvest import geography
from geoinvest.build import ASSETS, DEFAULT_OUT_DIR, build_all, build_maps
from geoinvest.cli.options import (
    allow_outside_opt,
    lang_opt,
    output_opt,
    overwrite_opt,
    quiet_opt,
    root_opt,
)
from geoinvest.mapdef import with_language
from geoinvest.project import Project


def _prepare_meanwhile() -> None:
    """Import the page code (folium and its templates, about 0.5 s) and load the package
    geography while the layers load, on a second thread.

    Their first users wait for them. A failure here is ignored: the same import or load
    on the main thread raises it again, where it is reported.
    """

    def work():
        with contextlib.suppress(Exception):
            importlib.import_module("geoinvest.page")
            geography.warm()

    threading.Thread(target=work, name="geoinvest-prepare", daemon=True).start()


@click.command("build")
@click.argument("maps", nargs=-1)
@output_opt
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=f"Folder for the maps when -o is not given  [default: ROOT/{DEFAULT_OUT_DIR}]",
)
@click.option(
    "--assets",
    type=click.Choice(ASSETS),
    default="inline",
    show_default=True,
    help="inline: one file that works offline; cdn: a smaller file that loads Leaflet online.",
)
@click.option("--stamp", is_flag=True, help="Write the build time into the page.")
@lang_opt("Language the maps open in  [default: each map's language]")
@allow_outside_opt
@overwrite_opt
@quiet_opt
@root_opt
def command(maps, output, out_dir, assets, stamp, lang, allow_outside, overwrite, quiet, root):
    """Build maps into self-contained HTML files.

    With no MAPS, builds every map definition in maps/ into out/ and prints the paths.
    MAPS are map definition files or their names.

    \b
    Examples:
      geoinvest build
      geoinvest build maps/peru.toml -o peru.html
      geoinvest build colombia --assets cdn -o colombia-online.html
      geoinvest build peru --lang es -o peru-es.html
    """
    _prepare_meanwhile()
    project = Project(root)
    when = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if stamp else None
    out_dir = out_dir if out_dir is not None else project.root / DEFAULT_OUT_DIR
    if output is not None and len(maps) != 1:
        raise click.UsageError("-o/--output needs exactly one map; use --out-dir for several")
    if not maps:
        paths = build_all(
            project, out_dir, assets=assets, stamp=when, allow_outside=allow_outside, lang=lang
        )
    else:
        mapdefs = [with_language(project.read_map(project.map_path(m)), lang) for m in maps]
        targets = [(m, output if output is not None else out_dir / f"{m.id}.html") for m in mapdefs]
        paths = build_maps(
            project,
            targets,
            assets=assets,
            stamp=when,
            overwrite=overwrite,
            allow_outside=allow_outside,
        )
    if not quiet:
        for path in paths:
            click.echo(str(path))
