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

ATTRIBUTION = (
    "Place names: GeoNames (geonames.org), CC BY 4.0. Boundaries: Natural Earth, public domain."
)
COLUMNS = ["name", "admin1", "admin1_code", "admin2", "country", "latitude", "longitude"]
# Location precision codes (UCDP / AidData / IATI) for each kind of entry.
PRECISION = {"site": 1, "place": 3, "admin1": 4, "country": 6}

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


def read_user(path: str | Path) -> pd.DataFrame:
    """Read a user gazetteer CSV (name, country, latitude, longitude; optional rest)."""
    path = Path(path)
    if not path.exists():
        raise NotFoundError(f"{path}: gazetteer file not found")
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    df.columns = [c.strip().lower() for c in df.columns]
    missing = [c for c in ("name", "country", "latitude", "longitude") if c not in df.columns]
    if missing:
        cols = ", ".join(missing)
        raise DataError(
            [Issue(str(path), None, None, None, f"has no column {cols}",
                   "a gazetteer needs name, country, latitude and longitude")]
        )  # fmt: skip
    return _clean_user(df, str(path))


def _clean_user(df: pd.DataFrame, path: str) -> pd.DataFrame:
    """Check and complete user gazetteer rows; every problem is reported together."""
    for col in ("admin1", "admin1_code", "admin2", "kind", "source", "precision"):
        if col not in df.columns:
            df[col] = ""
    df["country"] = df["country"].str.strip().str.upper()
    df["kind"] = df["kind"].str.strip().str.lower().replace("", "site")
    df["source"] = df["source"].replace("", Path(path).name)
    issues: list[Issue] = []
    for col, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
        values = pd.to_numeric(df[col].str.strip(), errors="coerce")
        for i in np.flatnonzero(~values.between(low, high).to_numpy()):
            issues.append(
                Issue(path, int(i) + 2, col, df[col].iloc[i],
                      f"is not a number between {low} and {high}",
                      "write decimal degrees with a dot, e.g. -12.05")
            )  # fmt: skip
        df[col] = values
    for i in np.flatnonzero((df["name"].str.strip() == "").to_numpy()):
        issues.append(Issue(path, int(i) + 2, "name", "", "is empty", "give the place a name"))
    for i in np.flatnonzero(~df["country"].str.fullmatch(r"[A-Z]{2}").to_numpy()):
        issues.append(
            Issue(path, int(i) + 2, "country", df["country"].iloc[i],
                  "is not an ISO 3166-1 alpha-2 code", "write e.g. PE, CO or HN")
        )  # fmt: skip
    bad_kind = ~df["kind"].isin(list(PRECISION))
    for i in np.flatnonzero(bad_kind.to_numpy()):
        issues.append(
            Issue(path, int(i) + 2, "kind", df["kind"].iloc[i], "is not a kind of entry",
                  f"use one of {', '.join(PRECISION)}")
        )  # fmt: skip
    given = pd.to_numeric(df["precision"].str.strip().replace("", None), errors="coerce")
    bad_precision = df["precision"].str.strip().ne("") & ~given.isin(range(1, 9))
    for i in np.flatnonzero(bad_precision.to_numpy()):
        issues.append(
            Issue(path, int(i) + 2, "precision", df["precision"].iloc[i],
                  "is not a precision code", "use 1 (exact site) to 8 (capital)")
        )  # fmt: skip
    if issues:
        raise DataError(issues)
    default = df["kind"].map(PRECISION)
    df["precision"] = given.fillna(default).astype(int)
    df["admin1_code"] = df["admin1_code"].str.strip().str.upper()
    return df[[*COLUMNS, "kind", "source", "precision"]]


def load(user: str | Path | pd.DataFrame | None = None) -> Gazetteer:
    """The packaged gazetteer, extended and overridden by a user gazetteer if given."""
    if user is None:
        return packaged()
    frame = read_user(user) if not isinstance(user, pd.DataFrame) else _clean_user(user, "")
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
