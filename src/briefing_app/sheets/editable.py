"""The editable exports of a sheet, by format: Word (.docx) and OpenDocument (.odt).

Both come from the same blocks (:mod:`.flow`) of the same Sheet the PDF prints, and are written atomically.
"""

from __future__ import annotations

import os

from .model import Sheet

EDITABLE_FORMATS = {"docx": "Word document", "odt": "OpenDocument text"}


def document_bytes(sheet: Sheet, kind: str) -> bytes:
    if kind == "docx":
        from .docx import docx_bytes

        return docx_bytes(sheet)
    if kind == "odt":
        from .odt import odt_bytes

        return odt_bytes(sheet)
    raise ValueError(f"not an editable format: {kind!r}")


def write_document(sheet: Sheet, path: str | os.PathLike[str], kind: str) -> None:
    """Write the sheet as ``kind`` ("docx" or "odt") to ``path`` atomically; ExportError names the reason."""
    from ..storage.atomic import WriteError, atomic_write_bytes
    from .pdf import ExportError

    data = document_bytes(sheet, kind)
    try:
        atomic_write_bytes(path, data)
    except WriteError as exc:
        raise ExportError(str(exc)) from None
