"""geoinvest import FILE: rows into a layer, placed, with ids, never doubled, rejects written."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from geoinvest.cli import main
from geoinvest.importing.ids import content_id, normalise
from geoinvest.registry import read_registry
from geoinvest.schema import ID_PATTERN

DATA = Path(__file__).parent / "data"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}  # fmt: skip


def reporter(tmp_path: Path) -> Path:
    path = tmp_path / "reporter.csv"
    shutil.copy(DATA / "import" / "reporter.csv", path)
    return path


def test_import_into_a_layer(project, tmp_path):
    path = reporter(tmp_path)
    result = run("import", path, "--into", "kidnappings", "--root", project)
    assert result.exit_code == 1  # rows were rejected
    assert result.stdout == (
        "kidnappings: 3 new, 0 updated, 1 already present\n6 read, 3 imported, 2 rejected\n"
    )
    err = result.stderr.splitlines()
    assert err[0] == f"{path} row 6: skipped, same content as row 3 of the input"
    assert err[1].startswith(
        f"{path} row 4: rejected: column locality: 'Nowhereville' could not be placed (unmatched)"
    )
    assert err[1].endswith("add latitude and longitude, or name the place as the gazetteer does")
    assert err[2] == (
        f"{path} row 5: rejected: column sources: the cell is empty; cite at least one source: "
        'Publisher, "Title", YYYY-MM-DD[, https://...]; separate several with |'
    )
    assert err[3] == f"Rejected rows and their reasons: {path}.rejected.csv"

    layer = {row["name"]: row for row in rows(project / "layers" / "kidnappings.csv")}
    assert len(layer) == 5  # the 2 rows it had, and 3 new
    gate = layer["Protest at the mine gate"]
    assert re.match(ID_PATTERN, gate["id"]) and gate["id"].startswith("kidnappings-")
    assert (gate["latitude"], gate["longitude"], gate["precision"]) == ("-11.61", "-76.13", "2")
    assert gate["geocode_status"] == ""
    placed = layer["Road blockade in Huancayo"]
    assert placed["geocode_status"] == "matched"
    assert placed["precision"] == "3"
    assert abs(float(placed["latitude"]) + 12.07) < 0.1
    assert abs(float(placed["longitude"]) + 75.21) < 0.1
    assert layer["Strike at the smelter"]["id"] == "pe-2020-01-07-strike"

    rejected = rows(Path(f"{path}.rejected.csv"))
    assert [(r["row"], r["name"]) for r in rejected] == [
        ("4", "Clash in a place nobody knows"), ("5", "Uncited march")
    ]  # fmt: skip
    assert rejected[1]["reason"].startswith("column sources: the cell is empty")
    assert list(rejected[0])[:3] == ["row", "reason", "id"]
    assert run("validate", "--root", project).exit_code == 0


def test_import_again_changes_nothing(project, tmp_path):
    path = reporter(tmp_path)
    run("import", path, "--into", "kidnappings", "--root", project)
    ids = [row["id"] for row in rows(project / "layers" / "kidnappings.csv")]
    before = snapshot(project)
    again = run("import", path, "--into", "kidnappings", "--root", project)
    assert again.stdout == (
        "kidnappings: 0 new, 0 updated, 4 already present\n6 read, 0 imported, 2 rejected\n"
    )
    assert (
        f"{path} row 7: skipped, id pe-2020-01-07-strike is in the layer already "
        "(--update replaces it)" in again.stderr
    )
    assert snapshot(project) == before
    assert [row["id"] for row in rows(project / "layers" / "kidnappings.csv")] == ids


def test_update_replaces_the_row_of_the_same_id(project, tmp_path):
    path = reporter(tmp_path)
    run("import", path, "--into", "kidnappings", "--root", project)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("2020-01-07,day,1", "2020-01-07,day,2"), encoding="utf-8")
    result = run("import", path, "--into", "kidnappings", "--update", "--root", project)
    assert result.stdout == (
        "kidnappings: 0 new, 1 updated, 3 already present\n6 read, 1 imported, 2 rejected\n"
    )
    layer = rows(project / "layers" / "kidnappings.csv")
    strikes = [row for row in layer if row["id"] == "pe-2020-01-07-strike"]
    assert [row["fatalities"] for row in strikes] == ["2"]
    assert len(layer) == 5


def test_dry_run_writes_nothing(project, tmp_path):
    path = reporter(tmp_path)
    before = snapshot(project)
    result = run("import", path, "--new-layer", "reports", "--kind", "event", "--title",
                 "Reports", "--dry-run", "--root", project)  # fmt: skip
    assert result.exit_code == 1
    assert result.stdout == (
        "reports: 3 new, 0 updated, 1 already present (new layer, would be registered)\n"
        "6 read, 3 imported, 2 rejected (dry run: nothing written)\n"
    )
    assert snapshot(project) == before
    assert not Path(f"{path}.rejected.csv").exists()
    assert "Rejected rows" not in result.stderr


def test_new_layer_is_registered_and_builds(project, tmp_path):
    path = reporter(tmp_path)
    result = run("import", path, "--new-layer", "reports", "--kind", "event", "--title",
                 "Reports", "--root", project)  # fmt: skip
    assert (
        result.stdout.splitlines()[0] == "reports: 3 new, 0 updated, 1 already present "
        "(new layer, registered)"
    )
    specs = {s.id: s for s in read_registry(project / "layers")}
    assert specs["reports"].kind == "event"
    assert specs["reports"].title == {"en": "Reports"}
    assert specs["reports"].path == project / "layers" / "reports.csv"
    (project / "maps" / "reports.toml").write_text(
        'title = "Reports"\ncountries = ["PE"]\nlayers = ["mines", "reports"]\n', encoding="utf-8"
    )
    out = tmp_path / "reports.html"
    built = run("build", "reports", "-o", out, "--root", project)
    assert built.exit_code == 0, built.output
    from geoinvest.page import read_page

    frames = read_page(out.read_text(encoding="utf-8"))
    assert sorted(frames["reports"]["name"]) == [
        "Protest at the mine gate", "Road blockade in Huancayo", "Strike at the smelter"
    ]  # fmt: skip


def test_into_an_unknown_layer(project, tmp_path):
    result = run("import", reporter(tmp_path), "--into", "dams", "--root", project)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: unknown layer 'dams'; the layers are: mines, kidnappings; or make one with "
        "--new-layer ID --kind site|event --title TEXT\n"
    )


def test_a_new_layer_needs_a_kind_and_a_title(project, tmp_path):
    result = run("import", reporter(tmp_path), "--new-layer", "x", "--root", project)
    assert result.exit_code == 1
    assert result.stderr == "Error: a new layer needs --kind site or --kind event\n"
    result = run("import", reporter(tmp_path), "--new-layer", "x", "--kind", "site", "--root",
                 project)  # fmt: skip
    assert result.stderr == 'Error: a new layer needs a title: --title "..."\n'


def test_into_or_new_layer_is_a_usage_error(project, tmp_path):
    result = run("import", reporter(tmp_path), "--root", project)
    assert result.exit_code == 2
    assert "Error: give either --into LAYER or --new-layer ID" in result.stderr


def test_events_into_a_site_layer(project, tmp_path):
    path = reporter(tmp_path)
    result = run("import", path, "--into", "mines", "--root", project)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path} has a date column, so its rows look like events, but layer 'mines' "
        "holds sites; import into an event layer\n"
    )


def test_ids_from_content_are_stable():
    row = {"name": "Road blockade", "latitude": "-12.050", "country": "PE", "notes": ""}
    same = {"country": "pe", "name": "  Road   blockade ", "latitude": "-12.05"}
    assert content_id("my_events", row) == content_id("my_events", same)
    assert re.match(ID_PATTERN, content_id("my_events", row))
    assert content_id("my_events", row).startswith("my-events-")
    assert content_id("my_events", row) != content_id("my_events", row | {"name": "Other"})
    assert normalise(None) == normalise(float("nan")) == ""


def test_spanish_columns_dms_decimal_commas_and_a_date_format(tmp_path):
    root = tmp_path / "mine"
    assert run("init", "-q", root).exit_code == 0
    path = DATA / "import" / "reporter_es.csv"
    result = run("import", path, "--into", "events", "--date-format", "%d/%m/%Y", "--root", root)
    assert result.exit_code == 0, result.output
    assert (
        result.stdout == "events: 3 new, 0 updated, 0 already present\n3 read, 3 imported, "
        "0 rejected\n"
    )
    assert result.stderr.startswith(f"Warning: {path}: is not UTF-8; read as Windows-1252")
    layer = {row["name"]: row for row in rows(root / "layers" / "events.csv")}
    lima = layer["Marcha en Lima"]  # 12°03'S 77°02'W, 15/03/2020
    assert (lima["latitude"], lima["longitude"], lima["date"]) == ("-12.05", "-77.033333",
                                                                   "2020-03-15")  # fmt: skip
    assert lima["admin1"] == "Lima" and lima["country"] == "PE" and lima["fatalities"] == "0"
    paro = layer["Paro"]  # -11,61 -76,13
    assert (paro["latitude"], paro["longitude"], paro["date"]) == ("-11.61", "-76.13",
                                                                   "2020-03-17")  # fmt: skip
    assert layer["Bloqueo"]["geocode_status"] == "matched"
    assert run("validate", "--root", root).exit_code == 0


def test_the_readme_example_is_what_import_prints(project, monkeypatch):
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ geoinvest import reporter.csv --into kidnappings\n", 1)[1]
    expected = block.split("```", 1)[0].splitlines()
    shutil.copy(DATA / "import" / "reporter.csv", project / "reporter.csv")
    monkeypatch.chdir(project)
    result = run("import", "reporter.csv", "--into", "kidnappings")
    out, err = result.stdout.splitlines(), result.stderr.splitlines()
    assert expected == out[:1] + err[:3] + out[1:] + err[3:]


def test_a_clean_import_removes_the_rejected_file_an_earlier_one_left(project, tmp_path):
    path = reporter(tmp_path)
    run("import", path, "--into", "kidnappings", "--root", project)
    assert Path(f"{path}.rejected.csv").exists()
    fixed = [line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
             if "Nowhereville" not in line and "Uncited" not in line]  # fmt: skip
    path.write_text("".join(fixed), encoding="utf-8")
    result = run("import", path, "--into", "kidnappings", "--root", project)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "4 read, 0 imported, 0 rejected"
    assert not Path(f"{path}.rejected.csv").exists()


def test_a_full_disk_leaves_the_layer_as_it_was(project, tmp_path, monkeypatch):
    import errno
    import os

    from geoinvest import output

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    layer = project / "layers" / "kidnappings.csv"
    before = layer.read_bytes()
    monkeypatch.setattr(output.os, "replace", full)
    result = run("import", reporter(tmp_path), "--into", "kidnappings", "--root", project)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot write {layer}: the disk is full; free some space or write to another disk\n"
    )
    assert layer.read_bytes() == before
    assert sorted(p.name for p in layer.parent.iterdir()) == [
        "kidnappings.csv", "layers.toml", "mines.csv"
    ]  # fmt: skip


def test_files_in_other_formats_import_and_build(tmp_path):
    root = tmp_path / "mine"
    assert run("init", "-q", root).exit_code == 0
    formats = DATA / "formats" / "layers"
    kml = run("import", formats / "mymaps.kml", "--table", "Minas", "--new-layer", "minas",
              "--kind", "site", "--title", "Minas", "--root", root)  # fmt: skip
    assert kml.stdout.splitlines()[-1] == "2 read, 2 imported, 0 rejected", kml.output
    utm = run("import", formats / "represas_utm.zip", "--into", "sites", "--root", root)
    assert utm.stdout.splitlines()[-1] == "2 read, 2 imported, 0 rejected", utm.output
    sites = {row["id"]: row for row in rows(root / "layers" / "sites.csv")}
    # the Shapefile is in UTM 18S: stored as decimal degrees
    assert (sites["co-hidroituango"]["latitude"], sites["co-hidroituango"]["longitude"]) == (
        "7.13", "-75.66")  # fmt: skip
    assert run("validate", "--root", root).exit_code == 0
    built = run("build", "--root", root)
    assert built.exit_code == 0, built.output


def test_a_registry_of_comments_only_gets_its_first_layer(tmp_path):
    root = tmp_path / "empty"
    (root / "layers").mkdir(parents=True)
    (root / "layers" / "layers.toml").write_text("# my layers\n", encoding="utf-8")
    result = run("import", reporter(tmp_path), "--new-layer", "reports", "--kind", "event",
                 "--title", "Reports", "--root", root)  # fmt: skip
    assert result.stdout.splitlines()[-1] == "6 read, 3 imported, 2 rejected"
    text = (root / "layers" / "layers.toml").read_text(encoding="utf-8")
    assert text.startswith('# my layers\n\n[[layer]]\nid = "reports"\n')
    assert [s.id for s in read_registry(root / "layers")] == ["reports"]


def test_the_same_row_under_another_id_is_already_present(project, tmp_path):
    path = reporter(tmp_path)
    run("import", path, "--into", "kidnappings", "--root", project)
    path.write_text(path.read_text(encoding="utf-8").replace("pe-2020-01-07-strike",
                                                             "strike-again"),
                    encoding="utf-8")  # fmt: skip
    result = run("import", path, "--into", "kidnappings", "--root", project)
    assert (
        f"{path} row 7: skipped, the layer holds the same row as pe-2020-01-07-strike\n"
        in result.stderr
    )
    assert "kidnappings: 0 new, 0 updated, 4 already present\n" in result.stdout
