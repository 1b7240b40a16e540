"""Two languages: the translation tables, vocabulary labels, ``languages`` and ``--lang``,
attribution per language (issue 14, item 8). What the page shows is tested in
tests/browser/test_language.py."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from geoinvest import mapdef as mapdef_module
from geoinvest.cli import main
from geoinvest.errors import ConfigError
from geoinvest.mapdef import with_language
from geoinvest.model import LayerSpec, MapDefinition
from geoinvest.page import i18n, read_payload
from geoinvest.page.payload import attributions
from geoinvest.project import Project
from geoinvest.registry import read_registry
from geoinvest.schema import DATE_PRECISION, LOCATION_BASIS, OUTCOME, STATUS
from geoinvest.store import _registry_entry

REPO = Path(__file__).parent.parent


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- the tables ----------------------------------------------------------------------------


def test_both_languages_have_every_string():
    table = i18n.table()
    assert set(table) == set(i18n.LANGUAGES) == {"en", "es"}
    en, es = table["en"], table["es"]
    assert set(en) == set(es)
    for key, value in en.items():
        if isinstance(value, str):
            assert isinstance(es[key], str), key
            assert bool(value) == bool(es[key]), key  # "no_value" is empty in both
    assert set(en["precision"]) == set(es["precision"]) == {str(k) for k in range(1, 9)}


def test_spanish_strings_are_spanish():
    """Strings that must differ between the languages do (a copy-paste would not)."""
    en, es = i18n.table()["en"], i18n.table()["es"]
    same = {k for k, v in en.items() if isinstance(v, str) and v and v == es[k]}
    # Format-only strings (placeholders, units, digits and punctuation), the same in both.
    bare = {k: re.sub(r"\{\w+\}|\bkm\b", "", en[k]) for k in same}
    worded = {k for k, text in bare.items() if re.search(r"[^\W\d_]", text)}
    assert worded == set(), worded
    assert {"precision_code", "site_ref"} <= same


def test_every_vocabulary_value_has_a_spanish_label():
    es = i18n.table()["es"]["vocab"]
    assert set(es["status"]) == set(STATUS)
    assert set(es["date_precision"]) == set(DATE_PRECISION)
    assert set(es["location_basis"]) == set(LOCATION_BASIS)
    assert set(es["outcome"]) == set(OUTCOME)
    assert es["status"]["operating"] == "en operación"
    assert es["date_precision"]["month"] == "mes"


def test_bundled_layers_values_are_all_translated():
    """Every value the bundled layers hold in a vocabulary or term column has a Spanish
    label (a term like zinc may be spelt the same)."""
    checked = 0
    for spec in read_registry(REPO / "layers"):
        df = pd.read_csv(spec.path, dtype=str, keep_default_na=False)
        for column in (*i18n.VOCABULARY, *i18n.TERMS):
            if column not in df:
                continue
            for value in sorted(set(df[column]) - {""}):
                checked += 1
                if column in i18n.VOCABULARY:
                    assert value in i18n.VOCABULARY[column], (spec.id, column, value)
                    continue
                for term in value.split(i18n.TERM_SEPARATOR):
                    parts = [term]
                    match = i18n._TERM.match(term)
                    if term not in i18n.TERMS[column] and match:
                        parts = list(match.groups())
                    for part in parts:
                        assert part in i18n.TERMS[column], (spec.id, column, value, part)
    assert checked > 30


@pytest.mark.parametrize(
    ("lang", "column", "value", "shown"),
    [
        ("es", "status", "operating", "en operación"),
        ("en", "status", "operating", "operating"),
        ("es", "status", "not a status", "not a status"),
        ("es", "outcome", "released", "liberados"),
        ("en", "location_basis", "site", LOCATION_BASIS["site"][0]),
        ("es", "event_type", "strike", "paro"),
        ("es", "commodity", "copper; gold (exploration)", "cobre; oro (exploración)"),
        ("es", "commodity", "iron ore", "mineral de hierro"),
        ("es", "commodity", "platinum (alluvial)", "platinum (alluvial)"),
        ("en", "commodity", "copper; gold", "copper; gold"),
        ("es", "name", "operating", "operating"),
    ],
)
def test_value_label(lang, column, value, shown):
    assert i18n.value_label(lang, column, value) == shown


def test_page_table_carries_only_labels_that_differ():
    en = i18n.table()["en"]
    assert "status" not in en["vocab"]  # English statuses are their values
    assert en["vocab"]["location_basis"]["site"] == LOCATION_BASIS["site"][0]
    assert i18n.table()["es"]["terms"]["commodity"]["copper"] == "cobre"


# -- languages and attribution in definitions ---------------------------------------------


def read_test_map(project: Path) -> MapDefinition:
    return Project(project).read_map(project / "maps" / "test.toml")


def test_languages_key(project):
    path = project / "maps" / "test.toml"
    assert read_test_map(project).languages == ()
    edit(path, 'layers = ["mines", "kidnappings"]\n', 'layers = ["mines", "kidnappings"]\n'
         'language = "es"\nlanguages = ["en", "es"]\n')  # fmt: skip
    mapdef = read_test_map(project)
    assert (mapdef.language, mapdef.languages) == ("es", ("en", "es"))
    assert "languages" in mapdef_module.MAP_KEYS


EXAMPLE = 'e.g. languages = ["en", "es"]'
LAYERS_LINE = 'layers = ["mines", "kidnappings"]\n'


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ('languages = "en"', f"languages must be a list of language codes, {EXAMPLE}"),
        ("languages = []", f"languages must be a list of language codes, {EXAMPLE}"),
        ('languages = ["en", "fr"]', f"languages: 'fr' is not one of en, es; {EXAMPLE}"),
        ('languages = ["en", "en"]', f"languages names a language twice; {EXAMPLE}"),
        (
            'languages = ["es"]',
            "languages ['es'] does not hold the map's language 'en'; add it, or "
            "set language to one of them",
        ),
    ],
)
def test_bad_languages_are_errors_naming_the_fix(project, written, message):
    path = project / "maps" / "test.toml"
    edit(path, LAYERS_LINE, f"{LAYERS_LINE}{written}\n")
    with pytest.raises(ConfigError) as info:
        read_test_map(project)
    assert str(info.value) == f"{path}: {message}"


def test_with_language():
    mapdef = MapDefinition(id="m", title={"en": "M"}, countries=("PE",), layers=("a",))
    assert with_language(mapdef, None) is mapdef
    assert with_language(mapdef, "en") is mapdef
    es = with_language(mapdef, "es")
    assert (es.language, es.languages) == ("es", ())
    both = with_language(MapDefinition(**{**mapdef.__dict__, "languages": ("en", "es")}), "es")
    assert (both.language, both.languages) == ("es", ("en", "es"))
    with pytest.raises(ConfigError, match="language 'fr' is not one of en, es"):
        with_language(mapdef, "fr")


def test_attribution_per_language_in_the_registry_and_the_map(project):
    registry = project / "layers" / "layers.toml"
    texts = 'attribution = { en = "Coordinates: GeoNames", es = "Coordenadas: GeoNames" }\n'
    edit(registry, 'symbol = "square"\n', f'symbol = "square"\n{texts}')
    edit(project / "maps" / "test.toml", "countries", 'attribution = "Compiled by us"\ncountries')
    spec = {s.id: s for s in read_registry(project / "layers")}["mines"]
    assert spec.attribution == "Coordinates: GeoNames"
    assert spec.attribution_in("es") == "Coordenadas: GeoNames"
    mapdef = read_test_map(project)
    assert mapdef.attribution_in("es") == mapdef.attribution == "Compiled by us"
    layers = Project(project).load_layers(mapdef.layers)
    assert attributions(mapdef, layers) == [
        {"en": "Compiled by us", "es": "Compiled by us"},
        {"en": "Coordinates: GeoNames", "es": "Coordenadas: GeoNames"},
    ]


@pytest.mark.parametrize("written", ["attribution = 3", 'attribution = { es = "Solo" }'])
def test_bad_attribution_is_an_error(project, written):
    registry = project / "layers" / "layers.toml"
    edit(registry, 'symbol = "square"\n', f'symbol = "square"\n{written}\n')
    with pytest.raises(ConfigError) as info:
        read_registry(project / "layers")
    assert "attribution must be text in quotes or one per language, e.g. attribution = " in str(
        info.value
    )
    assert 'attribution = { en = "...", es = "..." }' in str(info.value)


def test_a_written_registry_entry_keeps_the_attribution_per_language(tmp_path):
    spec = LayerSpec(
        id="x",
        title={"en": "X"},
        kind="site",
        path=tmp_path / "x.csv",
        attribution="Data: A",
        attribution_by_language={"en": "Data: A", "es": "Datos: A"},
    )
    entry = tomllib.loads(_registry_entry(spec))["layer"][0]
    assert entry["attribution"] == {"en": "Data: A", "es": "Datos: A"}
    plain = LayerSpec(id="y", title={"en": "Y"}, kind="site", path=tmp_path / "y.csv",
                      attribution="Data: B")  # fmt: skip
    assert tomllib.loads(_registry_entry(plain))["layer"][0]["attribution"] == "Data: B"


# -- the command line ----------------------------------------------------------------------


def test_build_lang_overrides_the_map_language_and_rebuilds_byte_identical(project, tmp_path):
    edit(project / "maps" / "test.toml", "countries", 'languages = ["en", "es"]\ncountries')
    pages = {}
    for lang in ("en", "es"):
        for k in range(2):
            out = tmp_path / f"{lang}{k}.html"
            result = run("build", "test", "--lang", lang, "-o", out, "--root", project)
            assert result.exit_code == 0, result.output
            pages[lang, k] = out.read_bytes()
    assert pages["en", 0] == pages["en", 1]
    assert pages["es", 0] == pages["es", 1]
    assert pages["en", 0] != pages["es", 0]
    es = pages["es", 0].decode("utf-8")
    assert '<html lang="es">' in es
    assert "<title>Mapa de prueba</title>" in es
    payload = read_payload(es)
    assert (payload["language"], payload["languages"]) == ("es", ["en", "es"])
    default = tmp_path / "default.html"
    assert run("build", "test", "-o", default, "--root", project).exit_code == 0
    assert default.read_bytes() == pages["en", 0]


def test_build_lang_for_every_map(project, tmp_path):
    result = run("build", "--lang", "es", "--out-dir", tmp_path, "--root", project, "-q")
    assert result.exit_code == 0, result.output
    built = sorted(tmp_path.glob("*.html"))
    assert built
    assert all(read_payload(p.read_text(encoding="utf-8"))["language"] == "es" for p in built)
    assert read_payload(built[0].read_text(encoding="utf-8"))["languages"] == []


def test_bad_lang_is_a_usage_error(project, tmp_path):
    result = run("build", "test", "--lang", "fr", "-o", tmp_path / "x.html", "--root", project)
    assert result.exit_code == 2
    assert "Invalid value for '--lang': 'fr' is not one of 'en', 'es'." in result.stderr


def test_embed_and_report_pages_follow_lang(project, tmp_path):
    fragment = tmp_path / "fragment.html"
    result = run("embed", "test", "--lang", "es", "--root", project, "-o", fragment, "-q")
    assert result.exit_code == 0, result.output
    assert read_payload(fragment.read_text(encoding="utf-8"))["language"] == "es"
    report = tmp_path / "report.html"
    result = run("report", "test", "--lang", "es", "--root", project, "-o", report, "-q")
    assert result.exit_code == 0, result.output
    text = report.read_text(encoding="utf-8")
    assert '<html lang="es">' in text
    assert "&lt;html lang=&quot;es&quot;&gt;" in text  # the map's page, in srcdoc
