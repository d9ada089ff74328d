"""Which label each built paper gets from --label values: plain for all, ID=TEXT for one."""

from __future__ import annotations

import pytest

from bvpp_docgen.core.labels import resolve_labels
from bvpp_docgen.errors import UnknownDocumentError

KNOWN = ["cabinet", "topic-group", "plan"]


def test_a_plain_label_applies_to_every_paper_built() -> None:
    assert resolve_labels(["Cabinet 28 April"], KNOWN, ["cabinet", "plan"]) == {
        "cabinet": "Cabinet 28 April", "plan": "Cabinet 28 April"}
    assert resolve_labels("a=b", KNOWN, ["plan"]) == {"plan": "a=b"}  # the API's str is never parsed
    assert resolve_labels(None, KNOWN, ["plan"]) == {"plan": None}


def test_a_paper_s_own_label_wins() -> None:
    given = ["topic-group=Topic Group 7 May", "Draft", "cabinet=Cabinet = 28 April"]
    assert resolve_labels(given, KNOWN, KNOWN) == {
        "cabinet": "Cabinet = 28 April", "topic-group": "Topic Group 7 May", "plan": "Draft"}
    assert resolve_labels({"plan": "Final"}, KNOWN, ["cabinet", "plan"]) == {"cabinet": None, "plan": "Final"}


@pytest.mark.parametrize(("given", "building", "words"), [
    (["cabnet=x"], KNOWN, "no document 'cabnet'"),
    (["cabinet=x"], ["plan"], "which this build does not build"),
    (["cabinet=x", "cabinet=y"], KNOWN, "two labels for 'cabinet'"),
    (["x", "y"], KNOWN, "two labels for every paper"),
])
def test_refused_labels_name_the_option(given: list[str], building: list[str], words: str) -> None:
    with pytest.raises(UnknownDocumentError) as caught:
        resolve_labels(given, KNOWN, building)
    assert words in caught.value.message
    assert str(caught.value).startswith("command line:--label: ")
