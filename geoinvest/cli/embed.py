"""``geoinvest embed``: a map as an HTML fragment or an iframe snippet for another page."""

from __future__ import annotations

from pathlib import Path

import click

from geoinvest.cli.options import (
    allow_outside_opt,
    lang_opt,
    overwrite_opt,
    quiet_opt,
    required_output_opt,
    root_opt,
)
from geoinvest.embed import embed
from geoinvest.mapdef import with_language
from geoinvest.project import Project


@click.command("embed")
@click.argument("map_name", metavar="MAP")
@required_output_opt("File to write: the fragment, or with --iframe the snippet.")
@click.option("--iframe", is_flag=True, help="Write an iframe snippet instead of a fragment.")
@click.option(
    "--iframe-src",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="With --iframe: write the map page to this file and point the iframe at it "
    "(default: the page inside the snippet, in srcdoc).",
)
@click.option(
    "--height",
    type=click.IntRange(100, 4000),
    default=None,
    help="Map height in CSS pixels  [default: 4:3 of the width, 320-640 px]",
)
@click.option(
    "--noscript-image/--no-noscript-image",
    default=True,
    show_default=True,
    help="With --iframe: a PNG of the map for readers without scripts.",
)
@lang_opt("Language the map opens in  [default: the map's language]")
@allow_outside_opt
@overwrite_opt
@quiet_opt
@root_opt
def command(
    map_name,
    output,
    iframe,
    iframe_src,
    height,
    noscript_image,
    lang,
    allow_outside,
    overwrite,
    quiet,
    root,
):
    """Write a map for another web page: an HTML fragment, or an iframe snippet.

    The fragment has no <html> or <body>; its styles apply only inside it, so it can be
    pasted into any page, several maps side by side. With --iframe, the snippet holds the
    map page (or points at --iframe-src), follows the map's height and loads lazily.
    MAP is a map definition file or its name in maps/.

    \b
    Examples:
      geoinvest embed peru -o peru-fragment.html
      geoinvest embed honduras --iframe -o honduras-iframe.html
      geoinvest embed maps/colombia.toml --iframe --iframe-src colombia-map.html -o snippet.html
    """
    if iframe_src is not None and not iframe:
        raise click.UsageError("--iframe-src needs --iframe")
    if iframe_src is not None and iframe_src.resolve() == output.resolve():
        raise click.UsageError("--iframe-src must be another file than -o/--output")
    project = Project(root)
    mapdef = with_language(project.read_map(project.map_path(map_name)), lang)
    layers = project.load_layers(mapdef.layers, allow_outside=allow_outside)
    paths = embed(
        layers,
        mapdef,
        output,
        iframe=iframe,
        iframe_src=iframe_src,
        height=height,
        image=noscript_image,
        overwrite=overwrite,
    )
    if not quiet:
        for path in paths:
            click.echo(str(path))
