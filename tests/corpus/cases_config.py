"""The registry (layers/layers.toml) and map definitions (maps/*.toml), wrong."""

from __future__ import annotations

from pathlib import Path

from .base import Case, accepted, on_data, refused

REGISTRY = "layers/layers.toml"
WORLD = "maps/world.toml"  # sorts after the project's maps: a late failure shows


def _registry(root: Path) -> Path:
    return root / REGISTRY


def edit_registry(old: str, new: str, count: int = 1):
    def make(root: Path) -> None:
        path = _registry(root)
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return make


def append_registry(text: str):
    def make(root: Path) -> None:
        with _registry(root).open("a", encoding="utf-8") as f:
            f.write(text)

    return make


def write_registry(data: bytes | None):
    def make(root: Path) -> None:
        if data is None:
            _registry(root).unlink()
        else:
            _registry(root).write_bytes(data)

    return make


def registry_case(case_id, make, file=REGISTRY, mentions=(), ok=False) -> Case:
    expect = accepted() if ok else refused(file, mentions=mentions)
    return Case(case_id, "registry", make, on_data(expect))


def _folder_as_file(root: Path) -> None:
    (root / "layers" / "sub").mkdir()
    edit_registry('file = "mines.csv"', 'file = "sub"')(root)


def _uppercase_suffix(root: Path) -> None:
    (root / "layers" / "mines.csv").rename(root / "layers" / "mines.CSV")
    edit_registry('file = "mines.csv"', 'file = "mines.CSV"')(root)


MINES_FILE = 'file = "mines.csv"'
REGISTRY_CASES = [
    registry_case("registry-unknown-key-in-layer",
                  edit_registry(MINES_FILE, MINES_FILE + '\ncolour = "#ff0000"'),
                  mentions=("colour",)),
    registry_case("registry-unknown-top-level-table",
                  append_registry('\n[settings]\ntheme = "dark"\n'), mentions=("settings",)),
    registry_case("registry-layers-instead-of-layer", edit_registry("[[layer]]", "[[layers]]", 2)),
    registry_case("registry-file-dot", edit_registry(MINES_FILE, 'file = "."'),
                  mentions=("mines",)),
    registry_case("registry-file-empty", edit_registry(MINES_FILE, 'file = ""'),
                  mentions=("mines",)),
    registry_case("registry-file-folder", _folder_as_file, mentions=("sub",)),
    registry_case("registry-file-missing", edit_registry(MINES_FILE, 'file = "nope.csv"'),
                  file="layers/nope.csv"),
    registry_case("registry-file-number", edit_registry(MINES_FILE, "file = 5")),
    registry_case("registry-file-is-a-map", edit_registry(MINES_FILE,
                                                          'file = "../maps/test.toml"'),
                  file="maps/test.toml"),
    registry_case("registry-file-uppercase-suffix", _uppercase_suffix, ok=True),
    registry_case("registry-bad-toml", edit_registry('id = "mines"', "id = mines"),
                  mentions=("line",)),
    registry_case("registry-id-number", edit_registry('id = "mines"', "id = 5")),
    registry_case("registry-title-number",
                  edit_registry('title = { en = "Mines", es = "Minas" }', "title = 5"),
                  mentions=("title",)),
    registry_case("registry-kind-list", edit_registry('kind = "site"', 'kind = ["site"]'),
                  mentions=("kind",)),
    registry_case("registry-popup-string",
                  edit_registry('popup = ["name", "status", "owners", "commodity", "precision", '
                                '"sources"]', 'popup = "name"'),
                  mentions=("popup",)),
    registry_case("registry-popup-unknown-column", edit_registry('"commodity",', '"comodity",'),
                  mentions=("comodity",)),
    registry_case("registry-color-number", edit_registry('color = "#b35806"', "color = 123"),
                  mentions=("color",)),
    registry_case("registry-symbol-bool", edit_registry('symbol = "square"', "symbol = true"),
                  mentions=("symbol",)),
    registry_case("registry-licence-list",
                  edit_registry(MINES_FILE, MINES_FILE + '\nlicence = ["CC-BY-4.0"]'),
                  mentions=("licence",)),
    registry_case("registry-duplicate-id", edit_registry('id = "kidnappings"', 'id = "mines"'),
                  mentions=("mines",)),
    registry_case("registry-layer-not-tables", write_registry(b"layer = [1, 2]\n")),
    registry_case("registry-layer-string", write_registry(b'layer = "mines"\n')),
    registry_case("registry-empty", write_registry(b"")),
    registry_case("registry-missing", write_registry(None)),
    registry_case("registry-latin1",
                  lambda root: _registry(root).write_bytes(
                      _registry(root).read_text(encoding="utf-8")
                      .replace('"Minas"', '"Minería"').encode("latin-1"))),
]  # fmt: skip


