"""What the window's own File and Edit actions do: open a dataset (or an extension's file), export the rows
shown as CSV, and copy the current item or its citation."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from ..domain.catalogue import Catalogue
from ..domain.export import findings_csv
from ..domain.problems import DatasetError
from ..storage.atomic import WriteError
from ..storage.csv_file import write_csv_file
from . import output_guard
from .describe import citation_text, copy_text
from .dialogs import DatasetProblemsDialog

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger(__name__)


class Commands:
    def __init__(self, window: MainWindow):
        self.window = window

    # ---- Edit ----------------------------------------------------------------------------------------
    def copy_current(self) -> None:
        detail = self.window.pane_layout.detail
        if QGuiApplication.focusObject() is detail and detail.textCursor().hasSelection():
            detail.copy()
            return
        self._copy(copy_text, "Nothing to copy: choose a finding or a recommendation first.", "Copied the item with its citation.")

    def copy_citation(self) -> None:
        self._copy(citation_text, "Nothing to cite: choose a finding or a recommendation first.", "Copied the citation.")

    def _copy(self, text_of: Callable[[Catalogue, object], str], nothing: str, done: str) -> None:
        """Put ``text_of`` the current item on the clipboard, and say so (or that there is nothing to copy)."""
        window = self.window
        item = window.navigator.current_object()
        if item is None:
            window.statusBar().showMessage(nothing, 5000)
            return
        QGuiApplication.clipboard().setText(text_of(window.catalogue, item))
        window.statusBar().showMessage(done, 5000)

    # ---- File ----------------------------------------------------------------------------------------
    def _start_dir(self) -> str:
        folder = self.window.settings().last_dataset_dir
        return folder if folder and Path(folder).is_dir() else str(Path.home())

    def open_dataset(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Open dataset or briefing pack", self._start_dir(), "Datasets and briefing packs (*.json);;All files (*)"
        )
        if path:
            self.open_file(path)

    def open_file(self, path: str) -> bool:
        """Open a file chosen in File > Open: an extension's kind of file (a briefing pack), or a dataset."""
        for opener in self.window.file_openers:
            if opener(path):
                self.window.settings().last_dataset_dir = str(Path(path).parent)
                return True
        return self.load_dataset_file(path)

    def load_dataset_file(self, path: str) -> bool:
        """Open a dataset file; on any problem show every problem and keep the current dataset."""
        from ..domain import load_catalogue

        window = self.window
        window.settings().last_dataset_dir = str(Path(path).parent)
        try:
            catalogue = load_catalogue(path)
        except DatasetError as error:
            log.warning("Dataset %s refused: %d problem(s)", path, len(error.problems))
            DatasetProblemsDialog(path, error.problems, window).exec()
            return False
        window.set_catalogue(catalogue)
        window.statusBar().showMessage(f"Opened {path}", 5000)
        return True

    def export_csv(self) -> None:
        window = self.window
        catalogue = window.catalogue
        findings = [catalogue.findings[fid] for fid in window.visible_finding_ids()]
        if not findings:
            window.show_error("Nothing to export", "No findings are shown. Clear the search and filters, then try again.")
            return
        sector = window.current_sector() or "all"
        suggested = str(Path(self._start_dir()) / f"findings-{sector}.csv")
        path, _ = QFileDialog.getSaveFileName(window, "Export findings and recommendations shown as CSV", suggested, "CSV files (*.csv)")
        if not path or not output_guard.confirm_output(window, path):
            return
        recommendations = [catalogue.recommendations[rid] for rid in window.visible_recommendation_ids()]
        try:
            write_csv_file(path, findings_csv(catalogue, findings, recommendations))
        except WriteError as error:
            window.show_error("The CSV file was not written", str(error))
            return
        window.statusBar().showMessage(
            f"Wrote {len(findings)} findings and {len(recommendations)} recommendations to {path}", 8000
        )
