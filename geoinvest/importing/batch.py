"""What an adapter hands over (a Batch: rows for one layer) and what an import reports."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Batch:
    """Rows bound for one layer: text cells under schema column names (and extra
    columns), and each row's position in the input table (for its row number and the
    rejected file). ``title``, ``color`` and ``symbol`` are used if the layer is new;
    ``problems`` are what the adapter found wrong with a row (e.g. a code it cannot map),
    added to the reasons the layer's rules give."""

    layer: str
    kind: str
    frame: pd.DataFrame
    positions: np.ndarray
    title: dict[str, str] = field(default_factory=dict)
    color: str = "#3366cc"
    symbol: str = "circle"
    attribution: str = ""
    problems: tuple[tuple[int, str], ...] = ()  # (position, reason): rows the adapter rejects
    date_format: str = ""  # how the input writes dates not in ISO form (see ``dates``)


@dataclass
class BatchReport:
    """What happened to one batch's rows."""

    layer: str
    created: bool = False  # the layer was registered by this import
    imported: list[str] = field(default_factory=list)  # ids of new rows
    replaced: list[str] = field(default_factory=list)  # ids of rows --update replaced
    present: list[tuple[int, str]] = field(default_factory=list)  # (position, why)
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (position, reason)


@dataclass
class Report:
    """An import: rows read, and what happened to them layer by layer."""

    read: int
    batches: list[BatchReport]
    rejected_path: str | None = None  # where the rejected rows were written

    @property
    def imported(self) -> int:
        return sum(len(b.imported) + len(b.replaced) for b in self.batches)

    @property
    def rejected(self) -> list[tuple[int, str]]:
        return sorted(r for b in self.batches for r in b.rejected)

    @property
    def present(self) -> list[tuple[int, str]]:
        return sorted(p for b in self.batches for p in b.present)
