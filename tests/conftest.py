"""Shared test set-up: headless Qt, the bundled dataset, helpers to make broken datasets, no network, a chart
panel, a virtual X screen (xvfb) and main windows (make_window)."""

from __future__ import annotations

import os

# Before any Qt import: run headless unless a test run asks for a real display (e.g. xcb under Xvfb).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep user settings of the developer's machine out of the tests.
os.environ.setdefault("XDG_CONFIG_HOME", os.path.join(os.environ.get("TMPDIR", "/tmp"), "briefing-app-test-config"))
# ... and the editions the app keeps (storage/editions.py) out of the developer's data folder.
os.environ.setdefault("BRIEFING_APP_DATA_DIR", os.path.join(os.environ.get("TMPDIR", "/tmp"), "briefing-app-test-data"))

import copy
import json
import socket
import subprocess
from pathlib import Path

import pytest
from install_helpers import tool

from briefing_app.domain import Catalogue, bundled_dataset_path, load_dataset

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def dataset_path() -> Path:
    return bundled_dataset_path()


@pytest.fixture(scope="session")
def bundled():
    return load_dataset(bundled_dataset_path())


@pytest.fixture(scope="session")
def catalogue(bundled) -> Catalogue:
    return Catalogue(bundled, str(bundled_dataset_path()))


@pytest.fixture()
def raw_dataset(dataset_path) -> dict:
    """A fresh, mutable copy of the bundled dataset as plain JSON data."""
    return copy.deepcopy(json.loads(dataset_path.read_text(encoding="utf-8")))


@pytest.fixture()
def write_json(tmp_path):
    def write(data, name: str = "dataset.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(data), encoding="utf-8")
        return path

    return write


# ---- no network: any Internet socket connection during the tests fails loudly ----------------------
class NetworkAccessError(RuntimeError):
    pass


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _refuse(sock: socket.socket, address) -> None:
    if sock.family != getattr(socket, "AF_UNIX", None):
        raise NetworkAccessError(f"a test tried to open a network connection to {address!r}")


def _guarded_connect(self, address):
    _refuse(self, address)
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    _refuse(self, address)
    return _real_connect_ex(self, address)


socket.socket.connect = _guarded_connect
socket.socket.connect_ex = _guarded_connect_ex


@pytest.fixture()
def panel(qtbot, catalogue):
    """A chart panel on the bundled dataset, shown alone in a 640x520 window."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from briefing_app.charts.widget import ChartPanel

    host = QWidget()
    QVBoxLayout(host).addWidget(chart_panel := ChartPanel(catalogue))
    qtbot.addWidget(host)
    host.resize(640, 520)
    host.show()
    qtbot.waitExposed(host)
    yield chart_panel
    host.close()


@pytest.fixture()
def xvfb():
    """A virtual X screen on a free display number (Xvfb picks it and writes it to the pipe)."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        # -noreset: by default the server resets when its last client leaves, refusing connections
        # meanwhile, so a program connecting just as xdotool disconnects would fail to start.
        [tool("Xvfb"), "-displayfd", str(write_end), "-screen", "0", "1366x768x24", "-nolisten", "tcp", "-noreset"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        display = ":" + pipe.readline().strip()
    try:
        assert display != ":", "Xvfb did not start"
        yield display
    finally:
        server.terminate()
        server.wait(timeout=30)


# ---- the main window -----------------------------------------------------------------------------------------
SHEETS_EXTENSION = "briefing_app.sheets.integration"


@pytest.fixture()
def make_window(qtbot, catalogue, tmp_path, monkeypatch):
    """Main windows on ``catalogue`` (the bundled one by default) with settings in a temporary folder, closed
    by pytest-qt after the test.

    ``extensions``: the extension modules to attach (none by default; None for every one of the build); a
    missing one fails the test. ``size``: resized before it is shown. ``show``: shown and exposed;
    ``active``: also the active window, so that keyboard shortcuts reach it. With the sheets attached, the
    unsaved-pack question is answered "Discard", so that closing the window never waits on a dialog.
    """
    import importlib

    from PySide6.QtWidgets import QMessageBox

    from briefing_app.storage.settings import SettingsStore
    from briefing_app.views import extensions as extension_list
    from briefing_app.views.main_window import MainWindow

    def make(cat=None, *, extensions=(), config_dir=None, size=None, show=True, active=False):
        if extensions is not None:
            monkeypatch.setattr(extension_list, "EXTENSIONS", list(extensions))
        names = list(extension_list.EXTENSIONS)
        for name in names:
            importlib.import_module(name)  # raises if it is missing: never attached silently without it
        window = MainWindow(catalogue if cat is None else cat, SettingsStore(config_dir or tmp_path / "config"))
        qtbot.addWidget(window)
        if size:
            window.resize(*size)
        if show:
            window.show()
            qtbot.waitExposed(window)
        if active:
            window.activateWindow()
            qtbot.waitUntil(window.isActiveWindow, timeout=2000)
        if names:
            window.attach_extensions_now()
        if SHEETS_EXTENSION in names:
            window.sheets.panel.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
        return window

    return make
