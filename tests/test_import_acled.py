"""geoinvest import acled: an ACLED export into kidnappings, protests and incidents."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoinvest.cli import main
from geoinvest.page import read_page
from geoinvest.registry import read_registry

DATA = Path(__file__).parent / "data"
HOSTILE = "Two contractors taken from a pickup. <img src=x onerror=alert(1)>"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def rows(path: Path) -> dict[str, dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}  # fmt: skip


@pytest.fixture
def export(tmp_path) -> Path:
    path = tmp_path / "acled.csv"
    shutil.copy(DATA / "import" / "acled_export.csv", path)
    return path


def test_events_go_to_their_layers(project, export):
    result = run("import", "acled", export, "--root", project)
    assert result.exit_code == 1  # one row rejected
    assert result.stdout == (
        "kidnappings: 3 new, 0 updated, 0 already present\n"
        "protests: 5 new, 0 updated, 0 already present (new layer, registered)\n"
        "incidents: 3 new, 0 updated, 0 already present (new layer, registered)\n"
        "12 read, 11 imported, 1 rejected\n"
    )
    assert result.stderr == (
        f"{export} row 13: rejected: column geo_precision: '9' is not an ACLED code; use one "
        "of 1, 2, 3; column precision: the cell is empty; fill in precision; it is required\n"
        f"Rejected rows and their reasons: {export}.rejected.csv\n"
    )
    layers = project / "layers"
    kidnappings = rows(layers / "kidnappings.csv")
    assert sorted(kidnappings) == ["COL10001", "HND3003", "PER2002", "t-kid-co", "t-kid-pe"]
    assert sorted(rows(layers / "protests.csv")) == [
        "COL10002", "COL10003", "HND3002", "PER2001", "PER2004"
    ]  # fmt: skip
    assert sorted(rows(layers / "incidents.csv")) == ["COL10004", "HND3001", "PER2003"]

    col = kidnappings["COL10001"]
    assert {k: col[k] for k in ("name", "country", "admin1", "locality", "latitude",
                                "longitude", "precision", "date", "date_precision",
                                "perpetrator", "victims", "fatalities", "event_type")} == {
        "name": "Abduction/forced disappearance in Saravena",
        "country": "CO",
        "admin1": "Arauca",
        "locality": "Saravena",
        "latitude": "6.9553",
        "longitude": "-71.8775",
        "precision": "3",
        "date": "2023-03-15",
        "date_precision": "day",
        "perpetrator": "ELN: National Liberation Army",
        "victims": "Civilians (Colombia); Oil workers (Colombia)",
        "fatalities": "0",
        "event_type": "Abduction/forced disappearance",
    }  # fmt: skip
    assert col["sources"] == 'ACLED, "event COL10001, reported by El Tiempo; Semana", 2023-03-15'
    assert col["notes"] == HOSTILE  # kept as text; the page escapes it
    assert (col["acled_geo_precision"], col["acled_time_precision"]) == ("1", "1")
    assert col["acled_event_type"] == "Violence against civilians"
    # time_precision 3 (month): no day is claimed; 2 (week) keeps the date
    assert (kidnappings["PER2002"]["date"], kidnappings["PER2002"]["date_precision"]) == (
        "2023-05", "month")  # fmt: skip
    assert (kidnappings["HND3003"]["date"], kidnappings["HND3003"]["date_precision"]) == (
        "2023-06-14", "week")  # fmt: skip
    protests = rows(layers / "protests.csv")
    assert protests["PER2004"]["precision"] == "4"  # geo_precision 3: a region
    assert protests["COL10003"]["precision"] == "3"  # geo_precision 2: near a town
    assert protests["HND3002"]["country"] == "HN"
    assert protests["HND3002"]["sources"] == (
        'ACLED, "event HND3002, reported by La Prensa/Proceso Digital", 2023-06-10'
    )
    specs = {s.id: s for s in read_registry(layers)}
    assert specs["incidents"].title == {"en": "Other incidents", "es": "Otros incidentes"}
    assert specs["protests"].attribution.startswith("Events: ACLED")

    with open(f"{export}.rejected.csv", encoding="utf-8", newline="") as f:
        rejected = list(csv.DictReader(f))
    assert [(r["row"], r["event_id_cnty"], r["geo_precision"]) for r in rejected] == [
        ("13", "HND3004", "9")
    ]
    assert run("validate", "--root", project).stderr == "OK: 15 rows in 4 layer(s), no errors\n"


def test_import_again_is_idempotent(project, export):
    run("import", "acled", export, "--root", project)
    before = snapshot(project / "layers")
    again = run("import", "acled", export, "--root", project)
    assert again.stdout == (
        "kidnappings: 0 new, 0 updated, 3 already present\n"
        "protests: 0 new, 0 updated, 5 already present\n"
        "incidents: 0 new, 0 updated, 3 already present\n"
        "12 read, 0 imported, 1 rejected\n"
    )
    assert (
        f"{export} row 2: skipped, id COL10001 is in the layer already (--update replaces "
        "it)\n" in again.stderr
    )
    assert snapshot(project / "layers") == before


def test_update_takes_acled_revisions(project, export):
    run("import", "acled", export, "--root", project)
    text = export.read_text(encoding="utf-8")
    export.write_text(text.replace("three killed.,3,", "four killed.,4,"), encoding="utf-8")
    kept = run("import", "acled", export, "--root", project)
    assert "incidents: 0 new, 0 updated, 3 already present\n" in kept.stdout
    assert rows(project / "layers" / "incidents.csv")["COL10004"]["fatalities"] == "3"
    updated = run("import", "acled", export, "--update", "--root", project)
    assert "incidents: 0 new, 1 updated, 2 already present\n" in updated.stdout
    assert "12 read, 1 imported, 1 rejected\n" in updated.stdout
    assert rows(project / "layers" / "incidents.csv")["COL10004"]["fatalities"] == "4"


def test_dry_run_writes_nothing(project, export):
    before = snapshot(project)
    result = run("import", "acled", export, "--dry-run", "--root", project)
    assert result.stdout.splitlines()[-1] == (
        "12 read, 11 imported, 1 rejected (dry run: nothing written)"
    )
    assert (
        "protests: 5 new, 0 updated, 0 already present (new layer, would be registered)"
        in result.stdout
    )
    assert snapshot(project) == before
    assert not Path(f"{export}.rejected.csv").exists()


def test_layers_may_be_renamed(tmp_path, export):
    root = tmp_path / "mine"
    assert run("init", "-q", root).exit_code == 0
    result = run("import", "acled", export, "--kidnappings", "events", "--protests", "events",
                 "--incidents", "events", "--root", root)  # fmt: skip
    assert result.stdout.splitlines()[-1] == "12 read, 11 imported, 1 rejected"
    assert len(rows(root / "layers" / "events.csv")) == 12  # the example row and 11


def test_the_imported_layers_build_into_a_map(project, export, tmp_path):
    run("import", "acled", export, "--root", project)
    (project / "maps" / "acled.toml").write_text(
        'title = "ACLED"\ncountries = ["CO", "PE", "HN"]\n'
        'layers = ["kidnappings", "protests", "incidents"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "acled.html"
    built = run("build", "acled", "-o", out, "--root", project)
    assert built.exit_code == 0, built.output
    html = out.read_text(encoding="utf-8")
    assert "<img src=x" not in html and "</script><script>alert" not in html
    frames = read_page(html)
    assert sorted(frames) == ["incidents", "kidnappings", "protests"]
    assert len(frames["kidnappings"]) == 5 and len(frames["protests"]) == 5
    notes = frames["kidnappings"].set_index("id")["notes"]
    assert notes["COL10001"] == HOSTILE


def test_not_an_acled_export(project, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("event_id_cnty,event_date\nX1,2023-01-01\n", encoding="utf-8")
    result = run("import", "acled", path, "--root", project)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Error: {path}, column event_type: the column is missing, so this is not an ACLED "
        "export; import the file as downloaded, with every column"
    )
    assert result.stderr.splitlines()[-1] == "Error: 7 problem(s) found; nothing was written."


def test_an_xlsx_export_with_date_cells(project, export, tmp_path):
    import datetime

    import openpyxl

    with open(export, encoding="utf-8", newline="") as f:
        header, *body = list(csv.reader(f))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in body:
        cells: list = list(row)
        cells[1] = datetime.datetime.strptime(row[1], "%d %B %Y")  # a date cell
        for name in ("latitude", "longitude"):
            cells[header.index(name)] = float(row[header.index(name)])
        for name in ("geo_precision", "time_precision", "fatalities"):
            cells[header.index(name)] = int(row[header.index(name)])
        sheet.append(cells)
    path = tmp_path / "acled.xlsx"
    book.save(path)
    from_xlsx = run("import", "acled", path, "--dry-run", "--root", project)
    assert from_xlsx.stdout.splitlines()[-1] == (
        "12 read, 11 imported, 1 rejected (dry run: nothing written)"
    )
    run("import", "acled", export, "--root", project)
    again = run("import", "acled", path, "--update", "--root", project)
    assert again.stdout.splitlines()[-1] == "12 read, 0 imported, 1 rejected"  # same rows