# --- map definitions: read by build only --------------------------------------------------

WORLD_TOML = 'title = "World"\ncountries = ["PE", "CO"]\nlayers = ["mines", "kidnappings"]\n'


def map_case(case_id: str, text: str, mentions=(), ok=False) -> Case:
    def make(root: Path) -> None:
        (root / WORLD).write_text(text, encoding="utf-8")

    build = accepted() if ok else refused(WORLD, mentions=mentions)
    expect = {"validate": accepted(), "layers": accepted(), "build": build}
    return Case(case_id, "map-definition", make, expect)


def world(old: str, new: str) -> str:
    assert old in WORLD_TOML
    return WORLD_TOML.replace(old, new)


COUNTRIES = 'countries = ["PE", "CO"]'
MAP_CASES = [
    map_case("map-country-name", world(COUNTRIES, 'countries = ["Peru"]'), ("Peru",)),
    map_case("map-country-xx", world(COUNTRIES, 'countries = ["XX"]'), ("XX",)),
    map_case("map-country-number", world(COUNTRIES, "countries = [604]"), ("countries",)),
    map_case("map-countries-string", world(COUNTRIES, 'countries = "PE"'), ("countries",)),
    map_case("map-countries-empty", world(COUNTRIES, "countries = []"), ("countries",)),
    map_case("map-countries-lowercase", world(COUNTRIES, 'countries = ["pe", "co"]'), ok=True),
    map_case("map-subtitle-list", WORLD_TOML + 'subtitle = ["x"]\n', ("subtitle",)),
    map_case("map-basemaps-string", WORLD_TOML + 'basemaps = "OpenStreetMap.Mapnik"\n',
             ("basemaps",)),
    map_case("map-basemaps-unknown", WORLD_TOML + 'basemaps = ["No.Such"]\n', ("No.Such",)),
    map_case("map-basemap-unknown", WORLD_TOML + 'basemap = "nope"\n', ("nope",)),
    map_case("map-unknown-key", WORLD_TOML + 'subtitel = "x"\n', ("subtitel",)),
    map_case("map-unknown-layer", world('"kidnappings"', '"dams"'), ("dams",)),
    map_case("map-layers-string", world('["mines", "kidnappings"]', '"mines"'), ("layers",)),
    map_case("map-language-unknown", WORLD_TOML + 'language = "fr"\n', ("fr",)),
    map_case("map-cluster-bool", WORLD_TOML + "cluster = true\n", ("cluster",)),
    map_case("map-attribution-list", WORLD_TOML + 'attribution = ["x"]\n', ("attribution",)),
    map_case("map-title-missing", world('title = "World"\n', ""), ("title",)),
    map_case("map-title-without-en", world('"World"', '{ es = "Mundo" }'), ("title",)),
    map_case("map-bad-toml", world('"World"', "World"), ("line",)),
    map_case("map-empty-file", ""),
]  # fmt: skip

CASES: list[Case] = REGISTRY_CASES + MAP_CASES
