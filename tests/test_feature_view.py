"""The [view] table: link state, download button, scale bar and fullscreen options."""

from __future__ import annotations

import pytest
from browser.pagedata import fixture_layers, fixture_mapdef
from click.testing import CliRunner

from geoinvest import features
from geoinvest.cli import main
from geoinvest.errors import ConfigError
from geoinvest.features import view
from geoinvest.features.view import ViewOptions, parse, payload
from geoinvest.page import read_payload, render_page
from geoinvest.page.assets import SCRIPT_FILES, STYLE_FILES

WHERE = "maps/peru.toml"
LAYERS = ("sites", "events")


def test_defaults_without_a_table():
    assert parse(None, WHERE, LAYERS) == ViewOptions("auto", True, "metric", True)
    assert parse({}, WHERE, LAYERS) == ViewOptions()


@pytest.mark.parametrize(
    ("table", "want"),
    [
        ({"url": True}, ViewOptions(url=True)),
        ({"url": False, "download": False}, ViewOptions(url=False, download=False)),
        ({"scale": "both", "fullscreen": False}, ViewOptions(scale="both", fullscreen=False)),
        ({"scale": "imperial"}, ViewOptions(scale="imperial")),
        ({"scale": False}, ViewOptions(scale=False)),
    ],
)
def test_values(table, want):
    assert parse(table, WHERE, LAYERS) == want


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            {"url": "yes"},
            "maps/peru.toml: [view] url = 'yes' is not one of \"auto\", true, false; "
            'e.g. url = "auto"',
        ),
        (
            {"url": 1},
            'maps/peru.toml: [view] url = 1 is not one of "auto", true, false; e.g. url = "auto"',
        ),
        (
            {"download": "no"},
            "maps/peru.toml: [view] download = 'no' is not one of true, false; "
            "e.g. download = true",
        ),
        (
            {"scale": "km"},
            'maps/peru.toml: [view] scale = \'km\' is not one of "metric", "imperial", '
            '"both", false; e.g. scale = "metric"',
        ),
        (
            {"scale": True},
            'maps/peru.toml: [view] scale = True is not one of "metric", "imperial", '
            '"both", false; e.g. scale = "metric"',
        ),
        (
            {"fullscreen": 0},
            "maps/peru.toml: [view] fullscreen = 0 is not one of true, false; "
            "e.g. fullscreen = true",
        ),
        (
            {"urls": True},
            "maps/peru.toml: [view]: unknown key 'urls'; did you mean 'url'? "
            "[view] can have: url, download, scale, fullscreen",
        ),
        ("yes", 'maps/peru.toml: view must be a table, e.g. [view] with url = "auto"'),
    ],
)
def test_bad_values_name_file_key_and_fix(table, message):
    with pytest.raises(ConfigError) as info:
        parse(table, WHERE, LAYERS)
    assert str(info.value) == message


def test_payload_and_registration():
    options = ViewOptions(url=True, download=False, scale="both", fullscreen=False)
    assert payload(options, None, []) == {
        "url": True,
        "download": False,
        "scale": "both",
        "fullscreen": False,
    }
    assert payload(None, None, [])["url"] == "auto"
    assert "view" in features.NAMES
    assert "view.css" in STYLE_FILES
    # url.js reads the parts every other feature registered: the last feature file.
    assert SCRIPT_FILES[-2:] == ("url.js", "api.js")
    assert SCRIPT_FILES.index("download.js") < SCRIPT_FILES.index("tools.js")


def test_strings_are_prefixed_and_translated():
    assert set(view.STRINGS["en"]) == set(view.STRINGS["es"])
    assert all(key.startswith("view_") for key in view.STRINGS["en"])
    assert all(view.STRINGS["es"][k] != view.STRINGS["en"][k] for k in view.STRINGS["en"])


def test_page_carries_the_options():
    options = ViewOptions(url=False, scale="imperial")
    html = render_page(fixture_mapdef(features={"view": options}), fixture_layers())
    data = read_payload(html)
    assert data["features"]["view"] == {
        "url": False,
        "download": True,
        "scale": "imperial",
        "fullscreen": True,
    }
    assert data["strings"]["es"]["view_download"] == "Descargar las filas mostradas (CSV)"


def test_a_bad_table_stops_the_build(project):
    mapfile = project / "maps" / "test.toml"
    with mapfile.open("a", encoding="utf-8") as f:
        f.write('\n[view]\nscale = "miles"\n')
    out = project / "x.html"
    result = CliRunner().invoke(
        main, ["build", "test", "-o", str(out), "--root", str(project)], catch_exceptions=False
    )
    assert result.exit_code == 1
    assert not out.exists()
    assert result.stderr == (
        f'Error: {mapfile}: [view] scale = \'miles\' is not one of "metric", "imperial", '
        '"both", false; e.g. scale = "metric"\n'
    )
