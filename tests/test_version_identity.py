"""A version changes exactly when the paper does: renames make none, header and footer changes show."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from docx import Document

from .conftest import DOCUMENTS, paper, point_snippet, run_bvpp
from .readback import all_xml_parts

REGISTER = "bvpp-register.json"
VALIDATOR = Path("/work/shared/tools/ooxml_validate.py")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def register(root: Path) -> dict:
    return json.loads((root / REGISTER).read_text(encoding="utf-8"))


def versions_of(root: Path) -> dict[str, list[int]]:
    return {doc: [v["version"] for v in h["versions"]] for doc, h in register(root)["documents"].items()}


def build_ok(root: Path, *args: str) -> str:
    result = run_bvpp(root, "build", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def rename_snippet(root: Path, old: str, new: str) -> None:
    (root / old).rename(root / new)
    point_snippet(root, old, new)


def test_renaming_a_snippet_file_makes_no_new_version(project: Path) -> None:
    build_ok(project)
    before = (project / "build/cabinet/cabinet-v001.docx").read_bytes()
    rename_snippet(project, "inputs/cabinet/purpose.docx", "inputs/cabinet/why-this-report.docx")
    rename_snippet(project, "inputs/plan/cpa.md", "inputs/plan/assessment.md")  # shown by all three papers

    status = run_bvpp(project, "status")
    assert status.exit_code == 0, status.stderr
    assert "would make" not in status.stdout
    out = build_ok(project)
    assert out.count("up to date") == 3
    assert versions_of(project) == {doc: [1] for doc in DOCUMENTS}
    assert (project / "build/cabinet/cabinet-v001.docx").read_bytes() == before
    assert not (project / "build/cabinet/cabinet-v002.docx").exists()
    # the register now holds the new names, so the next build does not look again
    assert "snippet:inputs/cabinet/why-this-report.docx" in register(project)["documents"]["cabinet"]["versions"][0]["sources"]
    assert run_bvpp(project, "status").stdout.count("up to date") == 3

    # a real change to the renamed file is a new version, named by its new name only
    document = Document(str(project / "inputs/cabinet/why-this-report.docx"))
    document.add_paragraph("A sentence added after the rename.")
    document.save(str(project / "inputs/cabinet/why-this-report.docx"))
    build_ok(project)
    assert versions_of(project)["cabinet"] == [1, 2]
    changes = register(project)["documents"]["cabinet"]["versions"][1]["changes"]
    assert changes == ["narrative changed: inputs/cabinet/why-this-report.docx"]


def test_a_register_from_a_release_that_fingerprinted_differently_makes_no_new_version(project: Path) -> None:
    build_ok(project)
    data = register(project)
    for history in data["documents"].values():  # as an earlier release would have written it
        history["versions"][-1]["fingerprint"] = "sha256:" + "0" * 64
    (project / REGISTER).write_text(json.dumps(data), encoding="utf-8")
    out = build_ok(project)
    assert out.count("up to date") == 3
    assert versions_of(project) == {doc: [1] for doc in DOCUMENTS}
    assert all(h["versions"][-1]["fingerprint"] != "sha256:" + "0" * 64 for h in register(project)["documents"].values())


def test_a_changed_template_footer_is_a_tracked_change_in_the_redline_footer(project: Path) -> None:
    build_ok(project)
    template = project / "templates/covering-report.docx"
    document = Document(str(template))
    footer = document.sections[0].footer.paragraphs[1]
    footer.runs[0].text = "Hertfordshire County Council: " + footer.runs[0].text
    document.save(str(template))

    build_ok(project)
    assert versions_of(project) == {"cabinet": [1, 2], "topic-group": [1, 2], "plan": [1]}
    changes = register(project)["documents"]["cabinet"]["versions"][1]["changes"]
    assert len(changes) == 1
    old, _, new = changes[0].partition(" → ")
    assert old.startswith("template changed: templates/covering-report.docx footer: ")
    assert "Hertfordshire County Council" not in old and "Hertfordshire County Council: {{ meeting.committee }}" in new

    result = run_bvpp(project, "diff", "cabinet")
    assert result.exit_code == 0, result.stderr
    assert "no differences" not in result.stdout
    assert "footer:" in result.stdout
    redline = project / "build/cabinet/cabinet-changes-v001-v002.docx"
    parts = all_xml_parts(redline)
    footers = {name: root for name, root in parts.items() if name.startswith("word/footer")}
    inserted = "".join(t.text or "" for root in footers.values() for ins in root.iter(f"{W}ins") for t in ins.iter(f"{W}t"))
    deleted = "".join(t.text or "" for root in footers.values() for d in root.iter(f"{W}del") for t in d.iter(f"{W}delText"))
    assert "Hertfordshire County Council: " in inserted
    assert "2" in inserted and "1" in deleted  # the version stamp changed too, and says so
    body = parts["word/document.xml"]
    assert not list(body.iter(f"{W}ins")) and not list(body.iter(f"{W}del"))  # the text did not change
    # accepting every change gives version 2's footer; rejecting every change gives version 1's
    assert [_footer_text(redline, accept=True)] == _footers(paper(project, "cabinet", 2))
    assert [_footer_text(redline, accept=False)] == _footers(paper(project, "cabinet", 1))
    checked = subprocess.run([sys.executable, str(VALIDATOR), str(redline)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def _footers(docx: Path) -> list[str]:
    """The text of the paper's footers that hold any, as python-docx reads it."""
    texts = ["".join(p.text for p in s.footer.paragraphs) for s in Document(str(docx)).sections]
    return [t for t in dict.fromkeys(texts) if t]


def _footer_text(redline: Path, *, accept: bool) -> str:
    """The redline's footer text with every change accepted (or rejected)."""
    texts = []
    for name, root in sorted(all_xml_parts(redline).items()):
        if not name.startswith("word/footer"):
            continue
        for node in root.iter(f"{W}t", f"{W}delText"):
            inside = {a.tag for a in node.iterancestors()}
            if f"{W}fldSimple" in inside:  # a page number: python-docx does not read it either
                continue
            kept = node.tag == f"{W}t" and f"{W}del" not in inside if accept else f"{W}ins" not in inside
            texts.append(node.text or "" if kept else "")
    return "".join(texts)
