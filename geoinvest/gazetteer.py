"""Place names: the normaliser, the packaged gazetteer and user gazetteers that extend it."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from geoinvest.errors import DataError, Issue, NotFoundError
from geoinvest.model import Origin
from geoinvest.readers import read_table
from geoinvest.rules import Checker, check_column
from geoinvest.schema import PLACE_KINDS, Column

ATTRIBUTION = (
    "Place names: GeoNames (geonames.org), CC BY 4.0. Boundaries: Natural Earth, public domain."
)
COLUMNS = ["name", "admin1", "admin1_code", "admin2", "country", "latitude", "longitude"]
# Location precision codes (UCDP / AidData / IATI) for each kind of entry.
PRECISION = dict(zip(PLACE_KINDS, (1, 3, 4, 6), strict=True))

# Words that say what kind of area a name is: stripped, but remembered as a hint.
_ADMIN1_FORMS = r"departamento|dpto|depto|dept|department|region|estado|state"
_PLACE_FORMS = r"provincia|province|municipio|municipalidad|municipality|distrito|district"
_PLACE_FORMS += r"|ciudad|city|pueblo|town|corregimiento|caserio|aldea|vereda"
_FORM = re.compile(
    rf"^(?:(?P<a>{_ADMIN1_FORMS})|(?P<p>{_PLACE_FORMS}))(?: (?:de|del|of|de la|de los))? (?=.)"
)
_TRAILING = re.compile(rf" (?:(?P<a>{_ADMIN1_FORMS})|(?P<p>{_PLACE_FORMS}))$")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Abbreviations in place names, written out: "Pto. Maldonado" -> "puerto maldonado".
_ABBREVIATIONS = {"pto": "puerto", "sta": "santa", "sto": "santo", "sn": "san", "gral": "general"}
_ABBREVIATION = re.compile(r"\b(" + "|".join(_ABBREVIATIONS) + r")\b")


def fold(text: str) -> str:
    """Lower-case, strip accents, turn punctuation into single spaces."""
    plain = str(text).casefold()
    if not plain.isascii():
        # Accents come off; other non-ASCII characters become spaces below.
        plain = _COMBINING.sub("", unicodedata.normalize("NFKD", plain))
    words = _NOT_WORD.sub(" ", plain).strip()
    return _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(1)], words)


@functools.lru_cache(maxsize=1 << 16)
def split_form(text: str) -> tuple[str, str | None]:
    """Normalised name and the kind its wording names ('admin1', 'place' or None)."""
    key = fold(text)
    kind = None
    while True:
        m = _FORM.match(key) or _TRAILING.search(key)
        if not m:
            return key, kind
        kind = kind or ("admin1" if m.group("a") else "place")
        key = (key[: m.start()] + key[m.end() :]).strip()


def normalize(text: str) -> str:
    """Key for matching: case, accents, punctuation and 'Dpto. de' and the like ignored."""
    return split_form(text)[0]


@dataclass(frozen=True)
class Gazetteer:
    """Entries (a DataFrame) and an index from normalised name to entry positions."""

    entries: pd.DataFrame
    index: dict[str, tuple[int, ...]]
    by_country: dict[str, tuple[str, ...]]  # country -> normalised names, for fuzzy search

    @classmethod
    def from_frame(cls, entries: pd.DataFrame) -> Gazetteer:
        entries = entries.reset_index(drop=True)
        keys = [normalize(n) for n in entries["name"]]
        index: dict[str, list[int]] = {}
        by_country: dict[str, set[str]] = {}
        for i, (key, country) in enumerate(zip(keys, entries["country"], strict=True)):
            index.setdefault(key, []).append(i)
            by_country.setdefault(country, set()).add(key)
        by_country["*"] = set(index)
        return cls(
            entries,
            {k: tuple(v) for k, v in index.items()},
            {c: tuple(sorted(v)) for c, v in by_country.items()},
        )

    def extend(self, user: pd.DataFrame) -> Gazetteer:
        """A gazetteer where ``user`` entries are added and replace same-named ones."""
        base = self.entries
        user_keys = {
            (normalize(n), c, a)
            for n, c, a in zip(user["name"], user["country"], user["admin1_code"], strict=True)
        }
        user_any_admin = {(n, c) for n, c, a in user_keys if not a}
        drop = [
            (normalize(n), c, a) in user_keys or (normalize(n), c) in user_any_admin
            for n, c, a in zip(base["name"], base["country"], base["admin1_code"], strict=True)
        ]
        kept = base[~np.array(drop, dtype=bool)]
        return Gazetteer.from_frame(pd.concat([user, kept], ignore_index=True))


def _read_packaged() -> pd.DataFrame:
    with resources.as_file(resources.files("geoinvest") / "data" / "gazetteer.csv") as path:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    df["latitude"] = df["latitude"].astype(float)
    df["longitude"] = df["longitude"].astype(float)
    df["precision"] = df["kind"].map(PRECISION).astype(int)
    return df


@functools.cache
def packaged() -> Gazetteer:
    """The gazetteer shipped with geoinvest (GeoNames places, admin areas, countries)."""
    return Gazetteer.from_frame(_read_packaged())


# The columns of a user gazetteer, checked by the same rules as layers.
USER_COLUMNS = (
    Column("name", "text", nonempty=True),
    Column("country", "country", nonempty=True),
    Column("latitude", "latitude", nonempty=True),
    Column("longitude", "longitude", nonempty=True),
    Column("admin1", "text", required=False),
    Column("admin1_code", "text", required=False),
    Column("admin2", "text", required=False),
    Column("kind", "place_kind", required=False),
    Column("source", "text", required=False),
    Column("precision", "precision", required=False),
)


def read_user(path: str | Path) -> pd.DataFrame:
    """Read a user gazetteer (name, country, latitude, longitude; optional the rest of
    ``USER_COLUMNS``) from any table file geoinvest reads."""
    path = Path(path)
    if not path.exists():
        raise NotFoundError(f"{path}: gazetteer file not found")
    raw = read_table(path, points=False)
    return check_user(raw.frame, raw.origin)


def check_user(df: pd.DataFrame, origin: Origin | None = None) -> pd.DataFrame:
    """Check and complete user gazetteer rows with the schema's rules; every problem is
    reported together (DataError)."""
    origin = origin or Origin("gazetteer")
    df = df.rename(columns=lambda c: str(c).strip().lower())
    missing = [c.name for c in USER_COLUMNS if c.required and c.name not in df.columns]
    if missing:
        raise DataError(
            [Issue(origin.source, None, None, None, f"has no column {', '.join(missing)}",
                   "a gazetteer needs name, country, latitude and longitude")]
        )  # fmt: skip
    ck = Checker(origin)
    out: dict[str, pd.Series] = {}
    for column in USER_COLUMNS:
        cells = df[column.name] if column.name in df.columns else pd.Series("", index=df.index)
        out.update(check_column(ck, cells.astype("str"), column))
    if ck.issues:
        raise DataError(sorted(ck.issues, key=lambda i: i.row or 0))
    user = pd.DataFrame(out, index=df.index)
    for column in ("admin1", "admin1_code", "admin2"):
        user[column] = user[column].fillna("").astype(object)
    user["admin1_code"] = user["admin1_code"].str.upper()
    user["kind"] = user["kind"].fillna("site").astype(object)
    user["source"] = user["source"].fillna(Path(origin.source).name).astype(object)
    user["country"] = user["country"].astype(object)
    user["name"] = user["name"].astype(object)
    given = user["precision"].astype("float64")
    user["precision"] = given.fillna(user["kind"].map(PRECISION)).astype(int)
    return user[[*COLUMNS, "kind", "source", "precision"]].reset_index(drop=True)


def load(user: str | Path | pd.DataFrame | None = None) -> Gazetteer:
    """The packaged gazetteer, extended and overridden by a user gazetteer if given."""
    if user is None:
        return packaged()
    frame = read_user(user) if not isinstance(user, pd.DataFrame) else check_user(user)
    return packaged().extend(_fill_admin1(frame))


def _fill_admin1(df: pd.DataFrame) -> pd.DataFrame:
    """Give user entries an admin1 code from their admin1 name, or from their point."""
    from geoinvest.geography import admin_areas, assign_admin1  # lazy: loads shapes

    df = df.copy()
    areas = admin_areas()
    lookup = {}
    for row in areas.itertuples(index=False):
        for name in (row.name, row.name_es):
            lookup.setdefault((row.country, normalize(name)), row.iso_3166_2)
    named = [
        code or lookup.get((c, normalize(a)), "") if a or code else code
        for code, c, a in zip(df["admin1_code"], df["country"], df["admin1"], strict=True)
    ]
    df["admin1_code"] = named
    todo = df["admin1_code"] == ""
    if todo.any():
        import geopandas as gpd

        sub = df[todo]
        pts = gpd.GeoDataFrame(
            sub[["country"]],
            geometry=gpd.points_from_xy(sub["longitude"], sub["latitude"]),
            crs=4326,
        )
        df.loc[todo, "admin1_code"] = assign_admin1(pts)["admin1_code"].fillna("").to_numpy()
    names = dict(zip(areas["iso_3166_2"], areas["name"], strict=True))
    blank = df["admin1"].str.strip() == ""
    df.loc[blank, "admin1"] = df.loc[blank, "admin1_code"].map(names).fillna("")
    return df
