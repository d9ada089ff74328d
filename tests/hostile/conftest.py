"""The built example, once per session, that every corpus case copies."""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import built_project, copy_built


@pytest.fixture(scope="session")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project, built once, with the outside folder beside it."""
    return built_project(tmp_path_factory.mktemp("corpus-base"))


@pytest.fixture
def built(built_once: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built example for one case."""
    return copy_built(built_once, tmp_path)
