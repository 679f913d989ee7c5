"""The window never writes through a symbolic link without asking, and never silently overwrites a pack
that another window (or program) saved meanwhile (issue 16)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from briefing_app.sheets import pack_panel as pack_panel_module
from briefing_app.sheets.pack import Pack, PackChangedError, open_pack
from briefing_app.sheets.pack_panel import PackPanel
from briefing_app.views import commands, output_guard

OLD = "the file the link points to\n"


class _Asked(list):
    """The link questions asked (their OutputTarget), answered in turn from ``answers``."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[bool] = []


@pytest.fixture()
def questions(monkeypatch) -> _Asked:
    asked = _Asked()

    def ask(parent, target):
        asked.append(target)
        return asked.answers.pop(0)

    monkeypatch.setattr(output_guard, "ask_write_through_link", ask)
    return asked


@pytest.fixture()
def linked(tmp_path) -> tuple[Path, Path]:
    target = tmp_path / "elsewhere" / "real.file"
    target.parent.mkdir()
    target.write_text(OLD)
    link = tmp_path / "chosen.brief.json"
    link.symlink_to(target)
    return link, target


def make_panel(qtbot, catalogue) -> PackPanel:
    panel = PackPanel(catalogue)
    qtbot.addWidget(panel)
    panel.error_handler = lambda title, text: panel.errors.append((title, text))
    panel.errors = []
    panel.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    return panel


# ---- links ----------------------------------------------------------------------------------------


def test_saving_a_pack_through_a_link_asks_first(qtbot, catalogue, questions, linked):
    link, target = linked
    panel = make_panel(qtbot, catalogue)
    panel.add_item("finding", catalogue.dataset.findings[0].id)
    questions.answers.extend([False, True])
    assert panel.save_to(link) is False  # the user said no: nothing written
    assert target.read_text() == OLD and link.is_symlink()
    assert [(q.given, q.path) for q in questions] == [(link, target)]
    assert panel.save_to(link) is True  # the user agreed: the linked file is written, the link stays
    assert json.loads(target.read_text())["items"][0]["id"] == catalogue.dataset.findings[0].id
    assert link.is_symlink()
    panel.add_item("finding", catalogue.dataset.findings[1].id)
    assert panel.save() is True  # asked once per file
    assert len(questions) == 2


def test_no_question_without_a_link(qtbot, catalogue, questions, tmp_path):
    panel = make_panel(qtbot, catalogue)
    panel.add_item("finding", catalogue.dataset.findings[0].id)
    assert panel.save_to(tmp_path / "plain.brief.json")
    assert questions == []


def test_chart_and_csv_exports_ask_before_writing_through_a_link(panel, questions, linked, make_window, monkeypatch):
    link, target = linked
    chart_link = link.with_name("chart.csv")
    chart_link.symlink_to(target)
    panel.set_sector("health")
    questions.answers.append(False)
    assert panel.export_to(str(chart_link)) is False
    assert target.read_text() == OLD
    # The window's CSV export of the findings shown.
    window = make_window(show=False)
    csv_link = link.with_name("findings.csv")
    csv_link.symlink_to(target)
    monkeypatch.setattr(commands.QFileDialog, "getSaveFileName", lambda *a, **k: (str(csv_link), ""))
    questions.answers.append(False)
    window.action("export_csv").trigger()
    assert target.read_text() == OLD
    questions.answers.append(True)
    window.action("export_csv").trigger()
    assert target.read_text().startswith("\ufeff") and csv_link.is_symlink()
    assert len(questions) == 3


def test_pdf_export_asks_before_writing_through_a_link(questions, linked, make_window):
    link, target = linked
    pdf_link = link.with_name("sheet.pdf")
    pdf_link.symlink_to(target)
    window = make_window(extensions=["briefing_app.sheets.integration"], show=False)
    questions.answers.append(False)
    assert window.sheets.export_pdf(str(pdf_link)) is None
    assert target.read_text() == OLD
    questions.answers.append(True)
    assert window.sheets.export_pdf(str(pdf_link)) is not None
    assert target.read_bytes().startswith(b"%PDF-") and pdf_link.is_symlink()


# ---- two windows, one pack --------------------------------------------------------------------------


