"""Synthetic layers for the benchmark: N points with realistic attributes in PE, CO and HN.

Deterministic for a given (n, seed). Points are sampled around real towns with jitter that
shrinks as the precision code grows (precision 3 and above sit on the town itself, as a
geocoded municipality or department would), and every point lies inside a rough outline of
its country shrunk by about 20 km, so no row is "outside its country" for geoinvest's checks.

The outlines are Natural Earth 1:110m admin-0 (public domain) as shipped in pyogrio's test
fixture ``naturalearth_lowres``, buffered by -0.2 degrees, simplified at 0.05 degrees and
rounded to 0.01 degrees; town coordinates are rounded public coordinates of the places named.
Nothing here is real data: names, owners, notes and sources are made up from templates, and
every URL is under example.org.
"""

from __future__ import annotations

import functools
import gzip
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

GENERATOR_VERSION = 2

OUTLINES: dict[str, list[tuple[float, float]]] = {
    "PE": [
        (-70.84, -4.06),
        (-71.04, -4.22),
        (-71.81, -4.40),
        (-73.03, -5.13),
        (-73.15, -5.66),
        (-73.41, -6.04),
        (-73.34, -6.52),
        (-73.88, -6.79),
        (-73.92, -7.24),
        (-74.13, -7.39),
        (-74.19, -7.53),
        (-73.74, -8.53),
        (-73.26, -9.07),
        (-73.42, -9.43),
        (-73.37, -9.61),
        (-72.67, -9.71),
        (-72.34, -10.19),
        (-72.21, -10.25),
        (-71.25, -10.27),
        (-70.70, -9.89),
        (-70.71, -11.13),
        (-70.11, -11.32),
        (-69.63, -11.19),
        (-68.90, -12.55),
        (-69.08, -12.87),
        (-69.15, -14.38),
        (-69.54, -14.94),
        (-69.39, -15.31),
        (-69.59, -15.70),
        (-69.19, -16.49),
        (-70.01, -17.94),
        (-70.37, -18.12),
        (-71.20, -17.64),
        (-71.35, -17.19),
        (-73.35, -16.18),
        (-75.12, -15.10),
        (-75.85, -14.52),
        (-76.20, -13.83),
        (-76.07, -13.60),
        (-76.08, -13.44),
        (-76.93, -12.12),
        (-77.91, -10.29),
        (-78.87, -8.28),
        (-79.27, -7.82),
        (-79.62, -7.05),
        (-80.42, -6.38),
        (-80.96, -6.07),
        (-80.73, -5.66),
        (-81.19, -4.73),
        (-80.94, -4.16),
        (-80.41, -3.75),
        (-80.67, -4.04),
        (-80.63, -4.48),
        (-80.54, -4.60),
        (-80.04, -4.55),
        (-79.74, -4.63),
        (-79.22, -5.16),
        (-78.52, -4.71),
        (-78.27, -3.96),
        (-77.71, -3.17),
        (-76.52, -2.78),
        (-75.38, -1.68),
        (-75.04, -0.94),
        (-75.14, -0.28),
        (-74.59, -0.67),
        (-74.25, -1.16),
        (-73.81, -1.41),
        (-73.16, -2.49),
        (-72.32, -2.63),
        (-71.77, -2.39),
        (-71.42, -2.54),
        (-70.86, -2.47),
        (-70.33, -2.79),
        (-70.89, -3.73),
        (-70.80, -3.91),
        (-70.49, -3.96),
        (-70.38, -4.07),
        (-70.84, -4.06),
    ],
    "CO": [
        (-76.75, 8.46),
        (-75.99, 9.16),
        (-75.54, 9.30),
        (-75.30, 10.51),
        (-74.83, 10.89),
        (-74.23, 10.91),
        (-74.07, 11.10),
        (-73.34, 11.04),
        (-72.12, 11.79),
        (-71.69, 12.22),
        (-71.50, 12.19),
        (-71.39, 12.08),
        (-71.46, 11.95),
        (-72.11, 11.76),
        (-72.38, 11.24),
        (-72.76, 10.96),
        (-73.07, 10.56),
        (-73.22, 9.80),
        (-73.50, 9.20),
        (-73.41, 8.98),
        (-72.95, 8.90),
        (-72.84, 8.53),
        (-72.62, 8.31),
        (-72.57, 8.01),
        (-72.68, 7.64),
        (-72.61, 7.32),
        (-72.33, 7.17),
        (-72.00, 6.80),
        (-70.69, 6.89),
        (-70.20, 6.78),
        (-69.43, 5.90),
        (-68.97, 6.00),
        (-68.26, 5.95),
        (-67.72, 6.06),
        (-67.59, 5.99),
        (-67.94, 5.28),
        (-68.02, 4.51),
        (-67.81, 3.76),
        (-67.52, 3.39),
        (-67.96, 2.95),
        (-68.01, 2.81),
        (-67.94, 2.67),
        (-67.58, 2.45),
        (-67.35, 2.13),
        (-67.47, 2.22),
        (-67.62, 2.22),
        (-67.95, 1.89),
        (-69.83, 1.91),
        (-70.01, 1.77),
        (-69.99, 1.01),
        (-69.88, 0.90),
        (-69.65, 0.86),
        (-70.19, 0.64),
        (-70.22, -0.20),
        (-69.75, -0.66),
        (-69.62, -1.14),
        (-69.64, -1.53),
        (-70.03, -3.87),
        (-70.35, -3.57),
        (-69.86, -2.80),
        (-69.94, -2.55),
        (-70.78, -2.06),
        (-71.38, -2.14),
        (-71.78, -1.97),
        (-72.36, -2.23),
        (-72.94, -2.13),
        (-73.52, -1.12),
        (-73.98, -0.85),
        (-74.30, -0.39),
        (-75.01, 0.12),
        (-75.36, 0.07),
        (-76.25, 0.61),
        (-76.61, 0.47),
        (-77.30, 0.58),
        (-77.56, 0.99),
        (-77.81, 1.01),
        (-78.70, 1.52),
        (-78.43, 1.69),
        (-78.46, 2.22),
        (-78.31, 2.44),
        (-77.79, 2.56),
        (-76.93, 3.80),
        (-76.98, 3.98),
        (-77.26, 4.17),
        (-77.11, 4.66),
        (-77.32, 5.53),
        (-77.12, 5.84),
        (-77.28, 6.73),
        (-77.66, 7.27),
        (-77.61, 7.47),
        (-77.32, 7.47),
        (-77.06, 7.86),
        (-77.24, 8.46),
        (-76.75, 8.46),
    ],
    "HN": [
        (-89.01, 14.53),
        (-88.95, 14.68),
        (-89.01, 14.88),
        (-88.19, 15.50),
        (-88.04, 15.50),
        (-87.83, 15.67),
        (-86.89, 15.56),
        (-86.39, 15.59),
        (-85.94, 15.79),
        (-85.44, 15.69),
        (-84.97, 15.78),
        (-84.44, 15.64),
        (-83.64, 15.15),
        (-84.01, 14.95),
        (-84.27, 14.94),
        (-84.48, 14.83),
        (-84.77, 15.01),
        (-85.02, 14.97),
        (-85.32, 14.67),
        (-85.36, 14.46),
        (-85.84, 14.10),
        (-86.13, 14.23),
        (-86.40, 13.97),
        (-86.88, 13.91),
        (-86.95, 13.79),
        (-86.94, 13.44),
        (-87.13, 13.21),
        (-87.21, 13.20),
        (-87.36, 13.45),
        (-87.57, 13.53),
        (-87.53, 13.85),
        (-87.75, 14.06),
        (-88.06, 14.16),
        (-88.37, 14.09),
        (-89.01, 14.53),
    ],
}

