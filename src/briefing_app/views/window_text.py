"""What the window says about itself: its title and the dataset line in the status bar, the About text and
the list of keyboard shortcuts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow

from .. import APP_NAME, APP_SHORT_NAME, __version__
from ..domain.catalogue import Catalogue
from ..domain.dates import long_date

KEYS_IN_WORDS = [
    ("Arrow keys", "Move within the sector list and the tables"),
    ("Enter (in a table)", "Move to the detail of the chosen row"),
    ("Tab / Shift+Tab (in the detail)", "Move between links"),
    ("Enter (on a link)", "Follow the link"),
    ("Escape (in the search box)", "Clear the search"),
    ("Down or Enter (in the search box)", "Move to the findings"),
    ("Alt + underlined letter", "Move to the labelled pane or field, or open a menu"),
]


def status_line(window: QMainWindow) -> QLabel:
    """The status bar, with the dataset line on its right; a message hides that line while it shows."""
    window.setStatusBar(window.statusBar())
    label = QLabel(window)
    label.setTextFormat(Qt.TextFormat.PlainText)
    window.statusBar().addPermanentWidget(label)
    # A confirmation ("Added…", "Saved…", "Copied…") takes the whole status bar while it shows: the long
    # dataset line beside it left it no room in a small window.
    window.statusBar().messageChanged.connect(lambda message: label.setVisible(not message))
    return label


def show_titles(window: QMainWindow, label: QLabel, catalogue: Catalogue) -> None:
    """The window title and the status bar's dataset line: the edition, when compiled, and its counts."""
    edition = catalogue.edition
    data = catalogue.dataset
    counts = f"{len(data.sources)} sources, {len(data.findings)} findings, {len(data.recommendations)} recommendations"
    window.setWindowTitle(
        f"{edition.title}, compiled {long_date(edition.date_compiled)} ({counts}) — {APP_SHORT_NAME} {__version__}"
    )
    label.setText(f"{edition.title} · compiled {long_date(edition.date_compiled)} · {counts}")


def about_text(catalogue: Catalogue) -> str:
    edition = catalogue.edition
    data = catalogue.dataset
    from PySide6 import __version__ as pyside_version

    return (
        f"{APP_NAME}\nVersion {__version__}\n\n"
        f"Dataset edition: {edition.title} ({edition.id})\n"
        f"Publisher: {edition.publisher}\n"
        f"Published {long_date(edition.date_published)}; compiled {long_date(edition.date_compiled)}\n"
        f"File: {catalogue.file}\n"
        f"{len(data.sources)} sources, {len(data.findings)} findings, {len(data.recommendations)} recommendations "
        f"in {len(data.sectors)} sectors\n\n"
        f"PySide6 {pyside_version}. Works offline; nothing is fetched from the Internet."
    )


def shortcut_rows(actions: list[QAction]) -> list[tuple[str, str]]:
    """Each action's shortcuts and its text, in the actions' order, then the keys that are no action's."""
    rows = []
    for action in actions:
        keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
        if keys:
            rows.append((keys, action.text().replace("&", "").rstrip("…")))
    return rows + KEYS_IN_WORDS

