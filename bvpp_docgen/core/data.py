"""PlanData: what the plan's sheets hold once validated. Pure data."""

from __future__ import annotations

from dataclasses import dataclass

from .indicators import IndicatorSet
from .lpsa import Lpsa
from .plan_data import Budget, Cpa, Improvements


@dataclass(frozen=True, slots=True)
class PlanData:
    """What the plan's sheets hold, validated; None where the project has no such sheet."""

    workbook: IndicatorSet | None = None  # the indicators read from the indicator workbook
    budget: Budget | None = None
    cpa: Cpa | None = None
    improvements: Improvements | None = None
    lpsa: Lpsa | None = None
