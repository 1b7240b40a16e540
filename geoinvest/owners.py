"""Parse owner lists such as ``MMG (CN) 62.5%; Guoxin International (CN) 22.5%``."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

SEPARATOR = ";"
_OWNER = re.compile(
    r"^(?P<company>.+?)\s*(?:\((?P<country>[A-Za-z]{2})\))?\s*(?:(?P<share>\d+(?:\.\d+)?)\s*%)?$"
)


class Owner(NamedTuple):
    company: str
    country: str | None  # ISO 3166-1 alpha-2 of the company's origin
    share: float | None  # percent


class OwnerSyntaxError(ValueError):
    """An owner entry that does not read as ``Company (CC) NN%``."""


def parse_owners(text: str | None) -> tuple[Owner, ...]:
    """Split an owners cell into Owner tuples; raise OwnerSyntaxError on a bad entry."""
    if text is None or not str(text).strip():
        return ()
    return tuple(_parse_entry(part) for part in str(text).split(SEPARATOR) if part.strip())


@functools.lru_cache(maxsize=1 << 16)
def _parse_entry(part: str) -> Owner:
    """One ``Company (CC) NN%`` entry; cached, since a few companies own most sites."""
    part = part.strip()
    m = _OWNER.match(part)
    if not m or not re.sub(r"\(.*?\)", "", m["company"]).strip(" %"):
        raise OwnerSyntaxError(part)
    country = m["country"].upper() if m["country"] else None
    share = float(m["share"]) if m["share"] else None
    return Owner(m["company"].strip(), country, share)


def format_owners(owners: tuple[Owner, ...]) -> str:
    """The inverse of parse_owners."""
    parts = []
    for o in owners:
        text = o.company
        if o.country:
            text += f" ({o.country})"
        if o.share is not None:
            text += f" {o.share:g}%"
        parts.append(text)
    return f"{SEPARATOR} ".join(parts)
