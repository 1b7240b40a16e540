"""Options shared by several commands, and the one place errors become messages."""

from __future__ import annotations

from pathlib import Path

import click

from geoinvest.errors import DataError, GeoinvestError

MAX_LISTED = 100  # problems a build prints before pointing at geoinvest validate


class GeoinvestGroup(click.Group):
    """A click group that turns geoinvest's typed errors into ``Error: ...`` and exit 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DataError as exc:
            for issue in exc.issues[:MAX_LISTED]:
                label = "Error" if issue.severity == "error" else "Warning"
                click.echo(f"{label}: {issue}", err=True)
            if len(exc.issues) > MAX_LISTED:
                click.echo(
                    f"... and {len(exc.issues) - MAX_LISTED} more; "
                    "geoinvest validate lists them all",
                    err=True,
                )
            n = sum(1 for i in exc.issues if i.severity == "error")
            raise click.ClickException(f"{n} problem(s) found; nothing was written.") from None
        except GeoinvestError as exc:
            raise click.ClickException(str(exc)) from None


root_opt = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Folder that holds layers/ and maps/.",
)
output_opt = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write.",
)
overwrite_opt = click.option(
    "--overwrite/--no-overwrite",
    default=True,
    show_default=True,
    help="Replace an existing output file.",
)
verbose_opt = click.option("-v", "--verbose", count=True, help="Say more.")
quiet_opt = click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
format_opt = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print the result.",
)
allow_outside_opt = click.option(
    "--allow-outside",
    is_flag=True,
    help="Keep points that fall outside the country they name, as warnings.",
)
