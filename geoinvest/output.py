"""Write files atomically: a temporary file beside the target, then a rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from geoinvest.errors import GeoinvestError

# Long strings are encoded and written this many characters at a time.
_SLICE = 1 << 20


def write_text_atomic(path: Path, text: str | Iterable[str], *, overwrite: bool = True) -> Path:
    """Write ``text`` (a string, or pieces of one) as UTF-8 to ``path`` so readers see the
    old file or the new, never half of it."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise GeoinvestError(f"{path} exists; pass --overwrite to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            for piece in (text,) if isinstance(text, str) else text:
                for start in range(0, len(piece), _SLICE):
                    f.write(piece[start : start + _SLICE])
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_file_atomic(path: Path, write: Callable[[Path], object]) -> Path:
    """Have ``write`` write a file at a temporary path beside ``path``, then rename it
    into place: readers see the old file or the new, never half of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        Path(tmp).unlink()  # some writers (GDAL) refuse to write over a file
        write(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