# country -> (name, admin1, latitude, longitude, weight)
TOWNS: dict[str, list[tuple[str, str, float, float, float]]] = {
    "PE": [
        ("Lima", "Lima", -12.05, -77.04, 30),
        ("Huancayo", "Junín", -12.07, -75.21, 6),
        ("La Oroya", "Junín", -11.52, -75.90, 3),
        ("Morococha", "Junín", -11.60, -76.14, 3),
        ("Cerro de Pasco", "Pasco", -10.68, -76.26, 3),
        ("Huánuco", "Huánuco", -9.93, -76.24, 3),
        ("Cajamarca", "Cajamarca", -7.16, -78.51, 6),
        ("Arequipa", "Arequipa", -16.41, -71.54, 8),
        ("Cusco", "Cusco", -13.53, -71.97, 6),
        ("Espinar", "Cusco", -14.79, -71.41, 3),
        ("Challhuahuacho", "Apurímac", -14.12, -72.25, 4),
        ("Abancay", "Apurímac", -13.63, -72.88, 2),
        ("Ayacucho", "Ayacucho", -13.16, -74.22, 3),
        ("Puno", "Puno", -15.84, -70.02, 3),
        ("Juliaca", "Puno", -15.50, -70.13, 4),
        ("Moquegua", "Moquegua", -17.19, -70.93, 2),
        ("Tacna", "Tacna", -18.01, -70.25, 2),
        ("Piura", "Piura", -5.19, -80.63, 5),
        ("Chiclayo", "Lambayeque", -6.77, -79.84, 5),
        ("Trujillo", "La Libertad", -8.11, -79.03, 6),
        ("Huaraz", "Áncash", -9.53, -77.53, 3),
        ("Iquitos", "Loreto", -3.75, -73.25, 3),
        ("Pucallpa", "Ucayali", -8.38, -74.55, 3),
        ("Tarapoto", "San Martín", -6.49, -76.36, 2),
        ("Moyobamba", "San Martín", -6.03, -76.97, 2),
        ("Puerto Maldonado", "Madre de Dios", -12.59, -69.19, 2),
        ("Marcona", "Ica", -15.36, -75.16, 2),
        ("Ica", "Ica", -14.07, -75.73, 3),
        ("Chachapoyas", "Amazonas", -6.23, -77.87, 1),
        ("Tumbes", "Tumbes", -3.57, -80.45, 1),
    ],
    "CO": [
        ("Bogotá", "Bogotá D.C.", 4.71, -74.07, 25),
        ("Medellín", "Antioquia", 6.25, -75.56, 12),
        ("Cali", "Valle del Cauca", 3.45, -76.53, 10),
        ("Barranquilla", "Atlántico", 10.96, -74.80, 6),
        ("Cartagena", "Bolívar", 10.39, -75.51, 5),
        ("Bucaramanga", "Santander", 7.12, -73.12, 5),
        ("Cúcuta", "Norte de Santander", 7.89, -72.50, 5),
        ("Florencia", "Caquetá", 1.61, -75.61, 3),
        ("San Vicente del Caguán", "Caquetá", 2.12, -74.77, 3),
        ("Puerto Asís", "Putumayo", 0.50, -76.50, 2),
        ("Mocoa", "Putumayo", 1.15, -76.65, 2),
        ("Villavicencio", "Meta", 4.14, -73.63, 4),
        ("Yopal", "Casanare", 5.34, -72.40, 2),
        ("Arauca", "Arauca", 7.08, -70.76, 2),
        ("Neiva", "Huila", 2.93, -75.28, 3),
        ("Pasto", "Nariño", 1.21, -77.28, 3),
        ("Tumaco", "Nariño", 1.81, -78.76, 2),
        ("Popayán", "Cauca", 2.44, -76.61, 3),
        ("Quibdó", "Chocó", 5.69, -76.66, 2),
        ("Montería", "Córdoba", 8.75, -75.88, 3),
        ("Valledupar", "Cesar", 10.46, -73.25, 3),
        ("Riohacha", "La Guajira", 11.54, -72.91, 2),
        ("Santa Marta", "Magdalena", 11.24, -74.20, 3),
        ("Ibagué", "Tolima", 4.44, -75.23, 3),
        ("Manizales", "Caldas", 5.07, -75.52, 3),
        ("Barrancabermeja", "Santander", 7.07, -73.85, 2),
        ("Segovia", "Antioquia", 7.08, -74.70, 2),
        ("Buenaventura", "Valle del Cauca", 3.88, -77.03, 2),
    ],
    "HN": [
        ("Tegucigalpa", "Francisco Morazán", 14.07, -87.19, 12),
        ("San Pedro Sula", "Cortés", 15.50, -88.03, 9),
        ("La Ceiba", "Atlántida", 15.76, -86.79, 3),
        ("Choluteca", "Choluteca", 13.30, -87.19, 3),
        ("Juticalpa", "Olancho", 14.67, -86.22, 2),
        ("Catacamas", "Olancho", 14.85, -85.90, 2),
        ("Nueva Palestina", "Olancho", 14.62, -85.71, 1),
        ("Comayagua", "Comayagua", 14.45, -87.64, 2),
        ("Siguatepeque", "Comayagua", 14.60, -87.83, 2),
        ("Santa Rosa de Copán", "Copán", 14.77, -88.78, 2),
        ("Danlí", "El Paraíso", 14.03, -86.58, 2),
        ("Tocoa", "Colón", 15.68, -86.00, 2),
        ("Puerto Lempira", "Gracias a Dios", 15.27, -83.77, 1),
        ("Gracias", "Lempira", 14.59, -88.58, 1),
        ("Yoro", "Yoro", 15.14, -87.13, 1),
        ("Olanchito", "Yoro", 15.48, -86.57, 1),
    ],
}
COUNTRY_SHARE = {"PE": 0.40, "CO": 0.45, "HN": 0.15}
CAPITALS = {"PE": "Lima", "CO": "Bogotá", "HN": "Tegucigalpa"}

