"""``geoinvest report``: exit codes, exact messages, nothing written on bad input."""

from __future__ import annotations

import io

import docx
from click.testing import CliRunner

from geoinvest.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_report_of_every_map(project):
    out = project / "report.html"
    result = run("report", "-o", out, "--root", project)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}\n"
    text = out.read_text(encoding="utf-8")
    assert text.count("<iframe") == 2  # peru_only and test
    assert "<h1>Maps and sources</h1>" in text


def test_word_report_with_a_title(project):
    out = project / "report.docx"
    result = run(
        "report", "test", "-o", out, "--title", "Mines & kidnappings", "-q", "--root", project
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    document = docx.Document(io.BytesIO(out.read_bytes()))
    assert document.paragraphs[0].text == "Mines & kidnappings"
    assert len(document.inline_shapes) == 1


def test_unknown_extension_is_a_usage_error(project):
    result = run("report", "-o", project / "report.pdf", "--root", project)
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"Error: {project / 'report.pdf'}: '.pdf' is not a report format; "
        "name the file .html or .docx\n"
    )
    assert not (project / "report.pdf").exists()


def test_unknown_map(project):
    result = run("report", "nowhere", "-o", project / "r.html", "--root", project)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {project / 'maps' / 'nowhere.toml'}: no such file\n"


def test_bad_rows_write_nothing(bad_project):
    project = bad_project("latitude_not_number.mines.csv")
    result = run("report", "-o", project / "r.docx", "--root", project)
    assert result.exit_code == 1
    assert result.stderr.endswith("Error: 2 problem(s) found; nothing was written.\n")
    assert not (project / "r.docx").exists()


def test_unwritable_output_exits_1(project):
    blocker = project / "file"
    blocker.write_text("x")
    result = run("report", "-o", blocker / "r.html", "--root", project)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot write {blocker / 'r.html'}: {blocker} is a file, not a folder; "
        "write to a path inside a folder\n"
    )
