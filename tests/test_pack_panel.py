"""The briefing-pack panel and the sheets' integration with the real main window: Add to brief (Ctrl+B),
reorder, remove, notes, save and open, items missing from the dataset, the close guard, export and preview."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox

from briefing_app.domain import Catalogue, load_dataset
from briefing_app.sheets import integration
from briefing_app.sheets.pack import new_pack, open_pack
from briefing_app.sheets.pack_panel import MISSING_ROLE, NOTE_ROLE, PackListModel, PackPanel
from briefing_app.sheets.printing import PrintError, preview_dialog, print_sheet, printer_named


def text_of(path) -> str:
    raw = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", raw))


@pytest.fixture()
def window(make_window):
    """The real main window with only the sheets extension attached (the chart panel is tested elsewhere)."""
    return make_window(extensions=["briefing_app.sheets.integration"])


def panel_of(window) -> PackPanel:
    return window.sheets.panel


def test_model_passes_qt_model_tester(qtmodeltester, catalogue):
    pack = new_pack(catalogue)
    model = PackListModel(pack, catalogue)
    for finding in catalogue.dataset.findings[:4]:
        model.add("finding", finding.id)
    model.add("finding", "zz-missing")
    qtmodeltester.check(model, force_py=True)
    model.move(0, 3)
    model.move(4, 0)
    model.remove(2)
    model.set_note(1, "note")
    qtmodeltester.check(model, force_py=True)
    assert model.index(0).data(MISSING_ROLE) is True
    assert model.index(1).data(NOTE_ROLE) == "note"


def test_attach_fills_the_pack_host_and_enables_the_actions(window):
    assert panel_of(window).parent() is window.pack_host
    for key in ("print_preview", "print", "export_pdf", "add_to_brief"):
        assert window.action(key).isEnabled(), key
    assert window.sheets.close_guard in window.close_guards
    assert window.action("add_to_brief").shortcut().toString() == "Ctrl+B"


def test_ctrl_b_adds_the_current_item_and_not_twice(window, qtbot, catalogue):
    finding = catalogue.dataset.findings[2].id
    rec = catalogue.dataset.recommendations[1].id
    window.select_finding(finding)
    window.pane_layout.findings_view.setFocus()
    qtbot.keyClick(window.pane_layout.findings_view, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    window.select_recommendation(rec)
    window.action("add_to_brief").trigger()
    window.action("add_to_brief").trigger()
    pack = panel_of(window).pack
    assert [i.key for i in pack.items] == [("finding", finding), ("recommendation", rec)]
    assert "already in the briefing pack" in window.statusBar().currentMessage()
    assert pack.modified


def test_reorder_remove_and_note_by_keyboard(window, qtbot, catalogue):
    panel = panel_of(window)
    ids = [f.id for f in catalogue.dataset.findings[:3]]
    for finding_id in ids:
        panel.add_item("finding", finding_id)
    view = panel.list_view
    view.setFocus()
    view.setCurrentIndex(panel.model.index(0))
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert [i.id for i in panel.pack.items] == [ids[1], ids[0], ids[2]]
    assert view.currentIndex().row() == 1, "the moved item stays current"
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [i.id for i in panel.pack.items] == ids
    panel.note_edit.setPlainText("Ask about the sample size")
    assert panel.pack.items[0].note == "Ask about the sample size"
    view.setCurrentIndex(panel.model.index(2))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [i.id for i in panel.pack.items] == ids[:2]
    panel.title_edit.setFocus()
    qtbot.keyClicks(panel.title_edit, " for the board")
    assert panel.pack.title.endswith("for the board")


def test_save_open_and_missing_items_in_the_panel(window, tmp_path, catalogue, raw_dataset, write_json):
    panel = panel_of(window)
    gone = raw_dataset["findings"][0]["id"]
    kept = raw_dataset["findings"][1]["id"]
    panel.add_item("finding", gone)
    panel.add_item("finding", kept)
    path = tmp_path / "pack.brief.json"
    assert panel.save_to(path)
    assert not panel.pack.modified
    assert json.loads(path.read_text(encoding="utf-8"))["edition"] == catalogue.edition.id

    del raw_dataset["findings"][0]
    for rec in raw_dataset["recommendations"]:
        rec["supporting_findings"] = [f for f in rec["supporting_findings"] if f != gone]
        rec["related_findings"] = [f for f in rec.get("related_findings", []) if f != gone]
    window.set_catalogue(Catalogue(load_dataset(write_json(raw_dataset))))
    assert panel.model.index(0).data(MISSING_ROLE) is True
    assert panel.model.index(0).data(Qt.ItemDataRole.DisplayRole).startswith("Not in this dataset edition")
    assert panel.model.index(1).data(MISSING_ROLE) is False
    assert "1 not in this dataset edition" in panel.file_label.text()

    assert panel.open_file(path)
    assert [i.id for i in panel.pack.items] == [gone, kept]
    panel.move_current(1)
    assert panel.save()
    assert [i["id"] for i in json.loads(path.read_text(encoding="utf-8"))["items"]] == [kept, gone]


def test_opening_a_bad_pack_shows_a_plain_error(window, tmp_path, monkeypatch):
    errors = []
    panel_of(window).error_handler = lambda title, text: errors.append((title, text))
    bad = tmp_path / "bad.brief.json"
    bad.write_text("{oops", encoding="utf-8")
    assert not panel_of(window).open_file(bad)
    assert errors and str(bad) in errors[0][1] and "invalid JSON" in errors[0][1]


@pytest.mark.parametrize(("answer", "closes", "saved"), [
    (QMessageBox.StandardButton.Cancel, False, False),
    (QMessageBox.StandardButton.Discard, True, False),
    (QMessageBox.StandardButton.Save, True, True),
])
def test_an_unsaved_pack_asks_before_the_window_closes(window, catalogue, tmp_path, answer, closes, saved):
    panel = panel_of(window)
    panel.add_item("finding", catalogue.dataset.findings[0].id)
    target = tmp_path / "saved.brief.json"
    panel.pack.path = target  # "Save" then needs no file dialog
    asked = []
    panel.ask_unsaved = lambda: asked.append(True) or answer
    window.close()
    assert asked == [True]
    assert window.isVisible() is not closes
    assert target.exists() is saved
    panel.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    if saved:
        assert open_pack(target).items[0].id == catalogue.dataset.findings[0].id


def test_a_saved_pack_closes_without_asking(window, catalogue, tmp_path):
    panel = panel_of(window)
    panel.add_item("finding", catalogue.dataset.findings[0].id)
    panel.save_to(tmp_path / "p.brief.json")
    asked = []
    panel.ask_unsaved = lambda: asked.append(True) or QMessageBox.StandardButton.Discard
    window.close()
    assert not window.isVisible()
    assert asked == [], "a saved pack closes without asking"


def test_export_pdf_prints_the_current_sector_the_overview_or_the_pack(window, tmp_path, catalogue):
    sector = catalogue.dataset.sectors[1]
    window.pane_layout.sector_view.setCurrentIndex(window.sector_model.index(window.sector_model.row_of(sector.id), 0))
    assert window.current_sector() == sector.id
    path = window.sheets.export_pdf(str(tmp_path / "sector.pdf"))
    assert PdfReader(path).metadata.title.startswith(sector.name)
    assert PdfReader(path).attachments, "the figures CSV is attached"

    window.pane_layout.sector_view.setCurrentIndex(window.sector_model.index(window.sector_model.row_of(None), 0))
    assert window.current_sector() is None
    path = window.sheets.export_pdf(str(tmp_path / "overview.pdf"))
    assert PdfReader(path).metadata.title.startswith("Overview")

    panel = panel_of(window)
    panel.add_item("recommendation", catalogue.dataset.recommendations[0].id)
    panel.title_edit.setText("Pack for the minister")
    panel.model.set_title("Pack for the minister")
    window.pane_layout.lower_tabs.setCurrentIndex(window.pane_layout.lower_tabs.indexOf(window.pack_host.parentWidget()))
    assert window.sheets.pack_is_active()
    path = window.sheets.export_pdf(str(tmp_path / "pack"))
    assert path.suffix == ".pdf"
    assert "Pack for the minister" in text_of(path)
    assert "Exported" in window.statusBar().currentMessage()


def test_exporting_a_long_pack_from_the_window(window, tmp_path, catalogue):
    panel = panel_of(window)
    for finding in catalogue.dataset.findings[: integration.LONG_SHEET_ITEMS + 5]:
        panel.add_item("finding", finding.id)
    window.pane_layout.lower_tabs.setCurrentIndex(window.pane_layout.lower_tabs.indexOf(window.pack_host.parentWidget()))
    path = window.sheets.export_pdf(str(tmp_path / "long.pdf"))
    text = text_of(path).replace(" ", "")
    for finding in catalogue.dataset.findings[: integration.LONG_SHEET_ITEMS + 5]:
        assert f"finding{finding.id}" in text


def test_export_to_a_bad_path_shows_a_plain_error(window, tmp_path, monkeypatch):
    errors = []
    monkeypatch.setattr(window, "show_error", lambda title, text: errors.append(text))
    assert window.sheets.export_pdf(str(tmp_path / "missing-folder" / "x.pdf")) is None
    assert errors and "does not exist" in errors[0]


def test_marking_and_paper_options_are_kept_in_the_settings(window, tmp_path):
    window.sheets.set_options("OFFICIAL-SENSITIVE", "letter")
    stored = window.settings().extensions[integration.SETTINGS_KEY]
    assert (stored["marking"], stored["paper"]) == ("OFFICIAL-SENSITIVE", "letter")
    path = window.sheets.export_pdf(str(tmp_path / "marked.pdf"))
    assert window.settings().extensions[integration.SETTINGS_KEY]["last_dir"] == str(tmp_path)
    reader = PdfReader(path)
    assert round(float(reader.pages[0].mediabox.height)) == 792
    assert text_of(path).count("OFFICIAL-SENSITIVE") >= 2 * len(reader.pages)


def test_print_preview_paints_with_the_same_layout(qapp, catalogue, tmp_path):
    """The preview's paintRequested draws through render_sheet; here onto a PDF-format QPrinter."""
    from briefing_app.sheets import build

    sheet, layout = build.sector_sheet(catalogue, "health")
    dialog = preview_dialog(None, sheet)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "preview.pdf"))
    dialog.paintRequested.emit(printer)
    dialog.deleteLater()
    reader = PdfReader(tmp_path / "preview.pdf")
    assert len(reader.pages) == layout.page_count
    assert "Page 1 of" in text_of(tmp_path / "preview.pdf")


