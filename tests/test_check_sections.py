"""`bvpp check` judges the plan's sections from the plan's context, as load built it: the same checklist as
from the sections built afresh, whether a section has content or not."""

from __future__ import annotations

from pathlib import Path

import pytest

from bvpp_docgen.app.load import load
from bvpp_docgen.core.compliance import check_plan
from bvpp_docgen.core.context import _plan_sections, section_bodies
from bvpp_docgen.core.settings import PlanDocument

from .conftest import copy_example


@pytest.mark.parametrize("emptied", [(), ("inputs/plan/joint-working.md",), ("inputs/plan/budget.md", "inputs/plan/contents.md")])
def test_check_plan_from_the_plans_context_as_from_sections_built_afresh(tmp_path: Path, emptied: tuple[str, ...]) -> None:
    root = copy_example(tmp_path / "project")
    for name in emptied:
        (root / name).write_text("")
    loaded = load(root)
    config, data, narratives = loaded.config, loaded.data, loaded.narratives
    afresh = {key: section["body"] for key, (section, _) in _plan_sections(config, narratives, data).items()}
    plans = [doc_id for doc_id, doc in config.documents.items() if isinstance(doc, PlanDocument)]
    assert plans
    for doc_id in plans:
        bodies = section_bodies(loaded.candidates[doc_id].context)
        assert bodies.keys() == afresh.keys()
        checklist = check_plan(config, doc_id, data, narratives, bodies)
        assert checklist == check_plan(config, doc_id, data, narratives, afresh)
        unmet = {r.id for r in checklist if not r.met}
        assert unmet == ({"joint-working", "sections"} if "inputs/plan/joint-working.md" in emptied else set())