# layer id -> (kind, share of all rows)
LAYERS: dict[str, tuple[str, float]] = {
    "mining_sites": ("site", 0.10),
    "hydro_projects": ("site", 0.03),
    "kidnappings": ("event", 0.12),
    "protests": ("event", 0.75),
}
LAYER_STYLE = {
    "mining_sites": ("Mining sites", "Sitios mineros", "#b35806", "square"),
    "hydro_projects": (
        "Hydroelectric projects",
        "Proyectos hidroeléctricos",
        "#2166ac",
        "triangle",
    ),
    "kidnappings": ("Kidnappings", "Secuestros", "#b2182b", "diamond"),
    "protests": (
        "Protests, strikes and attacks",
        "Protestas, huelgas y ataques",
        "#7b3294",
        "circle",
    ),
}
COMMON = ["id", "name", "country", "admin1", "locality", "latitude", "longitude", "precision",
          "sources", "notes"]  # fmt: skip
COLUMNS = {
    "mining_sites": COMMON + ["status", "status_year", "owners", "operator", "commodity",
                              "investment_usd", "investment_year", "start_year"],
    "hydro_projects": COMMON + ["status", "status_year", "owners", "operator", "capacity_mw",
                                "river", "investment_usd", "investment_year", "start_year"],
    "kidnappings": COMMON + ["date", "date_precision", "perpetrator", "victims", "fatalities",
                             "site_id"],
    "protests": COMMON + ["event_type", "date", "date_precision", "perpetrator", "victims",
                          "fatalities", "site_id"],
}  # fmt: skip

PRECISION_P = np.array([0.30, 0.25, 0.22, 0.13, 0.04, 0.02, 0.02, 0.02])
# Jitter (standard deviation, degrees) by precision 1..8: exact sites spread around towns,
# precision 3+ sit on the town (municipality / department / capital) like a geocoded name.
JITTER = np.array([0.25, 0.15, 0.0, 0.0, 0.05, 0.0, 0.0, 0.0])