def test_printing_to_a_missing_printer_is_a_clear_error(qapp, catalogue):
    with pytest.raises(PrintError, match="no printer called “No Such Printer”"):
        printer_named("No Such Printer")


def test_printing_to_an_invalid_printer_is_a_clear_error(qapp, catalogue, tmp_path):
    from briefing_app.sheets import build

    sheet, _ = build.sector_sheet(catalogue, "health")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "no-such-folder" / "out.pdf"))
    with pytest.raises(PrintError, match="Could not print"):
        print_sheet(sheet, printer)


def test_print_actions_say_what_they_print(window, catalogue):
    actions = [window.action(key) for key in ("print_preview", "print", "export_pdf")]
    shortcuts = [action.shortcuts() for action in actions]
    sector = catalogue.dataset.sectors[0]
    window.pane_layout.sector_view.setCurrentIndex(window.sector_model.index(window.sector_model.row_of(sector.id), 0))
    assert all(action.text().endswith(f": {sector.name} sheet…") for action in actions)
    window.pane_layout.sector_view.setCurrentIndex(window.sector_model.index(window.sector_model.row_of(None), 0))
    assert all(action.text().endswith(": overview sheet…") for action in actions)
    window.pane_layout.lower_tabs.setCurrentIndex(window.pane_layout.lower_tabs.indexOf(window.pack_host.parentWidget()))
    assert window.sheets.pack_is_active()
    assert all(action.text().endswith(": briefing pack…") for action in actions)
    assert window.action("print_preview").text().replace("&", "").startswith("Print preview")
    window.pane_layout.lower_tabs.setCurrentIndex(0)
    assert not window.sheets.pack_is_active()
    assert all(action.text().endswith(": overview sheet…") for action in actions)
    assert [action.shortcuts() for action in actions] == shortcuts and all(shortcuts), "the shortcuts are kept"
