"""A figure's format and size, checked before anything is drawn."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from geoinvest.errors import ConfigError

FORMATS = ("png", "svg", "pdf")
MM_PER_INCH = 25.4
MAX_PIXELS = 100_000_000  # a PNG larger than this is refused before drawing
MAX_SIDE_INCHES = 200.0  # about 5 m: no report page is larger
DEFAULT_WIDTH = "180mm"  # the text width of an A4 page with 15 mm margins
DEFAULT_DPI = 300
_LENGTH = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(mm|cm|in)?\s*", re.I)
_TO_INCHES = {"mm": 1 / MM_PER_INCH, "cm": 10 / MM_PER_INCH, "in": 1.0}


@dataclass(frozen=True)
class FigureSize:
    """Width and height in inches, resolution in dots per inch, output format."""

    width: float
    height: float | None  # None: chosen from the map's extent
    dpi: int
    fmt: str

    def pixels(self, height: float) -> tuple[int, int]:
        return round(self.width * self.dpi), round(height * self.dpi)


def parse_length(text: str | float, what: str = "width") -> float:
    """A length such as ``180mm``, ``18cm`` or ``7in`` (a bare number is inches), in inches."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        value, unit = float(text), "in"
    else:
        m = _LENGTH.fullmatch(str(text))
        if not m:
            raise ConfigError(
                f"{what} {str(text)!r} is not a length; write a number and a unit, "
                "e.g. 180mm, 18cm or 7in"
            )
        value, unit = float(m[1]), (m[2] or "in").lower()
    inches = value * _TO_INCHES[unit]
    if not 0.5 <= inches <= MAX_SIDE_INCHES:
        raise ConfigError(
            f"{what} {str(text)!r} is out of range; give between 13mm (0.5in) and "
            f"{MAX_SIDE_INCHES * MM_PER_INCH / 1000:g} m"
        )
    return inches


def format_of(output: Path | str | None, fmt: str | None = None) -> str:
    """The output format: ``fmt`` if given, else the file's extension (png, svg or pdf)."""
    if fmt is None:
        suffix = Path(str(output or "")).suffix.lower().lstrip(".")
        if not suffix:
            raise ConfigError(f"{output}: no file extension; name the file .png, .svg or .pdf")
        fmt = suffix
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ConfigError(
            f"{output or fmt}: {fmt!r} is not a figure format; use .png, .svg or .pdf"
        )
    return fmt


def figure_size(
    output: Path | str | None,
    width: str | float = DEFAULT_WIDTH,
    height: str | float | None = None,
    dpi: int = DEFAULT_DPI,
    fmt: str | None = None,
) -> FigureSize:
    """Check the format, size and resolution together; ConfigError names what is wrong."""
    kind = format_of(output, fmt)
    w = parse_length(width, "width")
    h = None if height is None else parse_length(height, "height")
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 10 <= dpi <= 2400:
        raise ConfigError(f"dpi {dpi!r} is out of range; give a whole number from 10 to 2400")
    if kind == "png":  # whole pixels: matplotlib truncates, so aim a hair above
        w = (round(w * dpi) + 0.001) / dpi
        h = None if h is None else (round(h * dpi) + 0.001) / dpi
    size = FigureSize(w, h, dpi, kind)
    check_pixels(size, h if h is not None else w * MAX_ASPECT, h is None)
    return size


MAX_ASPECT = 1.5  # the tallest a figure gets when its height is left to the map


def check_pixels(size: FigureSize, height: float, at_most: bool = False) -> None:
    """Refuse a PNG of more than MAX_PIXELS (vector formats have no pixels to count).

    ``at_most``: the height is the most the map may take (no height was given).
    """
    if size.fmt != "png":
        return
    w, h = size.pixels(height)
    if w * h > MAX_PIXELS:
        what = f"{w} x {h} pixel image" if not at_most else f"{w} pixel wide image (up to {h} high)"
        raise ConfigError(
            f"a {what} is larger than {MAX_PIXELS // 1_000_000} megapixels; "
            "lower --dpi or the size (or give --height), or write .svg or .pdf"
        )