STATUS = ("announced", "pre-construction", "construction", "operating", "shelved",
          "cancelled", "mothballed", "retired")  # fmt: skip
STATUS_P = np.array([0.10, 0.12, 0.10, 0.45, 0.08, 0.07, 0.04, 0.04])
COMPANIES = [
    ("Chinalco", "CN"), ("MMG", "CN"), ("Shougang", "CN"), ("Zijin Mining", "CN"),
    ("Jiangxi Copper", "CN"), ("Minmetals", "CN"), ("Sinohydro", "CN"),
    ("China Three Gorges", "CN"), ("PowerChina", "CN"), ("CITIC Metal", "CN"),
    ("Guoxin International", "CN"), ("Glencore", "CH"), ("Southern Copper", "MX"),
    ("Anglo American", "GB"), ("BHP", "AU"), ("Newmont", "US"), ("Buenaventura", "PE"),
    ("Hochschild", "GB"), ("Ecopetrol", "CO"), ("Celsia", "CO"), ("EPM", "CO"),
    ("ENEE", "HN"), ("Inversiones Hidroeléctricas", "HN"), ("Gran Colombia Gold", "CA"),
    ("Mitsubishi", "JP"), ("Enel", "IT"), ("Statkraft", "NO"), ("Kallpa Generación", "PE"),
]  # fmt: skip
COMMODITIES = ("copper", "gold", "silver", "zinc", "iron ore", "lead", "molybdenum", "coal",
               "nickel", "tin", "copper, molybdenum", "gold, silver")  # fmt: skip
RIVERS = ("Mantaro", "Marañón", "Huallaga", "Urubamba", "Santa", "Rímac", "Magdalena", "Cauca",
          "Sogamoso", "Guavio", "Patuca", "Ulúa", "Chamelecón", "Aguán", "Inambari")  # fmt: skip
EVENT_TYPES = ("Protests", "Riots", "Strategic developments", "Violence against civilians",
               "Battles", "Explosions/Remote violence")  # fmt: skip
EVENT_TYPE_P = np.array([0.55, 0.12, 0.10, 0.13, 0.06, 0.04])
PERPETRATORS = ("Unidentified armed group", "FARC dissidents", "ELN", "Clan del Golfo",
                "Sendero Luminoso", "MS-13", "Barrio 18", "Police forces", "Military forces",
                "Private security", "Rondas campesinas", "Local residents", "Miners' union",
                "Unknown", "Communal militia")  # fmt: skip
VICTIMS = ("Chinese engineers", "Chinese oil workers", "local workers", "community leaders",
           "environmental defenders", "protesters", "police officers", "company staff",
           "truck drivers", "Indigenous residents", "journalists", "none reported")  # fmt: skip
PUBLISHERS = ("El Comercio", "La República", "Gestión", "RPP Noticias", "El Tiempo", "Semana",
              "El Espectador", "La Prensa", "El Heraldo", "Proceso Digital", "Reuters",
              "Associated Press", "ACLED", "Global Energy Monitor", "Defensoría del Pueblo",
              "OCMAL", "EJAtlas", "Xinhua", "Mongabay", "InSight Crime")  # fmt: skip
TITLE_A = ("Protesters block access to", "Company announces expansion of",
           "Residents denounce contamination at", "Strike paralyses", "Police clear road near",
           "Government approves permit for", "Workers kidnapped near", "Dialogue table opens on",
           "Court suspends works at", "Armed group attacks camp at", "Investors sign deal for",
           "Community demands consultation on")  # fmt: skip
TITLE_B = ("the mine", "the dam", "the project", "the concession", "the camp", "the works",
           "the pipeline", "the access road")  # fmt: skip
NOTE_A = ("Residents of", "Workers at a site near", "A community assembly in",
          "Local authorities in", "Reporters who visited", "Farmers from",
          "Indigenous organisations of", "Union delegates in", "The regional office in",
          "Witnesses in")  # fmt: skip
NOTE_B = ("blocked the access road for", "reported threats over", "demanded compensation for",
          "held a vigil lasting", "denounced water pollution after",
          "marched against the project for",
          "negotiated with the company for", "reported the disappearance after",
          "stopped the trucks for", "described the attack that lasted")  # fmt: skip
NOTE_C = ("The company did not comment.", "The figure could not be verified independently.",
          "Police said the investigation is ongoing.", "Talks resumed the following week.",
          "The ombudsman's office registered the conflict as active.",
          "Sources disagree on the number of people involved.", "",
          "The location is given as the nearest town.", "Dates before the report are approximate.",
          "A second source gives a different date.")  # fmt: skip
SYLLABLES = ("to", "ro", "mo", "cha", "bam", "bas", "pa", "tu", "ca", "hua", "lla", "quis",
             "con", "ga", "mi", "na", "cu", "yan", "co", "cha", "pan", "ta", "ri", "mar",
             "ño", "que", "sa", "li", "za", "ma")  # fmt: skip


