"""Column mapping: a layer's ``columns`` in the registry, and common names on their own."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geoinvest.aliases import map_columns, normalise
from geoinvest.errors import ConfigError
from geoinvest.model import LayerSpec, Origin
from geoinvest.readers import RawTable
from geoinvest.registry import column_mapping, date_format
from geoinvest.validate import validate_table


def test_names_compare_without_case_accents_or_punctuation():
    assert normalise(" País ") == "pais"
    assert normalise("Tipo de evento") == "tipo_de_evento"
    assert normalise("PRECISIÓN") == "precision"


def test_common_english_and_spanish_names_are_recognised():
    names = ["ID", "Nombre", "País", "Departamento", "Lugar", "Latitud", "Longitud",
             "Precisión", "Fuentes", "Fecha", "Víctimas", "Otra cosa"]  # fmt: skip
    rename, issues = map_columns(names, "event")
    assert issues == []
    assert rename == {
        "ID": "id", "Nombre": "name", "País": "country", "Departamento": "admin1",
        "Lugar": "locality", "Latitud": "latitude", "Longitud": "longitude",
        "Precisión": "precision", "Fuentes": "sources", "Fecha": "date", "Víctimas": "victims",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("lat", "lon"), [("lat", "lon"), ("lat", "lng"), ("latitud", "long"), ("y", "x")]
)
def test_coordinate_names(lat, lon):
    assert map_columns([lat, lon], "site")[0] == {lat: "latitude", lon: "longitude"}


def test_an_alias_applies_only_to_the_layer_kind_and_provincia_is_left_alone():
    rename, _ = map_columns(["fecha", "provincia", "estado"], "site")
    assert rename == {}  # date is an event column; provincia and estado are ambiguous


def test_a_schema_column_wins_over_an_alias_and_an_explicit_mapping_over_both():
    assert map_columns(["latitude", "lat"], "site")[0] == {}  # lat stays an extra column
    rename, issues = map_columns(["sitio", "lugar"], "site", {"sitio": "locality"})
    assert (rename, issues) == ({"sitio": "locality"}, [])  # lugar is not used as well


def test_two_columns_that_would_be_one_are_an_error_naming_both():
    rename, issues = map_columns(["lat", "Latitud", "lon"], "site", source="f.csv")
    assert rename == {"lon": "longitude"}
    assert [str(i) for i in issues] == [
        "f.csv, column latitude: columns 'lat' and 'Latitud' would both be latitude; "
        'rename or remove one, or say which in layers.toml: columns = { Latitud = "latitude" }'
    ]


def test_an_explicit_mapping_of_a_column_the_file_lacks_is_an_error():
    _, issues = map_columns(["a", "b"], "site", {"lugar": "locality"}, source="f.csv")
    assert [str(i) for i in issues] == [
        "f.csv, column lugar: is named in the layer's columns mapping but the file has no "
        "such column; use one of the file's columns: a, b"
    ]


def test_validation_checks_mapped_columns_and_keeps_extra_ones_as_text(tmp_path):
    frame = pd.DataFrame(
        {"ident": ["k1"], "Nombre": ["Secuestro"], "País": ["CO"], "Departamento": ["Meta"],
         "sitio": ["Granada"], "Latitud": ["3,54"], "Longitud": ["73°42'O"],
         "Precisión": ["3"], "Fuentes": ['Wire, "T", 2011'], "Fecha": ["15/03/2012"],
         "date_precision": ["day"], "perpetrador": ["FARC"], "Víctimas": ["2"],
         "fatalities": ["0"], "site_id": [""], "Testigos": ["3"]}
    )  # fmt: skip
    mapping = {"ident": "id", "sitio": "locality"}
    spec = LayerSpec("k", {"en": "K"}, "event", tmp_path / "k.csv", columns=mapping,
                     date_format="%d/%m/%Y")  # fmt: skip
    typed, issues = validate_table(RawTable(tmp_path / "k.csv", frame, Origin("k.csv")), spec)
    assert [i for i in issues if i.severity == "error"] == []
    row = typed.iloc[0]
    assert (row["id"], row["locality"], row["admin1"]) == ("k1", "Granada", "Meta")
    assert (row["latitude"], row["longitude"]) == pytest.approx((3.54, -73.7))
    assert row["date"] == pd.Timestamp("2012-03-15")
    assert row["Testigos"] == "3" and pd.api.types.is_string_dtype(typed["Testigos"])


def test_the_registry_checks_mapping_targets_with_a_did_you_mean():
    assert column_mapping({"lugar": "locality"}, "site", "w") == {"lugar": "locality"}
    with pytest.raises(ConfigError) as err:
        column_mapping({"lugar": "localty"}, "site", "layers.toml layer 'x'")
    assert str(err.value).startswith(
        "layers.toml layer 'x': columns maps 'lugar' to 'localty', which is not a column of "
        "a site layer; did you mean 'locality'? the columns are: id, name,"
    )
    with pytest.raises(ConfigError, match="maps both 'a' and 'b' to 'locality'"):
        column_mapping({"a": "locality", "b": "locality"}, "site", "w")
    with pytest.raises(ConfigError, match="columns must map file columns"):
        column_mapping(["lugar"], "site", "w")


@pytest.mark.parametrize("fmt", ["%d/%m/%Y", "%m/%Y", "%Y", "%d.%m.%y"])
def test_the_registry_takes_date_formats_with_a_year(fmt):
    assert date_format({"date_format": fmt}, "w") == fmt


@pytest.mark.parametrize("fmt", ["dd/mm/yyyy", "%d/%m", 5])
def test_the_registry_refuses_other_date_formats(fmt):
    with pytest.raises(ConfigError):
        date_format({"date_format": fmt}, "w")


def test_names_a_shapefile_cut_to_ten_characters():
    assert map_columns(["status_yea", "investment"], "site")[0] == {"status_yea": "status_year"}
    assert map_columns(["date_preci"], "event")[0] == {"date_preci": "date_precision"}


def test_a_popup_naming_a_mapped_file_column_is_told_its_schema_name(tmp_path):
    import shutil

    from geoinvest.project import Project

    root = tmp_path / "formats"
    shutil.copytree(Path(__file__).parent / "data" / "formats", root)
    toml = root / "layers" / "layers.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            '"perpetrator", "Testigos"', '"Perpetrador", "Testigos"'
        ),
        encoding="utf-8",
    )
    issues = [i for i in Project(root).load(["csv_es"]).issues if i.severity == "error"]
    assert [str(i) for i in issues] == [
        f"{toml}: layer 'csv_es': popup names 'Perpetrador', which is not one of its columns; "
        "the file's column 'Perpetrador' is read as 'perpetrator': name that in popup"
    ]
