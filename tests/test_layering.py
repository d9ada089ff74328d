"""The package's layers, enforced transitively: imports go only downward, siblings stay apart.

The table is docs/architecture.md's: each layer lists the parts it may import, and each part the
third-party libraries it owns. A module breaks the rules if anything it reaches, directly or
through other modules (function-level imports included), is not allowed to it.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Mapping
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "bvpp_docgen"

# part -> the parts it may import (besides itself)
MAY_IMPORT: dict[str, set[str]] = {
    "errors": set(),
    "core": {"errors"},
    "ooxml": {"errors"},
    "store": {"errors"},
    "read": {"core", "ooxml", "store", "errors"},
    "write": {"core", "ooxml", "store", "errors"},
    "redline": {"ooxml", "errors"},
    "accessibility": {"ooxml", "errors"},
    "pdf": {"store", "errors"},
    "app": {"core", "ooxml", "store", "read", "write", "redline", "accessibility", "pdf", "errors"},
    "api": {"app", "errors"},
    "__init__": {"api", "app", "core", "store", "redline", "accessibility", "errors"},  # re-exports
    "cli": {"__init__", "cli_app", "cli_progress", "cli_run"},  # the entry point: the public API only, then the Typer app
    "cli_app": {"__init__", "cli_help", "cli_options", "cli_progress", "cli_run"},  # the public API only (and its help texts, options, progress line, printers)
    "cli_run": {"__init__"},  # the printers of build, check and diff: the public API only
    "cli_help": set(),
    "cli_options": set(),
    "cli_progress": set(),
    "__main__": {"cli"},
}
# third-party library -> the modules that may import it directly
OWNERS: dict[str, set[str]] = {
    "typer": {"cli_app", "cli_options"},
    "rich": {"cli_progress"},  # the CLI's progress line only: the API never prints
    "docxtpl": {"write.render"},
    "jinja2": {"write.render", "write.template_env", "read.template_names"},
    "pydantic": {"core.settings", "read.config_toml", "store.register"},
    "markdown_it": {"read.markdown"},
    "docx": {"write.render", "write.front_sheet", "write.charts", "read.word"},
    "openpyxl": {"read.excel", "write.workbooks", "write.next_year", "write.charts"},
    "tomlkit": {"write.next_year"},
    "watchfiles": {"store.watching"},
    "pypdf": {"pdf.merge"},
    "lxml": {"ooxml.*", "write.*", "read.word", "redline.*", "accessibility.*"},
}
# standard-library modules the pure core never touches: it reads no files, runs nothing, has no clock
CORE_FORBIDDEN = {"os", "zipfile", "subprocess", "time", "tempfile", "shutil"}
# run by LibreOffice's own Python, not imported by the package
OUTSIDE = {"pdf.uno_child"}


def module_name(path: Path, package: Path) -> str:
    """Return the dotted name of `path` inside `package` (`core.settings`, `redline`, `__init__`)."""
    parts = list(path.relative_to(package).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def part_of(module: str) -> str:
    """Return the layer part a module belongs to (its top-level name)."""
    return module.split(".")[0]


def resolve(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    """Return the internal modules a relative `from ... import` names."""
    here = module.split(".") if is_package else module.split(".")[:-1]
    if module == "__init__":
        here = []
    base = here[: len(here) - (node.level - 1)] if node.level > 1 else here
    target = base + (node.module.split(".") if node.module else [])
    if node.module:
        return [".".join(target)]
    return [".".join(target + [alias.name]) if target else alias.name for alias in node.names]


def scan(package: Path) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Return each module's direct internal imports and direct outside imports."""
    internal: dict[str, set[str]] = {}
    outside: dict[str, set[str]] = {}
    for path in sorted(package.rglob("*.py")):
        name = module_name(path, package)
        is_package = path.name == "__init__.py"
        internal[name], outside[name] = set(), set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("bvpp_docgen"):
                        internal[name].add(alias.name.removeprefix("bvpp_docgen").lstrip(".") or "__init__")
                    else:
                        outside[name].add(alias.name.split(".")[0])
            elif isinstance(node, ast.ImportFrom):
                if node.level == 0 and node.module and node.module.startswith("bvpp_docgen"):
                    internal[name].add(node.module.removeprefix("bvpp_docgen").lstrip(".") or "__init__")
                elif node.level == 0 and node.module:
                    outside[name].add(node.module.split(".")[0])
                elif node.level:
                    internal[name].update(resolve(name, is_package, node))
    known = set(internal)
    for name, targets in internal.items():
        # `from .x import y` may name a module x.y or a name y in x: keep what exists
        internal[name] = {t if t in known else t.rsplit(".", 1)[0] for t in targets} & known
        internal[name].discard(name)
    return internal, outside


