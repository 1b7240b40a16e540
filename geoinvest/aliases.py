"""Which file column is which schema column: the layer's own mapping, then common names.

A layer file may name its columns as its author did (``lugar``, ``Fecha``, ``Latitud``).
``map_columns`` says which schema column each file column stands for:

1. a file column named exactly as a schema column is that column;
2. the layer's ``columns = { lugar = "locality" }`` (file column -> schema column) in
   ``layers.toml`` comes next: an explicit mapping beats an alias;
3. then the common English and Spanish names in ``ALIASES``, compared without case,
   accents or punctuation (``País``, ``pais`` and ``PAIS`` are one name), and a name a
   Shapefile cut to 10 characters (``status_yea``, ``date_preci``).

A schema column the file already holds (by 1 or 2) takes no alias, so a file with both
``latitude`` and ``lat`` keeps ``lat`` as an extra column. Two file columns that would
become one schema column are an error naming both. Columns that map to nothing are kept
as they are (extra columns, kept as text).

``provincia`` is deliberately not an alias of ``admin1``: in Peru a provincia is the
second level (departamento / región is the first), elsewhere it is the first; map it
explicitly when it is the first level. ``estado`` (status, or a state) is left out for
the same reason. ``admin1`` is what the user wrote; ``admin1_code`` / ``admin1_name``
are derived from the point by the enrich stage whatever the file says.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from geoinvest.errors import Issue
from geoinvest.schema import columns_for

# Common names -> schema column, written normalised (see ``normalise``).
ALIASES: dict[str, str] = {
    **dict.fromkeys(("lat", "latitud", "y", "lat_dd", "latitude_dd"), "latitude"),
    **dict.fromkeys(("lon", "lng", "long", "longitud", "x", "lon_dd"), "longitude"),
    **dict.fromkeys(("lugar", "localidad", "place", "municipio", "ciudad", "town"), "locality"),
    **dict.fromkeys(("fecha", "fecha_del_evento", "event_date"), "date"),
    **dict.fromkeys(("departamento", "region", "dpto", "depto", "state"), "admin1"),
    **dict.fromkeys(("pais", "country_code", "iso2", "iso"), "country"),
    **dict.fromkeys(("nombre", "title", "titulo"), "name"),
    **dict.fromkeys(("fuente", "fuentes", "source", "citas"), "sources"),
    **dict.fromkeys(("precision_de_la_ubicacion", "geo_precision"), "precision"),
    **dict.fromkeys(
        ("nota", "notas", "note", "observaciones", "descripcion", "description"), "notes"
    ),
    **dict.fromkeys(("identificador", "codigo_id"), "id"),
    **dict.fromkeys(("propietarios", "propietario", "duenos", "owner"), "owners"),
    **dict.fromkeys(("operador", "operadora"), "operator"),
    **dict.fromkeys(("mineral", "producto", "commodities"), "commodity"),
    **dict.fromkeys(("rio",), "river"),
    **dict.fromkeys(("capacidad_mw", "capacidad_en_mw"), "capacity_mw"),
    **dict.fromkeys(("ano_de_inicio", "anio_de_inicio"), "start_year"),
    **dict.fromkeys(("tipo", "tipo_de_evento"), "event_type"),
    **dict.fromkeys(("precision_de_la_fecha", "precision_fecha"), "date_precision"),
    **dict.fromkeys(("perpetrador", "autor", "autores", "perpetrators"), "perpetrator"),
    **dict.fromkeys(("victimas", "victima", "victim"), "victims"),
    **dict.fromkeys(("muertos", "muertes", "fallecidos", "deaths", "killed"), "fatalities"),
    **dict.fromkeys(("heridos", "injuries", "wounded"), "injured"),
    **dict.fromkeys(("id_sitio", "id_del_sitio"), "site_id"),
}


def normalise(name: str) -> str:
    """A column name without case, accents or punctuation: ``"País "`` -> ``"pais"``,
    ``"Tipo de evento"`` -> ``"tipo_de_evento"``."""
    decomposed = unicodedata.normalize("NFKD", str(name))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^0-9a-z]+", "_", plain).strip("_")


def map_columns(
    names: Iterable[str],
    kind: str,
    explicit: Mapping[str, str] | None = None,
    *,
    source: str = "",
) -> tuple[dict[str, str], list[Issue]]:
    """``({file column: schema column}, issues)`` for a table with columns ``names``.

    ``kind`` is the layer kind (site or event; an alias only maps to a column of that
    kind), ``explicit`` the layer's ``columns`` mapping from ``layers.toml`` (its targets
    are checked by the registry), ``source`` the file named in issues. Only columns that
    change name are in the result; pass it to ``DataFrame.rename``. Issues: an explicit
    mapping naming a column the file does not have, and two file columns that would
    become one schema column (the result then renames neither).
    """
    names = [str(n) for n in names]
    explicit = dict(explicit or {})
    schema = {c.name for c in columns_for(kind)}
    issues: list[Issue] = []
    for written in explicit:
        if written not in names:
            issues.append(
                Issue(
                    source,
                    None,
                    written,
                    None,
                    "is named in the layer's columns mapping but the file has no such column",
                    f"use one of the file's columns: {', '.join(names)}",
                )
            )
    claims: dict[str, list[str]] = {}  # schema column -> file columns that would be it
    taken = {n for n in names if n in schema}
    for name in names:
        if name in explicit:
            claims.setdefault(explicit[name], []).append(name)
    taken |= set(claims)
    for name in names:
        if name in schema or name in explicit:
            continue
        key = normalise(name)
        target = key if key in schema else ALIASES.get(key) or _shapefile_cut(key, schema)
        if target in schema and target not in taken:
            claims.setdefault(target, []).append(name)
    for name in names:  # a column named as a schema column keeps it (unless mapped away)
        if name in schema and name not in explicit:
            claims.setdefault(name, []).insert(0, name)
    rename: dict[str, str] = {}
    for target, written in claims.items():
        if len(written) > 1:
            issues.append(
                Issue(
                    source,
                    None,
                    target,
                    None,
                    f"columns {' and '.join(repr(w) for w in written)} would both be {target}",
                    f"rename or remove one, or say which in layers.toml: "
                    f'columns = {{ {_key(written[-1])} = "{target}" }}',
                )
            )
            continue
        if written[0] != target:
            rename[written[0]] = target
    return rename, issues


def _shapefile_cut(key: str, schema: set[str]) -> str | None:
    """The schema column a Shapefile cut to its 10 characters (``status_yea``)."""
    if len(key) != 10:
        return None
    found = [c for c in schema if c.startswith(key)]
    return found[0] if len(found) == 1 else None


def _key(name: str) -> str:
    """A TOML key for ``name`` (quoted unless it is a bare key)."""
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else f'"{name}"'
