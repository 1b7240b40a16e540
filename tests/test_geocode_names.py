"""Geocoding names as reporters write them: countries, exonyms and old spellings, a
country column in English or Spanish, seats that share a name with villages."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from geoinvest.cli import main
from geoinvest.geocode import country_column, geocode_frame


def one(place: str, **kw) -> pd.Series:
    return geocode_frame(pd.DataFrame({"p": [place]}), "p", **kw).iloc[0]


def km(row: pd.Series, lat: float, lon: float) -> float:
    dy = (row["latitude"] - lat) * 111.2
    dx = (row["longitude"] - lon) * 111.2 * np.cos(np.radians(lat))
    return float(np.hypot(dx, dy))


@pytest.mark.parametrize("name", ["Colombia", "Perú", "PERU", "Honduras", "República de Honduras"])
def test_a_country_name_on_its_own_is_the_country(name):
    row = one(name)
    assert row["geocode_status"] == "matched"
    assert row["precision"] == 6
    assert "," not in row["geocode_match"]


def test_a_town_named_like_the_country_needs_its_department():
    row = one("Colombia, Huila")
    assert row["geocode_match"] == "Colombia, Huila, CO"
    assert row["precision"] == 3


def test_a_foreign_country_does_not_hide_local_towns_of_its_name():
    # Granada is Grenada in Spanish, and a town in Antioquia, Meta, Cundinamarca...
    row = one("Granada")
    assert row["geocode_status"] == "ambiguous"
    assert "Granada, Antioquia, CO" in row["geocode_candidates"]


@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    [
        ("Cuzco", -13.522, -71.967),
        ("Qosqo", -13.522, -71.967),
        ("Santafé de Bogotá", 4.610, -74.082),
        ("Bogotá D.C.", 4.610, -74.082),
        ("Bogotá, Distrito Capital", 4.610, -74.082),
        ("Lima Metropolitana", -12.046, -77.043),
        ("Tegucigalpa M.D.C.", 14.082, -87.206),
        ("Distrito Central", 14.082, -87.206),
        ("Callao", -12.057, -77.118),
        ("San José de Cúcuta", 7.894, -72.508),
    ],
)
def test_exonyms_and_old_spellings_find_the_town(name, lat, lon):
    row = one(name)
    assert row["geocode_status"] == "matched", row["geocode_candidates"]
    assert row["precision"] == 3
    assert km(row, lat, lon) <= 10


@pytest.mark.parametrize("name", ["Región Cuzco", "Departamento del Cuzco", "Dpto. Cusco"])
def test_the_cuzco_region_is_the_department(name):
    row = one(name)
    assert row["precision"] == 4
    assert row["geocode_match"] in ("Cuzco, PE", "Cusco, PE")


@pytest.mark.parametrize("column", ["country", "pais", "País", "PAIS", "Country"])
def test_a_country_column_narrows_each_row(column):
    df = pd.DataFrame({"lugar": ["Trujillo"] * 4,
                       column: ["Perú", "HND", "Colombia", "hn"]})  # fmt: skip
    assert country_column(df) == column
    out = geocode_frame(df, "lugar")
    assert list(out["geocode_match"]) == [
        "Trujillo, La Libertad, PE", "Trujillo, Colón, HN",
        "Trujillo, Valle del Cauca, CO", "Trujillo, Colón, HN",
    ]  # fmt: skip


def test_without_a_country_the_name_stays_ambiguous():
    out = geocode_frame(pd.DataFrame({"lugar": ["Trujillo"], "pais": ["Atlantis"]}), "lugar")
    assert out["geocode_status"].iloc[0] == "ambiguous"


def test_a_country_given_for_every_row_wins_over_the_column():
    df = pd.DataFrame({"lugar": ["Trujillo"], "pais": ["Perú"]})
    assert geocode_frame(df, "lugar", country="HN")["geocode_match"].iloc[0] == (
        "Trujillo, Colón, HN"
    )


def test_a_named_country_column():
    df = pd.DataFrame({"lugar": ["Trujillo"], "donde": ["Honduras"]})
    out = geocode_frame(df, "lugar", country_col="donde")
    assert out["geocode_match"].iloc[0] == "Trujillo, Colón, HN"


def test_a_seat_beats_a_village_of_its_name_and_says_so():
    row = one("Olaya Herrera", admin1_col=None, country="CO")
    assert row["geocode_status"] == "matched"
    assert km(row, 2.348, -78.326) <= 10  # Bocas de Satinga, the municipal seat
    assert row["geocode_candidates"].startswith(
        "the municipal or district seat; also of this name: Olaya Herrera, Nariño, CO"
    )


def test_a_seat_in_one_department_does_not_beat_places_of_its_name_in_others():
    # Los Andes is a seat in Nariño and a village in Antioquia: without a department,
    # ambiguous.
    out = geocode_frame(pd.DataFrame({"p": ["Los Andes"], "c": ["CO"]}), "p", country_col="c")
    assert out["geocode_status"].iloc[0] == "ambiguous"


def test_two_seats_of_one_name_stay_ambiguous():
    out = geocode_frame(pd.DataFrame({"p": ["Yauli"], "d": ["Junín"]}), "p", admin1_col="d")
    assert out["geocode_status"].iloc[0] == "ambiguous"


def test_cli_reads_the_pais_column_and_a_named_one(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("lugar;país;donde\nTrujillo;Perú;HN\n", encoding="utf-8")
    runner = CliRunner()
    out = tmp_path / "o.csv"
    result = runner.invoke(main, ["geocode", str(src), "-o", str(out), "--place-col", "lugar"])
    assert result.exit_code == 0, result.output
    assert pd.read_csv(out)["geocode_match"].iloc[0] == "Trujillo, La Libertad, PE"
    result = runner.invoke(main, ["geocode", str(src), "-o", str(out), "--place-col", "lugar",
                                  "--country-col", "donde"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert pd.read_csv(out)["geocode_match"].iloc[0] == "Trujillo, Colón, HN"
    result = runner.invoke(main, ["geocode", str(src), "-o", str(out), "--place-col", "lugar",
                                  "--country-col", "nation"])  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {src}: no column 'nation'; its columns are: ")
