"""Each third-party library stays in the module that adapts it (see STYLE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "bvpp_docgen"

ALLOWED = {
    "typer": {"cli"},
    "docxtpl": {"render"},
    "jinja2": {"render", "tags"},
    "pydantic": {"config", "register"},
    "markdown_it": {"snippets"},
    "docx": {"render", "house_style", "word_snippets"},
    "lxml": {"ooxml", "render", "word_snippets", "contents", "page_sections", "accessibility", "redline"},
    "openpyxl": {"excel", "workbook"},
}
PURE = {
    "model", "context", "formats", "sanitize", "errors", "fingerprint", "versioning", "indicators", "tables",
    "plan_data", "plan_sections", "compliance", "sheet_rows",
}


def imports(module: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_libraries_are_imported_only_by_their_adapters() -> None:
    for module in sorted(PACKAGE.glob("*.py")):
        used = imports(module)
        for library, owners in ALLOWED.items():
            if library in used:
                assert module.stem in owners, f"{module.name} imports {library}"
        if module.stem in PURE:
            assert not used & set(ALLOWED), f"{module.name} should stay pure"
