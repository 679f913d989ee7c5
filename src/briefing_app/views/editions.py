"""Editions in the window: whether the open dataset is a verified edition, said plainly in the status bar.

``attach(window)`` (an extension, see views/extensions.py) adds a permanent label to the status bar —
"Verified edition <id>, compiled <date> by <compiler>" or "Not verified: <why>" — and keeps it in step
when another dataset is opened. Unverified data still opens; the label marks it, in words and in colour.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

WARNING_STYLE = "QLabel { color: #ffffff; background: #7a2e00; padding: 0 6px; font-weight: bold; }"


class EditionStatus:
    """The status-bar label; kept on the window as ``window.edition_status``."""

    def __init__(self, window):
        self.window = window
        self.label = QLabel(window)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # dataset text is never markup
        self.label.setObjectName("editionStatus")
        self.label.setAccessibleName("Edition verification")
        window.statusBar().insertPermanentWidget(0, self.label)
        window.datasetChanged.connect(self.update)
        self.update()

    @property
    def verification(self):
        return self.window.catalogue.verification

    def update(self) -> None:
        result = self.verification
        self.label.setText(result.message)
        self.label.setToolTip(
            result.message if result.verified else
            f"{result.message}. The data still opens, but it is not the compiler's signed edition: check where "
            "the file came from before relying on it."
        )
        self.label.setAccessibleDescription(self.label.toolTip())
        self.label.setStyleSheet("" if result.verified else WARNING_STYLE)


def attach(window) -> None:
    window.edition_status = EditionStatus(window)
