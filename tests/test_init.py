"""geoinvest init: a working folder of one's own, that validates and builds as written."""

from __future__ import annotations

import csv

from click.testing import CliRunner

from geoinvest.cli import main
from geoinvest.page import read_page
from geoinvest.scaffold import EXAMPLES, folder_files
from geoinvest.schema import columns_for

FILES = ["layers/layers.toml", "layers/sites.csv", "layers/events.csv", "maps/example.toml",
         "README.md"]  # fmt: skip


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_every_schema_column_has_an_example_value():
    for kind in ("site", "event"):
        assert sorted(EXAMPLES[kind]) == sorted(c.name for c in columns_for(kind))


def test_init_writes_the_folder_and_it_validates_and_builds(tmp_path):
    root = tmp_path / "mine"
    result = run("init", root)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [str(root / name) for name in FILES]
    for kind, name in (("site", "sites.csv"), ("event", "events.csv")):
        with open(root / "layers" / name, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        assert rows[0] == [c.name for c in columns_for(kind)]
        assert len(rows) == 2
    assert "Example Gazette" in (root / "layers" / "sites.csv").read_text(encoding="utf-8")

    validated = run("validate", "--root", root)
    assert validated.exit_code == 0, validated.output
    assert validated.stdout == ""
    assert validated.stderr == "OK: 2 rows in 2 layer(s), no errors\n"

    built = run("--root", root, "build")
    assert built.exit_code == 0, built.output
    assert built.stdout == f"{root / 'out' / 'example.html'}\n"
    frames = read_page((root / "out" / "example.html").read_text(encoding="utf-8"))
    assert sorted(frames) == ["events", "sites"]
    assert frames["sites"]["name"].tolist() == ["Example mine (replace this row)"]
    assert frames["events"]["site_id"].tolist() == ["pe-example-mine"]


def test_build_from_inside_the_folder(tmp_path, monkeypatch):
    root = tmp_path / "mine"
    assert run("init", root).exit_code == 0
    monkeypatch.chdir(root)
    built = run("build")
    assert built.exit_code == 0, built.output
    assert built.stdout == "out/example.html\n"
    assert (root / "out" / "example.html").is_file()


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path):
    root = tmp_path / "mine"
    (root / "maps").mkdir(parents=True)
    (root / "maps" / "example.toml").write_text("mine\n", encoding="utf-8")
    result = run("init", root)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: 1 file(s) exist already: {root / 'maps' / 'example.toml'}; nothing was "
        "written. Choose another folder, or pass --overwrite to replace them\n"
    )
    assert sorted(p.name for p in root.rglob("*")) == ["example.toml", "maps"]
    assert (root / "maps" / "example.toml").read_text(encoding="utf-8") == "mine\n"


def test_init_overwrite_replaces(tmp_path):
    root = tmp_path / "mine"
    assert run("init", root, "-q").exit_code == 0
    (root / "README.md").write_text("changed\n", encoding="utf-8")
    result = run("init", root, "--overwrite", "-q")
    assert result.exit_code == 0
    assert result.output == ""
    assert (root / "README.md").read_text(encoding="utf-8") == folder_files()["README.md"]
