"""geoinvest import gem: a Global Energy Monitor tracker (CSV or XLSX) into a site layer."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoinvest.cli import main
from geoinvest.importing.adapters.gem import owners
from geoinvest.owners import parse_owners
from geoinvest.page import read_page

DATA = Path(__file__).parent / "data"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def rows(path: Path) -> dict[str, dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def copy(tmp_path: Path, name: str) -> Path:
    shutil.copy(DATA / "import" / name, tmp_path / name)
    return tmp_path / name


@pytest.mark.parametrize("name", ["gem_hydropower.csv", "gem_hydropower.xlsx"])
def test_hydropower_tracker(project, tmp_path, name):
    path = copy(tmp_path, name)
    result = run("import", "gem", path, "--root", project)
    assert result.exit_code == 1  # one row rejected
    assert result.stdout == (
        "hydro_projects: 5 new, 0 updated, 0 already present (new layer, registered)\n"
        "6 read, 5 imported, 1 rejected\n"
    )
    where = f"{path} sheet 'Data'" if name.endswith(".xlsx") else str(path)
    assert result.stderr == (
        f"{where} row 7: rejected: column Location Accuracy: 'unknown' is neither exact nor "
        "approximate; write one of them, as GEM does; column precision: the cell is empty; "
        "fill in precision; it is required\n"
        f"Rejected rows and their reasons: {path}.rejected.csv\n"
    )
    sites = rows(project / "layers" / "hydro_projects.csv")
    assert sorted(sites) == ["G100001", "G100002", "G100003", "G100004", "G100005"]
    patuca = sites["G100001"]
    assert {k: patuca[k] for k in ("name", "country", "admin1", "locality", "latitude",
                                   "longitude", "precision", "status", "owners", "operator",
                                   "capacity_mw", "river", "start_year")} == {
        "name": "Patuca III (test row)",
        "country": "HN",
        "admin1": "Olancho",
        "locality": "Catacamas",
        "latitude": "14.9",
        "longitude": "-85.9",
        "precision": "5",  # approximate
        "status": "operating",
        "owners": "Empresa Nacional de Energía Eléctrica 100%",
        "operator": "ENEE",
        "capacity_mw": "104",
        "river": "Patuca",
        "start_year": "2020",
    }  # fmt: skip
    assert patuca["sources"] == (
        'Global Energy Monitor, "Global Hydropower Tracker, G100001", 2024-01-15, '
        "https://www.gem.wiki/Patuca_III_test"
    )
    assert sites["G100002"]["precision"] == "1"  # exact
    assert sites["G100004"]["status"] == "cancelled"  # GEM's "canceled"
    assert sites["G100004"]["owners"] == "Desarrollos Energéticos SA 51%; Sinohydro 49%"
    assert "javascript" not in sites["G100004"]["sources"]
    assert sites["G100005"]["country"] == "EC"
    assert sites["G100005"]["owners"] == "Corporación Eléctrica del Ecuador 55%; Sinohydro 45%"
    assert run("validate", "--root", project).exit_code == 0


def test_csv_and_xlsx_give_the_same_rows(project, tmp_path):
    run("import", "gem", copy(tmp_path, "gem_hydropower.csv"), "--root", project)
    before = (project / "layers" / "hydro_projects.csv").read_bytes()
    again = run("import", "gem", copy(tmp_path, "gem_hydropower.xlsx"), "--update", "--root",
                project)  # fmt: skip
    assert again.stdout == (
        "hydro_projects: 0 new, 0 updated, 5 already present\n6 read, 0 imported, 1 rejected\n"
    )
    assert (project / "layers" / "hydro_projects.csv").read_bytes() == before


def test_a_shelved_row_once_fixed_is_imported(project, tmp_path):
    path = copy(tmp_path, "gem_hydropower.csv")
    path.write_text(path.read_text(encoding="utf-8").replace(",unknown,", ",approximate,"),
                    encoding="utf-8")  # fmt: skip
    result = run("import", "gem", path, "--root", project)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "6 read, 6 imported, 0 rejected"
    assert rows(project / "layers" / "hydro_projects.csv")["G100006"]["status"] == "shelved"


def test_mining_tracker_with_a_coordinates_column(project, tmp_path):
    path = copy(tmp_path, "gem_iron_ore.csv")
    result = run("import", "gem", path, "--into", "mines", "--root", project)
    assert result.exit_code == 0
    assert (
        result.stdout == "mines: 2 new, 0 updated, 0 already present\n2 read, 2 imported, "
        "0 rejected\n"
    )
    mines = rows(project / "layers" / "mines.csv")
    marcona = mines["M100001"]
    assert (marcona["latitude"], marcona["longitude"], marcona["precision"]) == (
        "-15.21", "-75.11", "1")  # fmt: skip
    assert marcona["commodity"] == "iron ore"
    assert mines["M100002"]["status"] == "announced"  # GEM's "proposed"
    assert mines["M100002"]["precision"] == "5"
    out = tmp_path / "test.html"
    assert run("build", "test", "-o", out, "--root", project).exit_code == 0
    frames = read_page(out.read_text(encoding="utf-8"))
    assert sorted(frames["mines"]["id"]) == ["M100001", "M100002", "t-mine-co", "t-mine-pe"]


def test_a_workbook_without_a_data_sheet(project, tmp_path):
    import openpyxl

    path = tmp_path / "tracker.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "About"
    book.active.append(["x"])
    book.create_sheet("Units").append(["Project Name"])
    book.save(path)
    result = run("import", "gem", path, "--root", project)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Error: {path}: holds 2 sheets with data: 'About' (0 rows), 'Units' (0 rows); name "
        "the sheet to read (or keep one sheet per file)"
    )


def test_owners_in_geoinvest_form():
    assert owners("A Corp [51%]; B Ltd [49.5%]") == "A Corp 51%; B Ltd 49.5%"
    assert owners("Empresa (ENEE) (100%)") == "Empresa (ENEE) 100%"
    assert owners("Sole Owner") == "Sole Owner"
    assert [o.share for o in parse_owners(owners("A [60%]; B [40%]"))] == [60.0, 40.0]
