"""The one path resolver: inside the project, in an allowed folder, or refused at its key or file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bvpp_docgen.errors import InputError, Location, TemplateError
from bvpp_docgen.store.confine import Confinement

KEY = Location("bvpp.toml", key="indicators.workbook")
FIX = "copy it into the project folder, or list its folder under [paths] allow in bvpp.toml"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "inputs").mkdir(parents=True)
    (root / "inputs" / "a.md").write_text("a", encoding="utf-8")
    (tmp_path / "corporate").mkdir()
    (tmp_path / "corporate" / "shared.md").write_text("shared", encoding="utf-8")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "b.md").write_text("b", encoding="utf-8")
    return root


def test_a_file_inside_resolves_to_its_real_path(tree: Path) -> None:
    assert Confinement(tree).resolve("inputs/a.md", KEY) == (tree / "inputs" / "a.md").resolve()
    assert Confinement(tree).resolve("inputs/../inputs/a.md", KEY) == (tree / "inputs" / "a.md").resolve()


def test_a_link_that_stays_inside_is_followed(tree: Path) -> None:
    (tree / "inputs" / "alias.md").symlink_to("a.md")
    assert Confinement(tree).resolve("inputs/alias.md", KEY) == (tree / "inputs" / "a.md").resolve()


@pytest.mark.parametrize("path", ["../other/b.md", "inputs/../../other/b.md"])
def test_a_path_written_outside_is_refused_at_its_key(tree: Path, path: str) -> None:
    with pytest.raises(InputError) as caught:
        Confinement(tree).resolve(path, KEY, "workbook")
    assert str(caught.value) == f"bvpp.toml:indicators.workbook: workbook {path!r} is outside the project folder; {FIX}"


def test_an_absolute_path_is_refused_and_the_error_kind_is_the_callers(tree: Path) -> None:
    absolute = (tree.parent / "other" / "b.md").as_posix()
    with pytest.raises(TemplateError, match="is outside the project folder"):
        Confinement(tree).resolve(absolute, KEY, "template", TemplateError)


def test_a_link_leading_out_is_refused_at_the_link(tree: Path) -> None:
    (tree / "inputs" / "b.md").symlink_to(tree.parent / "other" / "b.md")
    with pytest.raises(InputError) as caught:
        Confinement(tree).resolve("inputs/b.md", KEY, "workbook")
    real = (tree.parent / "other" / "b.md").resolve()
    assert str(caught.value) == f"inputs/b.md: workbook 'inputs/b.md' is a symbolic link to {real}, outside the project folder; {FIX}"


def test_a_linked_folder_is_named(tree: Path) -> None:
    (tree / "shared").symlink_to(tree.parent / "other")
    where = Location("inputs/a.md", line=3)
    with pytest.raises(InputError) as caught:
        Confinement(tree).resolve(tree / "shared" / "b.md", where, "image", shown="../shared/b.md")
    assert str(caught.value).startswith("inputs/a.md:3: image '../shared/b.md' is reached through the symbolic link 'shared', ")


def test_an_allowed_folder_is_reachable_and_its_siblings_are_not(tree: Path) -> None:
    confined = Confinement(tree, ("../corporate",))
    assert confined.resolve("../corporate/shared.md", KEY) == (tree.parent / "corporate" / "shared.md").resolve()
    (tree / "inputs" / "linked.md").symlink_to(tree.parent / "corporate" / "shared.md")
    assert confined.resolve("inputs/linked.md", KEY).name == "shared.md"
    with pytest.raises(InputError, match="is outside the project folder"):
        confined.resolve("../other/b.md", KEY)
    with pytest.raises(InputError, match="is outside the project folder"):
        confined.resolve("../corporate/../other/b.md", KEY)