@dataclass
class Dataset:
    """Where one generated dataset lives and what it holds."""

    n: int
    seed: int
    folder: Path
    layers: dict[str, int]  # layer id -> rows
    csv_gzip_bytes: int  # gzip (level 6) of the layers as CSV, summed

    @property
    def size_bound_bytes(self) -> int:
        """Issue 6's file-size bound: 1.5 x gzip(CSV) + 0.5 MB."""
        return int(1.5 * self.csv_gzip_bytes + 0.5e6)

    def parquet(self, layer: str) -> Path:
        return self.folder / f"{layer}.parquet"

    def csv(self, layer: str) -> Path:
        return self.folder / f"{layer}.csv"


@functools.cache
def _inner_polygons() -> dict:
    """Each country's shrunk outline, cut by geoinvest's own outline when it is installed.

    The 1:110m outlines miss coastal lagoons and river borders that geoinvest's finer
    outlines have, and geoinvest rejects a point outside the country it names; intersecting
    with its outline (shrunk by about 2 km) keeps every generated point acceptable to it.
    """
    import shapely

    polys = {cc: shapely.Polygon(coords) for cc, coords in OUTLINES.items()}
    try:
        from geoinvest.geography import country_outlines
    except ImportError:
        return polys
    gdf = country_outlines(list(OUTLINES))
    for cc, geom in zip(gdf["country"], gdf.geometry, strict=True):
        polys[cc] = shapely.intersection(polys[cc], geom.buffer(-0.02))
    for poly in polys.values():
        shapely.prepare(poly)
    return polys


def outline_source() -> str:
    """Which outlines the points were sampled in (part of the dataset's cache key)."""
    try:
        from geoinvest.geography import country_outlines  # noqa: F401
    except ImportError:
        return "ne110m"
    return "ne110m-gi"


def _anchors(polys: dict) -> pd.DataFrame:
    """Town anchors, each moved inside its country's shrunk outline if needed."""
    import shapely
    from shapely.ops import nearest_points

    rows = []
    for cc, towns in TOWNS.items():
        poly = polys[cc]
        core = poly.buffer(-0.05)
        for name, admin1, lat, lon, w in towns:
            p = shapely.Point(lon, lat)
            if not poly.contains(p):
                p = nearest_points(core, p)[0]
            rows.append((cc, name, admin1, round(p.y, 4), round(p.x, 4), w))
    return pd.DataFrame(rows, columns=["country", "locality", "admin1", "lat", "lon", "w"])


def _pick(rng: np.random.Generator, values, n: int, p=None) -> pa.Array:
    """n strings drawn from values (with probabilities p), as a pyarrow array."""
    return pa.array(list(values), pa.string()).take(rng.choice(len(values), size=n, p=p))


def _str(values) -> pa.Array:
    return pa.array(np.asarray(values)).cast(pa.string())


def _dates(rng: np.random.Generator, n: int, start: str, end: str) -> pa.Array:
    lo = np.datetime64(start, "D").astype(np.int64)
    hi = np.datetime64(end, "D").astype(np.int64)
    return pa.array(rng.integers(lo, hi, size=n).astype(np.int32), pa.int32()).cast(pa.date32())


def _join(*parts) -> pa.Array:
    """Element-wise concatenation of string arrays and scalars (pyarrow, no Python loop)."""
    return pc.binary_join_element_wise(*parts, "")


def _where(mask: np.ndarray, a, b) -> pa.Array:
    return pc.if_else(pa.array(mask), a, b)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return ascii_text.lower().replace(" ", "-").replace("'", "")


def _citations(rng: np.random.Generator, n: int, locality: pa.Array) -> pa.Array:
    """n citation strings ``Publisher, "Title", YYYY-MM-DD, https://example.org/...``."""
    which = rng.choice(len(PUBLISHERS), size=n)
    pub = pa.array(PUBLISHERS, pa.string()).take(which)
    slug = pa.array([_slug(p) for p in PUBLISHERS], pa.string()).take(which)
    day = _dates(rng, n, "1995-01-01", "2025-06-30").cast(pa.string())
    ident = _str(rng.integers(100000, 999999, size=n))
    title = _join(_pick(rng, TITLE_A, n), " ", _pick(rng, TITLE_B, n), " in ", locality)
    path = pc.replace_substring(day, "-", "/")
    url = _join("https://example.org/", slug, "/", path, "/", ident)
    return _join(pub, ', "', title, '", ', day, ", ", url)


def _names(rng: np.random.Generator, n: int) -> pa.Array:
    k = rng.integers(2, 4, size=n)
    parts = [_pick(rng, SYLLABLES, n) for _ in range(3)]
    name = _where(k == 3, _join(*parts), _join(parts[0], parts[1]))
    return pc.utf8_capitalize(name)


