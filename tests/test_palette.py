"""The default layer colours stay apart for readers with red-green colour blindness.

Each colour is passed through colorspacious' simulation of deuteranopia and protanopia
(Machado et al. 2009, severity 100) and compared in CAM02-UCS, where a distance of about 1
is just noticeable and markers of 5 px need far more: every pair of layer colours, and
every colour against the land of the offline base map, must stay at least
``MIN_DISTANCE`` apart under normal vision and both deficiencies.
"""

from __future__ import annotations

import itertools
import tomllib
from pathlib import Path

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE

from geoinvest.palette import PALETTE

REGISTRY = Path(__file__).resolve().parent.parent / "layers" / "layers.toml"
LAND = "#f4f1ea"  # the vector base's land fill (static/js/app.js addBase)
MIN_DISTANCE = 20.0
VISION = {
    "normal": None,
    "deuteranopia": "deuteranomaly",
    "protanopia": "protanomaly",
}


def layer_colours() -> dict[str, str]:
    layers = tomllib.loads(REGISTRY.read_text(encoding="utf-8"))["layer"]
    return {layer["id"]: layer["color"] for layer in layers}


def seen(hex_colour: str, deficiency: str | None) -> np.ndarray:
    """The colour as sRGB in 0-1, as a reader with that deficiency sees it."""
    rgb = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    if deficiency is None:
        return rgb
    cvd = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
    return np.clip(cspace_convert(rgb, cvd, "sRGB1"), 0, 1)


def distance(a: np.ndarray, b: np.ndarray) -> float:
    return float(deltaE(a, b, input_space="sRGB1", uniform_space="CAM02-UCS"))


def test_the_registry_has_the_five_bundled_layers():
    assert list(layer_colours()) == [
        "mining_sites",
        "hydro_projects",
        "oil_gas_sites",
        "kidnappings",
        "protests",
    ]


@pytest.mark.parametrize("vision", VISION)
def test_every_pair_of_layer_colours_stays_apart(vision):
    colours = {k: seen(v, VISION[vision]) for k, v in layer_colours().items()}
    close = {
        f"{a}/{b}": round(d, 1)
        for a, b in itertools.combinations(colours, 2)
        if (d := distance(colours[a], colours[b])) < MIN_DISTANCE
    }
    assert close == {}


@pytest.mark.parametrize("vision", VISION)
def test_every_layer_colour_stands_out_on_the_land(vision):
    land = seen(LAND, VISION[vision])
    faint = {
        k: round(d, 1)
        for k, v in layer_colours().items()
        if (d := distance(seen(v, VISION[vision]), land)) < MIN_DISTANCE
    }
    assert faint == {}


def test_the_former_palette_fails_the_check():
    """The check can fail: the former hydro blue and protest purple were 5 apart for a
    reader with deuteranopia."""
    old = distance(seen("#2166ac", "deuteranomaly"), seen("#7b3294", "deuteranomaly"))
    assert old < MIN_DISTANCE / 2


@pytest.mark.parametrize("vision", VISION)
def test_the_default_palette_stays_apart(vision):
    """Layers given no colour (init, quick maps, importers, ``geoinvest.Map``) take
    ``palette.PALETTE``: its seven colours and the land stay apart."""
    colours = [seen(c, VISION[vision]) for c in (*PALETTE, LAND)]
    closest = min(distance(a, b) for a, b in itertools.combinations(colours, 2))
    assert closest >= MIN_DISTANCE


def test_the_bundled_layers_open_the_palette():
    assert tuple(layer_colours().values()) == PALETTE[:5]


def _new_layer_colours(tmp_path) -> dict[str, str]:
    """The colour of every layer geoinvest registers or draws without being given one."""
    from geoinvest import quickmap, scaffold
    from geoinvest.importing.adapters import acled, gem

    scaffold.write_folder(tmp_path / "work")
    registry = tomllib.loads((tmp_path / "work" / "layers" / "layers.toml").read_text("utf-8"))
    found = {f"init:{layer['id']}": layer["color"] for layer in registry["layer"]}
    found |= {f"acled:{k}": v[1] for k, v in acled.LAYERS.items()}
    found |= {f"gem:{k}": v[2] for k, v in gem.LAYERS.items()}
    csv = tmp_path / "points.csv"
    csv.write_text("name,latitude,longitude\nA,-12.0,-77.0\n", encoding="utf-8")
    for number in (1, 2, 3):
        layer, _ = quickmap.file_layer(csv, number)
        found[f"map:{number}"] = layer.spec.color
    return found


def test_every_default_colour_comes_from_the_palette(tmp_path):
    """No module keeps a palette of its own (the former one failed the check above)."""
    found = _new_layer_colours(tmp_path)
    assert {k: v for k, v in found.items() if v not in PALETTE} == {}
    assert found["map:1"] != found["map:2"] != found["map:3"]
