"""Item-data roles shared by the models, and the plain-text helpers every model and view uses."""

from __future__ import annotations

import html
from enum import IntEnum

from PySide6.QtCore import Qt


class Roles(IntEnum):
    ITEM = Qt.ItemDataRole.UserRole + 1  # the domain object (Finding, Recommendation, Sector or None for "All")
    ID = Qt.ItemDataRole.UserRole + 2  # its id as text ("" for "All")
    SORT_KEY = Qt.ItemDataRole.UserRole + 3  # a number or folded text that orders the column
    KIND = Qt.ItemDataRole.UserRole + 4  # an ItemKind (FINDING, RECOMMENDATION) or "sector"


def plain_tooltip(text: str) -> str:
    """A tool tip that shows ``text`` literally.

    Qt treats a tool tip as rich text when it looks like HTML, so dataset text is escaped and wrapped in
    <p> (which also lets long tool tips wrap). Nothing in ``text`` can become markup or fetch an image.
    """
    escaped = html.escape(text, quote=False).replace("\n", "<br>")
    return f"<p>{escaped}</p>"
