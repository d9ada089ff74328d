"""The same inputs give byte-identical papers, whenever and wherever they are built."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from .conftest import DOCUMENTS, copy_example, paper, run_bvpp


def digests(root: Path) -> dict[str, str]:
    return {doc: hashlib.sha256(paper(root, doc).read_bytes()).hexdigest() for doc in DOCUMENTS}


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = copy_example(tmp_path / "first")
    second = copy_example(tmp_path / "elsewhere" / "second")
    assert run_bvpp(first, "build").exit_code == 0
    time.sleep(2.1)  # zip timestamps have two-second resolution
    assert run_bvpp(second, "build").exit_code == 0
    assert digests(first) == digests(second)
    assert run_bvpp(first, "build").exit_code == 0
    assert digests(first) == digests(second)
