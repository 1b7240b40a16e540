"""Offline geocoding of place names, with honest precision and no silent guesses."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from geoinvest.errors import ConfigError
from geoinvest.gazetteer import Gazetteer, load, normalize, split_form

OUTPUT_COLUMNS = [
    "latitude", "longitude", "precision", "geocode_match", "geocode_source", "geocode_status",
    "geocode_candidates",
]  # fmt: skip
FUZZY_ACCEPT = 90  # a near miss at least this close (0-100) is taken as the match...
FUZZY_MARGIN = 5  # ...when the next best name is this much further away
FUZZY_SUGGEST = 70  # near misses at least this close are suggested
SAME_PLACE_KM = 10.0  # entries of one name closer than this are one place
_PARENS = re.compile(r"\(([^()]*)\)")
_SPLIT = re.compile(r"\s*[,;]\s*|\s+-\s+")


@dataclass(frozen=True)
class Result:
    """How one place string resolved: the entry taken, or the candidates to choose from."""

    status: str  # "matched", "ambiguous" or "unmatched"
    entry: int | None = None  # position in the gazetteer's entries
    score: float = 100.0
    candidates: tuple[int, ...] = ()  # ambiguous: the entries it could be
    suggestions: tuple[tuple[int, float], ...] = ()  # unmatched: near misses and scores


@dataclass
class Constraint:
    """What a row's other words say about where it is."""

    countries: set[str] | None = None
    admin1: set[str] | None = None
    words: list[str] = field(default_factory=list)  # unrecognised hints (e.g. a province)


def parse(text: str, known: Callable[[str], bool] | None = None) -> tuple[str, list[str]]:
    """Split 'Florencia (Caquetá)' or 'Florencia, Caquetá, CO' into name and hints.

    With ``known``, the longest leading run of comma-separated parts that ``known``
    accepts is the name, so names holding a comma ("Santa Rita, Copan") stay whole.
    """
    hints = [h.strip() for h in _PARENS.findall(text) if h.strip()]
    rest = _PARENS.sub(" ", text)
    parts = [p for p in _SPLIT.split(rest.strip()) if p]
    if not parts:
        return "", hints
    if known is not None:
        for k in range(len(parts) - 1, 1, -1):
            if known(", ".join(parts[:k])):
                return ", ".join(parts[:k]), parts[k:] + hints
    return parts[0], parts[1:] + hints