def _owners(rng: np.random.Generator, n: int) -> pa.Array:
    k = rng.choice([1, 2, 3], size=n, p=[0.5, 0.35, 0.15])
    comp = [_pick(rng, [f"{c} ({cc})" for c, cc in COMPANIES], n) for _ in range(3)]
    first = rng.integers(5, 19, size=n) * 5  # 25..90 in steps of 5 when shared
    second = np.where(k == 3, (100 - first) // 2, 100 - first)
    third = 100 - first - second
    one = _join(comp[0], " 100%")
    two = _join(comp[0], " ", _str(first), "%; ", comp[1], " ", _str(second), "%")
    three = _join(two, "; ", comp[2], " ", _str(third), "%")
    return _where(k == 1, one, _where(k == 2, two, three))


def _common(rng: np.random.Generator, n: int, anchors: pd.DataFrame, polys) -> pd.DataFrame:
    import shapely

    country = rng.choice(list(COUNTRY_SHARE), size=n, p=list(COUNTRY_SHARE.values()))
    idx = np.empty(n, dtype=np.int64)
    for cc in COUNTRY_SHARE:
        sel = np.flatnonzero(country == cc)
        cand = anchors.index[anchors.country == cc].to_numpy()
        w = anchors.loc[cand, "w"].to_numpy(float)
        idx[sel] = rng.choice(cand, size=len(sel), p=w / w.sum())
    precision = rng.choice(np.arange(1, 9), size=n, p=PRECISION_P)
    # Precision 6 (country) and 7/8 (capital) sit on the capital.
    capital = {cc: anchors.index[anchors.locality == town][0] for cc, town in CAPITALS.items()}
    for cc, row in capital.items():
        idx[(precision >= 6) & (country == cc)] = row
    a_lat = anchors.lat.to_numpy()[idx]
    a_lon = anchors.lon.to_numpy()[idx]
    lat, lon = a_lat.copy(), a_lon.copy()
    sd = JITTER[precision - 1]
    todo = np.flatnonzero(sd > 0)
    for _ in range(50):  # rejection sampling inside the shrunk outline
        if len(todo) == 0:
            break
        la = a_lat[todo] + rng.normal(0, 1, len(todo)) * sd[todo]
        lo = a_lon[todo] + rng.normal(0, 1, len(todo)) * sd[todo]
        ok = np.zeros(len(todo), bool)
        for cc, poly in polys.items():
            m = country[todo] == cc
            ok[m] = shapely.contains_xy(poly, lo[m], la[m])
        lat[todo[ok]], lon[todo[ok]] = la[ok], lo[ok]
        todo = todo[~ok]
    # anything still outside after 50 tries stays on its (inside) anchor
    locality = pa.array(anchors.locality.tolist(), pa.string()).take(idx)
    admin1 = pa.array(anchors.admin1.tolist(), pa.string()).take(idx)
    ncit = rng.choice([1, 2, 3], size=n, p=[0.55, 0.30, 0.15])
    c1, c2, c3 = (_citations(rng, n, locality) for _ in range(3))
    sources = _where(ncit == 1, c1, _where(ncit == 2, _join(c1, " | ", c2),
                                           _join(c1, " | ", c2, " | ", c3)))  # fmt: skip
    nnum = _str(rng.integers(2, 400, size=n))
    notes = _join(_pick(rng, NOTE_A, n), " ", locality, " ", _pick(rng, NOTE_B, n), " ", nnum,
                  " days. ", _pick(rng, NOTE_C, n))  # fmt: skip
    return pd.DataFrame(
        {
            "name": _names(rng, n).to_pandas(),
            "country": pd.Series(country, dtype="str"),
            "admin1": admin1.to_pandas(),
            "locality": locality.to_pandas(),
            "latitude": np.round(lat, 5),
            "longitude": np.round(lon, 5),
            "precision": precision.astype(np.int64),
            "sources": sources.to_pandas(),
            "notes": pc.utf8_rtrim_whitespace(notes).to_pandas(),
        }
    )


def _nullable_years(rng, n, lo, hi, missing):
    years = pd.array(rng.integers(lo, hi + 1, size=n), dtype="Int64")
    years[rng.random(n) < missing] = pd.NA
    return years


def make_layers(n: int, seed: int = 20240611) -> dict[str, pd.DataFrame]:
    """The N rows split into the four layers, as plain DataFrames (latitude/longitude columns)."""
    rng = np.random.default_rng(seed)
    polys = _inner_polygons()
    anchors = _anchors(polys)
    shares = np.array([s for _, s in LAYERS.values()])
    counts = np.floor(shares * n).astype(int)
    counts[-1] += n - counts.sum()
    out: dict[str, pd.DataFrame] = {}
    site_ids: list[np.ndarray] = []
    for (layer, (kind, _)), count in zip(LAYERS.items(), counts, strict=True):
        df = _common(rng, int(count), anchors, polys)
        prefix = {"mining_sites": "MS", "hydro_projects": "HY", "kidnappings": "KD",
                  "protests": "PR"}[layer]  # fmt: skip
        number = pc.utf8_lpad(_str(np.arange(1, count + 1)), 7, "0")
        df.insert(0, "id", _join(prefix + "-", number).to_pandas())
        k = int(count)
        if kind == "site":
            prefix_name = "Mina " if layer == "mining_sites" else "Central hidroeléctrica "
            df["name"] = prefix_name + df["name"]
            df["status"] = _pick(rng, STATUS, k, p=STATUS_P).to_pandas()
            df["status_year"] = _nullable_years(rng, k, 2010, 2025, 0.3)
            owners = _owners(rng, k)
            df["owners"] = owners.to_pandas()
            df["operator"] = pc.extract_regex(owners, r"^(?P<op>[^(]+) \(").field(0).to_pandas()
            if layer == "mining_sites":
                df["commodity"] = _pick(rng, COMMODITIES, k).to_pandas()
            else:
                df["capacity_mw"] = np.round(rng.lognormal(3.5, 1.3, size=k), 1)
                df["river"] = _pick(rng, RIVERS, k).to_pandas()
            inv = np.round(rng.lognormal(18.5, 1.5, size=k), -5)
            df["investment_usd"] = np.where(rng.random(k) < 0.4, np.nan, inv)
            df["investment_year"] = _nullable_years(rng, k, 2000, 2024, 0.4)
            df["start_year"] = _nullable_years(rng, k, 1950, 2030, 0.2)
            site_ids.append(df["id"].to_numpy(object))
        else:
            if layer == "protests":
                df["event_type"] = _pick(rng, EVENT_TYPES, k, p=EVENT_TYPE_P).to_pandas()
                label = df["event_type"].str.lower().str.replace("protests", "protest")
                df["name"] = label.str.capitalize() + " in " + df["locality"]
            else:
                df["name"] = "Kidnapping near " + df["locality"]
            # about 3% of events predate 1970
            old = rng.random(k) < 0.03
            date = _where(
                old, _dates(rng, k, "1948-01-01", "1969-12-31"),
                _dates(rng, k, "1970-01-01", "2025-06-30"),
            )  # fmt: skip
            df["date"] = date.cast(pa.string()).to_pandas()
            df["date_precision"] = _pick(
                rng, ("day", "week", "month", "year"), k, p=[0.7, 0.1, 0.15, 0.05]
            ).to_pandas()
            df["perpetrator"] = _pick(rng, PERPETRATORS, k).to_pandas()
            df["victims"] = _pick(rng, VICTIMS, k).to_pandas()
            fat = rng.poisson(0.3, size=k) * (rng.random(k) < 0.5)
            df["fatalities"] = fat.astype(np.int64)
            all_sites = np.concatenate(site_ids) if site_ids else np.array([], object)
            linked = (rng.random(k) < 0.15) & (len(all_sites) > 0)
            sid = np.full(k, None, dtype=object)
            if len(all_sites):
                sid[linked] = all_sites[rng.integers(0, len(all_sites), size=int(linked.sum()))]
            df["site_id"] = pd.Series(sid, dtype="str")
        out[layer] = df[COLUMNS[layer]]
    return out


def to_geodataframe(df: pd.DataFrame):
    import geopandas as gpd

    return gpd.GeoDataFrame(
        df, geometry=gpd.points_from_xy(df["longitude"], df["latitude"]), crs="EPSG:4326"
    )


def write_dataset(n: int, root: Path, seed: int = 20240611, force: bool = False) -> Dataset:
    """Write the layers once per (n, seed) as GeoParquet and CSV; reuse them when present."""
    folder = Path(root) / f"n{n}-seed{seed}-v{GENERATOR_VERSION}-{outline_source()}"
    meta_path = folder / "dataset.json"
    if meta_path.exists() and not force:
        meta = json.loads(meta_path.read_text())
        return Dataset(n, seed, folder, meta["layers"], meta["csv_gzip_bytes"])
    folder.mkdir(parents=True, exist_ok=True)
    layers = make_layers(n, seed)
    gz_total = 0
    for layer, df in layers.items():
        to_geodataframe(df).to_parquet(folder / f"{layer}.parquet", index=False)
        df.to_csv(folder / f"{layer}.csv", index=False)
        gz_total += len(gzip.compress((folder / f"{layer}.csv").read_bytes(), compresslevel=6))
    meta = {"layers": {k: len(v) for k, v in layers.items()}, "csv_gzip_bytes": gz_total}
    meta_path.write_text(json.dumps(meta, indent=1))
    return Dataset(n, seed, folder, meta["layers"], gz_total)


# ---- one event layer with long text fields (the CSV-layer case, benchmarks/csv_layer.py)

EVENTS_VERSION = 1
# Every schema column of an event layer, in schema order.
EVENT_COLUMNS = COMMON + ["event_type", "date", "date_precision", "perpetrator", "victims",
                          "fatalities", "injured", "site_id"]  # fmt: skip
NOTE_OPEN = ("Según vecinos de", "De acuerdo con la Defensoría del Pueblo, en",
             "Testigos consultados en", "La organización campesina de",
             "Trabajadores de la contratista en", "El párroco de", "Dirigentes indígenas de",
             "Un comunicado de la gobernación desde", "Periodistas que llegaron a",
             "Habitantes de la vereda cercana a")  # fmt: skip
NOTE_VERB = ("denunciaron que el campamento fue atacado durante la madrugada",
             "bloquearon la vía de acceso a la obra",
             "exigieron la consulta previa que la empresa había prometido",
             "informaron de amenazas contra los líderes de la comunidad",
             "señalaron la contaminación del río aguas abajo del depósito de relaves",
             "relataron que los operarios extranjeros fueron retenidos varias horas",
             "marcharon hasta la plaza principal con pancartas en español y quechua",
             "pidieron la presencia de la Fiscalía y de la Policía Nacional")  # fmt: skip
NOTE_MIDDLE = ("La versión de la compañía difiere: habla de un «malentendido» con los guardias.",
               "Según el acta, participaron unas doscientas personas, aunque otras fuentes "
               "hablan de más de quinientas.",
               "El alcalde pidió diálogo y anunció una mesa técnica con el Ministerio de "
               "Energía y Minas.",
               "Los heridos fueron atendidos en el centro de salud más cercano, a dos horas por "
               "carretera.",
               "La empresa suspendió temporalmente los trabajos y retiró la maquinaria pesada.",
               "Los manifestantes acusan a la concesionaria de incumplir el acuerdo de "
               "compensación firmado en años anteriores.",
               "El Ejército desplegó una patrulla; no hubo detenidos según el parte oficial.",
               "La comunidad sostiene que el agua del pozo ya no es apta para el consumo.",
               "Una delegación de la embajada visitó la zona días después.",
               "El sindicato convocó un paro de 48 horas en solidaridad.")  # fmt: skip
NOTE_CLOSE = ("La cifra de víctimas no pudo verificarse de forma independiente.",
              "La ubicación corresponde a la cabecera municipal más próxima.",
              "Fecha aproximada: la primera nota de prensa salió una semana después.",
              "La empresa no respondió a las solicitudes de comentario.",
              "Dos fuentes dan fechas distintas; se usa la más antigua.",
              "El caso figura como activo en el reporte mensual de conflictos.")  # fmt: skip
VICTIMS_LONG = ("trabajadores chinos de la contratista", "ingenieros de la empresa",
                "guardias de seguridad privada", "líderes comunales", "defensores ambientales",
                "manifestantes", "policías", "conductores de camiones", "comuneros indígenas",
                "periodistas locales")  # fmt: skip


def _long_notes(rng: np.random.Generator, n: int, locality: pa.Array, multiline: float):
    """Spanish notes of about 150-700 characters (a few hundred typically), with accents."""
    days = _str(rng.integers(2, 400, size=n))
    head = _join(_pick(rng, NOTE_OPEN, n), " ", locality, " ", _pick(rng, NOTE_VERB, n),
                 " durante ", days, " días.")  # fmt: skip
    k = rng.integers(1, 4, size=n)  # 1-3 middle sentences
    mids = [_pick(rng, NOTE_MIDDLE, n) for _ in range(3)]
    sep = _where(rng.random(n) < multiline, pa.scalar("\n"), pa.scalar(" "))
    body = _where(k == 1, mids[0], _where(k == 2, _join(mids[0], " ", mids[1]),
                                          _join(mids[0], " ", mids[1], " ", mids[2])))  # fmt: skip
    return _join(head, " ", body, sep, _pick(rng, NOTE_CLOSE, n))


def _victims(rng: np.random.Generator, n: int) -> pa.Array:
    count = _str(rng.integers(1, 40, size=n))
    one = _join(count, " ", _pick(rng, VICTIMS_LONG, n))
    two = _join(one, " y ", _str(rng.integers(1, 12, size=n)), " ", _pick(rng, VICTIMS_LONG, n))
    return _where(rng.random(n) < 0.35, two, one)


def make_events(n: int, seed: int = 20240611, multiline: float = 0.0) -> pd.DataFrame:
    """N rows of one event layer with every event column and long text fields.

    Sources hold 1-3 citations with URLs; notes are Spanish, a few hundred characters with
    accents (a share ``multiline`` of them holds a line break, as spreadsheet exports do);
    victims and perpetrators are phrases. ``site_id`` is there and empty: the project has
    no site layer.
    """
    rng = np.random.default_rng(seed)
    polys = _inner_polygons()
    df = _common(rng, n, _anchors(polys), polys)
    locality = pa.array(df["locality"].tolist(), pa.string())
    df.insert(0, "id", _join("EV-", pc.utf8_lpad(_str(np.arange(1, n + 1)), 7, "0")).to_pandas())
    df["notes"] = _long_notes(rng, n, locality, multiline).to_pandas()
    df["event_type"] = _pick(rng, EVENT_TYPES, n, p=EVENT_TYPE_P).to_pandas()
    label = df["event_type"].str.lower().str.replace("protests", "protest")
    df["name"] = label.str.capitalize() + " in " + df["locality"]
    old = rng.random(n) < 0.03
    date = _where(old, _dates(rng, n, "1948-01-01", "1969-12-31"),
                  _dates(rng, n, "1970-01-01", "2025-06-30"))  # fmt: skip
    df["date"] = date.cast(pa.string()).to_pandas()
    df["date_precision"] = _pick(
        rng, ("day", "week", "month", "year"), n, p=[0.7, 0.1, 0.15, 0.05]
    ).to_pandas()
    second = _pick(rng, PERPETRATORS, n)
    perp = _pick(rng, PERPETRATORS, n)
    df["perpetrator"] = _where(rng.random(n) < 0.2, _join(perp, "; ", second), perp).to_pandas()
    df["victims"] = _victims(rng, n).to_pandas()
    df["fatalities"] = (rng.poisson(0.3, size=n) * (rng.random(n) < 0.5)).astype(np.int64)
    injured = pd.array(rng.poisson(1.5, size=n), dtype="Int64")
    injured[rng.random(n) < 0.3] = pd.NA
    df["injured"] = injured
    df["site_id"] = pd.Series([None] * n, dtype="str")
    return df[EVENT_COLUMNS]
