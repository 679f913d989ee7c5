"""Issue 17, "the window, tried as a new user would": the window at real sizes and in real palettes, the
keyboard, the charts at every bar count, and search with punctuation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from briefing_app.storage.settings import SettingsStore
from briefing_app.views import extensions
from briefing_app.views.main_window import MainWindow


@pytest.fixture()
def window(qtbot, catalogue, tmp_path, monkeypatch):
    monkeypatch.setattr(extensions, "EXTENSIONS", [])
    window = MainWindow(catalogue, SettingsStore(tmp_path / "config"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    return window


# ---- moving the focus never changes the selection ------------------------------------------------------


def test_f6_through_every_pane_keeps_the_finding_shown_and_back(qtbot, window, catalogue):
    rec = next(r for r in catalogue.dataset.recommendations if r.supporting_findings)
    window.select_recommendation(rec.id)
    window.detail.linkActivated.emit("finding", rec.supporting_findings[0])  # a link followed: Back is possible
    shown = ("finding", rec.supporting_findings[0])
    assert window.current_item() == shown and window.actions["back"].isEnabled()
    detail_text = window.detail.toPlainText()

    window.search_edit.setFocus()
    for _ in range(2 * len(window.panes)):
        for backwards in (False, True, False):
            modifier = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, modifier)
            assert window.current_item() == shown, QApplication.focusWidget().objectName()
    assert window.detail.toPlainText() == detail_text
    assert window.actions["back"].isEnabled()
    assert not window.recommendations_view.selectionModel().hasSelection()

    # In the recommendations table, the arrow keys then choose a recommendation, from the first one.
    window.recommendations_view.setFocus()
    qtbot.keyClick(window.recommendations_view, Qt.Key.Key_Down)
    first = window.recommendations_view.model().index(0, 0)
    assert window.current_item()[0] == "recommendation"
    assert window.recommendations_view.currentIndex().row() == first.row()


# ---- search with apostrophes and punctuation -------------------------------------------------------------


def count_findings(catalogue, query: str) -> int:
    from briefing_app.domain import search_words

    words = search_words(query)
    return sum(catalogue.matches(f.id, words) for f in catalogue.dataset.findings)


@pytest.mark.parametrize(
    ("typed", "bare"),
    [
        ("school leaders' workload", "school leaders workload"),
        ("school leaders’ workload", "school leaders workload"),
        ("NHS managers'", "NHS managers"),
        ("NHS managers’", "NHS managers"),
        ("“NHS managers”,", "NHS managers"),
    ],
)
def test_apostrophes_and_quotes_find_what_the_bare_words_find(catalogue, typed, bare):
    assert count_findings(catalogue, bare) > 0
    assert count_findings(catalogue, typed) == count_findings(catalogue, bare)


def test_the_window_search_box_ignores_a_curly_apostrophe(qtbot, window, catalogue):
    window.search_edit.setText("school leaders workload")
    bare = window.visible_finding_ids()
    window.search_edit.setText("school leaders’ workload")
    assert list(window.visible_finding_ids()) == list(bare) and len(bare) > 0
