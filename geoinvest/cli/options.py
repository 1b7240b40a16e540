"""Options shared by several commands, and the one place errors become messages."""

from __future__ import annotations

import warnings
from pathlib import Path

import click

from geoinvest.errors import DataError, GeoinvestError
from geoinvest.mapdef import LANGUAGES

MAX_LISTED = 100  # problems a build prints before pointing at geoinvest validate


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Print a warning (often from a library reading a file) as one plain line, without
    the library's file name, line number and source."""
    click.echo(f"Warning: {message}", err=True)


class GeoinvestGroup(click.Group):
    """A click group that turns geoinvest's typed errors into ``Error: ...`` and exit 1,
    and warnings into ``Warning: ...`` lines."""

    def invoke(self, ctx: click.Context):
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning
            return self._invoke(ctx)

    def _invoke(self, ctx: click.Context):
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


def _root(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """The command's --root, else the group's (``geoinvest --root DIR validate``), else ."""
    if value is not None:
        return value
    return (ctx.obj or {}).get("root") or Path(".")


ROOT_TYPE = click.Path(file_okay=False, path_type=Path)
root_opt = click.option(
    "--root",
    type=ROOT_TYPE,
    default=None,
    callback=_root,
    help="Folder that holds layers/ and maps/.  [default: geoinvest --root, or .]",
)
group_root_opt = click.option(
    "--root",
    type=ROOT_TYPE,
    default=None,
    help="Folder that holds layers/ and maps/, for every command.  [default: .]",
)
output_opt = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write.",
)


def required_output_opt(help: str):
    """``-o/--output FILE``, required, with the command's own help."""
    return click.option(
        "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help=help
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


def lang_opt(help: str):
    """``--lang en|es``, with the command's own help; None when not given."""
    return click.option("--lang", type=click.Choice(LANGUAGES), default=None, help=help)


allow_outside_opt = click.option(
    "--allow-outside",
    is_flag=True,
    help="Keep points that fall outside the country they name, as warnings.",
)