def reachable(start: str, graph: Mapping[str, set[str]]) -> set[str]:
    """Return every module reachable from `start` through imports."""
    seen: set[str] = set()
    todo = list(graph.get(start, ()))
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(graph.get(module, ()))
    return seen


def owns(module: str, library: str) -> bool:
    """Whether `module` may import `library` directly."""
    owners = OWNERS[library]
    return module in owners or f"{part_of(module)}.*" in owners


def closure(part: str) -> set[str]:
    """Return every part `part` may reach: its own row, and the rows of those, all the way down."""
    seen: set[str] = set()
    todo = [part]
    while todo:
        for below in MAY_IMPORT[todo.pop()]:
            if below not in seen:
                seen.add(below)
                todo.append(below)
    return seen


def violations(internal: Mapping[str, set[str]], outside: Mapping[str, set[str]]) -> list[str]:
    """Return every broken rule of the layer table, as readable lines."""
    problems = []
    for module in sorted(internal):
        if module in OUTSIDE:
            continue
        part = part_of(module)
        for target in sorted(internal[module]):
            if part_of(target) not in MAY_IMPORT[part] | {part}:
                problems.append(f"{module} imports {target} ({part} may import only {sorted(MAY_IMPORT[part])})")
        below = closure(part) | {part}
        for target in sorted(reachable(module, internal)):
            if part_of(target) not in below:
                problems.append(f"{module} reaches {target} ({part} may reach only {sorted(closure(part))})")
            for library in sorted(outside.get(target, set()) & set(OWNERS)):
                if not any(part_of(owner.removesuffix(".*")) in below for owner in OWNERS[library]):
                    problems.append(f"{module} reaches {library} through {target}")
        for library in sorted(outside[module]):
            if library in OWNERS and not owns(module, library):
                problems.append(f"{module} imports {library}, owned by {sorted(OWNERS[library])}")
        if part == "core" and outside[module] & CORE_FORBIDDEN:
            problems.append(f"{module} imports {sorted(outside[module] & CORE_FORBIDDEN)}: the core stays pure")
    return problems


def test_every_part_has_a_row_in_the_table() -> None:
    internal, _ = scan(PACKAGE)
    assert {part_of(m) for m in internal} <= set(MAY_IMPORT)


def test_imports_go_only_downward_and_libraries_stay_with_their_adapters() -> None:
    internal, outside = scan(PACKAGE)
    assert violations(internal, outside) == []


def test_the_rules_hold_transitively() -> None:
    # core -> core.x is fine; core.x -> read.y breaks the table even two steps away
    internal = {"core.a": {"core.b"}, "core.b": {"read.c"}, "read.c": set()}
    outside: dict[str, set[str]] = {"core.a": set(), "core.b": set(), "read.c": set()}
    assert any(line.startswith("core.a reaches read.c") for line in violations(internal, outside))


def test_siblings_and_upward_imports_are_caught() -> None:
    internal = {"read.x": {"write.y"}, "write.y": set(), "store.z": {"app.w"}, "app.w": set()}
    outside: dict[str, set[str]] = {name: set() for name in internal}
    found = violations(internal, outside)
    assert any(line.startswith("read.x reaches write.y") for line in found)
    assert any(line.startswith("store.z reaches app.w") for line in found)


def test_the_cli_uses_only_the_public_api() -> None:
    internal, _ = scan(PACKAGE)
    for cli in ("cli", "cli_app", "cli_run"):
        assert {part_of(m) for m in internal[cli]} <= MAY_IMPORT[cli], sorted(internal[cli])


def test_the_core_imports_no_file_format_library() -> None:
    internal, outside = scan(PACKAGE)
    for module in internal:
        if part_of(module) == "core" and module != "core.settings":
            assert not outside[module] & set(OWNERS), f"{module} imports {outside[module] & set(OWNERS)}"


if __name__ == "__main__":  # print the problems, for working on the layout
    print("\n".join(violations(*scan(PACKAGE))) or "layering ok")
    sys.exit(0)


def test_no_module_is_longer_than_400_lines() -> None:
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}, "split these along their seams (docs/architecture.md)"


def test_one_namespace_table_and_one_parser() -> None:
    sources = {p: p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")}
    defining = [p.name for p, text in sources.items() if 'wordprocessingml/2006/main"' in text]
    parsers = [p.name for p, text in sources.items() if "XMLParser(" in text]
    assert defining == ["ns.py"] and parsers == ["ns.py"], (defining, parsers)