class Geocoder:
    """Resolves place strings against a gazetteer; repeated strings are looked up once."""

    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer
        e = gazetteer.entries
        self.kind = e["kind"].to_numpy(dtype=object)
        self.country = e["country"].to_numpy(dtype=object)
        self.admin1 = e["admin1_code"].to_numpy(dtype=object)
        self.admin2 = np.array([normalize(a) for a in e["admin2"]], dtype=object)
        self.lat = e["latitude"].to_numpy(dtype=float)
        self.lon = e["longitude"].to_numpy(dtype=float)
        self.area_keys: dict[str, set[str]] = {}
        self.country_keys: dict[str, set[str]] = {}
        for key, rows in gazetteer.index.items():
            for i in rows:
                if self.kind[i] == "admin1":
                    self.area_keys.setdefault(key, set()).add(self.admin1[i])
                elif self.kind[i] == "country":
                    self.country_keys.setdefault(key, set()).add(self.country[i])
        for code in set(self.country):
            self.country_keys.setdefault(code.lower(), set()).add(code)
        for code in set(self.admin1) - {""}:
            self.area_keys.setdefault(normalize(code), set()).add(code)
        self.labels = [
            ", ".join(
                [name]
                + ([admin] if kind in ("place", "site") and admin else [])
                + ([country] if kind != "country" else [])
            )
            for name, admin, country, kind in zip(
                e["name"], e["admin1"], self.country, self.kind, strict=True
            )
        ]
        self._cache: dict[tuple, Result] = {}
        self._constraints: dict[tuple, Constraint] = {}
        self._settled: dict[tuple[int, ...], list[int]] = {}
        self._pools: dict[tuple[str, ...], list[str]] = {}

    # -- hints ---------------------------------------------------------------------------

    def constraint(self, hints: list[str], country: str | None) -> Constraint:
        """Turn hint words (admin areas, countries, provinces) into a constraint (cached)."""
        key = (tuple(hints), country)
        found = self._constraints.get(key)
        if found is None:
            found = self._constraints[key] = self._constraint(hints, country)
        return found

    def _constraint(self, hints: list[str], country: str | None) -> Constraint:
        c = Constraint(countries={country} if country else None)
        for hint in hints:
            key = normalize(hint)
            if not key:
                continue
            if key in self.country_keys:
                found = self.country_keys[key]
                c.countries = found if c.countries is None else c.countries & found
            elif key in self.area_keys:
                found = self.area_keys[key]
                c.admin1 = found if c.admin1 is None else c.admin1 | found
            else:
                c.words.append(key)
        if c.admin1 is not None and c.countries is not None:
            c.admin1 = {a for a in c.admin1 if a[:2] in c.countries}
        return c

    # -- resolving -----------------------------------------------------------------------

    def resolve(self, place: str, admin1: str | None = None, country: str | None = None) -> Result:
        """Resolve one place string (cached on its exact arguments)."""
        args = (place, admin1, country)
        hit = self._cache.get(args)
        if hit is None:
            hit = self._resolve(place, admin1, country)
            self._cache[args] = hit
        return hit

    def _resolve(self, place: str, admin1: str | None, country: str | None) -> Result:
        text = "" if place is None else str(place).strip()
        whole = normalize(text)
        if whole in self.gaz.index:
            name, hints = text, []
        else:
            name, hints = parse(text, lambda t: normalize(t) in self.gaz.index)
        if admin1:
            hints.append(admin1)
        key, form = split_form(name)
        if not key:
            return Result("unmatched", score=0.0)
        con = self.constraint(hints, country)
        rows = self.gaz.index.get(key, ())
        picked = self._narrow(rows, form, con)
        if len(picked) == 1:
            return Result("matched", picked[0])
        if len(picked) > 1:
            return Result("ambiguous", candidates=tuple(picked))
        return self._fuzzy(key, form, con, exact_rows=rows)

    def _narrow(self, rows: tuple[int, ...], form: str | None, con: Constraint) -> list[int]:
        """Filter a name's entries by its wording and hints, then settle what can be."""
        rows = list(rows)
        if form == "admin1":
            rows = _prefer(rows, [r for r in rows if self.kind[r] == "admin1"])
        elif form == "place":
            rows = _prefer(rows, [r for r in rows if self.kind[r] in ("place", "site")])
        if con.countries is not None:
            rows = [r for r in rows if self.country[r] in con.countries]
        if con.admin1 is not None:
            rows = [r for r in rows if self.admin1[r] in con.admin1]
        for word in con.words:
            rows = _prefer(rows, [r for r in rows if self.admin2[r] == word])
        if len(rows) <= 1:
            return rows
        key = tuple(rows)
        settled = self._settled.get(key)
        if settled is None:
            settled = self._settled[key] = self._settle(rows)
        return settled

    def _settle(self, rows: list[int]) -> list[int]:
        """One entry when the rest are the same place or areas named after it."""
        spots = [r for r in rows if self.kind[r] in ("place", "site")]
        areas = [r for r in rows if self.kind[r] not in ("place", "site")]
        sites = [r for r in spots if self.kind[r] == "site"]
        if sites:  # a user's named site wins over places of the same name
            spots = sites
        if len(spots) > 1 and self._close(spots):
            spots = spots[:1]
        if len(spots) == 1 and areas:
            # A town that gives its department its name (Cusco, Cusco): the town is meant.
            spot = spots[0]
            same_country = all(self.country[a] == self.country[spot] for a in areas)
            named_after = any(
                (self.kind[a] == "admin1" and self.admin1[a] == self.admin1[spot])
                or self.kind[a] == "country"
                for a in areas
            )
            return [spot] if same_country and named_after else rows
        if not spots and len(areas) > 1 and len({self.admin1[a] for a in areas}) == 1:
            return areas[:1]
        return spots if not areas else rows

    def _close(self, rows: list[int]) -> bool:
        """Are all these entries within SAME_PLACE_KM of the first?"""
        lat0, lon0 = self.lat[rows[0]], self.lon[rows[0]]
        dy = (self.lat[rows] - lat0) * 111.2
        dx = (self.lon[rows] - lon0) * 111.2 * np.cos(np.radians(lat0))
        return bool(np.all(np.hypot(dx, dy) <= SAME_PLACE_KM))

    def _choices(self, pools: tuple[str, ...]) -> list[str]:
        """The names to search for near misses in these countries (cached)."""
        found = self._pools.get(pools)
        if found is None:
            keys = {k for p in pools for k in self.gaz.by_country.get(p, ())}
            found = self._pools[pools] = sorted(keys)
        return found

    def _fuzzy(self, key: str, form: str | None, con: Constraint, exact_rows) -> Result:
        """Near misses; taken only when one is clearly closest and unambiguous."""
        pools = sorted(con.countries) if con.countries else ["*"]
        if con.admin1 and not con.countries:
            pools = sorted({a[:2] for a in con.admin1})
        choices = self._choices(tuple(pools))
        found = process.extract(
            key, choices, scorer=fuzz.ratio, limit=8, score_cutoff=FUZZY_SUGGEST
        )
        scored: list[tuple[int, float]] = []
        for cand_key, score, _ in found:
            for r in self._narrow(self.gaz.index[cand_key], form, con):
                scored.append((r, score))
        if found and found[0][1] >= FUZZY_ACCEPT:
            best_key, best = found[0][0], found[0][1]
            runner_up = found[1][1] if len(found) > 1 else 0.0
            rows = self._narrow(self.gaz.index[best_key], form, con)
            if best - runner_up >= FUZZY_MARGIN and len(rows) == 1:
                return Result("matched", rows[0], score=best)
        # The name exists, but not where the hints say: suggest where it does exist.
        loose = [(r, 100.0) for r in exact_rows]
        seen: dict[int, float] = {}
        for r, score in loose + scored:
            seen.setdefault(r, score)
        suggestions = tuple(seen.items())[:5]
        return Result("unmatched", score=0.0, suggestions=suggestions)

    # -- labels --------------------------------------------------------------------------

    def label(self, row: int) -> str:
        """'Florencia, Caquetá, CO' for a place; 'Caquetá, CO' for an area."""
        return self.labels[row]

    def describe(self, rows, scores=None) -> str:
        """Candidates as text: 'Florencia, Caquetá, CO (1.6144, -75.6062); ...'."""
        out = []
        for k, r in enumerate(rows[:5]):
            text = f"{self.label(r)} ({self.lat[r]:.4f}, {self.lon[r]:.4f})"
            if scores is not None and scores[k] < 100:
                text += f" {scores[k]:.0f}%"
            out.append(text)
        if len(rows) > 5:
            out.append(f"and {len(rows) - 5} more")
        return "; ".join(out)


