"""Run one command over one case and sort what happened into one outcome."""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from geoinvest.cli import main
from geoinvest.page import read_page

from .base import Case, Expect

GOOD = ("clean error", "correct accept")
BAD = (
    "traceback",  # an exception other than click's exit got out
    "partial write",  # a file written or changed that the run had no business touching
    "silent loss",  # accepted, but rows (or their values) are missing or changed
    "accepted bad input",  # exit 0 where the input should have been refused
    "unclear message",  # refused, but the message does not name file / row / column
    "wrongly refused",  # refused input that should have been accepted
    "wrong exit",  # any other exit code (2 is for usage errors)
)
OUTCOMES = GOOD + BAD
MAP = "out/test.html"  # the map that shows every layer and every country of the project


@dataclass(frozen=True)
class Run:
    case: str
    category: str
    command: str
    outcome: str
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome in GOOD


def arguments(case: Case, command: str, root: Path) -> list[str]:
    if command == "geocode":
        return ["geocode", *(a.format(root=root) for a in case.geocode)]
    if command == "layers":
        return ["layers", "--format", "json", "--root", str(root)]
    return [command, "--root", str(root)]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder``: its path relative to it and a hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _outputs(case: Case, command: str, root: Path) -> set[str]:
    """Files the command may write when it succeeds."""
    if command == "build":
        return {f"out/{p.stem}.html" for p in (root / "maps").glob("*.toml")}
    target = placed_path(case, root)
    if command == "geocode" and target is not None:
        try:
            return {str(target.resolve().relative_to(root.resolve()))}
        except ValueError:
            return set()
    return set()


def placed_path(case: Case, root: Path) -> Path | None:
    """The file geocode is told to write (-o), if any."""
    if "-o" not in case.geocode:
        return None
    return Path(case.geocode[case.geocode.index("-o") + 1].format(root=root))


def run(case: Case, command: str, root: Path) -> Run:
    """Run ``command`` over the case written in ``root`` and classify the result."""
    expect = case.expect[command]
    before = snapshot(root)
    result = CliRunner().invoke(main, arguments(case, command, root), catch_exceptions=True)
    after = snapshot(root)
    output = result.output
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))

    def outcome(name: str, detail: str = "") -> Run:
        return Run(case.id, case.category, command, name, detail)

    exc = result.exception
    if (exc is not None and not isinstance(exc, SystemExit)) or "Traceback (most" in output:
        message = (str(exc).splitlines() or [""])[0][:200]
        return outcome("traceback", f"{type(exc).__name__}: {message}")
    code = result.exit_code
    allowed = _outputs(case, command, root) if code == 0 or expect.writes else set()
    stray = [p for p in changed if p not in allowed]
    if stray:
        return outcome("partial write", f"exit {code}, wrote {', '.join(stray[:3])}")
    first = _first_error(output)
    if code == 0:
        if expect.exit == 1 and not expect.either:
            said = result.stderr.strip().splitlines()
            return outcome("accepted bad input", f"exit 0{'; ' + said[-1] if said else ''}")
        lost = _lost(case, command, root, result)
        return outcome("silent loss", lost) if lost else outcome("correct accept")
    if code != 1:
        return outcome("wrong exit", f"exit {code}: {first}")
    if expect.exit == 0:
        return outcome("wrongly refused", first)
    missing = _unnamed(expect, output)
    if missing:
        return outcome("unclear message", f"does not name {missing}: {first}")
    if expect.writes:
        lost = _lost(case, command, root, result)
        if lost:
            return outcome("silent loss", lost)
    return outcome("clean error")


def _first_error(output: str) -> str:
    lines = [ln for ln in output.splitlines() if ln.lower().startswith("error")]
    line = (lines or output.splitlines() or [""])[0]
    return line if len(line) < 200 else line[:200] + "..."


_ROW = r"\b(?:row|feature) {}\b"
_COLUMN = r"\bcolumns?:? *['\"]?{}(?![\w-])"


def _unnamed(expect: Expect, output: str) -> str:
    """What the refusal message fails to name, or ''."""
    missing = []
    if expect.file and expect.file not in output:
        missing.append(f"file {expect.file}")
    if expect.row is not None and not re.search(_ROW.format(expect.row), output):
        missing.append(f"row {expect.row}")
    columns = expect.column
    if columns and not any(re.search(_COLUMN.format(re.escape(c)), output) for c in columns):
        missing.append(f"column {'/'.join(columns)}")
    missing += [repr(m) for m in expect.mentions if m.lower() not in output.lower()]
    return ", ".join(missing)


def _lost(case: Case, command: str, root: Path, result) -> str:
    """How the accepted rows differ from the input's, or ''."""
    expect = case.expect[command]
    want = expect.rows or {}
    if command == "validate":
        found = re.search(r"OK: (\d+) rows", result.output)
        total = sum(want.values())
        if not found or int(found.group(1)) != total:
            return f"validate counted {found and found.group(1)} rows, the input has {total}"
        return ""
    if command == "layers":
        got = {entry["id"]: entry["rows"] for entry in json.loads(result.stdout)}
        return "" if got == want else f"layers lists {got}, the input has {want}"
    if command == "build":
        frames = read_page((root / MAP).read_text(encoding="utf-8"))
        got = {layer: len(frame) for layer, frame in frames.items()}
        if got != want:
            return f"{MAP} holds {got}, the input has {want}"
        return _differs(expect.values, {k: f.to_dict("list") for k, f in frames.items()})
    if command == "geocode":
        rows = read_placed(placed_path(case, root))
        if len(rows) != want.get("output"):
            return f"geocode wrote {len(rows)} rows, the input has {want.get('output')}"
        table = {"output": {k: [r.get(k) for r in rows] for k in (rows[0] if rows else {})}}
        return _differs(expect.values, table)
    return ""


def _differs(values: dict, table: dict) -> str:
    """Where the expected cell values differ from those found, or ''."""
    for layer, columns in values.items():
        for column, want in columns.items():
            got = table.get(layer, {}).get(column)
            if got is None or len(got) != len(want):
                return f"{layer}.{column} is {got!r:.120}, expected {want!r:.120}"
            for g, w in zip(got, want, strict=True):
                if not _same(g, w):
                    return f"{layer}.{column} holds {g!r:.80}, expected {w!r:.80}"
    return ""


def _same(got, want) -> bool:
    if want == "" and (got is None or got == "" or (isinstance(got, float) and math.isnan(got))):
        return True
    if isinstance(want, float):
        try:
            return math.isclose(float(got), want, abs_tol=1e-4)
        except (TypeError, ValueError):
            return False
    return str(got) == str(want)


def read_placed(path: Path) -> list[dict]:
    """The rows geocode wrote, as dicts of strings (CSV) or properties (GeoJSON)."""
    if path.suffix == ".geojson":
        data = json.loads(path.read_text(encoding="utf-8"))
        return [f["properties"] for f in data["features"]]
    import pandas as pd

    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return df.to_dict("records")
