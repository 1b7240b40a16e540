"""Typed errors raised by the library; the CLI turns them into messages in one place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    """One problem found in an input file.

    ``row`` is the number users see (see ``model.Origin``): a spreadsheet row (the header
    is row 1, the first data row 2) or, with ``unit="feature"``, a feature of a geodata
    file (the first is 1); None when the problem concerns the whole file.
    """

    path: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    fix: str = ""
    severity: str = "error"
    unit: str = "row"

    def __str__(self) -> str:
        where = self.path
        if self.row is not None:
            where += f" {self.unit} {self.row}"
        if self.column:
            where += f", column {self.column}"
        text = f"{where}: "
        if self.value is not None:
            text += f"{self.value!r} "
        text += self.message
        if self.fix:
            text += f"; {self.fix}"
        return text

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "fix": self.fix,
            "severity": self.severity,
            "unit": self.unit,
        }


class GeoinvestError(Exception):
    """Base class of every error geoinvest raises on purpose."""


class ConfigError(GeoinvestError, ValueError):
    """A registry or map definition is wrong (unknown layer, bad TOML, missing key)."""


class NotFoundError(GeoinvestError, FileNotFoundError):
    """A file or folder geoinvest needs is not where it looked."""


class DataError(GeoinvestError, ValueError):
    """Input rows failed validation; ``issues`` lists every problem found."""

    def __init__(self, issues: Sequence[Issue]):
        self.issues = list(issues)
        errors = [i for i in self.issues if i.severity == "error"]
        lines = [f"{len(errors)} problem(s) found:"] + [f"  {i}" for i in errors]
        super().__init__("\n".join(lines))


class OutputError(GeoinvestError, OSError):
    """A file could not be written (full disk, no permission, a file where a folder should
    be); the message names the path and what to do, and the old file is left as it was."""