def _prefer(rows: list[int], better: list[int]) -> list[int]:
    """``better`` when it is not empty, else ``rows``."""
    return better if better else rows


def _row_countries(df: pd.DataFrame, geo: Geocoder, country: str | None) -> list[str | None]:
    """The country constraint of each row."""
    if country is None:
        return [None] * len(df)
    if country != "auto":
        code = country.strip().upper()
        if code not in set(geo.country):
            known = ", ".join(sorted(set(geo.country)))
            raise ConfigError(f"country {country!r} is not in the gazetteer; use one of {known}")
        return [code] * len(df)
    if "country" not in df.columns:
        return [None] * len(df)
    out = []
    for value in df["country"].astype("string").fillna(""):
        found = geo.country_keys.get(normalize(value), set())
        out.append(next(iter(found)) if len(found) == 1 else None)
    return out


def _dominant(results: list[Result], geo: Geocoder) -> str | None:
    """The one country that at least 80% of the matched rows lie in, if any."""
    codes = [geo.country[r.entry] for r in results if r.status == "matched"]
    if len(codes) < 2:
        return None
    top = pd.Series(codes).value_counts()
    return str(top.index[0]) if top.iloc[0] >= 0.8 * len(codes) else None


def geocode_frame(
    df: pd.DataFrame,
    place_col: str,
    admin1_col: str | None = None,
    country: str | None = None,
    gazetteer: Gazetteer | str | None = None,
    progress: Callable[[int], None] | None = None,
) -> pd.DataFrame:
    """Add coordinates, precision and how each row matched; never drops a row.

    ``country``: None (no constraint), an ISO code for every row, or "auto" (a
    ``country`` column if there is one, else the country most matched rows lie in).
    Rows that already have both latitude and longitude keep them (status "given"); rows
    whose coordinate or precision cells cannot be used keep them as written (status
    "invalid", see ``coordinate_problems``).
    """
    for col in (place_col, admin1_col):
        if col is not None and col not in df.columns:
            cols = ", ".join(map(str, df.columns))
            raise ConfigError(f"no column {col!r} in the input; its columns are: {cols}")
    gaz = gazetteer if isinstance(gazetteer, Gazetteer) else load(gazetteer)
    geo = Geocoder(gaz)
    places = df[place_col].astype("string").fillna("").to_numpy(dtype=object)
    admins = (
        df[admin1_col].astype("string").fillna("").to_numpy(dtype=object)
        if admin1_col
        else np.full(len(df), "", dtype=object)
    )
    row_countries = _row_countries(df, geo, country)
    results: list[Result] = []
    step = 1000
    for start in range(0, len(df), step):
        stop = min(start + step, len(df))
        for i in range(start, stop):
            results.append(geo.resolve(places[i], admins[i] or None, row_countries[i]))
        if progress is not None:
            progress(stop - start)
    if country == "auto" and "country" not in df.columns:
        code = _dominant(results, geo)
        if code is not None:
            for i, r in enumerate(results):
                if r.status != "matched":
                    results[i] = geo.resolve(places[i], admins[i] or None, code)
    return _attach(df, results, geo)


