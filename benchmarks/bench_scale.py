"""bvpp's commands against the floor (benchmarks/floor.py), side by side in one run, at two sizes.

    python benchmarks/bench_scale.py [--quick] [--runs N] [--sizes 500 4999] [--limit S] [--no-bytecode]

Generates projects from the example (its config, templates and snippets) with N generated
indicators (each shown in its promise's table and in the annex, as the example shows them),
then runs, as whole processes and alternating run by run with the floor at the same size:
`bvpp build plan` fresh, `bvpp check` (no cache), `bvpp diff plan` (3 figures and 1 paragraph
changed between two versions); and, on the example itself, up-to-date `bvpp build` and
`bvpp status` alternating with `bvpp --help`. Each figure is the median of the runs; a ratio is
the median of the pairs' ratios. Times are CPU seconds of the child (user + system), which
other work on a shared machine disturbs far less than wall-clock time (also printed); memory is
the child's peak resident set size. 4,999 indicators is the largest sheet bvpp accepts
(5,000 rows, the header included). bvpp is measured as installed: its modules are compiled to
bytecode first, as pip does (`--no-bytecode`: as a checkout run with PYTHONDONTWRITEBYTECODE set).
Nothing here is part of the package's tests.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import copy_example
from make_workbooks import synthetic_rows

REPO = Path(__file__).resolve().parent.parent
FLOOR = Path(__file__).resolve().parent / "floor.py"
BVPP = [sys.executable, "-m", "bvpp_docgen"]
ENV = {**os.environ, "PYTHONPATH": str(REPO)}
Run = tuple[float, float, float]  # wall s, CPU s, peak MiB
LIMIT = 0  # CPU seconds a bvpp process may take (--limit); 0: no limit


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (LIMIT, LIMIT + 5))


def run(args: list[str], cwd: Path, before: Callable[[], None] | None = None) -> Run:
    """Run one whole process (after `before`, untimed); return its wall and CPU seconds and peak RSS."""
    if before:
        before()
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               preexec_fn=_limit if LIMIT else None)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    error = process.stderr.read().decode() if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    if LIMIT and os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL):
        return wall, float("inf"), usage.ru_maxrss / 1024  # stopped at the CPU limit: shown as "over"
    if status != 0:
        raise SystemExit(f"{' '.join(args)} failed in {cwd}:\n{error}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def make_project(folder: Path, size: int) -> Path:
    """Copy the example and replace its indicator workbook with `size` generated indicators."""
    from bvpp_docgen.read.config_toml import load_config
    from bvpp_docgen.write.workbooks import write_workbook

    project = copy_example(folder)
    workbook = project / "inputs" / "indicators.xlsx"
    workbook.unlink()
    write_workbook(workbook, "inputs/indicators.xlsx", load_config(project), synthetic_rows(size))
    return project


def change_inputs(project: Path) -> None:
    """Change three figures in the workbook and one paragraph of a snippet."""
    import openpyxl

    path = project / "inputs" / "indicators.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    for row in (2, 3, 4):
        cell = sheet.cell(row=row, column=9)  # the latest outturn
        cell.value = (cell.value + 1) if isinstance(cell.value, int | float) else 1
    book.save(path)
    snippet = project / "inputs" / "plan" / "performance.md"
    text = snippet.read_text(encoding="utf-8")
    snippet.write_text(text.replace("\n\n", "\n\nThis paragraph is new in the second version.\n\n", 1), encoding="utf-8")


def fresh(project: Path) -> Callable[[], None]:
    def clear() -> None:
        shutil.rmtree(project / "build", ignore_errors=True)
        (project / "bvpp-register.json").unlink(missing_ok=True)
    return clear


def no_cache(project: Path) -> Callable[[], None]:
    return lambda: shutil.rmtree(project / "build" / ".cache", ignore_errors=True)


def pairs(runs: int, base: tuple[list[str], Path, Callable[[], None] | None],
          work: tuple[list[str], Path, Callable[[], None] | None]) -> tuple[list[Run], list[Run]]:
    """Alternate the base and the work `runs` times (which goes first alternates too)."""
    bases, works = [], []
    for index in range(runs):
        order = [(base, bases), (work, works)]
        for (args, cwd, before), into in (order if index % 2 == 0 else order[::-1]):
            into.append(run(args, cwd, before))
    return bases, works


def median(runs: list[Run], field: int) -> float:
    return statistics.median(r[field] for r in runs)


def ratio(bases: list[Run], works: list[Run]) -> float:
    return statistics.median(w[1] / b[1] for b, w in zip(bases, works, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one pair per measurement (a rough look)")
    parser.add_argument("--runs", type=int, default=3, help="pairs per measurement (default 3)")
    parser.add_argument("--sizes", type=int, nargs=2, default=[500, 4999])
    parser.add_argument("--limit", type=int, default=0,
                        help="stop any process after this many CPU seconds and show it as over (default: none)")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="leave the checkout's modules uncompiled (with PYTHONDONTWRITEBYTECODE set, every run compiles them)")
    args = parser.parse_args()
    if not args.no_bytecode:  # as installed: pip compiles a package's modules, as the floor's openpyxl was compiled
        compileall.compile_dir(str(REPO / "bvpp_docgen"), quiet=1)
    global LIMIT
    LIMIT = args.limit
    runs = 1 if args.quick else args.runs
    rows = Rows()
    print(f"{runs} pair(s) per row; CPU s (wall s) medians; base = floor.py at the same size, or `bvpp --help`; "
          f"bvpp's modules {'not ' if args.no_bytecode else ''}compiled to bytecode first")
    print(f"{'work':<34} {'base CPU s':>15} {'bvpp CPU s':>15} {'peak MiB':>9} {'ratio':>6}  {'target':<16} met",
          flush=True)
    builds: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            project = make_project(Path(tmp) / f"p{size}", size)
            floor = ([sys.executable, str(FLOOR), "inputs/indicators.xlsx", "Indicators", str(Path(tmp) / "floor.docx")],
                     project, None)
            bases, works = pairs(runs, floor, (BVPP + ["build", "plan"], project, fresh(project)))
            builds[size] = median(works, 1)
            big = size == max(args.sizes)
            rows.append((f"build plan, fresh, {size}", _med(bases), _med(works), ratio(bases, works), "≤ 2×, ≤ 200 MiB",
                         (ratio(bases, works) <= 2 and median(works, 2) <= 200) if big else None))
            bases, works = pairs(runs, floor, (BVPP + ["check"], project, no_cache(project)))
            rows.append((f"check, {size}", _med(bases), _med(works), ratio(bases, works), "≤ 2×",
                         ratio(bases, works) <= 2 if big else None))
            fresh(project)()
            run(BVPP + ["build", "plan"], project)
            change_inputs(project)
            run(BVPP + ["build", "plan"], project)
            bases, works = pairs(runs, floor, (BVPP + ["diff", "plan"], project, None))
            rows.append((f"diff plan, {size}", _med(bases), _med(works), ratio(bases, works), "≤ 2×, ≤ 300 MiB",
                         (ratio(bases, works) <= 2 and median(works, 2) <= 300) if big else None))
        small, large = min(args.sizes), max(args.sizes)
        growth = builds[large] / builds[small]
        example = copy_example(Path(tmp) / "example")
        time.sleep(1.1)  # a file saved within a second of a load is never stamped (store/stamp.py): a council's are older
        run(BVPP + ["build"], example)
        helps = (BVPP + ["--help"], example, None)
        for command in (["build"], ["status"]):
            bases, works = pairs(runs, helps, (BVPP + command, example, None))
            rows.append((f"{' '.join(command)}, up to date, example", _med(bases), _med(works), ratio(bases, works),
                         "≤ 2× --help", ratio(bases, works) <= 2))
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the end")
    print(f"growth of build plan, {small} → {large} indicators: {growth:.1f}× CPU time for {large / small:.1f}× rows "
          f"(target ≤ 10×: {'yes' if growth <= 10 else 'NO'})")


class Rows(list[tuple[str, Run, Run, float, str, bool | None]]):
    """The table's rows, each printed as it is added."""

    def append(self, row: tuple[str, Run, Run, float, str, bool | None]) -> None:
        super().append(row)
        name, base, work, times, target, met = row
        verdict = "" if met is None else ("yes" if met else "NO")
        cpu = f"{work[1]:>6.2f}" if work[1] != float("inf") else f"> {LIMIT:>4}"
        print(f"{name:<34} {base[1]:>6.2f} ({base[0]:>6.2f}) {cpu} ({work[0]:>6.2f}) {work[2]:>9.0f} "
              f"{times:>5.2f}×  {target:<16} {verdict}", flush=True)


def _med(runs: list[Run]) -> Run:
    return (median(runs, 0), median(runs, 1), median(runs, 2))


if __name__ == "__main__":
    main()
