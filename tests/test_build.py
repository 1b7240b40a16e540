"""Built maps: exactly their layers' rows, byte-identical rebuilds, atomic writes."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoinvest import build as build_module
from geoinvest.build import build_all, build_map
from geoinvest.cli import main
from geoinvest.output import write_text_atomic
from geoinvest.page import read_page, read_payload
from geoinvest.project import Project

REPO = Path(__file__).parent.parent


def expected_ids(store: Project, mapdef) -> dict[str, list[str]]:
    layers = {layer.id: layer for layer in store.load_layers(mapdef.layers)}
    return {
        layer_id: layers[layer_id]
        .gdf.loc[layers[layer_id].gdf["country"].isin(mapdef.countries), "id"]
        .tolist()
        for layer_id in mapdef.layers
    }


def test_map_holds_exactly_its_rows(project, tmp_path):
    store = Project(project)
    mapdef = store.read_map(project / "maps" / "peru_only.toml")
    out = build_map(mapdef, store, tmp_path / "peru.html")
    frames = read_page(out.read_text(encoding="utf-8"))
    assert list(frames) == ["mines", "kidnappings"]  # registry order, whatever the map says
    assert {k: f["id"].tolist() for k, f in frames.items()} == {
        "kidnappings": ["t-kid-pe"],
        "mines": ["t-mine-pe"],
    }
    mine = frames["mines"].iloc[0]
    assert (mine["longitude"], mine["latitude"], mine["precision"]) == (-76.14, -11.6, 2)


@pytest.mark.parametrize("path", sorted((REPO / "maps").glob("*.toml")), ids=lambda p: p.stem)
def test_bundled_maps_hold_exactly_their_layers_rows(path, tmp_path):
    store = Project(REPO)
    mapdef = store.read_map(path)
    out = build_map(mapdef, store, tmp_path / f"{mapdef.id}.html")
    html = out.read_text(encoding="utf-8")
    frames = read_page(html)
    assert {k: f["id"].tolist() for k, f in frames.items()} == expected_ids(store, mapdef)
    assert sum(len(f) for f in frames.values()) > 0  # equal, and not because both are empty
    if mapdef.id == "region":
        assert all(expected_ids(store, mapdef).values())
    # Rows placed at a town or district (precision 3) take GeoNames coordinates
    # (layers/SOURCES.md), so the page credits GeoNames in its attribution lines.
    assert any((f["precision"] == 3).any() for f in frames.values())
    attribution = [line["en"] for line in read_payload(html)["attribution"]]
    assert "Town and district coordinates: GeoNames (CC BY 4.0)" in attribution


def test_two_builds_are_byte_identical(project, tmp_path):
    store = Project(project)
    first = build_all(store, tmp_path / "a")
    second = build_all(store, tmp_path / "b")
    assert [p.name for p in first] == ["peru_only.html", "test.html"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()


def test_stamp_is_written_only_when_asked(project, tmp_path):
    runner = CliRunner()
    before = datetime.now(UTC).replace(microsecond=0)
    for name, extra in (("plain.html", []), ("stamped.html", ["--stamp"])):
        result = runner.invoke(
            main, ["build", "test", "-o", str(tmp_path / name), "--root", str(project), *extra]
        )
        assert result.exit_code == 0, result.output
    after = datetime.now(UTC)
    plain = (tmp_path / "plain.html").read_text(encoding="utf-8")
    stamped = (tmp_path / "stamped.html").read_text(encoding="utf-8")
    assert "generator-stamp" not in plain
    (when,) = re.findall(r'<meta name="generator-stamp" content="([^"]*)">', stamped)
    # The build time, in UTC, to the second.
    written = datetime.strptime(when, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert before <= written <= after
    # Nothing else differs: the stamp's line is the only thing --stamp adds.
    assert stamped.replace(f'<meta name="generator-stamp" content="{when}">\n', "") == plain


def test_interrupted_build_keeps_the_previous_map(project, tmp_path, monkeypatch):
    store = Project(project)
    mapdef = store.read_map(project / "maps" / "test.toml")
    out_dir = tmp_path / "out"
    out = build_map(mapdef, store, out_dir / "map.html")
    before = out.read_bytes()

    def explode(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "map_parts", explode)
    with pytest.raises(KeyboardInterrupt):
        build_map(mapdef, store, out)
    assert out.read_bytes() == before
    assert [p.name for p in out_dir.iterdir()] == ["map.html"]


def test_build_interrupted_while_writing_keeps_the_previous_map(project, tmp_path, monkeypatch):
    store = Project(project)
    mapdef = store.read_map(project / "maps" / "test.toml")
    out = build_map(mapdef, store, tmp_path / "out" / "map.html")
    before = out.read_bytes()
    real = build_module.map_parts

    def half_written(*args, **kwargs):
        parts = real(*args, **kwargs)
        yield next(parts)  # the page's head reaches the file, then the build stops
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "map_parts", half_written)
    with pytest.raises(KeyboardInterrupt):
        build_map(mapdef, store, out)
    assert out.read_bytes() == before
    assert [p.name for p in out.parent.iterdir()] == ["map.html"]


def test_written_in_pieces_equals_written_whole(tmp_path):
    text = "é<" * 700_000  # longer than one write slice, not ASCII
    whole = write_text_atomic(tmp_path / "whole.html", text)
    pieces = write_text_atomic(tmp_path / "pieces.html", iter([text[:5], "", text[5:]]))
    assert whole.read_bytes() == pieces.read_bytes() == text.encode("utf-8")


def test_atomic_write_cleans_up_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "page.html"
    target.write_text("old", encoding="utf-8")

    def full(fd):
        raise OSError("No space left on device")

    monkeypatch.setattr("geoinvest.output.os.fsync", full)
    with pytest.raises(OSError, match="No space left"):
        write_text_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_build_with_no_arguments_builds_every_map(project):
    result = CliRunner().invoke(main, ["build", "--root", str(project)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        str(project / "out" / "peru_only.html"),
        str(project / "out" / "test.html"),
    ]
    assert all(Path(p).stat().st_size > 10_000 for p in result.stdout.splitlines())


def test_no_overwrite_refuses(project, tmp_path):
    out = tmp_path / "x.html"
    out.write_text("keep", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", "test", "-o", str(out), "--no-overwrite", "--root", str(project)]
    )
    assert result.exit_code == 1
    assert result.stderr == f"Error: {out} exists; pass --overwrite to replace it\n"
    assert out.read_text(encoding="utf-8") == "keep"


def test_builds_in_separate_processes_compare_equal_with_cmp(tmp_path):
    """Separate processes with different hash seeds: set and dict order cannot leak in."""
    import os
    import subprocess
    import sys

    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"region-{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "geoinvest", "build", "region", "-o", str(out), "-q"],
            cwd=REPO,
            env=env,
            check=True,
        )
        outs.append(out)
    assert subprocess.run(["cmp", *map(str, outs)]).returncode == 0
