"""Read the layer registry, ``layers/layers.toml``."""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path

from geoinvest.errors import ConfigError, NotFoundError
from geoinvest.model import KINDS, SYMBOLS, LayerSpec
from geoinvest.schema import columns_for

REGISTRY_NAME = "layers.toml"
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
# Every key a [[layer]] entry may have, in the order the README lists them.
LAYER_KEYS = (
    "id", "title", "kind", "file", "table", "color", "symbol", "popup", "licence", "attribution",
    "columns", "date_format",
)  # fmt: skip


def read_toml(path: Path) -> dict:
    """Parse a TOML file, naming the file and line on a syntax error."""
    if not path.is_file():
        raise NotFoundError(f"{path}: no such file")
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save it as UTF-8") from None


def check_keys(data: dict, valid: tuple[str, ...], where: str, allowed: str) -> None:
    """Raise on the first key not in ``valid``, suggesting the closest valid one.

    ``allowed`` says what may be there, e.g. "a layer can have: id, title, ...".
    """
    for key in data:
        if key in valid:
            continue
        close = difflib.get_close_matches(str(key), valid, n=1, cutoff=0.7)
        if close:
            hint = f"did you mean {close[0]!r}? {allowed[:1].upper()}{allowed[1:]}"
        else:
            hint = allowed
        raise ConfigError(f"{where}: unknown key {key!r}; {hint}")


def text_value(data: dict, key: str, where: str) -> str:
    """An optional text setting ("" when absent); another type is an error."""
    value = data.get(key, "")
    if not isinstance(value, str):
        raise ConfigError(f'{where}: {key} must be text in quotes, e.g. {key} = "..."')
    return value


def texts_value(data: dict, key: str, where: str) -> tuple[str, dict[str, str]]:
    """An optional text setting that may be given per language: ``key = "..."`` (the same
    text in every language) or ``key = { en = "...", es = "..." }``. Returns the English
    (or only) text and the texts by language ({} for the plain form)."""
    value = data.get(key, "")
    if isinstance(value, str):
        return value, {}
    if (
        isinstance(value, dict)
        and isinstance(value.get("en"), str)
        and all(isinstance(v, str) for v in value.values())
    ):
        return value["en"], {str(k): v for k, v in sorted(value.items())}
    raise ConfigError(
        f'{where}: {key} must be text in quotes or one per language, e.g. {key} = "..." '
        f'or {key} = {{ en = "...", es = "..." }}'
    )


def _title(value, where: str, key: str = "title") -> dict[str, str]:
    if isinstance(value, str):
        return {"en": value}
    if isinstance(value, dict) and isinstance(value.get("en"), str):
        return {str(k): str(v) for k, v in value.items()}
    raise ConfigError(f'{where}: {key} must be a string or {{ en = "...", es = "..." }}')


def _attribution(entry: dict, where: str) -> dict:
    """``attribution`` and ``attribution_by_language`` of a layer or map definition."""
    text, by_language = texts_value(entry, "attribution", where)
    return {"attribution": text, "attribution_by_language": by_language}


def _data_file(layers_dir: Path, value, where: str) -> Path:
    """The layer's data file: it must exist and be a file, not a folder."""
    path = layers_dir / str(value)
    if path.is_dir():
        raise ConfigError(
            f"{where}: file {str(value)!r} is a folder; name the layer's data file, "
            'e.g. file = "mines.csv"'
        )
    if not path.exists():
        raise NotFoundError(
            f"{where}: file {str(value)!r} not found (looked for {path}); "
            "check the name, or add the file"
        )
    return path


