"""Where a ``geoinvest build`` spends its time, stage by stage, in one fresh process.

    python benchmarks/stages.py PROJECT MAPDEF OUT.html      # prints JSON

Run it by path (not ``-m``) so that ``PYTHONPATH=/some/checkout`` picks which geoinvest
is measured. It times the imports, then wraps the library's stage functions (whichever of
them the checkout has: reading, validating, the geography checks, the payload, writing) with
a clock in every geoinvest module that holds them, and runs ``geoinvest build`` in this
process as the CLI does. Each function's time is inclusive (``load_layer`` contains
``read_table`` and ``validate_table``) and is reported with its calls and the threads it
ran on; ``build`` passes the package geography to a second thread, whose work overlaps the
main thread's, and the payload compresses string chunks on a thread pool (their times add
up to more than the wall time they took). The imports run one after the other here, where
the CLI overlaps folium's import with loading the layers: add them up for a rough whole.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import json
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

# module -> functions (or Class.method) to time; missing ones are skipped, so one list
# serves the layout before issue 10 (store.load_layer) and after it (pipeline.load).
STAGES = {
    "geoinvest.store": ["load_layer", "_load_all", "_check_site_ids", "_check_geography",
                        "_assign_admin1", "Store.check_layers", "Store.load_layers",
                        "FileStore.read_layer"],
    "geoinvest.pipeline": ["load", "load_layers", "_read_and_check", "_site_ids"],
    "geoinvest.check": ["check_layer", "check_popup", "check_site_ids", "check_countries"],
    "geoinvest.enrich": ["add_admin1"],
    "geoinvest.validate": ["validate_table"],
    "geoinvest.geography": ["warm", "locate", "check_countries", "assign_admin1"],
    "geoinvest.build": ["select_rows", "build_map"],
    "geoinvest.publish": ["for_map"],
    "geoinvest.page": ["page_parts", "_default_base"],
    "geoinvest.page.payload": ["build_payload", "encode_layer", "base_geometry", "site_index"],
    "geoinvest.output": ["write_text_atomic"],
}  # fmt: skip
# module -> name prefixes: every function of the module whose name starts with one of them
# ("" for all), so a reader's own functions are timed whatever they are called.
PREFIXES = {
    "geoinvest.readers": ("read", "_read"),
    "geoinvest.readers.csvfile": ("",),
    "geoinvest.readers.table": ("",),
    "geoinvest.validate": ("_check_", "check_"),
    "geoinvest.rules": ("_check_", "check_"),
    "geoinvest.page.encode": ("encode_", "_encode", "_utf8", "_chunk", "_deflate"),
}

_times: dict[str, dict] = defaultdict(lambda: {"s": 0.0, "calls": 0, "threads": set()})


def _timed(name: str, fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            rec = _times[name]
            rec["s"] += time.perf_counter() - start
            rec["calls"] += 1
            rec["threads"].add(threading.current_thread().name)

    wrapper.__wrapped_for_stages__ = True
    return wrapper


def _targets() -> list[tuple[str, str]]:
    out = [(mod, name) for mod, names in STAGES.items() for name in names]
    for mod_name, prefixes in PREFIXES.items():
        try:
            mod = importlib.import_module(mod_name)
        except ImportError:
            continue
        for name, obj in vars(mod).items():
            mine = inspect.isfunction(obj) and obj.__module__ == mod_name
            if mine and name.startswith(prefixes) and (mod_name, name) not in out:
                if inspect.isgeneratorfunction(obj) or _is_context_manager(obj):
                    continue  # a call returns at once; its work happens later
                out.append((mod_name, name))
    return out


def _is_context_manager(fn) -> bool:
    return inspect.isgeneratorfunction(getattr(fn, "__wrapped__", None))


def instrument() -> list[str]:
    """Wrap each stage function wherever a geoinvest module holds it; the names wrapped."""
    wrapped = []
    for mod_name, qual in _targets():
        try:
            mod = importlib.import_module(mod_name)
        except ImportError:
            continue
        if "." in qual:  # a method: wrap it on its class
            cls_name, meth = qual.split(".")
            cls = getattr(mod, cls_name, None)
            fn = getattr(cls, meth, None) if cls is not None else None
            if fn is None:
                continue
            setattr(cls, meth, _timed(f"{mod_name}.{qual}", fn))
            wrapped.append(f"{mod_name}.{qual}")
            continue
        fn = getattr(mod, qual, None)
        if not callable(fn) or getattr(fn, "__wrapped_for_stages__", False):
            continue
        timed = _timed(f"{mod_name}.{qual}", fn)
        # `from geoinvest.readers import read_table` binds the function in other modules too.
        for other in list(sys.modules.values()):
            if getattr(other, "__name__", "").startswith("geoinvest"):
                for attr, value in list(vars(other).items()):
                    if value is fn:
                        setattr(other, attr, timed)
        wrapped.append(f"{mod_name}.{qual}")
    return wrapped


def main(argv: list[str]) -> int:
    project, mapdef, out = (Path(a) for a in argv)
    t0 = time.perf_counter()
    imports = {}
    for mod in ("geoinvest.cli", "geoinvest.store", "geoinvest.page"):
        start = time.perf_counter()
        importlib.import_module(mod)
        imports[mod] = round(time.perf_counter() - start, 3)
    wrapped = instrument()
    from geoinvest.cli import main as cli

    start = time.perf_counter()
    cli.main(["build", str(mapdef), "-o", str(out), "--root", str(project), "-q"],
             standalone_mode=False)  # fmt: skip
    build_s = time.perf_counter() - start
    import geoinvest

    print(json.dumps({
        "geoinvest": str(Path(geoinvest.__file__).parent),
        "imports_s": imports,
        "build_s": round(build_s, 3),
        "total_s": round(time.perf_counter() - t0, 3),
        "wrapped": wrapped,
        "stages": {k: {"s": round(v["s"], 3), "calls": v["calls"],
                       "threads": sorted(v["threads"])} for k, v in _times.items()},
    }, indent=1))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
