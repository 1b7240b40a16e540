"""Maps for other people's pages: an HTML fragment to paste, or an iframe snippet.

The layers come through ``publish.for_map``, as for the page and the figure; the HTML is
written by ``page.fragment``; the iframe's ``<noscript>`` image is the map's figure
(``figure.snapshot_bytes``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from geoinvest.errors import ConfigError
from geoinvest.model import Layer, MapDefinition
from geoinvest.output import write_text_atomic
from geoinvest.publish import for_map

# The <noscript> image: a screen-sized PNG, not a print figure.
IMAGE_WIDTH = "160mm"
IMAGE_DPI = 96


def embed(
    layers: list[Layer],
    mapdef: MapDefinition,
    output: Path | str,
    *,
    iframe: bool = False,
    iframe_src: Path | str | None = None,
    height: int | None = None,
    image: bool = True,
    overwrite: bool = True,
) -> list[Path]:
    """Write the map as a fragment, or (``iframe``) as an iframe snippet with the page in
    ``srcdoc`` or, with ``iframe_src``, in that file beside it. Returns the files written.

    ``layers`` as loaded (published here); ``height`` in CSS px, else 4:3 within limits.
    """
    from geoinvest.page import fragment

    output = Path(output)
    published = for_map(layers, mapdef)
    if not iframe:
        parts = _named(mapdef, lambda: fragment.fragment_parts(mapdef, published, height=height))
        return [write_text_atomic(output, parts, overwrite=overwrite)]
    page = _named(mapdef, lambda: fragment.frame_page_parts(mapdef, published, height=height))
    png = noscript_image(layers, mapdef) if image else None
    title = mapdef.title_in(mapdef.language)
    if iframe_src is None:
        snippet = fragment.iframe_snippet_parts(title, page=page, png=png, height=height)
        return [write_text_atomic(output, snippet, overwrite=overwrite)]
    iframe_src = Path(iframe_src)
    written = write_text_atomic(iframe_src, page, overwrite=overwrite)
    src = Path(os.path.relpath(iframe_src.resolve(), output.resolve().parent)).as_posix()
    snippet = fragment.iframe_snippet_parts(title, src=src, png=png, height=height)
    return [written, write_text_atomic(output, snippet, overwrite=overwrite)]


def noscript_image(layers: list[Layer], mapdef: MapDefinition) -> bytes:
    """The map's figure as a PNG for readers whose browser runs no scripts."""
    from geoinvest.figure import snapshot_bytes

    return snapshot_bytes(layers, mapdef, "png", width=IMAGE_WIDTH, dpi=IMAGE_DPI)


def _named(mapdef: MapDefinition, parts: Callable[[], Iterator[str]]) -> Iterator[str]:
    """``parts()``, with a configuration error naming the map definition it comes from."""
    try:
        return parts()
    except ConfigError as exc:  # e.g. an unknown basemap
        raise ConfigError(f"{mapdef.path or mapdef.id}: {exc}") from None
