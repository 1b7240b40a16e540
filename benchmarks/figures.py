"""Snapshots and reports: ``geoinvest snapshot`` and ``geoinvest report`` timed as a user
runs them, each in a fresh process under /usr/bin/time -v (wall time includes imports).

    python -m benchmarks.figures                  # bundled maps, and 100,000 points
    python -m benchmarks.figures --repeat 5 -n 100k -n 1M
    python -m benchmarks.figures -o benchmarks/results/figures.md

Cases: a 300 dpi PNG, an SVG and a PDF of each bundled map (maps/*.toml, the repository's
own layers); the HTML and Word report of all four; and a snapshot (PNG at 300 dpi, SVG,
PDF) of the synthetic layers at each ``-n`` (benchmarks/generate.py; the target for
100,000 points is under 5 s on the project's 2-core machine). Each case runs ``--repeat``
times; the table gives the median and range of the wall time and the median peak memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.csv_layer import run_once  # noqa: E402
from benchmarks.generate import write_dataset  # noqa: E402
from benchmarks.run import label_n, machine, parse_n  # noqa: E402
from benchmarks.tools import geoinvest_project  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BUNDLED = ("colombia", "honduras", "peru", "region")
FORMATS = ("png", "svg", "pdf")
TIMEOUT_S = 300.0


def geoinvest() -> str:
    """The console script beside this interpreter (the installed geoinvest)."""
    script = Path(sys.executable).with_name("geoinvest")
    return str(script) if script.exists() else "geoinvest"


def cases(out: Path, sizes: list[int], data_root: Path) -> list[tuple[str, str, list[str], Path]]:
    """(case, detail, command, folder to run in) for every measurement."""
    exe = geoinvest()
    found = []
    for name in BUNDLED:
        for fmt in FORMATS:
            detail = "300 dpi" if fmt == "png" else "text as text"
            cmd = [exe, "snapshot", name, "-o", str(out / f"{name}.{fmt}")]
            found.append((f"snapshot {name}.{fmt}", detail, cmd, REPO))
    for fmt in ("html", "docx"):
        cmd = [exe, "report", "-o", str(out / f"report.{fmt}")]
        found.append((f"report.{fmt}", "4 bundled maps", cmd, REPO))
    for n in sizes:
        data = write_dataset(n, data_root / "data")
        project = data_root / f"project-{label_n(n)}"
        mapdef = geoinvest_project(data.folder, project)
        for fmt in FORMATS:
            cmd = [exe, "snapshot", str(mapdef), "-o", str(out / f"{label_n(n)}.{fmt}")]
            detail = f"{label_n(n)} points" + (", 300 dpi" if fmt == "png" else "")
            found.append((f"snapshot {label_n(n)}.{fmt}", detail, cmd, project))
    return found


def measure(found, repeat: int) -> list[dict]:
    rows = []
    for case, detail, cmd, cwd in found:
        runs = [run_once(cmd, cwd, None, TIMEOUT_S) for _ in range(repeat)]
        ok = [r for r in runs if r["ok"]]
        row = {"case": case, "detail": detail, "runs": runs, "ok": len(ok) == len(runs)}
        if ok:
            walls = [r["wall_s"] for r in ok]
            row.update(
                median_s=statistics.median(walls),
                min_s=min(walls),
                max_s=max(walls),
                peak_mib=statistics.median(r["peak_mib"] or 0 for r in ok),
                cpu_s=statistics.median(r["cpu_s"] for r in ok),
                load=statistics.median(r["load"] for r in runs),
                size=Path(cmd[cmd.index("-o") + 1]).stat().st_size,
            )
        else:
            row["error"] = next(r.get("error", "") for r in runs if not r["ok"])
        rows.append(row)
        print(f"  {case}: " + (f"{row['median_s']:.2f} s" if ok else row["error"]), flush=True)
    return rows


def table(rows: list[dict], repeat: int) -> str:
    lines = [
        f"| case | what | wall s (median of {repeat}) | min-max s | CPU s | peak MiB | file "
        "| load |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        if not r["ok"]:
            lines.append(f"| {r['case']} | {r['detail']} | failed: {r['error']} | | | | | |")
            continue
        size = r["size"] / 1e6
        lines.append(
            f"| {r['case']} | {r['detail']} | {r['median_s']:.2f} | "
            f"{r['min_s']:.2f}-{r['max_s']:.2f} | {r['cpu_s']:.2f} | {r['peak_mib']:.0f} | "
            f"{size:.2f} MB | "
            f"{r['load']:.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", action="append", type=parse_n, help="synthetic points (100k)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "geoinvest-bench"
    )
    parser.add_argument("-o", "--output", type=Path, help="also write the report here")
    args = parser.parse_args(argv)
    sizes = args.n or [100_000]
    info = machine()
    with tempfile.TemporaryDirectory(prefix="geoinvest-figures-") as tmp:
        found = cases(Path(tmp), sizes, args.data_dir)
        print(f"{len(found)} cases, {args.repeat} runs each", flush=True)
        rows = measure(found, args.repeat)
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = (
        f"## Snapshots and reports ({when})\n\n"
        f"Machine: {info.get('cpu', '?')}, {info.get('cores', os.cpu_count())} cores; "
        f"geoinvest at {info.get('geoinvest_commit', '?')}; "
        "`CPU s` is user + system time of the process (both cores count); `load` is the "
        "1-minute load average when each case started.\n\n"
        + table(rows, args.repeat) + "\n"
    )  # fmt: skip
    print()
    print(text)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
