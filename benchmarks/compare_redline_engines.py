"""Compare our difflib redline engine with python-redlines (Docxodus) on the same pairs.

Usage: python benchmarks/compare_redline_engines.py [--runs N] [--redlines-python PATH]

python-redlines is not a project dependency. Install it into a throwaway venv
(`python -m venv /tmp/redlines-venv && /tmp/redlines-venv/bin/pip install 'python-redlines[docxodus]'`)
and pass that interpreter with --redlines-python; without one the script measures our engine only.
For each pair and engine it reports: pandoc --track-changes=accept == new text, reject == old text
(whitespace normalised), the tracked spans pandoc sees, the median time and whether two runs give
the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml import OxmlElement

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_redline import make_plan_versions

from bvpp_docgen.redline import redline

AUTHOR = "Performance Team"

# Run inside the python-redlines interpreter: time N comparisons, write the last two outputs.
_REDLINES_RUNNER = r"""
import sys, time, json
from python_redlines import DocxodusEngine
old, new, out, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
engine = DocxodusEngine()
a, b = open(old, "rb").read(), open(new, "rb").read()
times, outputs = [], []
for _ in range(runs):
    start = time.perf_counter()
    data, _, _ = engine.run_redline("Performance Team", original=a, modified=b, date_time="2003-05-02T00:00:00Z")
    times.append(time.perf_counter() - start)
    outputs.append(data)
open(out, "wb").write(outputs[-1])
print(json.dumps({"times": times, "same": outputs[-1] == outputs[-2] if runs > 1 else None}))
"""


def _doc(path: Path, build: Callable[[Any], None]) -> Path:
    doc = Document()
    doc.add_heading("Draft plan", 1)
    build(doc)
    doc.add_paragraph("Closing words.")
    doc.save(str(path))
    return path


def _table(rows: list[list[str]]) -> Callable[[Any], None]:
    def build(doc: Any) -> None:
        table = doc.add_table(rows=0, cols=len(rows[0]))
        for values in rows:
            for cell, value in zip(table.add_row().cells, values, strict=False):
                cell.text = value
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    return build


def _paragraphs(*texts: str, style: str | None = None) -> Callable[[Any], None]:
    return lambda doc: [doc.add_paragraph(t, style=style) for t in texts]


def _bold(on: bool) -> Callable[[Any], None]:
    def build(doc: Any) -> None:
        p = doc.add_paragraph("Classed as ")
        p.add_run("Excellent").bold = True if on else None
        p.add_run(" by the Audit Commission.")
    return build


HEAD = ["Indicator", "Outturn 2002/03", "Target 2003/04"]
PAIRS: dict[str, tuple[Callable[[Any], None], Callable[[Any], None]]] = {
    "word in a sentence": (_paragraphs("Revenue grew by 5 percent this year."),
                           _paragraphs("Revenue grew by 7 percent this year.")),
    "table cell n/a -> 14.2%": (_table([HEAD, ["BV82a", "n/a", "17.2%"], ["BV82b", "5.5%", "6.4%"]]),
                                _table([HEAD, ["BV82a", "14.2%", "17.2%"], ["BV82b", "5.5%", "6.4%"]])),
    "paragraph deleted + inserted": (_paragraphs("Kept first.", "A paragraph that goes away.", "Kept last."),
                                     _paragraphs("Kept first.", "Kept last.", "A brand new paragraph.")),
    "list item": (_paragraphs("Build schools", "Open two libraries", "Mend roads", style="List Bullet"),
                  _paragraphs("Build schools", "Open three libraries", "Mend roads", style="List Bullet")),
    "bold only": (_bold(False), _bold(True)),
}


def pandoc(docx: Path, mode: str, to: str = "plain") -> str:
    return subprocess.run(["pandoc", "-f", "docx", "-t", to, "--wrap=none", f"--track-changes={mode}", str(docx)],
                          check=True, capture_output=True, text=True).stdout


def spans(docx: Path) -> list[str]:
    """Return the tracked spans pandoc sees, as '-text' for deletions and '+text' for insertions."""
    found: list[str] = []

    def text(inlines: list[Any]) -> str:
        return "".join(i["c"] if i["t"] == "Str" else " " if i["t"] in ("Space", "SoftBreak") else
                       text(i["c"][-1]) if isinstance(i.get("c"), list) and i["c"] and isinstance(i["c"][-1], list) else ""
                       for i in inlines)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Span" and {"insertion", "deletion"} & set(node["c"][0][1]):
                found.append(("+" if "insertion" in node["c"][0][1] else "-") + text(node["c"][1]))
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(pandoc(docx, "all", to="json")))
    return found


def _words(text: str) -> str:
    return " ".join(text.split())


def run_ours(old: Path, new: Path, out: Path, runs: int) -> dict[str, Any]:
    times, outputs = [], []
    for _ in range(runs):
        start = time.perf_counter()
        result = redline(old, new, author=AUTHOR, date=dt.date(2003, 5, 2))
        times.append(time.perf_counter() - start)
        outputs.append(result.docx)
    out.write_bytes(outputs[-1])
    return {"times": times, "same": outputs[-1] == outputs[-2] if runs > 1 else None}


def run_redlines(python: str, old: Path, new: Path, out: Path, runs: int) -> dict[str, Any]:
    done = subprocess.run([python, "-c", _REDLINES_RUNNER, str(old), str(new), str(out), str(runs)],
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def evaluate(engine: str, label: str, old: Path, new: Path, out: Path, timing: dict[str, Any]) -> dict[str, Any]:
    found = spans(out)
    return {
        "engine": engine, "pair": label,
        "accept": _words(pandoc(out, "accept")) == _words(pandoc(new, "accept")),
        "reject": _words(pandoc(out, "reject")) == _words(pandoc(old, "accept")),
        "spans": found, "median_s": statistics.median(timing["times"]), "deterministic": timing["same"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--redlines-python", help="an interpreter that has python-redlines[docxodus] installed")
    parser.add_argument("--json", action="store_true", help="print the raw results as JSON")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pairs = {label: (_doc(work / f"{i}-old.docx", a), _doc(work / f"{i}-new.docx", b))
                 for i, (label, (a, b)) in enumerate(PAIRS.items())}
        pairs["example plan (4 changes)"] = make_plan_versions(work / "project")
        for i, (label, (old, new)) in enumerate(pairs.items()):
            out = work / f"{i}-ours.docx"
            rows.append(evaluate("difflib (ours)", label, old, new, out, run_ours(old, new, out, args.runs)))
            if args.redlines_python:
                out = work / f"{i}-docxodus.docx"
                timing = run_redlines(args.redlines_python, old, new, out, args.runs)
                rows.append(evaluate("python-redlines", label, old, new, out, timing))
    if args.json:
        print(json.dumps(rows, indent=1))
        return
    print("| pair | engine | accept = new | reject = old | spans (pandoc) | median s | same bytes |")
    print("|---|---|---|---|---|--:|---|")
    for row in rows:
        shown = " ".join(row["spans"]) if len(row["spans"]) <= 8 else f"{len(row['spans'])} spans: " + " ".join(row["spans"][:8]) + " …"
        print(f"| {row['pair']} | {row['engine']} | {row['accept']} | {row['reject']} | {shown} "
              f"| {row['median_s']:.3f} | {row['deterministic']} |")


if __name__ == "__main__":
    main()
