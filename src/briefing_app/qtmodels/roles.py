"""Item-data roles shared by the models, and the plain-text helpers every model and view uses."""

from __future__ import annotations

import html
from enum import IntEnum

from PySide6.QtCore import Qt

from ..domain.models import Confidence


class Roles(IntEnum):
    ITEM = Qt.ItemDataRole.UserRole + 1  # the domain object (Finding, Recommendation, Sector or None for "All")
    ID = Qt.ItemDataRole.UserRole + 2  # its id as text ("" for "All")
    SORT_KEY = Qt.ItemDataRole.UserRole + 3  # a number or folded text that orders the column
    KIND = Qt.ItemDataRole.UserRole + 4  # "finding", "recommendation" or "sector"


# A marker that carries the level in symbols and words, so it never relies on colour (EEF padlock spirit).
CONFIDENCE_MARKERS = {
    Confidence.PRIMARY: "●●● Primary",
    Confidence.SECONDARY: "●●○ Secondary",
    Confidence.UNVERIFIED: "●○○ Unverified",
}


def confidence_marker(confidence: Confidence) -> str:
    return CONFIDENCE_MARKERS[confidence]


def confidence_spoken(confidence: Confidence) -> str:
    """What a screen reader says instead of the circles."""
    label = confidence.label.lower()
    if label == confidence.value:  # "unverified" says it already: not "unverified, unverified"
        return f"Confidence: {label}"
    return f"Confidence: {confidence.value}, {label}"


def plain_tooltip(text: str) -> str:
    """A tool tip that shows ``text`` literally.

    Qt treats a tool tip as rich text when it looks like HTML, so dataset text is escaped and wrapped in
    <p> (which also lets long tool tips wrap). Nothing in ``text`` can become markup or fetch an image.
    """
    escaped = html.escape(text, quote=False).replace("\n", "<br>")
    return f"<p>{escaped}</p>"
