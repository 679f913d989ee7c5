"""QApplication set-up and the start of the main window."""

from __future__ import annotations

import sys


def run_gui(dataset_path: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QListWidget, QMessageBox

    from . import APP_NAME, __version__
    from .domain import DatasetError, load_catalogue

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("briefing-app")
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    try:
        catalogue = load_catalogue(dataset_path)
    except DatasetError as exc:
        QMessageBox.critical(None, APP_NAME, "The dataset cannot be used:\n\n" + "\n".join(map(str, exc.problems)))
        return 1
    window = QListWidget()
    window.setWindowTitle(f"{catalogue.edition.title} — {APP_NAME} {__version__}")
    for finding in catalogue.dataset.findings:
        window.addItem(f"{catalogue.headline_text(finding)} — {finding.statement}")
    window.resize(900, 600)
    window.show()
    return app.exec()
