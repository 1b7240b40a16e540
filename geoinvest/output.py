"""Write files atomically: a temporary file beside the target, then a rename.

Every failure of the file system becomes an ``OutputError`` that names the path and what
to do; the old file is then left as it was and the temporary file is removed. A write
that was killed (kill -9, power cut) leaves its temporary behind: the next write of the
same target removes it.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NoReturn

from geoinvest.errors import OutputError

# Long strings are encoded and written this many characters at a time.
_SLICE = 1 << 20
# The characters of the random part of a name tempfile.mkstemp makes.
_RANDOM = "[a-z0-9_]+"
# A temporary last written this many seconds before a write began is a killed write's:
# file times lag the clock by up to a tick, and a write still running keeps its file fresh.
STALE_AFTER = 1.0


def write_text_atomic(path: Path, text: str | Iterable[str], *, overwrite: bool = True) -> Path:
    """Write ``text`` (a string, or pieces of one) as UTF-8 to ``path`` so readers see the
    old file or the new, never half of it."""
    path = Path(path)
    fd, tmp = _begin(path, overwrite)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            for piece in (text,) if isinstance(text, str) else text:
                for start in range(0, len(piece), _SLICE):
                    f.write(piece[start : start + _SLICE])
            f.flush()
            os.fsync(f.fileno())
        _commit(tmp, path)
    except BaseException as exc:
        _fail(tmp, path, exc)
    return path


def write_file_atomic(
    path: Path, write: Callable[[Path], object], *, overwrite: bool = True
) -> Path:
    """Have ``write`` write a file at a temporary path beside ``path`` (any writer: pandas,
    GDAL, Parquet), then rename it into place, as ``write_text_atomic`` does."""
    path = Path(path)
    fd, tmp = _begin(path, overwrite, keep_suffix=True)
    try:
        os.close(fd)
        os.unlink(tmp)  # some writers (GDAL) refuse to write over a file
        write(Path(tmp))
        _commit(tmp, path)
    except BaseException as exc:
        _fail(tmp, path, exc)
    return path


def _begin(path: Path, overwrite: bool, keep_suffix: bool = False) -> tuple[int, str]:
    """Check the target, clean a killed write's leftovers, make this write's temporary."""
    began = time.time()
    if path.is_dir():
        raise OutputError(f"cannot write {path}: {path} is a folder; give the path of a file")
    if path.exists() and not overwrite:
        raise OutputError(f"{path} exists; pass --overwrite to replace it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(path, began)
        # The file's own extension after .tmp, for writers that choose by it (GDAL).
        suffix = ".tmp" + (path.suffix if keep_suffix else "")
        return tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    except OSError as exc:
        raise _error(path, exc) from None


def _commit(tmp: str, path: Path) -> None:
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def _fail(tmp: str, path: Path, exc: BaseException) -> NoReturn:
    """Remove the temporary and raise: file-system failures of the write as OutputError."""
    Path(tmp).unlink(missing_ok=True)
    if not isinstance(exc, OSError) or exc.filename not in (None, tmp, str(path)):
        raise exc  # not the write: e.g. a file the page is made from is missing
    raise _error(path, exc) from None


def check_not_input(path: Path, inputs: Iterable[Path | None]) -> None:
    """Refuse to write ``path`` when it is one of the files being read."""
    for source in inputs:
        if source is not None and _same_file(Path(path), Path(source)):
            raise OutputError(
                f"{path}: writing there would overwrite the input {source}; write to another file"
            )


def _same_file(a: Path, b: Path) -> bool:
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return a.resolve() == b.resolve()


def _remove_stale(path: Path, began: float) -> None:
    """Remove temporaries of ``path`` that a killed write left: files named
    ``.{name}.XXXX.tmp`` beside it, last written at least STALE_AFTER seconds before this
    write began (called before this write makes its own)."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.{_RANDOM}\.tmp(?:{re.escape(path.suffix)})?")
    with os.scandir(path.parent) as entries:
        found = [e for e in entries if pattern.fullmatch(e.name)]
    for entry in found:
        # Best effort: a temporary another user owns (in a shared folder) stays; the write
        # itself does not depend on it.
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < began - STALE_AFTER:
                os.unlink(entry.path)
        except OSError:
            continue


def _error(path: Path, exc: OSError) -> OutputError:
    """What went wrong writing ``path``, in words, with what to do about it."""
    folder = _nearest_folder(path.parent)
    code = exc.errno
    if code == errno.ENOSPC:
        why = "the disk is full; free some space or write to another disk"
    elif code == errno.EDQUOT:
        why = "your disk quota is used up; free some space or write to another disk"
    elif code in (errno.EACCES, errno.EPERM):
        why = (
            f"permission denied in {folder}; "
            "write to a folder you can write to, or ask for write access"
        )
    elif code == errno.EROFS:
        why = f"{folder} is on a read-only file system; write somewhere else"
    elif code == errno.EISDIR:
        why = f"{path} is a folder; give the path of a file"
    elif code in (errno.ENOTDIR, errno.EEXIST) and _file_in_the_way(path) is not None:
        why = f"{_file_in_the_way(path)} is a file, not a folder; write to a path inside a folder"
    elif code == errno.ENAMETOOLONG:
        why = "the name is too long; use a shorter path"
    else:
        why = f"{exc.strerror or exc}; check the folder and the disk, then try again"
    return OutputError(f"cannot write {path}: {why}")


def _nearest_folder(folder: Path) -> Path:
    """``folder``, or its nearest ancestor that exists."""
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    return folder


def _file_in_the_way(path: Path) -> Path | None:
    """The nearest ancestor of ``path`` that exists but is not a folder, if any."""
    for parent in path.parents:
        if parent.exists():
            return None if parent.is_dir() else parent
    return None
