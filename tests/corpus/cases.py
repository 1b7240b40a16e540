"""Every case of the bad-input corpus, built at test time (issue 11).

Each case writes its input into a fresh copy of tests/data/project and says, for
validate, layers, build and (where it reads the file) geocode, what must happen: see
``base.Expect``. ``python -m tests.corpus.cases`` lists them by category.
"""

from __future__ import annotations

from collections import Counter

from . import cases_cells, cases_config, cases_csv, cases_files, cases_formats, cases_geocode
from .base import Case

CASES: list[Case] = (
    cases_csv.CASES
    + cases_cells.CASES
    + cases_files.CASES
    + cases_formats.CASES
    + cases_config.CASES
    + cases_geocode.CASES
)

_ids = Counter(case.id for case in CASES)
if max(_ids.values()) > 1:
    raise ValueError(f"case ids used twice: {[i for i, n in _ids.items() if n > 1]}")


def by_category() -> dict[str, int]:
    return dict(Counter(case.category for case in CASES))


if __name__ == "__main__":
    for category, n in by_category().items():
        print(f"{n:4d}  {category}")
    print(f"{len(CASES):4d}  cases, {sum(len(c.expect) for c in CASES)} runs")
