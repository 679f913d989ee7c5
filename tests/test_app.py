"""Application set-up: Qt's own translations, and the hidden quit-after-first-paint option."""

from __future__ import annotations

import os
import subprocess
import sys


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
    )


def test_qt_dialog_translations_follow_the_system_language():
    code = (
        "from PySide6.QtWidgets import QApplication; app = QApplication([]);"
        "from briefing_app.app import install_qt_translations;"
        "from PySide6.QtCore import QCoreApplication;"
        "print(install_qt_translations(app), QCoreApplication.translate('QPrintDialog', 'Print'))"
    )
    french = _run(code, LC_ALL="fr_FR.UTF-8", LANG="fr_FR.UTF-8", LANGUAGE="fr")
    assert french.returncode == 0, french.stderr
    assert french.stdout.split()[0] == "True"
    assert french.stdout.split(maxsplit=1)[1].strip() == "Imprimer"


def test_window_quits_by_itself_after_its_first_paint(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "briefing_app", "--quit-after-first-paint"],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "BRIEFING_APP_CONFIG_DIR": str(tmp_path / "config"),
             "BRIEFING_APP_LOG_DIR": str(tmp_path / "log")},
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "config").is_dir()  # the window saved its settings on the way out
