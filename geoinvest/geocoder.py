"""Resolve one place string against a gazetteer: exact names first, near misses only when
clearly ahead, ambiguity said rather than guessed."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from geoinvest.gazetteer import Gazetteer, normalize, split_form

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
    others: tuple[int, ...] = ()  # matched a seat: the other places of that name
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
        # Python lists: looked up one entry at a time, faster than numpy object arrays.
        self.kind: list[str] = e["kind"].tolist()
        self.country: list[str] = e["country"].tolist()
        self.admin1: list[str] = e["admin1_code"].tolist()
        self.admin2: list[str] = [normalize(a) for a in e["admin2"]]
        seat = e["seat"] if "seat" in e.columns else pd.Series("", index=e.index)
        self.seat: list[bool] = (seat.fillna("") == "1").tolist()  # municipal/district seats
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
            alpha3 = _alpha3(code)
            if alpha3:
                self.country_keys.setdefault(alpha3.lower(), set()).add(code)
        # Countries whose towns the gazetteer holds: their names beat a town's.
        self.place_countries = {
            c for c, k in zip(self.country, self.kind, strict=True) if k in ("place", "site")
        }
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
        # entries -> the places passed over when a municipal or district seat was taken
        self._seat_picks: dict[tuple[int, ...], tuple[int, ...]] = {}
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
        fits = self._filter(rows, form, con)
        picked = self._settled_rows(fits)
        if len(picked) == 1:
            others = self._seat_picks.get(tuple(fits), ()) if len(fits) > 1 else ()
            return Result("matched", picked[0], others=others)
        if len(picked) > 1:
            return Result("ambiguous", candidates=tuple(picked))
        return self._fuzzy(key, form, con, exact_rows=rows)

    def _narrow(self, rows: tuple[int, ...], form: str | None, con: Constraint) -> list[int]:
        """Filter a name's entries by its wording and hints, then settle what can be."""
        return self._settled_rows(self._filter(rows, form, con))

    def _filter(self, rows: tuple[int, ...], form: str | None, con: Constraint) -> list[int]:
        """A name's entries that fit its wording ('Dpto. de') and its hints."""
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
        return rows

    def _settled_rows(self, rows: list[int]) -> list[int]:
        """``_settle`` once per set of entries (cached)."""
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
        country = self._country_wins(spots, areas)
        if country is not None:
            return [country]
        if len(spots) > 1:
            # Towns named like their own department (Cusco, Cusco) win over namesakes.
            capitals = [s for s in spots if self._named_after(s, areas)]
            seats = [s for s in spots if self.seat[s]]
            if capitals and self._close(capitals):
                spots = capitals[:1]
            elif self._close(spots):
                spots = spots[:1]
            elif seats and self._close(seats) and not areas and self._one_area(spots):
                # A municipality's seat and villages of its name in its department: the
                # seat, saying so (in other departments the name stays ambiguous).
                self._seat_picks[tuple(rows)] = tuple(s for s in spots if s not in seats)
                spots = seats[:1]
        if len(spots) == 1 and areas:
            # A town that gives its department its name (Cusco, Cusco): the town is meant.
            spot = spots[0]
            same_country = all(self.country[a] == self.country[spot] for a in areas)
            if same_country and self._named_after(spot, areas):
                return [spot]
            return rows
        if not spots and len(areas) > 1 and len({self.admin1[a] for a in areas}) == 1:
            return areas[:1]
        return spots if not areas else rows

    def _country_wins(self, spots: list[int], areas: list[int]) -> int | None:
        """The country a name on its own means ("Colombia"), over towns of that name: when
        it is one country, and its towns are in the gazetteer or the towns lie in it."""
        countries = [a for a in areas if self.kind[a] == "country"]
        codes = {self.country[a] for a in countries}
        if len(codes) != 1:
            return None
        code = next(iter(codes))
        inside = all(self.country[s] == code for s in spots)
        if code in self.place_countries or inside:
            return countries[0]
        return None

    def _one_area(self, rows: list[int]) -> bool:
        """Do all these entries lie in one first-level area?"""
        return len({self.admin1[r] for r in rows}) == 1

    def _named_after(self, spot: int, areas: list[int]) -> bool:
        """Does one of ``areas`` (same name) contain the town: its department or country?"""
        return any(
            (self.kind[a] == "admin1" and self.admin1[a] == self.admin1[spot])
            or (self.kind[a] == "country" and self.country[a] == self.country[spot])
            for a in areas
        )

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


def _alpha3(code: str) -> str | None:
    """ISO 3166-1 alpha-3 of an alpha-2 code ("PE" -> "PER"), None if unknown."""
    import pycountry

    record = pycountry.countries.get(alpha_2=code)
    return record.alpha_3 if record is not None else None


def _prefer(rows: list[int], better: list[int]) -> list[int]:
    """``better`` when it is not empty, else ``rows``."""
    return better if better else rows
