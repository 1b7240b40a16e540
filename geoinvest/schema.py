"""The layer schema: columns, their types, labels and vocabularies."""

from __future__ import annotations

from dataclasses import dataclass

# UCDP / AidData / IATI geographical precision codes.
PRECISION = {
    1: "exact site",
    2: "near (within 25 km)",
    3: "second-level admin area or town (province, municipality, district)",
    4: "first-level admin area (department, province)",
    5: "estimated (between places, along a river or road)",
    6: "country",
    7: "unclear, capital",
    8: "local or national capital",
}
PRECISION_ES = {
    1: "sitio exacto",
    2: "cerca (a menos de 25 km)",
    3: "área administrativa de segundo nivel o poblado (provincia, municipio, distrito)",
    4: "área administrativa de primer nivel (departamento, provincia)",
    5: "estimada (entre lugares, a lo largo de un río o camino)",
    6: "país",
    7: "incierta, capital",
    8: "capital local o nacional",
}
# Precision codes at or above this are drawn as approximate.
APPROXIMATE_FROM = 3

# Global Energy Monitor status vocabulary.
STATUS = (
    "announced",
    "pre-construction",
    "construction",
    "operating",
    "shelved",
    "cancelled",
    "mothballed",
    "retired",
)
DATE_PRECISION = ("day", "week", "month", "year")
# Kinds of place in a gazetteer (user gazetteers name them in their ``kind`` column).
PLACE_KINDS = ("site", "place", "admin1", "country")
# Row ids: ASCII letters, digits, - and _, starting with a letter or digit (no spaces).
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"


@dataclass(frozen=True)
class Column:
    """One column of the schema."""

    name: str
    type: str  # id, text, country, float, int, precision, sources, owners, status, date, ...
    kinds: tuple[str, ...] = ("site", "event")
    required: bool = True  # must be present in the file's header
    nonempty: bool = False  # every cell must hold a value
    label_en: str = ""
    label_es: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("id", "id", nonempty=True, label_en="ID", label_es="ID"),
    Column("name", "text", nonempty=True, label_en="Name", label_es="Nombre"),
    Column("country", "country", nonempty=True, label_en="Country", label_es="País"),
    Column("admin1", "text", label_en="Department / province", label_es="Departamento"),
    Column("locality", "text", label_en="Locality", label_es="Localidad"),
    Column("latitude", "latitude", nonempty=True, label_en="Latitude", label_es="Latitud"),
    Column("longitude", "longitude", nonempty=True, label_en="Longitude", label_es="Longitud"),
    Column(
        "precision",
        "precision",
        nonempty=True,
        label_en="Location precision",
        label_es="Precisión de la ubicación",
    ),
    Column("sources", "sources", nonempty=True, label_en="Sources", label_es="Fuentes"),
    Column("notes", "text", required=False, label_en="Notes", label_es="Notas"),
    # Sites
    Column("status", "status", ("site",), label_en="Status", label_es="Estado"),
    Column(
        "status_year",
        "year",
        ("site",),
        required=False,
        label_en="Status as of",
        label_es="Estado a",
    ),
    Column("owners", "owners", ("site",), label_en="Owners", label_es="Propietarios"),
    Column("operator", "text", ("site",), label_en="Operator", label_es="Operador"),
    Column(
        "commodity", "text", ("site",), required=False, label_en="Commodity", label_es="Mineral"
    ),
    Column(
        "capacity_mw",
        "float",
        ("site",),
        required=False,
        label_en="Capacity (MW)",
        label_es="Capacidad (MW)",
    ),
    Column("river", "text", ("site",), required=False, label_en="River", label_es="Río"),
    Column(
        "investment_usd",
        "float",
        ("site",),
        required=False,
        label_en="Investment (USD)",
        label_es="Inversión (USD)",
    ),
    Column(
        "investment_year",
        "year",
        ("site",),
        required=False,
        label_en="Investment year",
        label_es="Año de la inversión",
    ),
    Column(
        "contractor",
        "text",
        ("site",),
        required=False,
        label_en="Builder / contractor",
        label_es="Constructor / contratista",
    ),
    Column(
        "financiers",
        "text",
        ("site",),
        required=False,
        label_en="Financed by",
        label_es="Financiado por",
    ),
    Column("start_year", "year", ("site",), label_en="Start year", label_es="Año de inicio"),
    # Events
    Column(
        "event_type",
        "text",
        ("event",),
        required=False,
        label_en="Event type",
        label_es="Tipo de evento",
    ),
    Column("date", "date", ("event",), nonempty=True, label_en="Date", label_es="Fecha"),
    Column(
        "date_precision",
        "date_precision",
        ("event",),
        nonempty=True,
        label_en="Date precision",
        label_es="Precisión de la fecha",
    ),
    Column("perpetrator", "text", ("event",), label_en="Perpetrator", label_es="Perpetrador"),
    Column("victims", "text", ("event",), label_en="Victims", label_es="Víctimas"),
    Column("fatalities", "int", ("event",), label_en="Fatalities", label_es="Muertes"),
    Column("injured", "int", ("event",), required=False, label_en="Injured", label_es="Heridos"),
    Column("site_id", "site_id", ("event",), label_en="Site", label_es="Sitio"),
)

