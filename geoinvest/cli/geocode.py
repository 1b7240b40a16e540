"""``geoinvest geocode``: add coordinates to a table of place names, offline."""

from __future__ import annotations

from pathlib import Path

import click

from geoinvest.cli.options import output_opt, overwrite_opt, quiet_opt
from geoinvest.gazetteer import ATTRIBUTION, load
from geoinvest.model import Origin
from geoinvest.output import check_not_input

PROGRESS_FROM = 5000  # rows; shorter inputs get no progress bar


@click.command("geocode")
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@output_opt
@click.option("--place-col", required=True, help="Column that holds the place names.")
@click.option("--admin1-col", default=None, help="Column with the department or province.")
@click.option(
    "--country",
    default=None,
    help="ISO code every row lies in (PE, CO, HN), or 'auto' to use a country column "
    "or the country most rows match.",
)
@click.option(
    "--country-col",
    default=None,
    help="Column with each row's country (a name or ISO code); by default a column named "
    "country, pais or país is used.",
)
@click.option(
    "--review",
    "review_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="CSV of the places that need a choice, with their candidates: fill in its choice "
    "column (a candidate id, 'lat,lon' or 'skip') and run again with the same file.",
)
@click.option(
    "--gazetteer",
    "gazetteer_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="CSV of your own places (name, country, latitude, longitude[, admin1, kind, "
    "precision]); its entries win over the built-in ones.",
)
@click.option(
    "--table",
    default="",
    help="The sheet of an XLSX workbook (or table of a GeoPackage) to read, when it has several.",
)
@overwrite_opt
@quiet_opt
def command(
    input_path, output, place_col, admin1_col, country, country_col, review_path,
    gazetteer_path, table, overwrite, quiet,
):  # fmt: skip
    """Geocode INPUT (CSV, XLSX or GeoJSON) to OUTPUT (CSV or GeoJSON), offline.

    Adds latitude, longitude, precision (1 exact site, 3 town, 4 department, 6 country),
    geocode_match, geocode_source, geocode_status and geocode_candidates. Every row is
    written. Coordinates the input already has are kept; cells that cannot be used as
    they are (a decimal comma, half a point) are kept as written (status invalid). Rows
    that are unmatched, ambiguous or invalid are listed on stderr and the command exits 1.

    With --review, the places that are ambiguous or unmatched are written with their
    candidates to a CSV; write your choice in its choice column and run the same command
    again: the choices are applied (status reviewed or skipped) and kept in the file.

    \b
    Examples:
      geoinvest geocode reporter.xlsx -o places.csv --place-col lugar --country CO
      geoinvest geocode reporter.csv -o places.csv --place-col lugar --review review.csv
    """
    # rapidfuzz: only this command needs it
    from geoinvest import review
    from geoinvest.geocode import attach, resolve
    from geoinvest.given import check_given
    from geoinvest.placefile import read_places, write_places

    if output is None:
        raise click.UsageError("give the file to write with -o/--output")
    check_not_input(output, [input_path, gazetteer_path, review_path])
    if review_path is not None:
        check_not_input(review_path, [input_path, gazetteer_path])
        review.check_path(review_path)
    raw = read_places(input_path, table=table)
    for issue in raw.issues:
        click.echo(f"Warning: {issue}", err=True)
    df = raw.frame
    gazetteer = load(gazetteer_path)
    args = (df, place_col, admin1_col, country, gazetteer)
    if len(df) >= PROGRESS_FROM and not quiet:
        stderr = click.get_text_stream("stderr")
        with click.progressbar(length=len(df), label="Geocoding", file=stderr) as bar:
            found = resolve(*args, bar.update, raw.origin, country_col)
    else:
        found = resolve(*args, origin=raw.origin, country_col=country_col)
    out = attach(df, found.results, found.geo, raw.origin)
    choices = {}
    if review_path is not None and review_path.exists():
        choices = review.read_choices(review_path, found.geo)
        out = review.apply(out, found, choices, review_path.name)
    write_places(out, output, overwrite=overwrite)
    if review_path is not None:
        table = review.review_table(out, found, choices, raw.origin)
        review.write_review(table, review_path)
    problems = check_given(df, raw.origin).issues
    status = out["geocode_status"]
    lines = [(issue.row, str(issue)) for issue in problems]
    bad = status.isin(["unmatched", "ambiguous"]).to_numpy()
    for position in bad.nonzero()[0]:
        row = out.iloc[position]
        what = f"{row[place_col]!r} is {row['geocode_status']}"
        hint = row["geocode_candidates"]
        label = "candidates" if row["geocode_status"] == "ambiguous" else "did you mean"
        text = f"{_where(raw.origin, position)}: {what}" + (f"; {label}: {hint}" if hint else "")
        lines.append((raw.origin.row(position), text))
    for _, text in sorted(lines, key=lambda line: line[0]):
        click.echo(text, err=True)
    if not quiet:
        counts = ", ".join(f"{n} {s}" for s, n in status.value_counts().sort_index().items())
        click.echo(f"{len(out)} rows written to {output} ({counts})", err=True)
        if review_path is not None and bad.any():
            open_places = len({found.keys[i] for i in bad.nonzero()[0]})
            click.echo(f"{open_places} place(s) need a choice: fill in the choice column of "
                       f"{review_path} and run again", err=True)  # fmt: skip
        click.echo(ATTRIBUTION, err=True)
    if lines:
        raise click.exceptions.Exit(1)


def _where(origin: Origin, position: int) -> str:
    """'in.csv row 5' or 'in.geojson feature 4': numbered as geoinvest validate numbers
    them (the reader's Origin), for a 0-based position in the input."""
    return f"{origin.source} {origin.unit} {origin.row(position)}"
