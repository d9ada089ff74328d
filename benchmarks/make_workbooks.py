"""Make indicator workbooks: the example project's, and large synthetic ones for benchmarks.

    python benchmarks/make_workbooks.py example [--replace]   # inputs/indicators.xlsx
    python benchmarks/make_workbooks.py synthetic N PATH      # N indicators, for timing
    python benchmarks/make_workbooks.py plan-data [--replace] # inputs/plan-data.xlsx: budget, CPA, improvements

The example draws real BVPI codes and titles from ../shared/data/bvpi-indicators.csv
(the shared domain data beside this repository) with illustrative figures.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

from bvpp_docgen.read.config_toml import load_config
from bvpp_docgen.write.workbooks import write_plan_data_workbook, write_workbook

REPO = Path(__file__).resolve().parent.parent
CSV = REPO.parent / "shared" / "data" / "bvpi-indicators.csv"
PROMISE_OF_BLOCK = {
    "Education": 1, "Social care (children)": 1, "Social care (adults)": 2, "Transport": 3,
    "Transport (rights of way)": 3, "Environment (waste)": 4, "Environment (planning)": 4,
    "Libraries & leisure": 5, "Corporate health": 6, "Fire": 7, "Environment (trading standards)": 8,
}
UNIT_OF = {
    "%": "percent", "per 1000 pop": "rate per 1,000", "per 1000 pop 65+": "rate per 1,000",
    "per 1000 pupils": "rate per 1,000", "per 100k pop": "rate per 100,000", "per 10k pop": "rate per 10,000",
    "per 10k dwellings": "rate per 10,000", "GBP": "£", "GBP per week": "£", "GBP per tonne": "£",
    "yes/no": "yes/no", "level 0-5": "level", "days": "days", "kWh per m2": "kwh per m2", "watts": "watts",
}
LOCAL = [
    ("L406", "Police Community Support Officers funded by the County Council", 8, "number", "higher", 20, 60),
    ("L434", "Anti-social behaviour incidents dealt with by PCSOs", 8, "number", "none", 300, 900),
    ("L450", "% of street lights working as planned (monthly average)", 3, "%", "higher", 96, 99.5),
    ("L801", "% of young offenders re-offending within 12 months", 8, "%", "lower", 25, 40),
    ("L802", "First-time entrants to the youth justice system per 1,000 aged 10-17", 8, "per 1000 pop", "lower", 15, 30),
    ("L803", "% of young people supervised by the youth offending team in education or work", 8, "%", "higher", 60, 80),
]
SURVEYS = {"BV3", "BV4", "BV103", "BV104", "BV119"}  # triennial: outturn only in the survey year
READY_MADE = {"BV181a", "BV181b", "BV181c"}  # comparators given as a ready-made quartile, not thresholds
ILLUSTRATIVE = ("Comparator figures (Top quartile, Median, Bottom quartile and Quartile 2002/03) in this example are "
                "ILLUSTRATIVE: made up to look plausible for an English county council, not published statistics.")


def indicator_rows(seed: int = 2003) -> list[list[object]]:
    """Return the example project's rows: every CSV indicator plus local ones."""
    rng = random.Random(seed)
    source = list(csv.DictReader(CSV.open(encoding="utf-8")))
    rows = []
    for item in source:
        unit = UNIT_OF.get(item["unit"], "number")
        direction = {"true": "higher", "false": "lower"}.get(item["higher_is_better"], "none")
        low = float(item["typical_low"] or 0)
        high = float(item["typical_high"] or (1 if unit == "yes/no" else 100))
        rows.append(_row(rng, item["code"], item["title"], PROMISE_OF_BLOCK[item["service_block"]],
                         unit, direction, low, high))
    for ref, title, promise, unit, direction, low, high in LOCAL:
        rows.append(_row(rng, ref, title, promise, UNIT_OF.get(unit, unit), direction, low, high))
    return [[*row, *_comparators(row)] for row in rows]


