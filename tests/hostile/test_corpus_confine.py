"""Corpus: confinement (nothing outside the project reaches a paper) and active or unknown content.

Every path the project names or implies resolves inside the project folder or a folder that
`[paths] allow` lists; links go only to http, https and mailto; images are PNG, JPEG, GIF or
BMP by their bytes; a macro-enabled workbook named .xlsx is warned about.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document

from ..wordfiles import add_hyperlink, png
from .harness import OUTSIDE, SECRET, Case, check

FIX = "copy it into the project folder, or list its folder under [paths] allow in bvpp.toml"
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"><rect width="4" height="3"/></svg>\n'
EMF = b"\x01\x00\x00\x00" + b"\x00" * 36 + b" EMF" + b"\x00" * 60


def _outside(root: Path) -> Path:
    return root.parent / OUTSIDE


def _set(root: Path, old: str, new: str) -> None:
    """Replace one line of bvpp.toml."""
    config = root / "bvpp.toml"
    text = config.read_text(encoding="utf-8")
    assert old in text, old
    config.write_text(text.replace(old, new, 1), encoding="utf-8")


def _cpa_snippet(path: str) -> Callable[[Path], None]:
    return lambda root: _set(root, 'snippet = "inputs/plan/cpa.md"', f'snippet = "{path}"')


def _absolute_snippet(root: Path) -> None:
    _set(root, 'snippet = "inputs/plan/cpa.md"', f'snippet = "{(_outside(root) / "secret.md").as_posix()}"')


def _link(path: Path, target: Path) -> None:
    """Replace the file (or folder) at `path` by a symbolic link to `target`, moving it there first."""
    if path.exists() and not target.exists():
        shutil.move(path, target)
    elif path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    path.symlink_to(os.path.relpath(target, path.parent))


def _secret_docx(path: Path) -> Path:
    document = Document()
    document.add_paragraph(SECRET)
    document.save(str(path))
    return path


def _symlinked_snippet(root: Path) -> None:
    (root / "inputs/plan/cpa.md").unlink()
    (root / "inputs/plan/cpa.md").symlink_to(os.path.relpath(_outside(root) / "secret.md", root / "inputs/plan"))


def _symlinked_conventional_snippet(root: Path) -> None:
    target = _secret_docx(_outside(root) / "actions.docx")
    (root / "inputs/plan/promise-3/actions.docx").unlink()
    (root / "inputs/plan/promise-3/actions.docx").symlink_to(target)


def _symlinked_folder(root: Path) -> None:
    _link(root / "inputs/plan/promise-4", _outside(root) / "promise-4")
    _secret_docx(_outside(root) / "promise-4" / "objectives.docx")


def _symlinked_workbook(root: Path) -> None:
    _link(root / "inputs/indicators.xlsx", _outside(root) / "indicators.xlsx")


def _outside_workbook(path: Callable[[Path], str]) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        shutil.copyfile(root / "inputs/indicators.xlsx", _outside(root) / "indicators.xlsx")
        _set(root, 'workbook = "inputs/indicators.xlsx"', f'workbook = "{path(root)}"')
    return mutate


def _outside_template(root: Path) -> None:
    shutil.copyfile(root / "templates/plan.docx", _outside(root) / "plan.docx")
    _set(root, 'template = "templates/plan.docx"', 'template = "../outside/plan.docx"')


def _symlinked_template(root: Path) -> None:
    _link(root / "templates/plan.docx", _outside(root) / "plan.docx")


def _markdown(text: str, files: dict[str, bytes] | None = None, links: dict[str, str] | None = None) -> Callable[[Path], None]:
    """Write the CPA section's snippet (`{outside}` stands for the outside folder), files beside it and outside."""
    def mutate(root: Path) -> None:
        outside = _outside(root)
        for name, data in (files or {}).items():
            (outside if name.startswith("outside/") else root / "inputs/plan").joinpath(name.removeprefix("outside/")).write_bytes(data)
        for name, target in (links or {}).items():
            (root / "inputs/plan" / name).symlink_to(os.path.relpath(outside / target, root / "inputs/plan"))
        (root / "inputs/plan/cpa.md").write_text(text.format(outside=outside.as_posix()), encoding="utf-8")
    return mutate


def _allowed_folder(root: Path) -> None:
    corporate = root.parent / "corporate"
    corporate.mkdir()
    (corporate / "chart.png").write_bytes(png())
    (corporate / "cpa.md").write_text("Shared text from the corporate folder.\n\n![Chart of results](chart.png)\n", encoding="utf-8")
    _set(root, "[council]", '[paths]\nallow = ["../corporate"]\n\n[council]')
    _set(root, 'snippet = "inputs/plan/cpa.md"', 'snippet = "../corporate/cpa.md"')


def _allowed_is_not_everything(root: Path) -> None:
    (root.parent / "corporate").mkdir()
    _set(root, "[council]", '[paths]\nallow = ["../corporate"]\n\n[council]')
    _set(root, 'snippet = "inputs/plan/cpa.md"', 'snippet = "../outside/secret.md"')


