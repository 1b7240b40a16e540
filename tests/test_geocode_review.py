"""The review loop, end to end through the CLI: ambiguous and unmatched places go to a
review file with their candidates; the choices written there are applied on the next run."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from geoinvest.cli import main

HEADER = ("rows,place,admin1_given,country_given,status,candidate,name,admin1,country,kind,"
          "latitude,longitude,choice")  # fmt: skip
FLORENCIA = [
    "2; 5,Florencia,,CO,ambiguous,g3be32b3f,Florencia,Caquetá,CO,place,1.61438,-75.60623,",
    "2; 5,Florencia,,CO,ambiguous,g46b6be27,Florencia,Cauca,CO,place,1.68318,-77.07331,",
]


def run(*args):
    return CliRunner().invoke(main, ["geocode", *map(str, args)])


def reporter_table(tmp_path: Path) -> Path:
    src = tmp_path / "incidentes.csv"
    src.write_text(
        "lugar,pais\nFlorencia,Colombia\nXyzzyville,\nSanta Rosa,Perú\nFlorencia,CO\n"
        "Saravena,Colombia\n",
        encoding="utf-8",
    )
    return src


def choose(review: Path, choices: dict[str, str]) -> None:
    """Fill the choice column as a user would: by candidate id, or on a place's line."""
    rows = list(csv.reader(review.open(encoding="utf-8")))
    done = set()
    for row in rows[1:]:
        for wanted, value in choices.items():
            if wanted in (row[5], row[1]) and wanted not in done:
                row[-1] = value
                done.add(wanted)
    with review.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def test_first_run_writes_the_places_that_need_a_choice(tmp_path):
    src, out, review = reporter_table(tmp_path), tmp_path / "out.csv", tmp_path / "review.csv"
    result = run(src, "-o", out, "--place-col", "lugar", "--review", review)
    assert result.exit_code == 1
    assert f"3 place(s) need a choice: fill in the choice column of {review} and run again\n" in (
        result.stderr
    )
    lines = review.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER
    assert lines[1:3] == FLORENCIA  # one line per candidate; rows 2 and 5 share a place
    assert lines[3] == "3,Xyzzyville,,,unmatched,,,,,,,,"
    santa_rosa = [line for line in lines if ",Santa Rosa,,PE,ambiguous," in line]
    assert len(santa_rosa) >= 10
    assert all(line.startswith("4,") and line.endswith(",") for line in santa_rosa)
    assert len(lines) == 4 + len(santa_rosa)  # Saravena was placed: not in the file


def test_second_run_applies_the_choices_and_keeps_them(tmp_path):
    src, out, review = reporter_table(tmp_path), tmp_path / "out.csv", tmp_path / "review.csv"
    run(src, "-o", out, "--place-col", "lugar", "--review", review)
    choose(review, {"g46b6be27": "g46b6be27", "Xyzzyville": "4.5, -74.1, 3"})
    result = run(src, "-o", out, "--place-col", "lugar", "--review", review)
    assert result.exit_code == 1  # Santa Rosa still open
    assert "1 place(s) need a choice" in result.stderr
    placed = pd.read_csv(out, dtype=str, keep_default_na=False)
    cols = ["lugar", "latitude", "longitude", "precision", "geocode_match", "geocode_status"]
    assert placed[cols].values.tolist() == [
        ["Florencia", "1.68318", "-77.07331", "3", "Florencia, Cauca, CO", "reviewed"],
        ["Xyzzyville", "4.5", "-74.1", "3", "4.5, -74.1", "reviewed"],
        ["Santa Rosa", "", "", "", "", "ambiguous"],
        ["Florencia", "1.68318", "-77.07331", "3", "Florencia, Cauca, CO", "reviewed"],
        ["Saravena", "6.96319", "-71.8823", "3", "Saravena, Arauca, CO", "matched"],
    ]
    assert placed["geocode_candidates"].iloc[0] == "chosen in review.csv: g46b6be27"
    assert placed["geocode_source"].tolist()[:2] == ["GeoNames", "review.csv"]
    lines = review.read_text(encoding="utf-8").splitlines()
    # Decided places stay, with their choice, so every later run applies them again;
    # the open place is still listed with its candidates.
    assert lines[1] == (
        "2; 5,Florencia,,CO,reviewed,g46b6be27,Florencia,Cauca,CO,place,1.68318,-77.07331,g46b6be27"
    )
    assert lines[2] == '3,Xyzzyville,,,reviewed,,,,,,,,"4.5, -74.1, 3"'
    assert all(",Santa Rosa,,PE,ambiguous," in line for line in lines[3:])


