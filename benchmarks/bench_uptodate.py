"""Up-to-date `bvpp status` and `bvpp build` on the example project, against `bvpp --help`, as whole processes.

    python benchmarks/bench_uptodate.py [--runs 7]

Copies the example project to a temporary folder, builds it, and times, alternating in one run,
`bvpp --help`, then `status` and `build` answered from the stamp (build/.cache/stamp.json) and with
the stamp deleted before each run (every input loaded, as before the stamp existed). Prints the
medians of wall-clock and CPU time and their ratios to `--help`.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PARTS = ("bvpp.toml", "inputs", "templates")


def run(root: Path, *args: str) -> tuple[float, float]:
    """Run bvpp once in `root`; return its wall-clock and CPU seconds."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bvpp_docgen", *args], cwd=root, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for part in PARTS:
            (shutil.copytree if (REPO / part).is_dir() else shutil.copy2)(REPO / part, root / part)
        run(root, "build")
        old = time.time() - 3600  # inputs saved earlier, as they are when a paper is up to date
        for path in [root, *root.rglob("*")]:
            os.utime(path, (old, old))
        run(root, "status")  # stamps the project
        stamp = root / "build/.cache/stamp.json"
        assert stamp.is_file(), "no stamp written"
        cases = {"--help": ("--help",), "status": ("status",), "build": ("build",),
                 "status, no stamp": ("status",), "build, no stamp": ("build",)}
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        for _ in range(runs):
            for name, args in cases.items():
                if "no stamp" in name:
                    stamp.unlink(missing_ok=True)
                times[name].append(run(root, *args))
                if "no stamp" in name:
                    run(root, "status")  # stamp again for the next round
    base_wall = statistics.median(w for w, _ in times["--help"])
    base_cpu = statistics.median(c for _, c in times["--help"])
    print(f"{'command':<20} {'wall s':>8} {'× --help':>9} {'cpu s':>8} {'× --help':>9}   (medians of {runs})")
    for name, measured in times.items():
        wall, cpu = statistics.median(w for w, _ in measured), statistics.median(c for _, c in measured)
        print(f"{name:<20} {wall:8.3f} {wall / base_wall:9.2f} {cpu:8.3f} {cpu / base_cpu:9.2f}")


if __name__ == "__main__":
    main()
