"""Find the parts of a Shapefile, on disk (``.shp``) or in a zip (``.zip``), before GDAL
opens it, so a missing part is named (GDAL only says the file is "not recognized").

A Shapefile is several files with one name: ``.shp`` (points), ``.shx`` (their index),
``.dbf`` (the attribute table) and ``.prj`` (the CRS). Without ``.prj`` the coordinates
are taken as longitude/latitude on WGS 84, with a warning; a zip holding several
Shapefiles needs ``table`` (the name of one, without ``.shp``).
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from geoinvest.errors import Issue
from geoinvest.readers.table import unreadable

_NEEDED = {".shx": "its index", ".dbf": "its attribute table"}


def shapefile_source(path: Path, table: str = "") -> tuple[str, list[Issue]]:
    """(what GDAL opens, warnings) for a ``.shp`` or a zipped Shapefile."""
    if path.suffix.lower() == ".shp":
        siblings = {p.name.lower() for p in path.parent.iterdir()}
        present = {s for s in (*_NEEDED, ".prj") if (path.stem + s).lower() in siblings}
        _check_parts(path, path.name, present)
        return str(path), _no_prj(path, path.name, present)
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/")]
            damaged = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError):
        raise unreadable(
            path,
            "is not a complete zip archive (damaged or cut short)",
            "zip the Shapefile's files (.shp, .shx, .dbf, .prj) again",
        ) from None
    if damaged is not None:
        raise unreadable(
            path, f"is damaged: {damaged!r} in it does not read", "zip the files again"
        )
    shapes = [n for n in names if n.lower().endswith(".shp") and "__MACOSX" not in n]
    if not shapes:
        listed = ", ".join(names[:8]) + (" ..." if len(names) > 8 else "")
        raise unreadable(
            path,
            f"holds no Shapefile (.shp); it holds: {listed or 'nothing'}",
            "zip the Shapefile's files together: name.shp, name.shx, name.dbf and name.prj",
        )
    stems = {PurePosixPath(n).stem: n for n in shapes}
    if table and table not in stems:
        raise unreadable(path, f"has no Shapefile {table!r}", f"name one of: {', '.join(stems)}")
    if not table and len(stems) > 1:
        raise unreadable(
            path,
            f"holds {len(stems)} Shapefiles ({', '.join(stems)})",
            f'name the one to read, e.g. table = "{next(iter(stems))}" in layers.toml',
        )
    member = stems[table] if table else shapes[0]
    base = member[: -len(".shp")].lower()
    lowered = {n.lower() for n in names}
    present = {s for s in (*_NEEDED, ".prj") if base + s in lowered}
    _check_parts(path, member, present)
    return f"/vsizip/{path.resolve()}/{member}", _no_prj(path, member, present)


def _check_parts(path: Path, member: str, present: set[str]) -> None:
    missing = [f"{suffix} ({what})" for suffix, what in _NEEDED.items() if suffix not in present]
    if missing:
        stem = member[: -len(".shp")]
        raise unreadable(
            path,
            f"the Shapefile {member!r} has no {' and no '.join(missing)}",
            f"a Shapefile is several files: keep {stem}.shp, {stem}.shx, {stem}.dbf and "
            f"{stem}.prj together",
        )


def _no_prj(path: Path, member: str, present: set[str]) -> list[Issue]:
    if ".prj" in present:
        return []
    return [
        Issue(
            str(path),
            None,
            None,
            None,
            f"the Shapefile {member!r} has no .prj (its CRS); its coordinates are taken as "
            "longitude/latitude on WGS 84",
            "add the .prj file if they are in another CRS",
            "warning",
        )
    ]
