"""Asking before the window writes through a symbolic link (issue 16).

The command line follows a link as the shell does (storage.atomic refuses only a link planted in a
shared folder by another user). In the window the user picks a name in a file dialog and may not know it
is a link: writing would replace the file the link points to, somewhere else. So the window says where
the link leads and writes only if the user agrees; never silently.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ..storage.atomic import OutputTarget, WriteError, inspect_output


def ask_write_through_link(parent: QWidget | None, target: OutputTarget) -> bool:
    """Ask whether to write the file a link leads to; True to write. Tests replace this function."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("The file is a link")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(f"“{target.given}” is a symbolic link to “{target.path}”.")
    box.setInformativeText(f"Writing it replaces {target.path}. Write there anyway?")
    write = box.addButton("Write to the linked file", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is write


def confirm_output(parent: QWidget | None, path: str | os.PathLike[str]) -> bool:
    """True when the window may write ``path``: no link on the way, or the user agreed to follow it.

    A path that cannot be written at all is let through: the write itself reports why, in the usual way.
    """
    try:
        target = inspect_output(path)
    except WriteError:
        return True
    if not target.through_link:
        return True
    return ask_write_through_link(parent, target)