def column_mapping(value, kind: str, where: str) -> dict[str, str]:
    """A layer's ``columns = { lugar = "locality" }``: file column -> schema column of the
    layer's kind; an unknown target gets a did-you-mean, a target named twice an error."""
    example = 'columns = { lugar = "locality", fecha = "date" }'
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ConfigError(f"{where}: columns must map file columns to schema columns, {example}")
    schema = tuple(c.name for c in columns_for(kind))
    for written, target in value.items():
        if target not in schema:
            close = difflib.get_close_matches(target, schema, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ConfigError(
                f"{where}: columns maps {written!r} to {target!r}, which is not a column of a "
                f"{kind} layer; {hint}the columns are: {', '.join(schema)}"
            )
    seen: dict[str, str] = {}
    for written, target in value.items():
        if target in seen:
            raise ConfigError(
                f"{where}: columns maps both {seen[target]!r} and {written!r} to {target!r}; "
                "keep one"
            )
        seen[target] = written
    return {str(k): v for k, v in value.items()}


def date_format(entry: dict, where: str) -> str:
    """A layer's ``date_format`` (a strptime format such as %d/%m/%Y), checked by a round
    trip through one date so a typo is caught here, not on every row."""
    fmt = text_value(entry, "date_format", where)
    if not fmt:
        return ""
    from datetime import datetime

    sample = datetime(2012, 3, 15)
    try:
        ok = "%Y" in fmt or "%y" in fmt
        ok = ok and datetime.strptime(sample.strftime(fmt), fmt).year == 2012
    except ValueError:
        ok = False
    if not ok:
        raise ConfigError(
            f"{where}: date_format {fmt!r} is not a date format with a year; "
            'e.g. date_format = "%d/%m/%Y" for 15/03/2012'
        )
    return fmt


def read_registry(layers_dir: Path) -> list[LayerSpec]:
    """Every layer named in ``layers_dir/layers.toml``, in registry order."""
    path = layers_dir / REGISTRY_NAME
    if not layers_dir.is_dir():
        raise NotFoundError(
            f"no layers folder at {layers_dir.resolve()}; run geoinvest from the folder "
            "that holds layers/ and maps/, or pass --root"
        )
    data = read_toml(path)
    check_keys(data, ("layer",), str(path), "the registry holds only [[layer]] entries")
    entries = data.get("layer")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{path}: no [[layer]] entries")
    specs: list[LayerSpec] = []
    seen: set[str] = set()
    for n, entry in enumerate(entries, start=1):
        where = f"{path} layer {n}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: write each layer as a [[layer]] table")
        missing = [k for k in ("id", "title", "kind", "file") if k not in entry]
        if missing:
            raise ConfigError(f"{where}: missing {', '.join(missing)}")
        layer_id = str(entry["id"])
        where = f"{path} layer {layer_id!r}"
        check_keys(entry, LAYER_KEYS, where, f"a layer can have: {', '.join(LAYER_KEYS)}")
        if not _ID.match(layer_id):
            raise ConfigError(f"{where}: id must be lowercase letters, digits and _")
        if layer_id in seen:
            raise ConfigError(f"{where}: id used twice")
        seen.add(layer_id)
        if entry["kind"] not in KINDS:
            raise ConfigError(f"{where}: kind {entry['kind']!r} is not one of {', '.join(KINDS)}")
        color = str(entry.get("color", "#3366cc"))
        if not _COLOR.match(color):
            raise ConfigError(f"{where}: color {color!r} is not a hex colour like #b35806")
        symbol = str(entry.get("symbol", "circle"))
        if symbol not in SYMBOLS:
            raise ConfigError(f"{where}: symbol {symbol!r} is not one of {', '.join(SYMBOLS)}")
        popup = entry.get("popup", [])
        if not isinstance(popup, list) or not all(isinstance(p, str) for p in popup):
            raise ConfigError(f"{where}: popup must be a list of column names")
        specs.append(
            LayerSpec(
                id=layer_id,
                title=_title(entry["title"], where),
                kind=entry["kind"],
                path=_data_file(layers_dir, entry["file"], where),
                color=color,
                symbol=symbol,
                popup=tuple(popup),
                licence=text_value(entry, "licence", where),
                **_attribution(entry, where),
                table=text_value(entry, "table", where),
                columns=column_mapping(entry.get("columns", {}), entry["kind"], where),
                date_format=date_format(entry, where),
            )
        )
    return specs
