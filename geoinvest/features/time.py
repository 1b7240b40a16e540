"""Time: a range control over the map that hides events outside a period, with playback.

The ``[time]`` table of a map definition (all keys optional)::

    [time]
    layers = ["kidnappings", "protests"]   # default: every event layer with a date column
    start = "2011"                          # initial range: YYYY, YYYY-MM or YYYY-MM-DD
    end = "2015-06"                         # an end of YYYY or YYYY-MM is that year's or
                                            # month's last day
    step = "month"                          # day, week, month or year: one arrow key press
    play_seconds = 20                       # playback crosses the whole scale in this time
    sites = "started"                       # or "ignore"
    enabled = true                          # false: no time control on this map

The page draws a control at the bottom of the map: a histogram of the events of the time
layers over time (computed once, in the page, from the dates), two range inputs (the start
and the end of the period, keyboard operable: arrows move one ``step``, Page Up/Down ten,
Home/End to the scale's ends), the period as text, and a play/pause button.
On a narrow map (``gi-narrow``) it folds into a "Time" button and starts folded.

What is shown (bit ``HIDE_TIME`` of each layer's ``hidden`` mask, so the time range combines
with the layer toggles, the precision toggle and the filters, which own other bits):

- **Dates and their precision.** A date column (``enc: "date"``, Int32 days since
  1970-01-01, negative before 1970) with ``date_precision`` stands for an interval: a day;
  the ISO week (Monday to Sunday) holding the date for ``week`` (ACLED's week-precision
  date is "a day of that week"); the calendar month holding it for ``month``; the calendar
  year for ``year``. An event is shown when its interval overlaps the range. A missing
  precision counts as a day. The page computes each row's [first, last] day once
  (``time-days.js``) into two Int32Arrays, so a time step is one tight loop over the rows;
  it does so after the first frame is painted, one layer per task, so the mount is not
  slowed (the control is there at once, disabled until then, and the view is fitted above
  it: ``App.fitView`` pads for every control at the bottom of the map).
- **Open ends.** A handle at the end of the scale means "and later" (at the start, "and
  earlier"): the scale runs from the earliest to the latest event, so this changes nothing
  for dated events, but it keeps sites that start after the last event.
- **Undated events** (a quick map may have some; the schema requires a date) are shown
  while the range is the whole scale, and hidden once either handle moves: a narrowed range
  claims "these happened in this period", which cannot be said of them, while the full
  scale filters nothing, so merely having a time control never hides a row.
- **Sites** (``sites = "started"``, the default): a site layer with a ``start_year`` column
  shows the sites that started by the end of the range (start year <= the end's year);
  sites with no start year are always shown (unknown is not "not yet"). ``"ignore"``
  leaves sites alone. The range's start does not hide sites: a project that started
  before the period is still there during it.

Playback moves the period (its width kept; a tenth of the scale when the range was the
whole scale) from where it is to the end of the scale, continuously: each animation frame
computes the period for the time elapsed, rounded to days, and redraws only when it moved.
A range change asked for by a handle is applied in the next animation frame, so a drag's
many input events cost one redraw per frame.

The range is part of the link (``app.addState("time", ...)``): ``["YYYY-MM-DD",
"YYYY-MM-DD"]``, or nothing at the initial range; a bad value is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from geoinvest.errors import ConfigError

NAME = "time"
STEPS = ("day", "week", "month", "year")
SITES = ("started", "ignore")
KEYS = ("enabled", "layers", "start", "end", "step", "play_seconds", "sites")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_EPOCH = date(1970, 1, 1)

STRINGS = {
    "en": {
        "time_label": "Time",
        "time_start": "Start of the period",
        "time_end": "End of the period",
        "time_play": "Play",
        "time_pause": "Pause",
        "time_histogram": "Events over time, {count} in the period shown",
        "time_range": "{start} – {end}",
    },
    "es": {
        "time_label": "Tiempo",
        "time_start": "Inicio del periodo",
        "time_end": "Fin del periodo",
        "time_play": "Reproducir",
        "time_pause": "Pausa",
        "time_histogram": "Eventos en el tiempo, {count} en el periodo mostrado",
        "time_range": "{start} – {end}",
    },
}


@dataclass(frozen=True)
class TimeOptions:
    """The ``[time]`` table, checked."""

    enabled: bool = True
    layers: tuple[str, ...] | None = None  # None: every event layer with dates
    start: str | None = None  # as written (YYYY, YYYY-MM or YYYY-MM-DD)
    end: str | None = None
    step: str = "month"
    play_seconds: float = 20.0
    sites: str = "started"


def parse(table, where: str, layers: tuple[str, ...]) -> TimeOptions:
    """The ``[time]`` table as options; defaults when the map definition has none."""
    if table is None:
        return TimeOptions()
    if not isinstance(table, dict):
        raise ConfigError(f'{where}: [time] must be a table, e.g. [time] then step = "month"')
    for key in table:
        if key not in KEYS:
            raise ConfigError(f"{where}: [time] has no key {key!r}; use one of {', '.join(KEYS)}")
    enabled = table.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(f"{where}: [time] enabled must be true or false, not {enabled!r}")
    chosen = table.get("layers")
    if chosen is not None:
        if not isinstance(chosen, list) or not all(isinstance(x, str) for x in chosen):
            raise ConfigError(
                f'{where}: [time] layers must be a list of layer ids, e.g. ["protests"]'
            )
        for layer_id in chosen:
            if layer_id not in layers:
                raise ConfigError(
                    f"{where}: [time] layers names {layer_id!r}, which is not one of this "
                    f"map's layers ({', '.join(layers)}); add it to layers or remove it here"
                )
        chosen = tuple(dict.fromkeys(chosen))
    start = _date_key(table, "start", where)
    end = _date_key(table, "end", where)
    if start is not None and end is not None and first_day(start) > last_day(end):
        raise ConfigError(f"{where}: [time] start {start!r} is after end {end!r}; swap them")
    step = table.get("step", "month")
    if step not in STEPS:
        raise ConfigError(f"{where}: [time] step {step!r} is not one of {', '.join(STEPS)}")
    seconds = table.get("play_seconds", 20)
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not 1 <= seconds <= 600:
        raise ConfigError(
            f"{where}: [time] play_seconds must be a number of seconds from 1 to 600, "
            f"not {seconds!r}"
        )
    sites = table.get("sites", "started")
    if sites not in SITES:
        raise ConfigError(f"{where}: [time] sites {sites!r} is not one of {', '.join(SITES)}")
    return TimeOptions(enabled, chosen, start, end, step, float(seconds), sites)


def _date_key(table: dict, key: str, where: str) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, date):  # TOML's own date type: 2011-06-01 without quotes
        value = value.isoformat()
    if not isinstance(value, str) or not _valid(value):
        raise ConfigError(
            f'{where}: [time] {key} {value!r} is not a date; write "YYYY", "YYYY-MM" or '
            f'"YYYY-MM-DD", e.g. {key} = "2011-06"'
        )
    return value


def _valid(text: str) -> bool:
    match = _ISO.match(text)
    if not match:
        return False
    y, m, d = (int(g) if g else 1 for g in match.groups())
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def first_day(text: str) -> int:
    """Days since 1970-01-01 of the first day a YYYY[-MM[-DD]] date covers."""
    y, m, d = (int(g) if g else 1 for g in _ISO.match(text).groups())
    return (date(y, m, d) - _EPOCH).days


def last_day(text: str) -> int:
    """Days since 1970-01-01 of the last day a YYYY[-MM[-DD]] date covers."""
    year, month, day = _ISO.match(text).groups()
    y = int(year)
    if day:
        last = date(y, int(month), int(day))
    elif month:
        m = int(month)
        last = date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
    else:
        last = date(y, 12, 31)
    return (last - _EPOCH).days


def payload(options: TimeOptions | None, mapdef, layers) -> dict | None:
    """The layers the control filters and its settings; None when no layer has dates."""
    options = options or TimeOptions()
    if not options.enabled:
        return None
    by_id = {layer.id: layer for layer in layers}
    if options.layers is None:
        chosen = [
            layer.id for layer in layers if layer.spec.kind == "event" and "date" in layer.gdf
        ]
    else:
        chosen = []
        for layer_id in options.layers:
            layer = by_id.get(layer_id)
            if layer is None:  # not handed over (e.g. no rows in this map's countries)
                continue
            if "date" not in layer.gdf:
                raise ConfigError(
                    f"{mapdef.path or mapdef.id}: [time] layers names {layer_id!r}, which "
                    "has no date column; remove it from [time] layers"
                )
            chosen.append(layer_id)
    if not chosen:
        return None
    sites = []
    if options.sites == "started":
        sites = [
            layer.id
            for layer in layers
            if layer.spec.kind == "site" and "start_year" in layer.gdf and layer.id not in chosen
        ]
    return {
        "layers": chosen,
        "sites": sites,
        "start": first_day(options.start) if options.start else None,
        "end": last_day(options.end) if options.end else None,
        "step": options.step,
        "play_seconds": options.play_seconds,
    }
