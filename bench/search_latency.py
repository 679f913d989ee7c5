"""Per-keystroke latency of the search box, typing words letter by letter; prints one JSON object.

    python bench/search_latency.py app|app-extensions|baseline --dataset PATH [--words leadership,...]

Prints JSON lines: the set-up (times to load, build and show the window, attach the extensions), then {"keystroke": text typed so far, "seconds": latency} for each key, then {"done": true}.

app             the real MainWindow (offscreen), extensions not attached
app-extensions  the same with the extensions (charts, sheets) attached, so the chart follows each keystroke
baseline        a plain QSortFilterProxyModel, setFilterFixedString (case-insensitive) over a QStringListModel
                of the same finding statements, shown in a QListView, fed by a QLineEdit the same way

Each keystroke is timed from the key event (QTest.keyClick on the focused search box) until the event
queue has been processed (the proxy refiltered, the counts updated, the table and, with extensions, the
chart redrawn). Before each word the box is cleared (not timed) and, for the app, the search's memory of
recent results is dropped, so every word is typed "cold".

The dataset is read with parse_dataset on its bytes: a 100,000-finding file is above the loader's 64 MB
cap (MAX_DATASET_BYTES), which protects the app from huge files but is not what is measured here.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path


def settle(app, seconds: float = 0.0) -> None:
    """Process events until the queue is empty (and for at least ``seconds``)."""
    end = time.perf_counter() + seconds
    app.processEvents()
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.005)
    app.processEvents()


def emit(record: dict) -> None:
    """One JSON object per line, as soon as it is known (the parent may stop a run that takes too long)."""
    print(json.dumps(record), flush=True)


def type_words(app, edit, words: list[str], before_word) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    for word in words:
        edit.clear()
        before_word()
        settle(app, 0.2)
        for index, letter in enumerate(word):
            start = time.perf_counter()
            QTest.keyClick(edit, letter)
            app.processEvents()
            elapsed = time.perf_counter() - start
            emit({"keystroke": word[: index + 1], "seconds": elapsed})
        if edit.text() != word:
            raise RuntimeError(f"typed {word!r} but the search box holds {edit.text()!r}")
        QTest.keyClick(edit, Qt.Key.Key_Escape)  # not timed


def run_app(dataset_path: str, words: list[str], with_extensions: bool) -> None:
    from PySide6.QtWidgets import QApplication

    from briefing_app.domain import Catalogue
    from briefing_app.domain.loading import parse_dataset
    from briefing_app.views import extensions
    from briefing_app.views.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    data = Path(dataset_path).read_bytes()
    start = time.perf_counter()
    catalogue = Catalogue(parse_dataset(data, dataset_path), dataset_path)
    load_seconds = time.perf_counter() - start
    if not with_extensions:
        extensions.EXTENSIONS[:] = []  # this process only
    start = time.perf_counter()
    window = MainWindow(catalogue, None)
    window.show()
    settle(app)
    window_seconds = time.perf_counter() - start
    start = time.perf_counter()
    attached = window.attach_extensions_now()
    settle(app)
    extensions_seconds = time.perf_counter() - start
    # The window builds the search index soon after it is shown; make sure it exists before typing.
    finding_search, recommendation_search = catalogue.finding_search, catalogue.recommendation_search
    window.filter_bar.search_edit.setFocus()
    settle(app, 0.5)

    def cold() -> None:
        finding_search.forget_recent()
        recommendation_search.forget_recent()

    emit({
        "kind": "app-extensions" if with_extensions else "app",
        "findings": len(catalogue.dataset.findings),
        "extensions": attached,
        "load_seconds": load_seconds,
        "window_seconds": window_seconds,
        "extensions_seconds": extensions_seconds,
    })
    type_words(app, window.filter_bar.search_edit, words, cold)


def run_baseline(dataset_path: str, words: list[str]) -> None:
    from PySide6.QtCore import QSortFilterProxyModel, QStringListModel, Qt
    from PySide6.QtWidgets import QApplication, QLineEdit, QListView, QVBoxLayout, QWidget

    app = QApplication.instance() or QApplication(sys.argv[:1])
    statements = [finding["statement"] for finding in json.loads(Path(dataset_path).read_bytes())["findings"]]
    model = QStringListModel(statements)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    window = QWidget()
    edit = QLineEdit(window)
    view = QListView(window)
    view.setModel(proxy)
    view.setUniformItemSizes(True)
    layout = QVBoxLayout(window)
    layout.addWidget(edit)
    layout.addWidget(view)
    edit.textChanged.connect(proxy.setFilterFixedString)
    window.resize(1366, 768)
    window.show()
    edit.setFocus()
    settle(app, 0.5)
    emit({"kind": "baseline", "findings": len(statements)})
    type_words(app, edit, words, lambda: None)


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["app", "app-extensions", "baseline"])
    parser.add_argument("--dataset", required=True)
    parser.add_argument("--words", default="leadership")
    args = parser.parse_args()
    words = args.words.split(",")
    if args.kind == "baseline":
        run_baseline(args.dataset, words)
    else:
        run_app(args.dataset, words, args.kind == "app-extensions")
    emit({"done": True})
    os._exit(0)  # skip tearing down 100,000-row models: not part of what is measured


if __name__ == "__main__":
    main()
