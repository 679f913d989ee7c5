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


def test_qt_dialogs_stay_in_the_language_of_the_window():
    """The window is in English: under a German or French desktop Qt's own dialogs stay English too (issue 17;
    they once followed the system language, which made a window of two languages)."""
    code = (
        "from PySide6.QtWidgets import QApplication; app = QApplication([]);"
        "from briefing_app.app import install_qt_translations;"
        "from PySide6.QtCore import QCoreApplication;"
        "print(install_qt_translations(app), QCoreApplication.translate('QPrintDialog', 'Print'))"
    )
    for language in ("de_DE", "fr_FR"):
        result = _run(code, LC_ALL=f"{language}.UTF-8", LANG=f"{language}.UTF-8", LANGUAGE=language[:2])
        assert result.returncode == 0, result.stderr
        assert result.stdout.split()[0] == "False"
        assert result.stdout.split(maxsplit=1)[1].strip() == "Print"


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
