"""Merge prepared rows into a layer's rows: a row already present (the same id, or the
same content under another id) is reported, not doubled; with ``update`` a row of the
same id replaces the old one in its place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geoinvest.importing.ids import content_keys


@dataclass
class Merged:
    """The layer's rows after the merge (text cells), and what happened to each
    incoming row (by its position in the input)."""

    frame: pd.DataFrame
    new: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    present: list[tuple[int, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.new or self.replaced)


def merge(
    existing: pd.DataFrame,
    incoming: pd.DataFrame,
    positions: np.ndarray,
    *,
    update: bool,
    row_of: Callable[[int], int],
) -> Merged:
    """``existing`` rows with ``incoming`` ones added (or, with ``update``, replacing the
    rows of the same id); columns: the existing ones, then new ones. ``row_of`` gives the
    number users see for an input position."""
    existing = _text(existing)
    incoming = _text(incoming)
    columns = list(existing.columns) + [c for c in incoming.columns if c not in existing]
    existing = existing.reindex(columns=columns, fill_value="")
    incoming = incoming.reindex(columns=columns, fill_value="")
    at = {str(v): n for n, v in enumerate(existing["id"]) if v} if "id" in existing else {}
    by_content = {k: n for n, k in enumerate(content_keys(existing))}
    ids = existing["id"].tolist() if "id" in existing else [""] * len(existing)
    out = Merged(existing)
    rows = existing.to_numpy(dtype=object).copy()
    cells = incoming.to_numpy(dtype=object)
    incoming_ids = incoming["id"].tolist()
    added = []
    seen: dict[str, int] = {}  # content key -> position, within this import
    for n, key in enumerate(content_keys(incoming)):
        position = int(positions[n])
        row_id = str(incoming_ids[n])
        if key in seen:
            out.present.append((position, f"same content as row {row_of(seen[key])} of the input"))
            continue
        seen[key] = position
        if row_id in at:
            if update and by_content.get(key) != at[row_id]:
                rows[at[row_id]] = cells[n]
                out.replaced.append(row_id)
            else:
                how = "unchanged" if update else "--update replaces it"
                out.present.append((position, f"id {row_id} is in the layer already ({how})"))
            continue
        if key in by_content:
            other = ids[by_content[key]] or f"row {by_content[key] + 1}"
            out.present.append((position, f"the layer holds the same row as {other}"))
            continue
        added.append(cells[n])
        out.new.append(row_id)
    body = np.vstack([rows, *added]) if added else rows
    out.frame = pd.DataFrame(body.reshape(-1, len(columns)), columns=columns)
    return out


def _text(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as text, "" where empty (the file layer's cells as read, or prepared rows)."""
    frame = frame.reset_index(drop=True)
    return frame.astype(object).where(frame.notna(), "").map(str)