def _word_link(url: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        document = Document()
        document.add_paragraph("The purpose of this report.")
        paragraph = document.add_paragraph("Read ")
        add_hyperlink(paragraph, "the details", url)
        document.save(str(root / "inputs/cabinet/purpose.docx"))
    return mutate


def _word_picture(data: bytes) -> Callable[[Path], None]:
    """A Word snippet whose picture's image part holds `data` (Word keeps what was inserted)."""
    def mutate(root: Path) -> None:
        path = root / "inputs/cabinet/purpose.docx"
        document = Document()
        document.add_paragraph("The purpose of this report.")
        document.add_picture(__import__("io").BytesIO(png()))
        document.save(str(path))
        with zipfile.ZipFile(path) as package:
            parts = {name: package.read(name) for name in package.namelist()}
        with zipfile.ZipFile(path, "w") as package:
            for name, blob in parts.items():
                package.writestr(name, data if name.startswith("word/media/") else blob)
    return mutate


def _macro_workbook(part: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        path = root / "inputs/plan-data.xlsx"
        with zipfile.ZipFile(path) as package:
            parts = {name: package.read(name) for name in package.namelist()}
        if part == "vbaProject.bin":
            parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
        else:
            types = parts["[Content_Types].xml"].decode()
            main = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
            assert main in types
            parts["[Content_Types].xml"] = types.replace(main, "application/vnd.ms-excel.sheet.macroEnabled.main+xml").encode()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
            for name, blob in parts.items():
                package.writestr(name, blob)
    return mutate


IMAGE = "![Chart of results]"
SECTION = "bvpp.toml:plan.sections#5.snippet: snippet file "
MACRO = "inputs/plan-data.xlsx: saved as macro-enabled: save it as an Excel Workbook (.xlsx)"

CASES = [
    # paths named in bvpp.toml that lead outside
    Case("snippet-absolute-path", _absolute_snippet, refused=(SECTION + "'/", f"/{OUTSIDE}/secret.md' is outside the project folder; {FIX}")),
    Case("snippet-dotdot", _cpa_snippet("../outside/secret.md"),
         refused=(f"{SECTION}'../outside/secret.md' is outside the project folder; {FIX}",)),
    Case("snippet-dotdot-through-inputs", _cpa_snippet("inputs/../../outside/secret.md"),
         refused=(f"{SECTION}'inputs/../../outside/secret.md' is outside the project folder; {FIX}",)),
    Case("workbook-absolute-path", _outside_workbook(lambda root: (_outside(root) / "indicators.xlsx").as_posix()),
         refused=("bvpp.toml:indicators.workbook: workbook '/", f"/{OUTSIDE}/indicators.xlsx' is outside the project folder; {FIX}")),
    Case("workbook-dotdot", _outside_workbook(lambda root: "../outside/indicators.xlsx"),
         refused=(f"bvpp.toml:indicators.workbook: workbook '../outside/indicators.xlsx' is outside the project folder; {FIX}",)),
    Case("template-dotdot", _outside_template,
         refused=(f"bvpp.toml:documents.plan.template: template '../outside/plan.docx' is outside the project folder; {FIX}",)),
    # symbolic links inside the project that lead out of it: the refusal names the file
    Case("snippet-symlink", _symlinked_snippet,
         refused=("inputs/plan/cpa.md: snippet file 'inputs/plan/cpa.md' is a symbolic link to /", f"/{OUTSIDE}/secret.md, outside the project folder; {FIX}")),
    Case("snippet-symlink-by-convention", _symlinked_conventional_snippet,
         refused=("inputs/plan/promise-3/actions.docx: snippet file 'inputs/plan/promise-3/actions.docx' is a symbolic link to /",)),
    Case("snippet-folder-symlink", _symlinked_folder,
         refused=("inputs/plan/promise-4/objectives.docx: snippet file 'inputs/plan/promise-4/objectives.docx' is reached "
                  "through the symbolic link 'inputs/plan/promise-4', which leads outside the project folder (to /",)),
    Case("workbook-symlink", _symlinked_workbook,
         refused=("inputs/indicators.xlsx: workbook 'inputs/indicators.xlsx' is a symbolic link to /", f"/{OUTSIDE}/indicators.xlsx, outside")),
    Case("template-symlink", _symlinked_template,
         refused=("templates/plan.docx: template 'templates/plan.docx' is a symbolic link to /",)),
    Case("inputs-folder-symlink", lambda root: _link(root / "inputs", _outside(root) / "inputs"),
         refused=("inputs/indicators.xlsx: workbook 'inputs/indicators.xlsx' is reached through the symbolic link 'inputs'",
                  "inputs/plan/cpa.md: snippet file 'inputs/plan/cpa.md' is reached through the symbolic link 'inputs'")),
    # Markdown images: the snippet and line are named
    Case("image-dotdot", _markdown(f"Our assessment.\n\n{IMAGE}(../../../outside/chart.png)\n", {"outside/chart.png": png()}),
         refused=(f"inputs/plan/cpa.md:3: image '../../../outside/chart.png' is outside the project folder; {FIX}",)),
    Case("image-absolute", _markdown(f"Our assessment.\n\n{IMAGE}({{outside}}/chart.png)\n", {"outside/chart.png": png()}),
         refused=("inputs/plan/cpa.md:3: image '/", f"/{OUTSIDE}/chart.png' is outside the project folder; {FIX}")),
    Case("image-symlink", _markdown(f"Our assessment.\n\n{IMAGE}(chart.png)\n", {"outside/chart.png": png()}, {"chart.png": "chart.png"}),
         refused=("inputs/plan/cpa.md:3: image 'chart.png' is a symbolic link to /",)),
    # what a council may allow, and what that does not allow
    Case("allowed-folder-works", _allowed_folder),
    Case("allowed-folder-only", _allowed_is_not_everything,
         refused=(f"{SECTION}'../outside/secret.md' is outside the project folder; {FIX}",)),
    Case("dotdot-that-stays-inside", _cpa_snippet("inputs/plan/../plan/cpa.md")),
    # links: only http, https and mailto
    Case("md-javascript-link", _markdown("Our assessment.\n\nSee [the results](javascript:alert(document.cookie)).\n"),
         refused=("inputs/plan/cpa.md:3: link to 'javascript:alert(document.cookie)' refused: a javascript: link could run "
                  "or open something on the reader's computer; papers link only to web addresses (http:, https:) and email (mailto:)",)),
    Case("md-file-link", _markdown("See [the file](file:///etc/passwd).\n"),
         refused=("inputs/plan/cpa.md:1: link to 'file:///etc/passwd' refused: a file: link",)),
    Case("md-data-link", _markdown("See [this](data:text/html;base64,PHNjcmlwdD4=).\n"),
         refused=("inputs/plan/cpa.md:1: link to 'data:text/html;base64,PHNjcmlwdD4=' refused: a data: link",)),
    Case("md-vbscript-autolink", _markdown("Run <vbscript:msgbox(1)> now.\n"),
         refused=("inputs/plan/cpa.md:1: link to 'vbscript:msgbox(1)' refused: a vbscript: link",)),
    Case("md-relative-file-link", _markdown("See [the notes](../../../outside/secret.txt).\n"),
         refused=("inputs/plan/cpa.md:1: link to '../../../outside/secret.txt' refused: it is not a web address",)),
    Case("md-web-and-mail-links", _markdown("See [the site](https://www.hertsdirect.org/) or [write](mailto:bvpp@hertscc.gov.uk).\n")),
    Case("docx-javascript-link", _word_link("javascript:alert(1)"),
         refused=("inputs/cabinet/purpose.docx: paragraph 2: link to 'javascript:alert(1)' refused: a javascript: link",
                  "(remove the link in Word: right-click it > Remove Hyperlink)")),
    Case("docx-file-link", _word_link("file:///C:/Windows/System32/calc.exe"),
         refused=("inputs/cabinet/purpose.docx: paragraph 2: link to 'file:///C:/Windows/System32/calc.exe' refused: a file: link",)),
    # images the papers cannot hold, by their bytes
    Case("md-svg-image", _markdown(f"{IMAGE}(chart.svg)\n", {"chart.svg": SVG}),
         refused=("inputs/plan/cpa.md:1: image 'chart.svg' is an SVG drawing; papers hold only PNG, JPEG, GIF and BMP images: save it as PNG and use that",)),
    Case("md-svg-named-png", _markdown(f"{IMAGE}(chart.png)\n", {"chart.png": SVG}),
         refused=("inputs/plan/cpa.md:1: image 'chart.png' is an SVG drawing; papers hold only PNG",)),
    Case("md-png-named-svg", _markdown(f"{IMAGE}(chart.svg)\n", {"chart.svg": png()})),
    Case("md-text-named-png", _markdown(f"{IMAGE}(chart.png)\n", {"chart.png": b"not a picture\n"}),
         refused=("inputs/plan/cpa.md:1: image 'chart.png' is not an image the papers can hold (PNG, JPEG, GIF or BMP)",)),
    Case("docx-svg-picture", _word_picture(SVG),
         refused=("inputs/cabinet/purpose.docx: paragraph 2: a picture is an SVG drawing; papers hold only PNG, JPEG, GIF and BMP images",)),
    Case("docx-emf-picture", _word_picture(EMF),
         refused=("inputs/cabinet/purpose.docx: paragraph 2: a picture is an EMF drawing",)),
    # macro-enabled workbooks named .xlsx: read for their cells, warned about
    Case("macro-workbook-vba-part", _macro_workbook("vbaProject.bin"), warned=(MACRO,)),
    Case("macro-workbook-content-type", _macro_workbook("content-type"), warned=(MACRO,), command=("check",)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, built: Path) -> None:
    check(case, built)
