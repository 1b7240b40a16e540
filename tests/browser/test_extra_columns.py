"""A file's own columns reach the popup, labelled as written, and hostile text in them (or
in their names) shows literally and never runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pagechecks import open_popup

from geoinvest.build import build_map
from geoinvest.page import read_page
from geoinvest.project import Project

pytestmark = pytest.mark.browser

FORMATS = Path(__file__).resolve().parent.parent / "data" / "formats"
NAME = "Testigos <img src=x onerror=window.__xss=1>"
VALUES = ["<script>window.__xss=1</script>", '"><svg onload=window.__xss=1>', "&amp; \\u003c"]


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("extra") / "formats"
    shutil.copytree(FORMATS, root, ignore=shutil.ignore_patterns("*.py"))
    csv = root / "layers" / "secuestros_es.csv"
    lines = csv.read_bytes().decode("cp1252").splitlines()
    lines[0] = lines[0].replace("Testigos", NAME)
    quoted = ['"' + v.replace('"', '""') + '"' for v in VALUES]
    lines[1:] = [
        line.rsplit(";", 1)[0] + ";" + v for line, v in zip(lines[1:], quoted, strict=True)
    ]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    toml = root / "layers" / "layers.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('"Testigos"', f'"{NAME}"'))
    (root / "maps" / "formats.toml").write_text(
        'title = "Extra columns"\ncountries = ["PE", "CO"]\nlayers = ["csv_es"]\n'
    )
    store = Project(root)
    mapdef = store.read_map(root / "maps" / "formats.toml")
    out = build_map(mapdef, store, root / "extra.html")
    return out, read_page(out.read_text(encoding="utf-8"))


def test_extra_columns_show_in_the_popup_literally_and_run_nothing(open_map, page):
    path, frames = page
    assert frames["csv_es"][NAME].tolist() == VALUES
    mp = open_map(path)
    for row, value in enumerate(VALUES):
        shown = open_popup(mp, "csv_es", row)
        assert shown["fields"][NAME] == value
    labels = mp.eval("[...document.querySelectorAll('.gi-field dt')].map(e => e.textContent)")
    assert NAME in labels
    assert mp.eval("typeof window.__xss") == "undefined"
    assert (
        mp.eval("document.querySelectorAll('.gi-root img, .gi-root svg:not(.gi-swatch)').length")
        == 0
    )
    assert mp.errors == [] and mp.blocked == []