def test_skip_settles_a_place_without_a_point_and_a_rerun_is_identical(tmp_path):
    src, out, review = reporter_table(tmp_path), tmp_path / "out.csv", tmp_path / "review.csv"
    run(src, "-o", out, "--place-col", "lugar", "--review", review)
    choose(review, {"Florencia": "g3be32b3f", "Xyzzyville": "skip", "Santa Rosa": "SKIP"})
    result = run(src, "-o", out, "--place-col", "lugar", "--review", review)
    assert result.exit_code == 0, result.output
    assert "5 rows written to" in result.stderr
    assert "(1 matched, 2 reviewed, 2 skipped)" in result.stderr
    assert "need a choice" not in result.stderr
    first, first_review = out.read_bytes(), review.read_bytes()
    again = run(src, "-o", out, "--place-col", "lugar", "--review", review)
    assert again.exit_code == 0
    assert out.read_bytes() == first and review.read_bytes() == first_review
    placed = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert placed["geocode_status"].tolist() == [
        "reviewed", "skipped", "skipped", "reviewed", "matched",
    ]  # fmt: skip
    assert placed.loc[1, "latitude"] == "" and placed.loc[0, "latitude"] == "1.61438"


def test_a_choice_that_cannot_be_used_names_its_row_and_writes_nothing(tmp_path):
    src, out, review = reporter_table(tmp_path), tmp_path / "out.csv", tmp_path / "review.csv"
    run(src, "-o", out, "--place-col", "lugar", "--review", review)
    before = out.read_bytes()
    choose(review, {"g3be32b3f": "Caquetá", "Xyzzyville": "95,-74"})
    result = run(src, "-o", out, "--place-col", "lugar", "--review", review)
    assert result.exit_code == 1
    fix = ("is not a candidate id, 'lat,lon' or 'skip'; copy an id from the candidate "
           "column, write coordinates like -13.52,-71.97 or write skip")  # fmt: skip
    assert result.stderr == (
        f"Error: {review} row 2, column choice: 'Caquetá' {fix}\n"
        f"Error: {review} row 4, column choice: '95,-74' {fix}\n"
        "Error: 2 problem(s) found; nothing was written.\n"
    )
    assert out.read_bytes() == before


def test_two_choices_for_one_place_are_an_error(tmp_path):
    src, out, review = reporter_table(tmp_path), tmp_path / "out.csv", tmp_path / "review.csv"
    run(src, "-o", out, "--place-col", "lugar", "--review", review)
    choose(review, {"g3be32b3f": "g3be32b3f", "g46b6be27": "g46b6be27"})
    result = run(src, "-o", out, "--place-col", "lugar", "--review", review)
    assert result.exit_code == 1
    assert (
        f"Error: {review} row 3, column choice: 'g46b6be27' differs from the choice "
        "'g3be32b3f' already made for 'Florencia'; keep one choice per place\n"
    ) in result.stderr


def test_a_review_file_saved_by_a_spreadsheet_is_read(tmp_path):
    # Excel in a Spanish locale saves CSV with semicolons: the one table reader reads it.
    src, out, review = reporter_table(tmp_path), tmp_path / "out.csv", tmp_path / "review.csv"
    run(src, "-o", out, "--place-col", "lugar", "--review", review)
    choose(review, {"g46b6be27": "g46b6be27"})
    rows = list(csv.reader(review.open(encoding="utf-8")))
    with review.open("w", encoding="cp1252", newline="") as f:
        csv.writer(f, delimiter=";", lineterminator="\r\n").writerows(rows)
    result = run(src, "-o", out, "--place-col", "lugar", "--review", review)
    assert pd.read_csv(out)["geocode_status"].iloc[0] == "reviewed", result.output


def test_review_file_problems(tmp_path):
    src, out = reporter_table(tmp_path), tmp_path / "out.csv"
    result = run(src, "-o", out, "--place-col", "lugar", "--review", src)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {src}: writing there would overwrite the input")
    result = run(src, "-o", out, "--place-col", "lugar", "--review", tmp_path / "r.xlsx")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'r.xlsx'}: the review file is written as CSV; name it e.g. "
        "review.csv\n"
    )
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    result = run(src, "-o", out, "--place-col", "lugar", "--review", other)
    assert result.exit_code == 1
    assert f"Error: {other}: has no column place, admin1_given, country_given, choice" in (
        result.stderr
    )


def test_choices_leave_rows_with_their_own_coordinates_alone(tmp_path):
    # Rows kept as written (a latitude in words) or with a usable point of their own are not
    # touched by a choice for their place; the output may be GeoJSON.
    src = tmp_path / "in.csv"
    src.write_text('lugar,latitude,longitude\nFlorencia,,\nLima,doce sur,-77\nFlorencia,1,2\n',
                   encoding="utf-8")  # fmt: skip
    out, review = tmp_path / "out.geojson", tmp_path / "review.csv"
    run(src, "-o", out, "--place-col", "lugar", "--review", review)
    choose(review, {"g46b6be27": "g46b6be27"})
    result = run(src, "-o", out, "--place-col", "lugar", "--review", review)
    assert result.exit_code == 1  # the invalid row still needs fixing
    assert "3 rows written to" in result.stderr and "(1 given, 1 invalid, 1 reviewed)" in (
        result.stderr
    )
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert [f["geometry"] for f in features] == [
        {"type": "Point", "coordinates": [-77.07331, 1.68318]}, None,
        {"type": "Point", "coordinates": [2.0, 1.0]},
    ]  # fmt: skip
    assert [f["properties"]["latitude"] for f in features] == [1.68318, "doce sur", 1.0]
