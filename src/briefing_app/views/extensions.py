"""Features built beside the main window attach themselves through this list.

Each module named here has ``attach(window)``; the main window calls it after its first paint, so the
panes show before pyqtgraph and the printing modules are imported.
"""

from __future__ import annotations

import importlib
from types import ModuleType

EXTENSIONS: list[str] = [
    "briefing_app.charts.integration",
    "briefing_app.sheets.integration",
    "briefing_app.sheets.export_actions",  # Word, OpenDocument, RIS, BibTeX; citation styles
    "briefing_app.views.editions",
]


def _is_missing(error: ModuleNotFoundError, name: str) -> bool:
    """True when the module ``name`` itself (or its own package) does not exist yet.

    A ModuleNotFoundError about anything else (a dependency the extension imports) is a bug and must surface.
    """
    missing = error.name or ""
    parts = name.split(".")
    own_packages = {".".join(parts[:i]) for i in range(2, len(parts) + 1)}  # never the top package itself
    return missing in own_packages


def import_extension(name: str) -> ModuleType | None:
    """The extension module, or None if it is not part of this build yet."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if _is_missing(error, name):
            return None
        raise


def attach_all(window, names: list[str] | None = None) -> list[str]:
    """Import and attach every extension; return the names of those attached."""
    attached = []
    for name in EXTENSIONS if names is None else names:
        module = import_extension(name)
        if module is None:
            continue
        module.attach(window)
        attached.append(name)
    return attached
