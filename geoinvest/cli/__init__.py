"""The ``geoinvest`` command group: one module per command, registered here."""

from __future__ import annotations

import click

from geoinvest import __version__
from geoinvest.cli.options import GeoinvestGroup, group_root_opt


@click.group(cls=GeoinvestGroup)
@click.version_option(__version__, prog_name="geoinvest")
@group_root_opt
@click.pass_context
def main(ctx: click.Context, root) -> None:
    """Source-cited maps of foreign investment and security incidents.

    Layers live in layers/ (registry: layers/layers.toml), map definitions in maps/.
    Run the commands from the folder that holds both, or pass --root (before or after
    the command).
    """
    ctx.ensure_object(dict)["root"] = root


def _register() -> None:
    from geoinvest.cli import build, geocode, layers, validate

    for module in (build, geocode, layers, validate):
        main.add_command(module.command)


_register()
