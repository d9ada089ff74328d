"""Find which top-level values a docxtpl template asks for, without rendering it.

A paper's fingerprint covers only what its template can show, so that (for instance)
the plan does not become a new version when a meeting it never mentions moves.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

from ..ooxml.package import Package

_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
_XML_TAG = re.compile(r"<[^>]+>")
# docxtpl's paragraph/row/cell/run forms ({%p ...%}, {{r ...}}) are plain Jinja once the letter goes.
_DOCXTPL_PREFIX = re.compile(r"([{][{%])(?:p|tr|tc|r)\s")


def template_names(path: Path) -> frozenset[str] | None:
    """Return the top-level names the template uses, or None if it cannot be told here."""
    import jinja2
    from jinja2 import meta

    try:
        parts = Package.read(path).parts
        texts = [parts[name].decode("utf-8") for name in sorted(parts) if _PARTS.fullmatch(name)]
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError):
        return None
    source = "\n".join(_DOCXTPL_PREFIX.sub(r"\1 ", html.unescape(_XML_TAG.sub("", text))) for text in texts)
    try:
        environment = _not_folding()()
        parsed = environment.parse(source)
        return frozenset(meta.find_undeclared_variables(parsed))
    except jinja2.TemplateSyntaxError:
        return None  # rendering reports it, with its place


def _not_folding() -> type:
    """A sandbox that computes nothing while its tags are read: `{{ 9 ** 999999999 }}` is left to rendering."""
    from jinja2 import pass_context
    from jinja2.sandbox import SandboxedEnvironment

    class NotFolding(SandboxedEnvironment):
        intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})
        intercepted_unops = frozenset({"+", "-"})

        def __init__(self) -> None:
            super().__init__()
            self.filters = {name: pass_context(lambda *args, **kwargs: None) for name in self.filters}

    return NotFolding


def template_margins(path: Path) -> dict[str, str]:
    """Return the text of each header and footer the template's sections use, by place (`footer`, ...).

    Kept in the register with the template's digest, so that a change summary can say
    `template changed: templates/plan.docx footer: Old → New`; {} if it cannot be told here.
    """
    from ..ooxml.wml import margin_parts, margin_text

    try:
        package = Package.read(path)
        main = package.main_part()

        def target(rel_id: str) -> str | None:
            rel = package.rel(main, rel_id)
            return rel.target_part if rel is not None else None

        places = margin_parts(package.xml(main), target)
        return {place: margin_text(package.xml(part)) for place, part in places.items() if part in package.parts}
    except (OSError, KeyError, zipfile.BadZipFile, SyntaxError):  # SyntaxError: malformed XML
        return {}
