"""The ``geoinvest`` command group: one module per command, registered here."""

from __future__ import annotations

import click

from geoinvest import __version__
from geoinvest.cli.options import GeoinvestGroup


@click.group(cls=GeoinvestGroup)
@click.version_option(__version__, prog_name="geoinvest")
def main() -> None:
    """Source-cited maps of foreign investment and security incidents.

    Layers live in layers/ (registry: layers/layers.toml), map definitions in maps/.
    Run the commands from the folder that holds both, or pass --root.
    """


def _register() -> None:
    from geoinvest.cli import build, geocode, layers, validate

    for module in (build, geocode, layers, validate):
        main.add_command(module.command)


_register()
