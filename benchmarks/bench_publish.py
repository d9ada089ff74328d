"""Time publishing the example's three built papers: the engine (export_pdfs, one LibreOffice
start per call), then the whole `bvpp publish` command (its PDFs removed before each run).

Usage: python benchmarks/bench_publish.py [--runs N]   (target: median under 15 s on 2 cores)
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bvpp_docgen.pdf.libreoffice import PdfJob, export_pdfs

DOCUMENTS = ("cabinet", "topic-group", "plan")


def build_example(target: Path) -> Path:
    """Copy the example project into `target` and build its papers; return the project folder."""
    target.mkdir(parents=True)
    shutil.copyfile(REPO / "bvpp.toml", target / "bvpp.toml")
    for part in ("templates", "inputs"):
        shutil.copytree(REPO / part, target / part)
    subprocess.run([sys.executable, "-m", "bvpp_docgen", "--project", str(target), "build"], check=True, capture_output=True)
    return target


def jobs_for(project: Path, out: Path) -> list[PdfJob]:
    """Return one job per paper, writing into `out`."""
    return [
        PdfJob(project / "build" / doc / f"{doc}-v001.docx", out / f"{doc}.pdf", f"Example {doc}",
               "Benchmark", "bench_publish", "en-GB", datetime(2003, 4, 28))
        for doc in DOCUMENTS
    ]


def main() -> None:
    """Print each run's time and the median, with the time of each step of the first run."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        project = build_example(Path(tmp) / "project")
        times = []
        for run in range(runs):
            out = Path(tmp) / f"pdf-{run}"
            start = time.perf_counter()
            steps: list[str] = []
            export_pdfs(jobs_for(project, out), progress=lambda m, s=start, log=steps: log.append(f"{time.perf_counter() - s:6.2f}s  {m}"))
            times.append(time.perf_counter() - start)
            if run == 0:
                print("\n".join(steps))
        print("export_pdfs runs:   " + "  ".join(f"{t:.2f}s" for t in times))
        print(f"export_pdfs median: {statistics.median(times):.2f}s for {len(DOCUMENTS)} papers")
        command = [sys.executable, "-m", "bvpp_docgen", "--project", str(project), "publish"]
        times = []
        for _ in range(runs):
            for pdf in (project / "build").glob("*/*.pdf"):
                pdf.unlink()
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        print("bvpp publish runs:   " + "  ".join(f"{t:.2f}s" for t in times))
        print(f"bvpp publish median: {statistics.median(times):.2f}s for {len(DOCUMENTS)} papers")


if __name__ == "__main__":
    main()
