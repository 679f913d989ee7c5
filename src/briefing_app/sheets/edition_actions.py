"""Editions in the window: whether the open dataset is a verified edition, and what changed since the last
edition this user opened.

``attach(window)`` (an extension, see views/extensions.py; it lives with the sheets because it prints one):

- adds a permanent label to the status bar — "Verified edition <id>, compiled <date> by <compiler>" or
  "Not verified: <why>" — kept in step when another dataset is opened; unverified data still opens, and the
  label marks it in words and in colour;
- keeps each edition opened in the user's data folder (storage/editions.py), and adds File > "What changed
  since the last edition I used…", which previews the "What changed in this edition" sheet (print or PDF
  from there) comparing the open edition with the one used before it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from ..domain.dates import long_date
from ..views.actions import ActionSpec
from ..views.extensions import ExtensionHost

WARNING_STYLE = "QLabel { color: #ffffff; background: #7a2e00; padding: 0 6px; font-weight: bold; }"
CHANGES_TEXT = "What &changed since the last edition I used…"


class EditionStatus:
    """The status-bar label and the editions history; kept on the window as ``window.edition_status``."""

    def __init__(self, window: ExtensionHost, history=None):
        from ..storage.editions import EditionHistory

        self.window = window
        self.history = history if history is not None else EditionHistory()
        self.previous = None  # the HistoryEntry of the edition used before the open one, if any
        self.label = QLabel(window)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # dataset text is never markup
        self.label.setObjectName("editionStatus")
        self.label.setAccessibleName("Edition verification")
        window.statusBar().insertPermanentWidget(0, self.label)
        self.changes_action = window.action_registry.add(ActionSpec(
            "what_changed", CHANGES_TEXT, handler=self.preview_changes, menu="file",
        ))
        window.datasetChanged.connect(self.update)
        self.update()

    @property
    def verification(self):
        return self.window.catalogue.verification

    def update(self) -> None:
        result = self.verification
        self.label.setText(result.brief)  # the whole reason is in the tool tip and the spoken description
        self.label.setToolTip(
            result.message if result.verified else
            f"{result.message}. The data still opens, but it is not the compiler's signed edition: check where "
            "the file came from before relying on it."
        )
        self.label.setAccessibleDescription(self.label.toolTip())
        self.label.setStyleSheet("" if result.verified else WARNING_STYLE)
        self._remember()

    # ---- the editions used ---------------------------------------------------------------------------
    def _remember(self) -> None:
        """Note the edition used before this one, then keep this one (the history is a convenience: a
        failure to write it is said in the status bar, never in the way)."""
        from ..domain.signing import read_signature
        from ..storage.atomic import WriteError

        catalogue = self.window.catalogue
        sha = self.verification.dataset_sha256
        self.previous = self.history.previous(sha) if sha else None
        self._update_action()
        if not sha or not catalogue.file:
            return
        try:
            data = Path(catalogue.file).read_bytes()
        except OSError:
            return
        from hashlib import sha256

        if sha256(data).hexdigest() != sha:
            return  # the file changed since it was opened: keep what was shown, not what is there now
        try:
            self.history.record(data, catalogue.edition.id, self.verification.verified, self.verification.message,
                                read_signature(catalogue.file))
        except (WriteError, OSError) as exc:
            self.window.statusBar().showMessage(f"The editions you used could not be noted: {exc}", 8000)

    def _update_action(self) -> None:
        entry = self.previous
        self.changes_action.setEnabled(entry is not None)
        if entry is None:
            tip = "No other edition has been opened here yet."
        else:
            tip = f"Compare with edition {entry.edition_id}, last opened {long_date(entry.opened.date())}."
        self.changes_action.setToolTip(tip)
        self.changes_action.setStatusTip(tip)

    def previous_catalogue(self):
        """The edition used before the open one, loaded and verified from its kept copy (or None)."""
        from ..domain import DatasetError, load_catalogue

        if self.previous is None:
            return None
        try:
            return load_catalogue(self.history.path_of(self.previous))
        except DatasetError:
            return None

    def changes_sheet(self):
        """The "What changed in this edition" sheet from the last edition used to the open one (or None)."""
        from .changes import changes_content

        older = self.previous_catalogue()
        if older is None:
            return None
        return changes_content(older, self.window.catalogue, options=self._sheet_options())

    def _sheet_options(self):
        from .model import DEFAULT_MARKING, SheetOptions

        sheets = self.window.sheets
        return SheetOptions(marking=sheets.marking if sheets is not None else DEFAULT_MARKING)

    def preview_changes(self) -> None:
        from .printing import preview_dialog

        sheet = self.changes_sheet()
        if sheet is None:
            self.window.show_error("What changed", "No earlier edition used here can be opened to compare with.")
            return
        sheets = self.window.sheets
        paper = sheets.paper if sheets is not None else "a4"
        dialog = preview_dialog(self.window, sheet, paper, self.window.show_error)
        dialog.exec()


def attach(window: ExtensionHost) -> None:
    window.edition_status = EditionStatus(window)
