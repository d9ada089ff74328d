"""Papers that know their sources: every snippet, fact and generated block marked, read back as absorb will."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from bvpp_docgen.ooxml.regions import read_marks, region_text

from .conftest import paper
from .readback import require_tool

DOCS = ("cabinet", "topic-group", "plan")
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


def regions(path: Path) -> list:
    return list(read_marks(path.read_bytes(), str(path)).regions)


def files_by_key(root: Path) -> dict[str, str]:
    """Each snippet's file by the bvpp.toml key that names it, as the project's configuration says."""
    from bvpp_docgen.app.absorb import snippet_files
    from bvpp_docgen.app.load import load

    return snippet_files(load(root))


@pytest.mark.parametrize("doc", DOCS)
def test_every_snippet_region_is_marked_once_with_the_key_naming_it(built_example: Path, doc: str) -> None:
    found = regions(paper(built_example, doc))
    snippets = [r for r in found if r.kind == "snippet"]
    assert snippets, "no snippet regions"
    assert all(r.via == ("bookmark" if r.kind == "fact" else "content control") for r in found)
    keys = [r.value for r in snippets]
    assert len(keys) == len(set(keys)), "a snippet appears as more than one region"
    files = files_by_key(built_example)
    assert set(keys) <= set(files)  # a key of bvpp.toml, not a file name: renaming the file leaves the paper alone
    for key in keys:  # each region holds its snippet's own opening words
        path = files[key]
        source = built_example / path
        if source.suffix == ".md":
            words = [line for line in source.read_text().splitlines() if line.strip() and not line.startswith("#")]
            if words and "[[" not in words[0] and "|" not in words[0] and "](" not in words[0] and "*" not in words[0]:
                assert words[0].strip().lstrip("-0123456789. ")[:20] in "\n".join(region_text(r) for r in snippets if r.value == key)


def test_the_cabinet_report_sections_come_in_config_order(built_example: Path) -> None:
    config = tomllib.loads((built_example / "bvpp.toml").read_text())
    wanted = [s["snippet"] for s in config["documents"]["cabinet"]["sections"]]
    files = files_by_key(built_example)
    found = [files[r.value].rsplit(".", 1)[0] for r in regions(paper(built_example, "cabinet")) if r.kind == "snippet"]
    ours = [f for f in found if f.startswith("inputs/cabinet/")]
    assert ours == [w.rsplit(".", 1)[0] for w in wanted if w.startswith("inputs/cabinet/")]


def test_facts_are_marked_with_their_names_and_show_their_text(built_example: Path) -> None:
    facts = [r for r in regions(paper(built_example, "cabinet")) if r.kind == "fact"]
    assert ("plan.year", "2003/04") in {(r.value, region_text(r)) for r in facts}
    assert ("meetings.topic-group.date", "7 May 2003") in {(r.value, region_text(r)) for r in facts}


def test_generated_tables_are_locked_and_all_marks_hidden(built_example: Path) -> None:
    root = read_marks(paper(built_example, "plan").read_bytes(), "plan").document
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main", "w15": W15}
    sdts = root.xpath("//w:sdt[starts-with(w:sdtPr/w:tag/@w:val, 'bvpp:')]", namespaces=ns)
    assert sdts and all(s.xpath("w:sdtPr/w15:appearance/@w15:val", namespaces=ns) == ["hidden"] for s in sdts)
    tables = root.xpath("//w:sdt[starts-with(w:sdtPr/w:tag/@w:val, 'bvpp:generated:')][.//w:tbl]", namespaces=ns)
    assert tables and all(s.xpath("w:sdtPr/w:lock/@w:val", namespaces=ns) == ["sdtContentLocked"] for s in tables)
    assert not root.xpath("//w:sdt[starts-with(w:sdtPr/w:tag/@w:val, 'bvpp:snippet:')]/w:sdtPr/w:lock", namespaces=ns)
    ignorable = root.get("{http://schemas.openxmlformats.org/markup-compatibility/2006}Ignorable", "").split()
    assert "w15" in ignorable


@pytest.mark.parametrize("doc", DOCS)
def test_papers_with_marks_stay_schema_valid(built_example: Path, doc: str) -> None:
    validator = Path("/work/shared/tools/ooxml_validate.py")
    if not validator.is_file():
        pytest.skip("the schema validator is not here")
    out = subprocess.run([sys.executable, str(validator), str(paper(built_example, doc))], capture_output=True, text=True)
    assert out.returncode == 0 and "0 problems" in out.stdout, out.stdout + out.stderr


def test_an_edit_with_python_docx_keeps_the_marks(built_example: Path, tmp_path: Path) -> None:
    from docx import Document

    source = paper(built_example, "cabinet")
    before = [r for r in regions(source) if r.kind == "snippet"]
    document = Document(str(source))
    body = document.element.body
    first = body.xpath(".//w:sdt[starts-with(w:sdtPr/w:tag/@w:val, 'bvpp:snippet:')]//w:t")[0]
    first.text = "Edited: " + first.text
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    after = [r for r in regions(edited) if r.kind == "snippet"]
    assert [r.value for r in after] == [r.value for r in before]
    assert region_text(after[0]).startswith("Edited: ")


def _libreoffice_copy(source: Path, outdir: Path) -> Path:
    soffice = require_tool("soffice")
    subprocess.run([soffice, f"-env:UserInstallation=file://{outdir / 'profile'}", "--headless", "--convert-to", "docx",
                    "--outdir", str(outdir), str(source)], check=True, capture_output=True, timeout=300)
    return outdir / source.name


def test_a_copy_saved_by_libreoffice_finds_the_report_sections_again(built_example: Path, tmp_path: Path) -> None:
    source = paper(built_example, "cabinet")
    saved = _libreoffice_copy(source, tmp_path)
    built = {(r.kind, r.value): region_text(r) for r in regions(source) if r.value.startswith("documents.cabinet.")}
    found = {(r.kind, r.value): region_text(r) for r in regions(saved) if r.value.startswith("documents.cabinet.")}
    assert built, "no report sections marked"
    assert found == built
