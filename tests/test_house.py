"""The house rules that keep the package readable: small files, stages that import down."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "geoinvest"
MAX_LINES = 400
SOURCES = sorted(p for ext in ("*.py", "*.js", "*.css") for p in PACKAGE.rglob(ext))
# The stages in data-flow order: a module may import those before it, never after.
STAGES = ["readers", "rules", "validate", "check", "enrich", "pipeline", "publish", "page"]
STAGES.insert(STAGES.index("publish") + 1, "export")  # outputs beside the page
STAGES += ["figure", "report"]  # static figures; reports (pages and figures)
STAGES += ["embed"]  # fragments and iframe snippets


def test_the_package_has_sources():
    assert len(SOURCES) > 40


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_source_file_is_over_the_line_limit(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE)} has {lines} lines"


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name.split(".")[1] for name in found if name.startswith("geoinvest.")}


def _stage_files(stage: str) -> list[Path]:
    folder = PACKAGE / stage
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [PACKAGE / f"{stage}.py"]


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_never_imports_a_later_one(stage):
    later = set(STAGES[STAGES.index(stage) + 1 :]) | {"cli", "build", "project"}
    for path in _stage_files(stage):
        wrong = _imports(path) & later
        assert not wrong, f"{path.relative_to(PACKAGE)} imports {sorted(wrong)}"


def test_nothing_in_the_core_imports_click():
    for path in PACKAGE.rglob("*.py"):
        if "cli" in path.relative_to(PACKAGE).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in (
                node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")]
            )
        }
        assert "click" not in names, path.relative_to(PACKAGE)
