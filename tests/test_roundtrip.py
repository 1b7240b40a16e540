"""Import, export, import again: an exported layer, in every format, imports back as the
rows the layer already holds (nothing new, nothing changed, nothing rejected)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from geoinvest.cli import main
from geoinvest.export.formats import FORMATS

TABLES = {"gpkg": "kidnappings", "xlsx": "kidnappings", "kml": "Kidnappings", "kmz": "Kidnappings"}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}  # fmt: skip


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_an_exported_layer_imports_back_as_the_same_rows(fmt, project, tmp_path):
    out = tmp_path / f"kidnappings{FORMATS[fmt].suffixes[0]}"
    exported = run("export", "kidnappings", "-o", out, "--root", project, "-q")
    assert exported.exit_code == 0, exported.output
    before = files(project)
    table = ["--table", TABLES[fmt]] if fmt in TABLES else []
    again = run("import", out, "--into", "kidnappings", *table, "--root", project)
    assert again.exit_code == 0, again.output
    lines = again.stdout.splitlines()
    assert lines[0].startswith("kidnappings: 0 new, 0 updated, ") and lines[0].endswith(
        " already present"
    ), again.output
    n = int(lines[0].split(", ")[2].split()[0])
    assert n > 0 and lines[1] == f"{n} read, 0 imported, 0 rejected"
    assert files(project) == before  # the layer file is unchanged, byte for byte
