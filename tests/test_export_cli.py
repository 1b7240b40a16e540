"""``geoinvest export``: exit codes, what it prints, and the exact text of each refusal."""

from __future__ import annotations

import re
import shlex
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoinvest.cli import main
from geoinvest.errors import OutputError
from geoinvest.export import write_layers
from geoinvest.export.kml import KML_NS
from geoinvest.project import Project

TRICKY = Path(__file__).parent / "data" / "export"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def tricky_root(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(TRICKY, root)
    return root


def test_export_writes_every_layer_and_says_how_many_rows(tricky_root, tmp_path):
    out = tmp_path / "all.gpkg"
    result = run("export", "--root", tricky_root, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}: 5 rows (tricky_sites 2, tricky_events 3)\n"
    assert out.stat().st_size > 0


def test_export_named_layers_only(tricky_root, tmp_path):
    out = tmp_path / "events.csv"
    result = run("export", "tricky_events", "--root", tricky_root, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}: 3 rows (tricky_events 3)\n"
    assert out.read_text(encoding="utf-8").startswith("id,name,country,")


def test_export_a_map_in_its_language(tricky_root, tmp_path):
    out = tmp_path / "map.kmz"
    result = run("export", "--map", "tricky", "--root", tricky_root, "-o", out)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        root = ET.fromstring(archive.read("doc.kml"))
    names = [f.find(f"{{{KML_NS}}}name").text for f in root.iter(f"{{{KML_NS}}}Folder")]
    assert names == ["Sitios difíciles", "Eventos difíciles"]


def test_format_overrides_the_extension(tricky_root, tmp_path):
    out = tmp_path / "data.txt"
    result = run("export", "--root", tricky_root, "-o", out, "--format", "geojson")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith('{\n"type": "FeatureCollection"')


def test_an_existing_file_needs_overwrite(tricky_root, tmp_path):
    out = tmp_path / "all.csv"
    out.write_text("keep me", encoding="utf-8")
    result = run("export", "--root", tricky_root, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {out} exists; pass --overwrite to replace it\n"
    assert out.read_text(encoding="utf-8") == "keep me"
    result = run("export", "--root", tricky_root, "-o", out, "--overwrite")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("layer,id,name,")


def test_an_unknown_extension_lists_the_formats(tricky_root, tmp_path):
    out = tmp_path / "all.shp"
    result = run("export", "--root", tricky_root, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {out}: cannot tell the export format from the extension .shp; end the name "
        "with one of .gpkg, .kml, .kmz, .geojson, .json, .parquet, .geoparquet, .csv, .xlsx, "
        "or pass --format\n"
    )
    assert not out.exists()


def test_usage_errors_exit_2(tricky_root, tmp_path):
    result = run("export", "--root", tricky_root, "-o", tmp_path / "a.csv", "--format", "shp")
    assert result.exit_code == 2
    assert "Invalid value for '--format': 'shp' is not one of 'gpkg', 'kml'" in result.stderr
    result = run("export", "tricky_events", "--map", "tricky", "--root", tricky_root, "-o", "x.csv")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: give LAYERS or --map, not both\n")
    result = run("export", "--root", tricky_root)
    assert result.exit_code == 2
    assert "Missing option '-o' / '--output'" in result.stderr


def test_an_unknown_layer_is_named(tricky_root, tmp_path):
    result = run("export", "nope", "--root", tricky_root, "-o", tmp_path / "a.csv")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: unknown layer 'nope'; the layers are: tricky_sites, tricky_events\n"
    )


def test_an_input_is_never_overwritten(tricky_root):
    source = tricky_root / "layers" / "tricky_events.csv"
    before = source.read_bytes()
    result = run("export", "--root", tricky_root, "-o", source, "--overwrite")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {source}: writing there would overwrite the input {source}; "
        "write to another file\n"
    )
    assert source.read_bytes() == before


def test_an_unwritable_path_is_a_clear_error(tricky_root, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    out = blocker / "all.gpkg"
    result = run("export", "--root", tricky_root, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot write {out}: {blocker} is a file, not a folder; "
        "write to a path inside a folder\n"
    )


def test_a_bad_layer_writes_nothing(tricky_root, tmp_path):
    layer_file = tricky_root / "layers" / "tricky_events.csv"
    text = layer_file.read_text(encoding="utf-8")
    layer_file.write_text(text.replace("1965-03-15", "1965-13-15"), encoding="utf-8")
    out = tmp_path / "all.gpkg"
    result = run("export", "--root", tricky_root, "-o", out)
    assert result.exit_code == 1
    assert "column date: '1965-13-15' is not a date of the calendar" in result.stderr
    assert result.stderr.endswith("Error: 1 problem(s) found; nothing was written.\n")
    assert not out.exists()


@pytest.mark.parametrize("suffix", [".gpkg", ".kmz", ".xlsx", ".csv", ".parquet"])
def test_a_write_that_fails_leaves_the_old_file_and_no_temporary(suffix, tmp_path, monkeypatch):
    """A writer failing half-way (here: after its first layer) leaves what was there."""
    from geoinvest.export import columns

    layers = Project(TRICKY).load_layers()
    out = tmp_path / f"all{suffix}"
    out.write_bytes(b"old")
    calls = []
    real = columns.columns

    def fail_on_the_second_layer(layer):
        calls.append(layer.id)
        if len(set(calls)) > 1:
            raise OSError(28, "No space left on device")
        return real(layer)

    for module in ("columns", "spreadsheet", "kml", "geodata", "geopackage"):
        target = f"geoinvest.export.{module}"
        if hasattr(__import__(target, fromlist=["x"]), "columns"):
            monkeypatch.setattr(f"{target}.columns", fail_on_the_second_layer)
    with pytest.raises(OutputError) as caught:
        write_layers(layers, out, overwrite=True)
    assert str(caught.value) == (
        f"cannot write {out}: the disk is full; free some space or write to another disk"
    )
    assert len(set(calls)) == 2
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def _readme_export_examples() -> list[str]:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    return sorted(set(re.findall(r"^(geoinvest export .*)$", readme, re.MULTILINE)))


def test_the_readme_has_export_examples():
    assert len(_readme_export_examples()) >= 6


@pytest.mark.parametrize("example", _readme_export_examples())
def test_every_readme_export_example_runs(example, tmp_path, monkeypatch):
    """Each example, run on the repository's layers and maps; the file reads back."""
    repo = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(tmp_path)
    args = shlex.split(example)[1:]
    result = run(*args, "--root", repo)
    assert result.exit_code == 0, result.output
    output = Path(args[args.index("-o") + 1])
    assert result.stdout.startswith(f"{output}: ")
    assert output.stat().st_size > 1000