# --- Dataset, second edition (issue 15): honest locations, what happened next, ownership.
# Added as one block so it merges apart from other changes; the rules check the
# vocabularies below through ``VOCABULARIES`` (type name -> allowed values).

# What a point stands for (``location_basis``), with its English and Spanish labels.
LOCATION_BASIS = {
    "site": ("the site itself (its own published coordinates)", "el sitio mismo"),
    "town": ("a town or village near the site", "un poblado cercano al sitio"),
    "district_capital": ("the capital of the district (Peru)", "la capital del distrito"),
    "municipal_capital": (
        "the seat of the municipality (Colombia, Honduras)",
        "la cabecera municipal",
    ),
    "provincial_capital": ("the capital of the province (Peru)", "la capital de la provincia"),
    "department_centre": ("an approximate centre of the department", "centro del departamento"),
    "estimate": ("the compiler's estimate between known places", "estimación entre lugares"),
}
# What became of a kidnapping (``outcome``).
OUTCOME = {
    "released": ("released", "liberados"),
    "rescued": ("rescued", "rescatados"),
    "escaped": ("escaped", "escaparon"),
    "killed": ("killed", "asesinados"),
    "unknown": ("unknown", "desconocido"),
}
# A party's role at a site (layers/ownership.csv).
OWNERSHIP_ROLES = {
    "owner": ("owner", "propietario"),
    "operator": ("operator", "operador"),
    "contractor": ("contractor", "contratista"),
    "financier": ("financier", "financista"),
}
VOCABULARIES = {
    "location_basis": tuple(LOCATION_BASIS),
    "outcome": tuple(OUTCOME),
    "ownership_role": tuple(OWNERSHIP_ROLES),
}

COLUMNS += (
    Column(
        "location_basis",
        "location_basis",
        required=False,
        label_en="Location is",
        label_es="La ubicación es",
    ),
    Column(
        "location_source",
        "text",
        required=False,
        label_en="Coordinates from",
        label_es="Coordenadas de",
    ),
    Column(
        "end_date",
        "date",
        ("event",),
        required=False,
        label_en="End date",
        label_es="Fecha de fin",
    ),
    Column(
        "outcome", "outcome", ("event",), required=False, label_en="Outcome", label_es="Desenlace"
    ),
    Column("hostages", "int", ("event",), required=False, label_en="Hostages", label_es="Rehenes"),
    Column(
        "nationalities",
        "text",
        ("event",),
        required=False,
        label_en="Nationalities",
        label_es="Nacionalidades",
    ),
    Column(
        "employer", "text", ("event",), required=False, label_en="Employer", label_es="Empleador"
    ),
)
# Their names, for code that lists the first-edition columns (e.g. benchmark data).
SECOND_EDITION_COLUMNS = tuple(c.name for c in COLUMNS[-7:])
# --- end of the second-edition block.


def columns_for(kind: str) -> tuple[Column, ...]:
    """The schema's columns for a layer kind, in schema order."""
    return tuple(c for c in COLUMNS if kind in c.kinds)


def column(name: str) -> Column | None:
    for c in COLUMNS:
        if c.name == name:
            return c
    return None
