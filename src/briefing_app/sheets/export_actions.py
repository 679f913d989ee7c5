"""Window actions for the editable exports and the citation formats (an extension: see views/extensions.py).

File menu, after Export PDF: "Export as Word…", "Export as OpenDocument…" (the same sheet or pack that
Export PDF writes: window.sheets.current_sheet()), and "Export citations as RIS…" / "…BibTeX…" (the sources
of that sheet or pack). Edit menu, after Copy citation (the current style): "Copy citation (Harvard)" and
"Copy citation (ONS/GSS)". Every file is written atomically (storage/atomic.py), after the same check of
the target as Export PDF (views/output_guard.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from ..domain import citation_formats
from ..storage.atomic import WriteError, atomic_write_text
from ..views import output_guard
from ..views.actions import ActionSpec
from ..views.extensions import ExtensionHost
from .editable import EDITABLE_FORMATS, write_document
from .pdf import ExportError

FILTERS = {"docx": "Word documents (*.docx)", "odt": "OpenDocument text (*.odt)",
           "ris": "RIS citations (*.ris)", "bib": "BibTeX (*.bib)"}


class ExportActions:
    def __init__(self, window: ExtensionHost):
        self.window = window

    @property
    def controller(self):
        return self.window.sheets

    def _ask(self, title: str, suffix: str, stem: str) -> str | None:
        start = Path(self.controller.stored_options().get("last_dir") or Path.home())
        path, _filter = QFileDialog.getSaveFileName(self.window, title, str(start / f"{stem}.{suffix}"), FILTERS[suffix])
        if not path:
            return None
        if not path.lower().endswith("." + suffix):
            path += "." + suffix
        return path

    def _stem(self, sheet) -> str:
        return self.controller.suggested_file_name(sheet).rsplit(".", 1)[0]

    def export_document(self, kind: str, path: str | None = None) -> Path | None:
        """Write the sheet or pack that Export PDF would write, as .docx or .odt."""
        sheet = self.controller.current_sheet()
        if path is None:
            path = self._ask(f"Export briefing sheet as {EDITABLE_FORMATS[kind]}", kind, self._stem(sheet))
            if path is None:
                return None
        if not output_guard.confirm_output(self.window, path):
            return None
        try:
            write_document(sheet, path, kind)
        except ExportError as exc:
            self.window.show_error(f"Cannot export the {EDITABLE_FORMATS[kind]}", str(exc))
            return None
        self.controller.store_options(last_dir=str(Path(path).parent))
        self.window.statusBar().showMessage(f"Exported the {self.controller.what_prints()} to {path}.", 8000)
        return Path(path)

    def export_citations(self, kind: str, path: str | None = None) -> Path | None:
        """The sources of the current sheet or pack, in the order of their numbers, as RIS or BibTeX."""
        sheet = self.controller.current_sheet()
        if path is None:
            path = self._ask("Export the sheet's sources as citations", kind, self._stem(sheet) + "-sources")
            if path is None:
                return None
        if not output_guard.confirm_output(self.window, path):
            return None
        sources = [self.window.catalogue.sources[n.source_id] for n in sheet.sources if n.source_id]
        text = citation_formats.ris(sources) if kind == "ris" else citation_formats.bibtex(sources)
        try:
            atomic_write_text(path, text)
        except WriteError as exc:
            self.window.show_error("Cannot export the citations", str(exc))
            return None
        self.controller.store_options(last_dir=str(Path(path).parent))
        self.window.statusBar().showMessage(f"Exported {len(sources)} citations to {path}.", 8000)
        return Path(path)

    def copy_citation(self, style: str) -> str | None:
        current = self.window.current_item()
        catalogue = self.window.catalogue
        item = catalogue.item(*current) if current else None
        if item is None:
            self.window.statusBar().showMessage("Nothing to cite: choose a finding or a recommendation first.", 5000)
            return None
        text = citation_formats.item_citations(catalogue, item, style)
        QGuiApplication.clipboard().setText(text)
        self.window.statusBar().showMessage(f"Copied the citation ({citation_formats.STYLES[style]}).", 5000)
        return text


def attach(window: ExtensionHost) -> ExportActions:
    actions = ExportActions(window)
    window.export_actions = actions
    registry = window.action_registry
    place = "export_pdf"  # each after the one before it, from Export PDF on
    for key, text, tip, slot in (
        ("export_docx", "Export as &Word…", "Save the briefing sheet or pack as a Word document (.docx)",
         lambda: actions.export_document("docx")),
        ("export_odt", "Export as &OpenDocument…", "Save the briefing sheet or pack as OpenDocument text (.odt)",
         lambda: actions.export_document("odt")),
        ("export_ris", "Export citations as &RIS…", "Save the sources of the sheet or pack for a reference manager (RIS)",
         lambda: actions.export_citations("ris")),
        ("export_bibtex", "Export citations as &BibTeX…", "Save the sources of the sheet or pack as BibTeX",
         lambda: actions.export_citations("bib")),
    ):
        registry.add(ActionSpec(key, text, tip=tip, handler=slot, menu="file", section="output", after=place))
        place = key

    copy = window.action("copy_citation")
    place = "copy_citation"
    edit_actions = []
    for style, name in citation_formats.STYLES.items():
        if style == "house":
            continue
        key = f"copy_citation_{style}"
        edit_actions.append(registry.add(ActionSpec(
            key, f"Copy citation ({name})", tip=f"Copy the citation of the current item in {name} style",
            handler=lambda style=style: actions.copy_citation(style), menu="edit", section="copy", after=place,
            enabled=copy.isEnabled(),
        )))
        place = key
    copy.changed.connect(lambda: [a.setEnabled(copy.isEnabled()) for a in edit_actions])
    return actions
