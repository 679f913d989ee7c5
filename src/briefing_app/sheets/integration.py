"""Attach briefing sheets and packs to the main window (an extension: the contract is in views/extensions.py).

``attach(window)`` puts the pack panel in ``window.pack_host``, provides the window's "print_preview",
"print", "export_pdf" and "add_to_brief" actions, adds "Briefing sheet options…" to the File menu, keeps
the pack in step with the dataset, and asks about an unsaved pack before the window closes.

What prints: the pack when the pack tab is showing; otherwise the current sector's sheet, or the overview
when "All" sectors is chosen. The three actions' texts say which ("Print preview: Health sheet…"), and are
updated whenever the sector or the tab changes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QWidget,
)

from ..charts.spec import chart_exists, chart_key
from ..domain.models import ItemKind
from ..domain.wording import plural
from ..views import output_guard
from ..views.actions import ActionSpec, shortcut_text
from ..views.extensions import ExtensionHost
from . import build
from .model import DEFAULT_MARKING, Sheet, SheetOptions
from .pack import PACK_FORMAT, PACK_SUFFIX
from .pack_panel import PackPanel
from .page import page_layout_for
from .pdf import ExportError, write_pdf
from .printing import PrintError, preview_dialog, print_with_dialog

SETTINGS_KEY = "sheets"
LONG_SHEET_ITEMS = 20
PAPER_NAMES = {"a4": "A4", "letter": "US Letter"}


class SheetController:
    """What the window's printing actions do; kept on the window as ``window.sheets``."""

    def __init__(self, window: ExtensionHost, panel: PackPanel):
        self.window = window
        self.panel = panel

    # ---- options (kept in the window's settings, in the free space for extensions) ---------------------
    def stored_options(self) -> dict:
        """The sheet options kept in the settings, each of the expected type (a wrong one is left out)."""
        stored = self.window.settings().extensions.get(SETTINGS_KEY)
        if not isinstance(stored, dict):
            return {}
        return {key: value for key, value in stored.items() if isinstance(value, str)}

    @property
    def marking(self) -> str:
        value = self.stored_options().get("marking", DEFAULT_MARKING)
        return value if isinstance(value, str) else DEFAULT_MARKING

    @property
    def paper(self) -> str:
        value = self.stored_options().get("paper", "a4")
        return value if value in PAPER_NAMES else "a4"

    def set_options(self, marking: str, paper: str) -> None:
        self.store_options(marking=marking, paper=paper)

    def store_options(self, **values: str) -> None:
        settings = self.window.settings()
        extensions = dict(settings.extensions)
        extensions[SETTINGS_KEY] = {**self.stored_options(), **values}
        settings.extensions = extensions  # assignment, so the settings model validates it

    # ---- what to print --------------------------------------------------------------------------------
    def pack_is_active(self) -> bool:
        return self.window.shown_host() is self.window.pack_host

    def current_sheet(self) -> Sheet:
        catalogue = self.window.catalogue
        options = SheetOptions(marking=self.marking)
        page_layout = page_layout_for(self.paper)
        if self.pack_is_active():
            return build.pack_sheet(catalogue, self.panel.pack, options, page_layout)[0]
        sector = self.window.current_sector()
        return build.sheet_for(catalogue, sector, options, page_layout)

    def what_prints(self) -> str:
        """What the print actions print now, in words: "Health sheet", "overview sheet" or "briefing pack"."""
        if self.pack_is_active():
            return "briefing pack"
        sector = self.window.current_sector()
        if sector is None or sector not in self.window.catalogue.sectors:
            return "overview sheet"
        return f"{self.window.catalogue.sectors[sector].name} sheet"

    def update_action_texts(self) -> None:
        what = self.what_prints()
        for key, text, tip in (("print_preview", "Print pre&view", "Preview the {} before printing"),
                               ("print", "&Print", "Print the {}"),
                               ("export_pdf", "Export P&DF", "Save the {} as a PDF file")):
            action = self.window.action(key)
            action.setText(f"{text}: {what}…")  # the shortcuts are unchanged
            action.setToolTip(tip.format(what))
            action.setStatusTip(tip.format(what))

    def suggested_file_name(self, sheet: Sheet) -> str:
        if sheet.kind == "pack":
            stem = self.panel.pack.path.name.split(".")[0] if self.panel.pack.path else "briefing-pack"
        elif sheet.kind == "overview":
            stem = "briefing-overview"
        else:
            stem = "briefing-" + "-".join(sheet.subject.lower().split())
        return f"{stem}.pdf"

    # ---- actions ----------------------------------------------------------------------------------------
    def shown_chart_key(self) -> str | None:
        """The pack key of the chart the window shows (None if there is none, or a pack cannot hold it)."""
        spec = self.window.charts.spec if self.window.charts is not None else None
        if spec is None or not spec.bars:
            return None
        key = chart_key(spec.kind, spec.subject_id)
        return key if chart_exists(self.window.catalogue, key) else None

    def add_to_brief(self) -> bool:
        """Add to briefing pack: the chart when the focus is in it, otherwise the current finding or recommendation."""
        focus = QApplication.focusWidget()
        chart = self.shown_chart_key()
        if chart is not None and focus is not None and self.window.chart_host.isAncestorOf(focus):
            return self.panel.add_item(ItemKind.CHART, chart)
        current = self.window.current_item()
        if not current:
            key = shortcut_text(self.window.action("add_to_brief"))
            self.window.statusBar().showMessage(
                f"Nothing to add: choose a finding or a recommendation first, then press {key}.", 5000
            )
            return False
        kind, item_id = current
        return self.panel.add_item(kind, item_id)

    def print_preview(self) -> None:
        with _busy():
            sheet = self.current_sheet()
            dialog = preview_dialog(self.window, sheet, self.paper, self.window.show_error)
        dialog.exec()
        dialog.deleteLater()

    def print(self) -> None:
        with _busy():
            sheet = self.current_sheet()
        try:
            print_with_dialog(self.window, sheet, self.paper)
        except PrintError as exc:
            self.window.show_error("Cannot print the briefing sheet", str(exc))

    def export_pdf(self, path: str | None = None) -> Path | None:
        """Ask for a file (unless given) and write the PDF atomically, showing progress while it works."""
        sheet = None
        if path is None:
            with _busy():
                sheet = self.current_sheet()
            start = Path(self.stored_options().get("last_dir") or Path.home())
            if sheet.kind == "pack" and self.panel.pack.path is not None:
                start = self.panel.pack.path.parent  # beside the pack file
            path, _filter = QFileDialog.getSaveFileName(
                self.window, "Export briefing sheet as PDF", str(start / self.suggested_file_name(sheet)),
                "PDF files (*.pdf)",
            )
            if not path:
                return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        if not output_guard.confirm_output(self.window, path):
            return None
        with _busy():
            sheet = sheet or self.current_sheet()
        progress = None
        if len(sheet.items) > LONG_SHEET_ITEMS:
            # A long pack takes a second or more: say so (the wait cursor covers the short sheets).
            progress = QProgressDialog(f"Writing the PDF of {len(sheet.items)} items…", "", 0, 0, self.window)
            progress.setWindowTitle("Export PDF")
            progress.setCancelButton(None)
            progress.setMinimumDuration(0)
            progress.setWindowModality(Qt.WindowModality.WindowModal)
            progress.setValue(0)
            QApplication.processEvents()
        try:
            with _busy():
                layout = write_pdf(sheet, self.window.catalogue, path, page_layout_for(self.paper))
        except ExportError as exc:
            self.window.show_error("Cannot export the PDF", str(exc))
            return None
        finally:
            if progress is not None:
                progress.close()
                progress.deleteLater()
        self.store_options(last_dir=str(Path(path).parent))
        pages = layout.page_count
        self.window.statusBar().showMessage(f"Exported {plural(pages, 'page')} to {path}.", 8000)
        return Path(path)

    def close_guard(self) -> bool:
        """True if the window may close (the pack is saved, or the user saved or discarded it)."""
        return self.panel.maybe_save()