def _comparators(row: list[object]) -> list[object]:
    """Return illustrative quartile thresholds (or a ready-made quartile) for a row's 2002/03 outturn.

    Each indicator draws from its own generator, so the figures of the row are unchanged. Local
    indicators, context ones, yes/no and level indicators, and rows without a 2002/03 outturn get none.
    """
    ref, unit, direction, decimals, latest = str(row[0]), row[3], row[4], int(str(row[5])), row[8]
    if ref.startswith("L") or direction == "none" or unit in ("yes/no", "level") or not isinstance(latest, int | float):
        return [None, None, None, None]
    rng = random.Random(f"quartiles {ref}")
    position = rng.choices(range(4), weights=(5, 3, 2, 1))[0]  # an Excellent council: mostly top and second
    spread = max(abs(latest) * rng.uniform(0.04, 0.1), 3 * 10 ** -decimals)
    sign = 1 if direction == "higher is better" else -1
    centre = latest - sign * spread * (1.5 - position + rng.uniform(-0.4, 0.4))  # the median
    top, median, bottom = (round(centre + sign * spread * k, decimals) for k in (1, 0, -1))
    if unit == "percent":
        top, median, bottom = (min(max(n, 0.0), 100.0) for n in (top, median, bottom))
    if ref in READY_MADE:
        return [None, None, None, ("Top", "Second", "Third", "Bottom")[position]]
    return [top, median, bottom, None]


def _row(rng: random.Random, ref: str, title: str, promise: int, unit: str, direction: str,
         low: float, high: float, missing_rate: float = 0.0) -> list[object]:
    decimals = 1 if unit in ("percent", "days") or (high - low) < 20 else 0
    if unit in ("yes/no", "level"):
        decimals = 0
    step = (high - low) / 12 * (1 if direction != "lower" else -1)
    start = rng.uniform(low, high - abs(step) * 4) if direction != "lower" else rng.uniform(low + abs(step) * 4, high)
    figures = [max(0.0, round(start + step * n + rng.uniform(-abs(step), abs(step)) / 3, decimals)) for n in range(7)]
    if unit == "yes/no":
        figures = ["No", "Yes", "Yes", "Yes", "Yes", "Yes", "Yes"]
    elif unit == "level":
        figures = [1, 2, 2, 3, 3, 4, 4]
    elif unit == "percent":
        figures = [min(f, 100) for f in figures]
    previous = figures[2] if isinstance(figures[2], str) else round(figures[2] + rng.choice((-1, 1)) * step / 2, decimals)
    outturns, targets = figures[:3], figures[3:6]
    notes = ""
    if ref in SURVEYS:
        outturns = [figures[0], "n/a", "n/a"]
        notes = "Measured by the triennial user satisfaction survey; next survey 2003/04."
    elif rng.random() < missing_rate:  # the seed: many 2002/03 outturns not yet available in April
        outturns[2] = "not yet available"
        targets = ["to follow"] * 3
    if ref in ("BV2b", "BV194a", "BV194b"):
        outturns[0] = "new indicator"
    return [ref, title, promise, unit, {"higher": "higher is better", "lower": "lower is better"}.get(direction, "none"),
            decimals, *outturns, previous, *targets, notes]


def synthetic_rows(count: int) -> list[list[object]]:
    """Return `count` rows cycling through the example's, each with a unique reference.

    The first pass keeps the example's own references, so its charts and the figures its
    snippets cite still resolve; later passes get synthetic local references (L10090, L10091, ...).
    """
    base = indicator_rows()
    rows = []
    for index in range(count):
        row = list(base[index % len(base)])
        if index >= len(base):
            row[0] = f"L{10000 + index}"
        rows.append(row)
    return rows