def _attach(df: pd.DataFrame, results: list[Result], geo: Geocoder) -> pd.DataFrame:
    """The input with the output columns filled from the results."""
    n = len(results)
    lat = np.full(n, np.nan)
    lon = np.full(n, np.nan)
    precision = np.zeros(n, dtype=np.int64)
    match = np.full(n, "", dtype=object)
    source = np.full(n, "", dtype=object)
    status = np.array([r.status for r in results], dtype=object)
    cands = np.full(n, "", dtype=object)
    prec = geo.gaz.entries["precision"].to_numpy()
    src = geo.gaz.entries["source"].to_numpy(dtype=object)
    labels: dict[int, tuple[str, str]] = {}  # by id: repeated names share one Result
    for i, r in enumerate(results):
        if r.status == "matched":
            lat[i], lon[i], precision[i] = geo.lat[r.entry], geo.lon[r.entry], prec[r.entry]
            source[i] = src[r.entry]
        text = labels.get(id(r))
        if text is None:
            text = labels[id(r)] = _texts(r, geo)
        match[i], cands[i] = text
    precision = pd.arrays.IntegerArray(precision, precision == 0)  # 0: no precision
    out = df.copy()
    problems = coordinate_problems(df)
    invalid = np.zeros(n, dtype=bool)
    invalid[[p.position for p in problems]] = True
    given = _given(df, invalid)
    if given.any():
        lat[given] = _numbers(_cells(df, "latitude")).to_numpy()[given]
        lon[given] = _numbers(_cells(df, "longitude")).to_numpy()[given]
        old = _numbers(_cells(df, "precision")).to_numpy()  # whole 1-8 or NaN: checked
        precision[given] = pd.array(old, dtype="Float64").astype("Int64")[given]
        status[given], match[given], source[given], cands[given] = "given", "", "input", ""
    columns = {"latitude": lat, "longitude": lon, "precision": precision}
    if invalid.any():
        # Rows with cells that cannot be used keep all three as the user wrote them.
        for col in columns:
            kept = np.asarray(columns[col], dtype=object)
            if col in df.columns:
                kept[invalid] = df[col].to_numpy(dtype=object)[invalid]
            else:
                kept[invalid] = None  # nothing from the gazetteer beside the user's cells
            columns[col] = kept
        notes: dict[int, list[str]] = {}
        for p in problems:
            notes.setdefault(p.position, []).append(f"{p.column} {p.value!r} {p.message}")
        for i, texts in notes.items():
            status[i], match[i], source[i] = "invalid", "", "input"
            cands[i] = "kept as written: " + ", ".join(texts)
    out["latitude"], out["longitude"] = columns["latitude"], columns["longitude"]
    out["precision"] = columns["precision"]
    out["geocode_match"], out["geocode_source"] = match, source
    out["geocode_status"], out["geocode_candidates"] = status, cands
    return out