def is_pack_file(path: str) -> bool:
    """True for a briefing pack (by its name, or its "format" near the start of the file)."""
    if str(path).lower().endswith(PACK_SUFFIX):
        return True
    try:
        with open(path, "rb") as file:
            start = file.read(4096)
    except OSError:
        return False
    return f'"{PACK_FORMAT}"'.encode() in start


class SheetOptionsDialog(QDialog):
    def __init__(self, marking: str, paper: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Briefing sheet options")
        self.setAccessibleName("Briefing sheet options")
        self.marking_edit = QLineEdit(marking, self)
        self.marking_edit.setMaxLength(120)
        self.marking_edit.setAccessibleName("Protective marking")
        self.marking_edit.setAccessibleDescription("Printed at the top and bottom of every page; may be empty")
        self.paper_combo = QComboBox(self)
        self.paper_combo.setAccessibleName("Paper size")
        for key, name in PAPER_NAMES.items():
            self.paper_combo.addItem(name, key)
        self.paper_combo.setCurrentIndex(max(0, self.paper_combo.findData(paper)))
        hint = QLabel("The marking is printed at the top and bottom of every page. Leave it empty for none.", self)
        hint.setWordWrap(True)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Protective &marking:", self.marking_edit)
        form.addRow("", hint)
        form.addRow("&Paper:", self.paper_combo)
        form.addRow(buttons)

    def values(self) -> tuple[str, str]:
        return self.marking_edit.text().strip(), self.paper_combo.currentData()


class _busy:
    """A wait cursor while a sheet is laid out (a fraction of a second, but charts are built too)."""

    def __enter__(self):
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc):
        QApplication.restoreOverrideCursor()
        return False


