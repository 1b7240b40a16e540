"""Save a figure so that the same input gives the same bytes, with text kept as text."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import matplotlib
import matplotlib.style
from matplotlib.figure import Figure

# Creation dates, the software version and random ids are what make two saves differ.
METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
}
RC = {
    "svg.fonttype": "none",  # text as <text>, not glyph paths
    "svg.hashsalt": "geoinvest",  # ids of clip paths and markers from content, not random
    "pdf.fonttype": 42,  # TrueType: text stays selectable and searchable
    "ps.fonttype": 42,
    "path.simplify": True,
}


@contextlib.contextmanager
def defaults():
    """matplotlib's defaults plus ours, whatever the user's matplotlibrc or session says."""
    with matplotlib.style.context("default"), matplotlib.rc_context(RC):
        yield


def save(fig: Figure, target: Path | io.BytesIO, fmt: str, dpi: int) -> None:
    """Write ``fig`` to a path or buffer in ``fmt`` at ``dpi``, deterministically."""
    with defaults():
        fig.savefig(target, format=fmt, dpi=dpi, metadata=METADATA[fmt], facecolor="#ffffff")
