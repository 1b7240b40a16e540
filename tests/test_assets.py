"""The page script's files: one ordered list, one wrapper, one scope without clashes."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from browser.pagedata import fixture_layers, fixture_mapdef

from geoinvest.page import assets, render_page

JS_DIR = Path(assets.__file__).parent / "static" / "js"
PAGE_DIR = Path(assets.__file__).parent
MAX_LINES = 400
# A declaration at the top level of a file: the files are stored unindented, so column 0.
TOP_LEVEL = re.compile(r"^(?:async\s+)?(?:function\s*\*?|var|let|const|class)\s+([\w$]+)", re.M)
METHOD = re.compile(r"^([\w$]+)\.prototype\.([\w$]+)\s*=", re.M)
ADAPTER = "leaflet-adapter.js"
# A member whose name starts with "_" (read, written, or a key of an object literal such as
# the methods given to L.Renderer.extend): Leaflet's private API.
PRIVATE = re.compile(r"""\.\s*(_[\w$]+)|\[\s*["'`](_[\w$]*)|(?:^|[{,])\s*(_[\w$]+)\s*:""", re.M)
IMPURE = re.compile(r"\b(?:L|document|window|this|App|Layer)\b")


def sources() -> dict[str, str]:
    """Each listed file's text, in load order."""
    return {name: (JS_DIR / name).read_text(encoding="utf-8") for name in assets.SCRIPT_FILES}


def every_file() -> dict[str, str]:
    """Each .js file of the folder, listed or not."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(JS_DIR.glob("*.js"))}


def test_the_ordered_list_names_every_file_of_the_folder_once():
    listed = Counter(assets.SCRIPT_FILES)
    assert [name for name, k in listed.items() if k > 1] == []
    on_disk = {path.name for path in JS_DIR.iterdir()}
    assert sorted(on_disk - set(listed)) == [], "files missing from assets.SCRIPT_FILES"
    assert sorted(set(listed) - on_disk) == [], "listed files that do not exist"
    assert all(name.endswith(".js") for name in on_disk)


def test_no_top_level_name_is_declared_twice():
    where: dict[str, list[str]] = {}
    for name, text in every_file().items():
        for declared in TOP_LEVEL.findall(text):
            where.setdefault(declared, []).append(name)
    assert {k: v for k, v in where.items() if len(v) > 1} == {}
    assert {"App", "Layer", "inflateSync", "PointsRenderer"} <= set(where)


def test_no_method_is_assigned_twice():
    where: dict[tuple[str, str], list[str]] = {}
    for name, text in every_file().items():
        for owner, method in METHOD.findall(text):
            where.setdefault((owner, method), []).append(name)
    assert {k: v for k, v in where.items() if len(v) > 1} == {}
    assert ("App", "redraw") in where


def test_the_script_is_the_files_in_order_inside_one_strict_function():
    js = assets.script()
    assert js.startswith(assets.SCRIPT_HEAD) and js.endswith(assets.SCRIPT_TAIL)
    assert js.count('"use strict"') == 1
    at = 0
    for name, text in sources().items():
        indented = re.sub(r"(?m)^(?=.)", "  ", text)
        found = js.find(indented, at)
        assert found >= at, f"{name} is not in the script in its place"
        at = found + len(indented)
    assert js[at:] == assets.SCRIPT_TAIL


def test_the_page_inlines_the_joined_script():
    html = render_page(fixture_mapdef(), fixture_layers(), base=None)
    assert "<script>" + assets.script_safe(assets.script()) + "</script>" in html


@pytest.mark.skipif(not shutil.which("node"), reason="node is not installed")
def test_the_joined_script_parses(tmp_path):
    path = tmp_path / "geoinvest.js"
    path.write_text(assets.script(), encoding="utf-8")
    subprocess.run(["node", "--check", str(path)], check=True, capture_output=True)


def test_no_file_of_the_page_is_over_the_line_limit():
    files = [*JS_DIR.glob("*.js"), *PAGE_DIR.glob("*.py"), *PAGE_DIR.glob("static/*.css")]
    long = {p.name: n for p in files if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_leaflet_private_members_appear_only_in_the_adapter():
    outside = {
        name: sorted({"".join(m) for m in PRIVATE.findall(text)})
        for name, text in every_file().items()
        if name != ADAPTER
    }
    assert {name: found for name, found in outside.items() if found} == {}


def test_the_adapter_lists_every_private_member_it_relies_on():
    text = (JS_DIR / ADAPTER).read_text(encoding="utf-8")
    header = text[: text.index("*/")]
    used = {"".join(m) for m in PRIVATE.findall(text[len(header) :])}
    assert {"_update", "_initContainer", "_container", "_bounds", "_updateLayout"} <= used
    assert sorted(m for m in used if not re.search(rf"(?<![\w$]){m}(?![\w$])", header)) == []


def test_pure_files_need_no_dom_no_leaflet_and_no_app():
    assert [n for n in assets.SCRIPT_FILES if n in assets.PURE_FILES] == list(assets.PURE_FILES)
    for name in assets.PURE_FILES:
        if name == "core.js":  # the namespace on window, and constants
            continue
        code = re.sub(r"/\*.*?\*/|//[^\n]*", "", (JS_DIR / name).read_text(), flags=re.S)
        assert sorted(set(IMPURE.findall(code))) == [], name