def attach(window: ExtensionHost) -> SheetController:
    panel = PackPanel(window.catalogue, window.pack_host, shortcut_text(window.action("add_to_brief")))
    window.pack_host.layout().addWidget(panel)
    panel.error_handler = window.show_error
    panel.messageRequested.connect(lambda text: window.statusBar().showMessage(text, 6000))
    controller = SheetController(window, panel)
    window.sheets = controller

    registry = window.action_registry
    registry.provide("print_preview", controller.print_preview)
    registry.provide("print", controller.print)
    registry.provide("export_pdf", controller.export_pdf)
    registry.provide("add_to_brief", controller.add_to_brief)

    def edit_options() -> None:
        dialog = SheetOptionsDialog(controller.marking, controller.paper, window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            controller.set_options(*dialog.values())
        dialog.deleteLater()

    registry.add(ActionSpec(
        "sheet_options", "Briefing sheet &options…", tip="Protective marking and paper size of printed sheets",
        status_tip="", handler=edit_options, menu="file", section="output", before="print_preview",
    ))

    window.datasetChanged.connect(lambda: panel.set_catalogue(window.catalogue))
    # What prints follows the sector and the tab showing: keep the actions' texts saying which.
    window.datasetChanged.connect(controller.update_action_texts)
    window.visibleFindingsChanged.connect(controller.update_action_texts)
    window.hostTabChanged.connect(controller.update_action_texts)
    controller.update_action_texts()

    def open_pack_file(path: str) -> bool:
        """File > Open given a briefing pack: open it as the pack (and show it) rather than as a dataset."""
        if not is_pack_file(path):
            return False
        if panel.maybe_save() and panel.open_file(path):
            window.show_host(window.pack_host)
        return True

    window.file_openers.append(open_pack_file)
    window.close_guards.append(controller.close_guard)
    return controller
