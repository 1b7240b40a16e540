"""Every layer file of the bad-input corpus through import, map and validate FILE: no
traceback, exit 0 or 1, and every row accounted for (read = imported + rejected +
already present), or nothing written at all."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoinvest.cli import main
from tests.corpus.base import PROJECT
from tests.corpus.cases import CASES

LAYER_FILES = ("mines", "kidnappings")
# The categories whose cases write a layer file (the others: the registry, map
# definitions and geocoding inputs).
NOT_LAYER_FILES = ("registry", "map-definition", "geocode")
LAYER_CASES = [case for case in CASES if case.category not in NOT_LAYER_FILES]
COUNTS = re.compile(r"^(\d+) read, (\d+) imported, (\d+) rejected", re.MULTILINE)
PRESENT = re.compile(r"(\d+) already present")


def changed_layer_files(root: Path) -> list[Path]:
    """The case's layer files that differ from the untouched project's."""
    out = []
    for path in sorted((root / "layers").iterdir()):
        if path.name == "layers.toml" or not path.is_file():
            continue
        pristine = PROJECT / "layers" / path.name
        if not pristine.exists() or pristine.read_bytes() != path.read_bytes():
            out.append(path)
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}  # fmt: skip


def invoke(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), f"{type(exc).__name__}: {exc}"
    assert "Traceback (most" not in result.output
    assert result.exit_code in (0, 1), result.output
    return result


def test_most_cases_write_layer_files():
    assert len(LAYER_CASES) > 150


@pytest.mark.parametrize("case", LAYER_CASES, ids=str)
def test_import_map_and_validate_a_corpus_file(case, tmp_path):
    written = tmp_path / "case"
    shutil.copytree(PROJECT, written)
    case.make(written)
    files = [p for p in changed_layer_files(written) if p.stem.split(".")[0] in LAYER_FILES]
    assert files, "the case writes no layer file"
    for path in files:
        kind = "event" if path.stem.startswith("kidnappings") else "site"
        target = tmp_path / f"target-{path.name}"
        shutil.copytree(PROJECT, target)
        before = snapshot(target)
        layer = "kidnappings" if kind == "event" else "mines"
        result = invoke("import", path, "--into", layer, "--root", target)
        counts = COUNTS.search(result.stdout)
        if counts is None:  # refused as a whole: an error, and nothing written
            assert result.exit_code == 1 and result.stderr.startswith(("Error: ", "Warning: "))
            assert snapshot(target) == before
        else:
            read, imported, rejected = map(int, counts.groups())
            present = sum(int(n) for n in PRESENT.findall(result.stdout))
            assert read == imported + rejected + present, result.output
            assert result.exit_code == (1 if rejected else 0)
        invoke("map", path, "--kind", kind, "-o", tmp_path / f"{path.name}.html")
        invoke("validate", path, "--kind", kind, "--root", written)
