"""Write files atomically: a temporary file beside the target, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from geoinvest.errors import GeoinvestError


def write_text_atomic(path: Path, text: str, *, overwrite: bool = True) -> Path:
    """Write ``text`` as UTF-8 to ``path`` so readers see the old file or the new, never half."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise GeoinvestError(f"{path} exists; pass --overwrite to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
