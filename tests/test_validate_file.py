"""geoinvest validate PATH --kind: a file checked as a layer before it is added anywhere."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from geoinvest.cli import main

DATA = Path(__file__).parent / "data"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_a_good_file_outside_any_project(tmp_path):
    path = tmp_path / "mines.csv"
    shutil.copy(DATA / "project" / "layers" / "mines.csv", path)
    result = run("validate", path, "--kind", "site", "--root", tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "OK: 2 rows in 1 layer(s), no errors\n"


def test_a_bad_file_lists_every_problem(tmp_path):
    path = tmp_path / "kid.csv"
    shutil.copy(DATA / "bad" / "bad_dates.kidnappings.csv", path)
    result = run("validate", path, "--kind", "event", "--root", tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"error: {path} row 2, column date: '08/06/2011' is not a date; write it as "
        "YYYY-MM-DD: 2011-06-08 if the day comes first, 2011-08-06 if the month does; or set "
        'date_format = "%d/%m/%Y" (or "%m/%d/%Y") in layers.toml'
    )
    assert len(result.stdout.splitlines()) == 4
    assert result.stderr == (
        "Error: 4 problem(s) in 3 rows of 1 layer(s); fix them and run geoinvest validate again\n"
    )


def test_an_event_file_may_name_a_registered_site(project, tmp_path):
    path = tmp_path / "events.csv"
    shutil.copy(project / "layers" / "kidnappings.csv", path)
    inside = run("validate", path, "--kind", "event", "--root", project)
    assert inside.exit_code == 0, inside.output
    outside = run("validate", path, "--kind", "event", "--root", tmp_path)
    assert outside.exit_code == 1
    assert outside.stdout == (
        f"error: {path} row 2, column site_id: 't-mine-co' names no site in any site layer; "
        "use the id of a row in a site layer, or leave site_id empty\n"
    )


def test_the_wrong_kind_names_the_missing_columns(tmp_path):
    path = tmp_path / "mines.csv"
    shutil.copy(DATA / "project" / "layers" / "mines.csv", path)
    result = run("validate", path, "--kind", "event", "--root", tmp_path)
    assert result.exit_code == 1
    assert (
        f"error: {path}, column date: the column is missing; add a column named date and "
        "fill it in" in result.stdout
    )


def test_a_file_needs_a_kind(tmp_path):
    result = run("validate", tmp_path / "x.csv")
    assert result.exit_code == 2
    assert "Error: checking a file needs --kind site or --kind event" in result.stderr


def test_a_missing_file(tmp_path):
    result = run("validate", tmp_path / "x.csv", "--kind", "site", "--root", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'x.csv'}: no such file\n"


def test_a_date_format_for_a_file(tmp_path):
    path = tmp_path / "events.csv"
    text = (DATA / "project" / "layers" / "kidnappings.csv").read_text(encoding="utf-8")
    path.write_text(text.replace("2011-06-08,day", "08/06/2011,day"), encoding="utf-8")
    (tmp_path / "layers").mkdir()  # no registry: site_id names nothing
    path.write_text(path.read_text(encoding="utf-8").replace(",t-mine-co", ","), encoding="utf-8")
    bad = run("validate", path, "--kind", "event", "--root", tmp_path)
    assert bad.exit_code == 1
    good = run("validate", path, "--kind", "event", "--date-format", "%d/%m/%Y", "--root",
               tmp_path)  # fmt: skip
    assert good.exit_code == 0, good.output


def test_a_name_that_is_not_a_file_is_a_layer_id(project):
    result = run("validate", "no-such-layer", "--root", project)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: unknown layer 'no-such-layer'; the layers are: mines, kidnappings\n"
    )
