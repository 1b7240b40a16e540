"""Geocoding: accuracy on a hand-written reference list, honesty, user gazetteers, CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from geoinvest.cli import main
from geoinvest.errors import ConfigError, DataError
from geoinvest.gazetteer import ATTRIBUTION, load, normalize, packaged
from geoinvest.geocode import geocode_frame
from geoinvest.geocoder import parse
from geoinvest.project import Project
from geoinvest.schema import PRECISION

DATA = Path(__file__).parent / "data"
GEO = DATA / "geocode"


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    ref = pd.read_csv(DATA / "places_reference.csv", comment="#", dtype=str, keep_default_na=False)
    parts = []
    for country, group in ref.groupby("country"):
        out = geocode_frame(group[["query"]], "query", country=country or None)
        extra = group.drop(columns="query").add_prefix("ref_")
        parts.append(out.join(extra))
    return pd.concat(parts).sort_index()


def distance_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    dy = (np.asarray(lat1, float) - np.asarray(lat2, float)) * 111.2
    dx = (np.asarray(lon1, float) - np.asarray(lon2, float)) * 111.2
    return np.hypot(dx * np.cos(np.radians(np.asarray(lat2, float))), dy)


def test_reference_list_is_big_enough(reference):
    assert (reference["ref_expect"] == "matched").sum() >= 60
    assert set(reference["query"]) >= {"Tegucigalpa", "cusco", "Dpto. de Junín"}


def test_top1_within_10_km_for_95_percent(reference):
    # The reference coordinates sit in columns the geocoder does not see; compare.
    m = reference[reference["ref_expect"] == "matched"]
    km = distance_km(m["latitude"], m["longitude"], m["ref_latitude"], m["ref_longitude"])
    within = np.nan_to_num(km, nan=1e9) <= 10
    assert within.mean() >= 0.95, m.loc[~within, ["query", "geocode_match"]]
    assert (m.loc[within, "precision"] == 3).all()


def test_departments_resolve_to_the_area_at_precision_4(reference):
    rows = reference[reference["ref_expect"] == "admin1"]
    assert (rows["geocode_status"] == "matched").all()
    assert (rows["precision"] == 4).all()
    entries = packaged().entries
    codes = [
        entries.loc[(entries["kind"] == "admin1") & (entries["name"] == m.split(", ")[0])]
        for m in rows["geocode_match"]
    ]
    got = [c["admin1_code"].iloc[0] for c in codes]
    assert got == list(rows["ref_admin1_code"])


def test_countries_resolve_at_precision_6(reference):
    rows = reference[reference["ref_expect"] == "country"]
    assert list(rows["geocode_match"]) == ["Honduras", "Peru"]
    assert (rows["precision"] == 6).all()


def test_ambiguous_names_are_not_guessed(reference):
    rows = reference[reference["ref_expect"] == "ambiguous"]
    assert (rows["geocode_status"] == "ambiguous").all()
    assert rows["latitude"].isna().all()
    assert (rows["geocode_candidates"].str.count(";") >= 1).all()
    florencia = rows[rows["query"] == "Florencia"].iloc[0]
    assert florencia["geocode_candidates"] == (
        "Florencia, Caquetá, CO (1.6144, -75.6062); Florencia, Cauca, CO (1.6832, -77.0733)"
    )


def test_town_missing_from_geonames_is_unmatched_not_guessed(reference):
    row = reference[reference["ref_expect"] == "missing"].iloc[0]
    assert row["geocode_status"] == "unmatched"
    assert pd.isna(row["latitude"])


def test_admin1_column_and_inline_admin1_disambiguate():
    df = pd.DataFrame(
        {"place": ["Florencia", "Florencia, Cauca", "Florencia (Caquetá)"],
         "dept": ["Cauca", "", ""]}
    )  # fmt: skip
    out = geocode_frame(df, "place", admin1_col="dept")
    assert list(out["geocode_match"]) == [
        "Florencia, Cauca, CO", "Florencia, Cauca, CO", "Florencia, Caquetá, CO",
    ]  # fmt: skip


def test_hint_that_contradicts_the_gazetteer_suggests_where_the_name_is():
    out = geocode_frame(pd.DataFrame({"p": ["Florencia, Nariño"]}), "p")
    assert out["geocode_status"].iloc[0] == "unmatched"
    assert out["geocode_candidates"].iloc[0].startswith("Florencia, Caquetá, CO")


def test_near_miss_is_taken_and_says_so():
    out = geocode_frame(pd.DataFrame({"p": ["Chalhuahuacho"]}), "p")
    assert out["geocode_match"].iloc[0] == "Challhuahuacho, Apurímac, PE"
    assert out["geocode_candidates"].iloc[0] == "near miss, 96% alike"


def test_unmatched_gets_suggestions():
    out = geocode_frame(pd.DataFrame({"p": ["Tegucigalpha"]}), "p")
    assert out["geocode_status"].iloc[0] == "matched"
    out = geocode_frame(pd.DataFrame({"p": ["Sann Pdro Zula"]}), "p")
    assert out["geocode_status"].iloc[0] == "unmatched"
    assert "San Pedro Sula, Cortés, HN" in out["geocode_candidates"].iloc[0]


def test_country_auto_uses_the_country_most_rows_match():
    names = ["Tegucigalpa", "Choluteca", "Juticalpa", "La Paz"]
    plain = geocode_frame(pd.DataFrame({"p": names}), "p")
    assert plain["geocode_status"].iloc[3] == "ambiguous"
    auto = geocode_frame(pd.DataFrame({"p": names}), "p", country="auto")
    assert auto["geocode_match"].iloc[3] == "La Paz, La Paz, HN"


def test_country_auto_reads_a_country_column():
    df = pd.DataFrame({"p": ["Trujillo", "Trujillo"], "country": ["PE", "Honduras"]})
    out = geocode_frame(df, "p", country="auto")
    assert list(out["geocode_match"]) == ["Trujillo, La Libertad, PE", "Trujillo, Colón, HN"]


def test_unknown_country_code_is_a_config_error():
    with pytest.raises(ConfigError, match="country 'XX' is not in the gazetteer"):
        geocode_frame(pd.DataFrame({"p": ["Lima"]}), "p", country="XX")


def test_missing_column_names_the_columns():
    with pytest.raises(ConfigError, match="the input: no column 'lugar'; its columns are: p"):
        geocode_frame(pd.DataFrame({"p": ["Lima"]}), "lugar")


def test_never_drops_a_row_and_keeps_given_coordinates():
    df = pd.DataFrame(
        {"p": ["Lima", "", None, "Florencia", "Nowhere at all"],
         "latitude": ["", "", "", "1.5", ""], "longitude": ["", "", "", "-75.5", ""]}
    )  # fmt: skip
    out = geocode_frame(df, "p")
    assert len(out) == len(df) and list(out.index) == list(df.index)
    assert list(out["geocode_status"]) == [
        "matched", "unmatched", "unmatched", "given", "unmatched",
    ]  # fmt: skip
    assert out["latitude"].iloc[3] == 1.5


def test_user_gazetteer_adds_overrides_and_sets_precision():
    gaz = load(GEO / "user_gazetteer.csv")
    df = pd.DataFrame({"p": ["San Vicente del Caguán", "Mina Ejemplo", "Florencia, Caquetá"]})
    out = geocode_frame(df, "p", gazetteer=gaz)
    assert list(out["geocode_status"]) == ["matched"] * 3
    assert list(out["precision"]) == [3, 1, 3]
    assert list(out["geocode_source"]) == ["test fixture"] * 3
    assert out["latitude"].iloc[2] == 1.62  # the user's Florencia replaced GeoNames'
    assert out["geocode_match"].iloc[1] == "Mina Ejemplo, Apurímac, PE"
    # Florencia in Cauca is still there.
    cauca = geocode_frame(pd.DataFrame({"p": ["Florencia, Cauca"]}), "p", gazetteer=gaz)
    assert cauca["latitude"].iloc[0] == pytest.approx(1.68318)


def test_bad_user_gazetteer_lists_every_problem():
    with pytest.raises(DataError) as err:
        load(GEO / "bad_gazetteer.csv")
    text = [str(i) for i in err.value.issues]
    path = str(GEO / "bad_gazetteer.csv")
    assert text == [
        f"{path} row 2, column latitude: '-14 grados' is not a coordinate; "
        "write it as -12.05, -12,05 or 12°03'S",
        f"{path} row 3, column name: the cell is empty; fill in name; it is required",
        f"{path} row 3, column precision: '9' is not a precision code 1-8; use one of: "
        + "; ".join(f"{k} {v}" for k, v in PRECISION.items()),
        f"{path} row 4, column country: 'Peru' is not an ISO 3166-1 alpha-2 country code; "
        "use the ISO 3166-1 alpha-2 code PE",
    ]


def test_gazetteer_and_layers_share_one_rule_per_check(project):
    """The same bad cells get the same messages in a layer as in a user gazetteer."""
    mines = project / "layers" / "mines.csv"
    frame = pd.read_csv(mines, dtype=str, keep_default_na=False)
    frame.loc[0, ["latitude", "country", "precision"]] = ["-14 grados", "Peru", "9"]
    frame.to_csv(mines, index=False)
    layer_issues = {
        (i.column, i.value): (i.message, i.fix)
        for i in Project(project).load(["mines"]).issues
        if i.row == 2 and i.column in ("latitude", "country", "precision")
    }
    gazetteer = project / "gazetteer.csv"
    gazetteer.write_text("name,country,latitude,longitude,precision\nX,Peru,-14 grados,-72,9\n")
    with pytest.raises(DataError) as err:
        load(gazetteer)
    gazetteer_issues = {(i.column, i.value): (i.message, i.fix) for i in err.value.issues}
    assert len(layer_issues) == 3
    assert gazetteer_issues == layer_issues


def test_parse_splits_hints():
    assert parse("Municipio de Florencia (Caquetá)") == ("Municipio de Florencia", ["Caquetá"])
    assert parse("Trujillo, Colón, Honduras") == ("Trujillo", ["Colón", "Honduras"])
    assert parse("") == ("", [])
    known = {"santa rita copan"}
    assert parse("Santa Rita, Copan, Copán", lambda t: normalize(t) in known) == (
        "Santa Rita, Copan",
        ["Copán"],
    )


def test_names_that_hold_a_comma():
    out = geocode_frame(pd.DataFrame({"p": ["Santa Rita, Copan, Copán"]}), "p")
    assert out["geocode_match"].iloc[0] == "Santa Rita, Copan, Copán, HN"


@pytest.mark.parametrize(
    ("src", "args", "code"),
    [
        ("all_matched.csv", ["--admin1-col", "departamento"], 0),
        ("latin1_semicolon.csv", ["--country", "CO"], 1),  # rows that need attention
    ],
)
def test_geocode_credits_geonames_on_stderr(tmp_path, src, args, code):
    # What a user of the real command sees: GeoNames (CC BY 4.0) is credited on stderr,
    # after the summary, whether or not every row matched; stdout stays empty.
    out = tmp_path / "placed.csv"
    proc = subprocess.run(
        [sys.executable, "-m", "geoinvest", "geocode", str(GEO / src), "-o", str(out),
         "--place-col", "lugar", *args],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == code, proc.stderr
    assert proc.stdout == ""
    *_, summary, credit = proc.stderr.splitlines()
    assert summary.startswith(f"3 rows written to {out}")
    assert re.search(r"\bPlace names: GeoNames\b.*\bCC BY 4\.0\b", credit), proc.stderr
    assert "Natural Earth" in credit
    written = pd.read_csv(out, keep_default_na=False)
    placed = written[written["geocode_status"] == "matched"]
    assert len(placed) >= 1
    assert set(placed["geocode_source"]) == {"GeoNames"}  # the rows the credit is for


# -- the normaliser --------------------------------------------------------------------

SPANISH = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnñopqrstuvwxyzáéíóúüÁÉÍÓÚÑ ABCXYZ.,-'()0123")),
    max_size=40,
)


@settings(deadline=None)
@given(SPANISH)
def test_normalize_is_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)


@settings(deadline=None)
@given(SPANISH)
def test_normalize_ignores_case(text):
    assert normalize(text.upper()) == normalize(text.lower()) == normalize(text)


@settings(deadline=None)
@given(SPANISH)
def test_normalize_gives_plain_words(text):
    key = normalize(text)
    assert set(key) <= set("abcdefghijklmnopqrstuvwxyz0123456789 ")
    assert "  " not in key and key == key.strip()


@settings(deadline=None)
@given(
    st.sampled_from(["Junín", "Caquetá", "Francisco Morazán", "Apurímac", "La Guajira"]),
    st.sampled_from(["Departamento de ", "Dpto. de ", "Depto. ", "Región ", "DEPARTAMENTO DEL "]),
    st.sampled_from(["", ".", " ", "  ", "-"]),
)
def test_normalize_strips_admin_forms_and_punctuation(name, form, tail):
    assert normalize(form + name + tail) == normalize(name)


@settings(deadline=None)
@given(st.sampled_from(["San Vicente del Caguán", "Cañete", "Santa Rosa de Copán"]))
def test_normalize_folds_accents(name):
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    assert normalize(name) == normalize(plain) == normalize(f"  {name.upper()} ")


def test_normalize_examples():
    assert normalize("Municipio de Florencia") == "florencia"
    assert normalize("Dpto. de Junín") == "junin"
    assert normalize("Pto. Maldonado") == "puerto maldonado"
    assert normalize("Provincia de Lima") == "lima"
    assert normalize("La Paz") == "la paz"
    assert normalize("Grand’Anse") == normalize("Grand'Anse") == "grand anse"


# -- the command -----------------------------------------------------------------------


def run(*args):
    return CliRunner().invoke(main, ["geocode", *map(str, args)])


def test_cli_all_matched_exits_0(tmp_path):
    out = tmp_path / "out.csv"
    result = run(GEO / "all_matched.csv", "-o", out, "--place-col", "lugar",
                 "--admin1-col", "departamento")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "3 rows written to" in result.stderr
    assert ATTRIBUTION in result.stderr
    written = pd.read_csv(out)
    assert list(written["geocode_status"]) == ["matched"] * 3
    assert list(written["precision"]) == [3, 3, 3]


def test_cli_reports_ambiguous_and_unmatched_and_exits_1(tmp_path):
    out = tmp_path / "out.geojson"
    src = GEO / "latin1_semicolon.csv"
    result = run(src, "-o", out, "--place-col", "lugar", "--country", "CO")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"Warning: {src}: is not UTF-8; read as Windows-1252 (Latin-1); check the accents "
        "on the map, and save the file as CSV UTF-8 to be sure"
    )
    assert lines[1] == (
        f"{src} row 2: 'Florencia' is ambiguous; candidates: "
        "Florencia, Caquetá, CO (1.6144, -75.6062); Florencia, Cauca, CO (1.6832, -77.0733)"
    )
    assert lines[2].startswith(f"{src} row 4: 'Xyzzyville' is unmatched")
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert len(features) == 3  # the problem rows are written too
    assert features[1]["properties"]["lugar"] == "Bogotá"  # Latin-1 read right
    assert features[1]["geometry"]["type"] == "Point"
    assert features[0]["geometry"] is None


def test_cli_reads_geojson_and_xlsx(tmp_path):
    result = run(GEO / "places.geojson", "-o", tmp_path / "a.csv", "--place-col", "name")
    assert result.exit_code == 0, result.output
    rows = pd.read_csv(tmp_path / "a.csv", dtype=str, keep_default_na=False)
    assert rows[["name", "latitude", "longitude", "geocode_match"]].values.tolist() == [
        ["Puerto Lempira", "15.26667", "-83.77222", "Puerto Lempira, Gracias a Dios, HN"],
        ["Mocoa, Putumayo", "1.14933", "-76.64661", "Mocoa, Putumayo, CO"],
    ]
    xlsx = tmp_path / "in.xlsx"
    pd.DataFrame({"lugar": ["Tegucigalpa", "Cusco"]}).to_excel(xlsx, index=False)
    result = run(xlsx, "-o", tmp_path / "b.csv", "--place-col", "lugar")
    assert result.exit_code == 0, result.output
    rows = pd.read_csv(tmp_path / "b.csv", dtype=str, keep_default_na=False)
    assert rows[["lugar", "latitude", "longitude", "geocode_match"]].values.tolist() == [
        ["Tegucigalpa", "14.0818", "-87.20681", "Tegucigalpa, Francisco Morazán, HN"],
        ["Cusco", "-13.52264", "-71.96734", "Cusco, Cusco, PE"],
    ]
    assert list(rows["geocode_status"]) == ["matched"] * 2


RESULT_COLUMNS = ["lugar", "latitude", "longitude", "precision", "geocode_match",
                  "geocode_source", "geocode_status"]  # fmt: skip


def test_cli_user_gazetteer(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(
        'lugar\nSan Vicente del Caguán\nMina Ejemplo\n"Florencia, Caquetá"\nLima\n',
        encoding="utf-8",
    )
    out = tmp_path / "o.csv"
    result = run(src, "-o", out, "--place-col", "lugar",
                 "--gazetteer", GEO / "user_gazetteer.csv")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "4 rows written to" in result.stderr and "(4 matched)" in result.stderr
    rows = pd.read_csv(out, dtype=str, keep_default_na=False)[RESULT_COLUMNS]
    assert rows.values.tolist() == [
        # Added by the user's gazetteer (GeoNames does not have it).
        ["San Vicente del Caguán", "2.115", "-74.77", "3",
         "San Vicente del Caguán, Caquetá, CO", "test fixture", "matched"],
        # A named site: kind site, no precision given, so precision 1.
        ["Mina Ejemplo", "-14.05", "-72.3", "1",
         "Mina Ejemplo, Apurímac, PE", "test fixture", "matched"],
        # The user's Florencia (Caquetá) replaces GeoNames' (1.61438, -75.60623).
        ["Florencia, Caquetá", "1.62", "-75.61", "3",
         "Florencia, Caquetá, CO", "test fixture", "matched"],
        # Not in the user's gazetteer: still placed from the built-in one.
        ["Lima", "-12.04318", "-77.02824", "3",
         "Lima, Lima Province, PE", "GeoNames", "matched"],
    ]  # fmt: skip

    # Without --gazetteer the same input is not all placed: the file above made the difference.
    plain = run(src, "-o", tmp_path / "plain.csv", "--place-col", "lugar")
    assert plain.exit_code == 1
    statuses = pd.read_csv(tmp_path / "plain.csv")["geocode_status"].tolist()
    assert statuses == ["unmatched", "unmatched", "matched", "matched"]


def test_cli_user_gazetteer_without_source_names_the_file(tmp_path):
    gazetteer = tmp_path / "mis_lugares.csv"
    gazetteer.write_text(
        "name,admin1,country,latitude,longitude,kind\n"
        "Mina Ejemplo,Apurímac,PE,-14.05,-72.30,site\n"
        "Puerto Nuevo,,CO,2.5,-74.5,place\n",
        encoding="utf-8",
    )
    src = tmp_path / "in.csv"
    src.write_text("lugar\nMina Ejemplo\nPuerto Nuevo\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    result = run(src, "-o", out, "--place-col", "lugar", "--gazetteer", gazetteer)
    assert result.exit_code == 0, result.output
    rows = pd.read_csv(out, dtype=str, keep_default_na=False)[RESULT_COLUMNS]
    assert rows.values.tolist() == [
        ["Mina Ejemplo", "-14.05", "-72.3", "1",
         "Mina Ejemplo, Apurímac, PE", "mis_lugares.csv", "matched"],
        # No admin1 given: the department comes from the point (Meta).
        ["Puerto Nuevo", "2.5", "-74.5", "3",
         "Puerto Nuevo, Meta, CO", "mis_lugares.csv", "matched"],
    ]  # fmt: skip


def test_cli_errors(tmp_path):
    result = run(GEO / "all_matched.csv", "-o", tmp_path / "o.csv", "--place-col", "nombre")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {GEO / 'all_matched.csv'}: no column 'nombre'; its columns are: id, lugar, "
        "departamento\n"
    )
    result = run(GEO / "all_matched.csv", "--place-col", "lugar")
    assert result.exit_code == 2
    assert "give the file to write with -o/--output" in result.stderr
    result = run(GEO / "all_matched.csv", "-o", tmp_path / "o.txt", "--place-col", "lugar")
    assert result.exit_code == 1
    assert "cannot write .txt files; use one of .csv, .geojson" in result.stderr
    existing = tmp_path / "exists.csv"
    existing.write_text("x\n")
    result = run(GEO / "all_matched.csv", "-o", existing, "--place-col", "lugar",
                 "--no-overwrite")  # fmt: skip
    assert result.exit_code == 1
    assert "already exists; pass --overwrite to replace it" in result.stderr


def test_cli_help_has_an_example():
    result = CliRunner().invoke(main, ["geocode", "--help"])
    assert result.exit_code == 0
    assert "geoinvest geocode reporter.xlsx" in result.output
