"""bvpp-docgen: a council's Best Value Performance Plan papers from its workbooks and narrative.

The public API is what this module exports (`__all__`): `Project` and its reports, the error
tree and `Notice`, and the two engines that know nothing of councils (`redline`,
`check_accessibility`). Names are imported on first use, so `import bvpp_docgen` (and
`bvpp --help`) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Project": "api",
    "AbsorbReport": "app.reports", "SnippetAbsorbed": "app.reports", "NewYearReport": "app.new_year",
    "BuildReport": "app.reports", "CheckReport": "app.reports", "DiffReport": "app.reports",
    "DocumentResult": "app.reports", "ExplainReport": "app.reports", "PackReport": "app.reports", "PublishReport": "app.reports", "PublishResult": "app.reports",
    "StatusReport": "app.reports", "VersionState": "app.reports", "VersionsReport": "app.reports",
    "Decision": "core.versioning", "Figure": "core.provenance", "Source": "core.provenance", "Requirement": "core.compliance", "Missing": "core.indicators",
    "VersionRecord": "store.register", "Question": "core.new_project", "WatchEvent": "app.watch", "WatchReport": "app.watch",
    "Finding": "accessibility", "check_accessibility": "accessibility", "redline": "redline", "Redline": "redline",
    **{name: "errors" for name in (
        "Location", "Notice", "DocgenError", "ConfigError", "InputError", "TemplateError", "ProjectError",
        "LockBusyError", "PublishError", "RegisterError", "UnknownDocumentError", "UnknownReferenceError", "UnknownVersionError",
        "RedlineError", "LibreOfficeError", "StrictError", "ValidationFailed", "plural",
    )},
}

__all__ = [
    "AbsorbReport",
    "BuildReport",
    "CheckReport",
    "ConfigError",
    "Decision",
    "DiffReport",
    "DocgenError",
    "DocumentResult",
    "ExplainReport",
    "Figure",
    "Finding",
    "InputError",
    "LibreOfficeError",
    "Location",
    "LockBusyError",
    "Missing",
    "NewYearReport",
    "Notice",
    "PackReport",
    "Project",
    "ProjectError",
    "PublishError",
    "PublishReport",
    "PublishResult",
    "Question",
    "Redline",
    "RedlineError",
    "RegisterError",
    "Requirement",
    "SnippetAbsorbed",
    "Source",
    "StatusReport",
    "StrictError",
    "TemplateError",
    "UnknownDocumentError",
    "UnknownReferenceError",
    "UnknownVersionError",
    "ValidationFailed",
    "VersionRecord",
    "VersionState",
    "VersionsReport",
    "WatchEvent",
    "WatchReport",
    "__version__",
    "check_accessibility",
    "plural",
    "redline",
]

if TYPE_CHECKING:
    from .accessibility import Finding, check_accessibility
    from .api import Project
    from .app.new_year import NewYearReport
    from .app.reports import (
        AbsorbReport,
        BuildReport,
        CheckReport,
        DiffReport,
        DocumentResult,
        ExplainReport,
        PublishReport,
        PublishResult,
        SnippetAbsorbed,
        StatusReport,
        VersionsReport,
        VersionState,
    )
    from .app.watch import WatchEvent, WatchReport
    from .core.compliance import Requirement
    from .core.indicators import Missing
    from .core.new_project import Question
    from .core.provenance import Figure, Source
    from .core.versioning import Decision
    from .errors import (
        ConfigError,
        DocgenError,
        InputError,
        LibreOfficeError,
        Location,
        LockBusyError,
        Notice,
        ProjectError,
        PublishError,
        RedlineError,
        RegisterError,
        StrictError,
        TemplateError,
        UnknownDocumentError,
        UnknownReferenceError,
        UnknownVersionError,
        ValidationFailed,
        plural,
    )
    from .redline import Redline, redline
    from .store.register import VersionRecord


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'bvpp_docgen' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
