"""Write tests/data/seats.csv: municipal and district seats chosen by a fixed rule.

Every 7th Colombian municipality in DIVIPOLA code order, every 12th Peruvian district in
INEI ubigeo order and every 3rd Honduran municipality in the list's order (by department),
starting with the first of each, plus the four towns issue 13 names when the rule misses
them. Names and departments are written as the official lists write them; the points are
the lists' own (DANE's and INEI's), not the gazetteer's. The Honduran list has no points.

    python scripts/build_seats.py --divipola data.departamento.municipio.ts \\
        --ubigeo ubigeo_distrito.csv --honduras Municipios.sql
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import gazetteer_sources  # noqa: E402

OUT = ROOT / "tests" / "data" / "seats.csv"
STEP = {"CO": 7, "PE": 12, "HN": 3}
COUNTRY = {"CO": "Colombia", "PE": "Perú", "HN": "Honduras"}
NAMED = {("CO", "SARAVENA"), ("CO", "SAN VICENTE DEL CAGUÁN"), ("PE", "Pataz"),
         ("HN", "Catacamas")}  # fmt: skip
SOURCE = {"CO": "DANE DIVIPOLA", "PE": "INEI ubigeo (MINSA/CEPLAN points)", "HN": "INE Honduras"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--divipola", type=Path, required=True)
    parser.add_argument("--ubigeo", type=Path, required=True)
    parser.add_argument("--honduras", type=Path, required=True)
    args = parser.parse_args()
    parts = []
    for country, seats in (
        ("CO", gazetteer_sources.colombia(args.divipola).sort_values("code", kind="stable")),
        ("PE", gazetteer_sources.peru(args.ubigeo).sort_values("code", kind="stable")),
        ("HN", gazetteer_sources.honduras(args.honduras)),
    ):
        seats = seats.reset_index(drop=True)
        ruled = seats.index % STEP[country] == 0
        named = [(country, n) in NAMED for n in seats["name"]]
        picked = seats[ruled | pd.Series(named)].copy()
        picked["rule"] = [f"every {STEP[country]}" if r else "named in issue 13"
                          for r in ruled[picked.index]]  # fmt: skip
        parts.append(picked)
    df = pd.concat(parts, ignore_index=True)
    out = pd.DataFrame(
        {
            "pais": df["country"].map(COUNTRY),
            "codigo": df["code"],
            "departamento": df["department"],
            "municipio": df["name"],
            "latitud": df["latitude"].map(lambda v: "" if pd.isna(v) else f"{v:.5f}"),
            "longitud": df["longitude"].map(lambda v: "" if pd.isna(v) else f"{v:.5f}"),
            "fuente": df["country"].map(SOURCE),
            "regla": df["rule"],
        }
    )
    OUT.write_text(out.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
    print(f"{OUT.name}: {len(out)} rows")
    print(out.groupby("pais").size().to_string())


if __name__ == "__main__":
    main()
