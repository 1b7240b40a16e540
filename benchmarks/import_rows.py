"""Import speed: an ACLED-format export of N rows, imported into a new working folder,
then imported again (every row found present, nothing written).

    python -m benchmarks.import_rows [-n 1000 -n 20000 ...]

Rows are the test export's eleven valid events (tests/data/import/acled_export.csv),
repeated with new event ids and notes; they already have coordinates (no geocoding).
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from pathlib import Path

from geoinvest.importing import import_batches
from geoinvest.importing.adapters.acled import acled_batches
from geoinvest.readers import read_table
from geoinvest.scaffold import write_folder
from geoinvest.store import FileStore

SAMPLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "import" / "acled_export.csv"


def write_export(path: Path, n: int) -> None:
    with open(SAMPLE, encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    rows = rows[:11]  # the twelfth is the test's rejected row
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for i in range(n):
            row = list(rows[i % len(rows)])
            row[0] = f"{row[0][:3]}{1_000_000 + i}"
            row[header.index("notes")] += f" #{i}"
            writer.writerow(row)


def run_once(folder: Path, export: Path) -> tuple[float, int]:
    began = time.perf_counter()
    raw = read_table(export)
    report = import_batches(FileStore(folder / "layers"), raw, acled_batches(raw))
    return time.perf_counter() - began, report.imported


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, action="append", help="rows (repeatable)")
    sizes = parser.parse_args().n or [1_000, 20_000, 100_000]
    print(f"{'rows':>8}  {'import s':>9}  {'rows/s':>8}  {'again s':>8}  {'imported again':>14}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "work"
            write_folder(folder)
            export = Path(tmp) / "acled.csv"
            write_export(export, n)
            first, _ = run_once(folder, export)
            again, imported = run_once(folder, export)
        print(f"{n:>8}  {first:>9.2f}  {n / first:>8.0f}  {again:>8.2f}  {imported:>14}")


if __name__ == "__main__":
    main()