def _texts(r: Result, geo: Geocoder) -> tuple[str, str]:
    """The geocode_match and geocode_candidates texts of a result."""
    if r.status == "matched":
        note = f"near miss, {r.score:.0f}% alike" if r.score < 100 else ""
        return geo.label(r.entry), note
    if r.status == "ambiguous":
        return "", geo.describe(list(r.candidates))
    rows = [s[0] for s in r.suggestions]
    return "", geo.describe(rows, [s[1] for s in r.suggestions]) if rows else ""


@dataclass(frozen=True)
class CellProblem:
    """A coordinate or precision cell the input already had that cannot be used as written.

    Its row is kept as written (status "invalid") and reported: geocode never overwrites
    what the user wrote.
    """

    position: int  # 0-based position of the row in the input
    column: str
    value: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"column {self.column}: {self.value!r} {self.message}; {self.fix}"


_COORDINATES = (("latitude", 90), ("longitude", 180))


def _cells(df: pd.DataFrame, column: str) -> pd.Series:
    """A column's cells as stripped text ('' for empty or missing)."""
    if column not in df.columns:
        return pd.Series("", index=df.index, dtype="string")
    return df[column].astype("string").fillna("").str.strip()


def _numbers(cells: pd.Series) -> pd.Series:
    """The cells as float64 numbers; NaN where empty or not a number."""
    values = pd.to_numeric(cells.mask(cells == ""), errors="coerce")
    return pd.Series(values.to_numpy(dtype=float, na_value=np.nan), index=cells.index)


def coordinate_problems(df: pd.DataFrame) -> list[CellProblem]:
    """Every latitude, longitude or precision cell of the input that is filled in but
    cannot be used: not a number (a decimal comma), out of range, half a point, or a
    precision that is not a whole number 1-8 next to given coordinates."""
    if "latitude" not in df.columns and "longitude" not in df.columns:
        return []
    found: list[CellProblem] = []
    cells = {col: _cells(df, col) for col, _ in _COORDINATES}
    filled = {col: (c != "").to_numpy() for col, c in cells.items()}
    for col, limit in _COORDINATES:
        text, values = cells[col], _numbers(cells[col])
        other = "longitude" if col == "latitude" else "latitude"
        for i in np.flatnonzero(filled[col] & values.isna().to_numpy()):
            fix = "write decimal degrees, e.g. -12.05"
            dotted = text.iloc[i].replace(",", ".")
            if "," in text.iloc[i] and not np.isnan(_numbers(pd.Series([dotted])).iloc[0]):
                fix = f"use a dot as the decimal separator, e.g. {dotted}"
            found.append(CellProblem(int(i), col, str(df[col].iloc[i]), "is not a number", fix))
        for i in np.flatnonzero((values.abs() > limit).to_numpy()):
            found.append(
                CellProblem(int(i), col, str(df[col].iloc[i]),
                            f"is out of range (-{limit} to {limit})",
                            "check the value; latitude and longitude may be swapped")
            )  # fmt: skip
        for i in np.flatnonzero(filled[other] & ~filled[col]):
            found.append(
                CellProblem(int(i), col, "", f"is empty while {other} is given",
                            "fill in both coordinates or leave both empty")
            )  # fmt: skip
    if "precision" in df.columns:
        text = _cells(df, "precision")
        values = _numbers(text)
        whole = values.isin(range(1, 9)) & ~text.str.contains(".", regex=False)
        both = filled["latitude"] & filled["longitude"]
        for i in np.flatnonzero(both & (text != "").to_numpy() & ~whole.to_numpy()):
            found.append(
                CellProblem(int(i), "precision", str(df["precision"].iloc[i]),
                            "is not a precision code 1-8",
                            "use a whole number from 1 (exact site) to 8 (capital)")
            )  # fmt: skip
    found.sort(key=lambda p: (p.position, ("latitude", "longitude", "precision").index(p.column)))
    return found


def _given(df: pd.DataFrame, invalid: np.ndarray) -> np.ndarray:
    """Rows whose input already has both coordinates, usable as they are."""
    if "latitude" not in df.columns or "longitude" not in df.columns:
        return np.zeros(len(df), dtype=bool)
    lat = _numbers(_cells(df, "latitude"))
    lon = _numbers(_cells(df, "longitude"))
    return (lat.notna() & lon.notna()).to_numpy() & ~invalid