@pytest.fixture()
def shared_pack(tmp_path, catalogue) -> Path:
    pack = Pack(title="Shared")
    pack.add("finding", catalogue.dataset.findings[0].id)
    return pack.save(tmp_path / "shared.brief.json")


def test_the_second_save_of_a_pack_changed_elsewhere_is_refused_with_a_clear_message(shared_pack, catalogue):
    first, second = open_pack(shared_pack), open_pack(shared_pack)
    first.add("finding", catalogue.dataset.findings[1].id)
    first.save()
    second.add("finding", catalogue.dataset.findings[2].id)
    with pytest.raises(PackChangedError) as info:
        second.save()
    assert str(info.value) == (f"{shared_pack}: $: the file was changed by another program or window since this pack "
                               "was opened or last saved; saving now would discard that change, so nothing was written")
    assert [item.id for item in open_pack(shared_pack).items] == [f.id for f in catalogue.dataset.findings[:2]]
    second.save(overwrite_changes=True)  # when the user chooses to overwrite
    assert [item.id for item in open_pack(shared_pack).items][-1] == catalogue.dataset.findings[2].id
    # Saving again after one's own save is no conflict, nor is saving after the file was removed.
    second.add("finding", catalogue.dataset.findings[3].id)
    second.save()
    shared_pack.unlink()
    second.save()
    assert shared_pack.exists()


@pytest.mark.parametrize("answer", ["cancel", "overwrite", "save as"])
def test_two_windows_saving_the_same_pack_ask_before_discarding_a_change(qtbot, catalogue, shared_pack, tmp_path,
                                                                        monkeypatch, answer):
    one, two = make_panel(qtbot, catalogue), make_panel(qtbot, catalogue)
    assert one.open_file(shared_pack) and two.open_file(shared_pack)
    one.add_item("finding", catalogue.dataset.findings[1].id)
    assert one.save()
    two.add_item("finding", catalogue.dataset.findings[2].id)
    asked = []
    buttons = {"cancel": QMessageBox.StandardButton.Cancel, "overwrite": QMessageBox.StandardButton.Save,
               "save as": QMessageBox.StandardButton.SaveAll}
    two.ask_changed = lambda detail: asked.append(detail) or buttons[answer]
    other = tmp_path / "mine.brief.json"
    monkeypatch.setattr(pack_panel_module.QFileDialog, "getSaveFileName", lambda *a, **k: (str(other), ""))
    saved = two.save()
    assert asked and "changed by another program or window" in asked[0]
    ids = [item.id for item in open_pack(shared_pack).items]
    if answer == "cancel":
        assert saved is False and two.pack.modified
        assert ids == [f.id for f in catalogue.dataset.findings[:2]]  # the first window's change is kept
    elif answer == "overwrite":
        assert saved is True
        assert ids == [catalogue.dataset.findings[0].id, catalogue.dataset.findings[2].id]
    else:
        assert saved is True and two.pack.path == other
        assert ids == [f.id for f in catalogue.dataset.findings[:2]]
        assert [item.id for item in open_pack(other).items] == [catalogue.dataset.findings[0].id,
                                                                catalogue.dataset.findings[2].id]
    assert not one.errors and not two.errors


def test_a_change_made_while_the_pack_is_being_written_is_caught_at_the_last_moment(shared_pack, catalogue,
                                                                                   monkeypatch):
    """Another save landing between the first check and the replacement is found by the check made just
    before the file is replaced; the other save's file is kept and no temporary file is left."""
    from briefing_app.storage import atomic

    pack = open_pack(shared_pack)
    pack.add("finding", catalogue.dataset.findings[5].id)
    real_fsync = atomic.os.fsync

    def fsync_then_another_save(fd):
        real_fsync(fd)
        other = open_pack(shared_pack)
        other.add("finding", catalogue.dataset.findings[6].id)
        monkeypatch.setattr(atomic.os, "fsync", real_fsync)
        other.save()

    monkeypatch.setattr(atomic.os, "fsync", fsync_then_another_save)
    with pytest.raises(PackChangedError):
        pack.save()
    assert open_pack(shared_pack).items[-1].id == catalogue.dataset.findings[6].id
    assert sorted(p.name for p in shared_pack.parent.iterdir()) == [shared_pack.name]
