"""Tile basemaps by xyzservices name, with their attribution split into safe text and links."""

from __future__ import annotations

import warnings
from html.parser import HTMLParser

import xyzservices

from geoinvest.errors import ConfigError

OFFLINE = "none"


def basemap(name: str) -> dict:
    """One tile basemap as it goes into the page: name, URL template, zoom, attribution parts."""
    with warnings.catch_warnings():
        # CartoDB's API-key notice: the key only matters to a reader who picks those tiles.
        warnings.simplefilter("ignore", UserWarning)
        try:
            provider = xyzservices.providers.query_name(name)
        except ValueError as err:
            raise ConfigError(
                f"unknown basemap {name!r}; use an xyzservices name such as "
                f"'OpenStreetMap.Mapnik', 'CartoDB.Positron' or 'Esri.WorldImagery', or 'none'"
            ) from err
        url = provider.build_url()
    return {
        "name": name,
        "url": url,
        "max_zoom": int(provider.get("max_zoom", 19)),
        "attribution": attribution_parts(provider.html_attribution),
    }


def basemaps(names: tuple[str, ...], default: str) -> tuple[list[dict], str]:
    """The selectable basemaps and the default's name (``none`` for the offline outlines)."""
    listed = list(dict.fromkeys(names))
    if default != OFFLINE and default not in listed:
        listed.insert(0, default)
    return [basemap(n) for n in listed], default


def attribution_parts(html: str) -> list[list[str | None]]:
    """Attribution HTML as ``[text, href]`` pairs; only http(s) links survive, as data."""
    parser = _AttributionParser()
    parser.feed(html)
    parser.close()
    return parser.parts


class _AttributionParser(HTMLParser):
    """Collects text runs and the http(s) target of the enclosing ``<a>``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[list[str | None]] = []
        self._href: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self._href = href if href.lower().startswith(("http://", "https://")) else None

    def handle_endtag(self, tag):
        if tag == "a":
            self._href = None

    def handle_data(self, data):
        if data:
            self.parts.append([data, self._href])