BUDGET = [  # £m, illustrative, after DOMAIN.md section 4.5
    ("Education", 521.6, 556.4), ("Social services", 196.3, 212.8),
    ("Highways, transport and waste", 78.9, 84.7), ("Fire and rescue", 33.8, 35.9),
    ("Libraries, heritage and culture", 19.7, 20.4), ("Community safety and trading standards", 6.1, 7.3),
    ("Corporate and democratic core", 21.4, 22.0),
]
CPA = [  # 2002: Excellent (real); block scores illustrative, consistent with it (DOMAIN.md section 3.4)
    ("Overall category", "Excellent"), ("Education", 4), ("Social care (children)", 3), ("Social care (adults)", 3),
    ("Environment", 3), ("Libraries and leisure", 3), ("Use of resources", 4), ("Housing", "n/a"),
    ("Benefits", "n/a"), ("Core service performance", 4), ("Ability to improve", 4),
]
IMPROVEMENTS = [  # area, source, action, year, status, outcome, promise
    ("Highways maintenance", "Best value review", "Move to a single term contract for highway maintenance",
     "2000/01", "Completed", "Repairs completed within target times rose from 82% to 91%", 3),
    ("Libraries", "Best value review", "Free internet access in every library", "2000/01", "Completed",
     "All 46 libraries offer free internet access; visits rose by 6%", 5),
    ("Home care", "Best value review", "Bring in intensive home care for people leaving hospital", "2001/02",
     "Completed", "Delayed discharges from hospital fell by a third", 2),
    ("Fire service", "Inspection", "Act on HM Fire Service Inspectorate's report on fire safety", "2001/02",
     "Completed", "Home fire safety checks doubled", 7),
    ("Schools", "Inspection", "Act on the Ofsted inspection of the LEA", "2002/03", "Completed",
     "Ofsted found the LEA highly satisfactory, with strong support for school improvement", 1),
    ("Waste", "Best value review", "Joint waste strategy with the ten district councils", "2002/03", "In progress",
     "Strategy drafted and consulted on; recycling rose to 14.2%", 4),
    ("Partnership working", "Corporate assessment", "Act on the CPA corporate assessment on partnership working",
     "2003/04", "Planned", "", 8),
    ("Procurement", "Best value review", "Complete the best value review of procurement", "2003/04", "In progress",
     "", 6),
    ("Property", "Best value review", "Complete the best value review of property", "2004/05", "Planned", "", 6),
    ("Youth services", "Best value review", "Review youth services with the district councils", "2004/05",
     "Planned", "", 8),
    ("Social services", "Inspection", "Respond to the Social Services Inspectorate's joint review", "2005/06",
     "Planned", "", 2),
    ("Transport", "Corporate assessment", "Set the second Local Transport Plan's congestion targets", "2005/06",
     "Planned", "", 3),
]
LPSA = [  # target, baseline, without stretch, stretch target, latest, progress: ILLUSTRATIVE, not the council's agreement
    ("Household waste recycled or composted (%)", "20.3%", "28.0%", "31.0%", "25.2%", "On track"),
    ("Pupils achieving 5 or more GCSEs at A*-C in the lowest-attaining schools (%)", "34.0%", "38.0%", "42.0%",
     "37.5%", "On track"),
    ("Older people helped to live at home per 1,000 aged 65+", "64", "72", "78", "70", "On track"),
    ("Road casualties killed or seriously injured", "812", "700", "650", "742", "At risk"),
    ("Accidental dwelling fires per 10,000 dwellings", "10.5", "9.5", "8.7", "9.2", "Achieved"),
    ("First-time entrants to the youth justice system per 1,000 aged 10-17", "25.1", "22.0", "20.0", "22.7", "At risk"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    example = sub.add_parser("example")
    example.add_argument("--replace", action="store_true")
    plan_data = sub.add_parser("plan-data")
    plan_data.add_argument("--replace", action="store_true")
    synthetic = sub.add_parser("synthetic")
    synthetic.add_argument("count", type=int)
    synthetic.add_argument("path", type=Path)
    args = parser.parse_args()
    config = load_config(REPO)
    if args.what == "example":
        target = REPO / "inputs" / "indicators.xlsx"
        if args.replace:
            target.unlink(missing_ok=True)
        write_workbook(target, "inputs/indicators.xlsx", config, indicator_rows(), notes=("", ILLUSTRATIVE))
        print(target)
    elif args.what == "plan-data":
        target = REPO / "inputs" / "plan-data.xlsx"
        if args.replace:
            target.unlink(missing_ok=True)
        cpa = [[block, score] for block, score in CPA]
        write_plan_data_workbook(target, "inputs/plan-data.xlsx", config, BUDGET, cpa, IMPROVEMENTS, LPSA)
        print(target)
    else:
        write_workbook(args.path, str(args.path), config, synthetic_rows(args.count))
        print(args.path)


if __name__ == "__main__":
    main()
