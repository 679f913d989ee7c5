"""PDF export: QPdfWriter at 96 dpi (vectors, embedded fonts, real text), metadata, the sheet's figures
as an embedded CSV attachment, written atomically.

QPdfWriter sets Title, Author and Creator but has no Subject or Keywords. Those are added by a standard
PDF *incremental update* (ISO 32000-1 §7.5.6): a new Info dictionary, a one-entry cross-reference
section and a trailer pointing back to Qt's are appended after Qt's own bytes, which are left untouched.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QPageLayout, QPdfWriter

from .. import APP_NAME, __version__
from ..domain.catalogue import Catalogue
from ..storage.atomic import WriteError, atomic_write_bytes
from ..storage.csv_file import csv_file_bytes
from .content import figures_csv
from .layout import SheetLayout
from .model import Sheet
from .page import LOGICAL_DPI, page_layout_for
from .paint import RenderError, render_sheet

CSV_ATTACHMENT_NAME = "figures.csv"


class ExportError(Exception):
    """The PDF could not be written; the message names the file and the reason. No partial file is left."""


def attachment_name(sheet: Sheet) -> str:
    return CSV_ATTACHMENT_NAME


def _pdf_text(text: str) -> str:
    """A PDF text string in UTF-16BE with a byte-order mark, written as hex (nothing needs escaping)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _pdf_date(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("(D:%Y%m%d%H%M%SZ)")


def add_info_dictionary(pdf: bytes, info: dict[str, str], moment: datetime | None = None) -> bytes:
    """Append an incremental update that replaces the document's Info dictionary with ``info``."""
    trailer_at = pdf.rfind(b"trailer")
    startxref_match = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf)
    if trailer_at < 0 or startxref_match is None:
        raise ValueError("not a PDF with a classic trailer")
    trailer = pdf[trailer_at:startxref_match.start()]
    size = int(re.search(rb"/Size\s+(\d+)", trailer).group(1))
    root = re.search(rb"/Root\s+(\d+\s+\d+\s+R)", trailer).group(1)
    ids = re.search(rb"/ID\s*(\[[^\]]*\])", trailer)
    previous_xref = int(startxref_match.group(1))
    moment = moment or datetime.now(timezone.utc)

    entries = "".join(f"/{key} {_pdf_text(value)}\n" for key, value in info.items() if value)
    entries += f"/CreationDate {_pdf_date(moment)}\n/ModDate {_pdf_date(moment)}\n"
    body = pdf if pdf.endswith(b"\n") else pdf + b"\n"
    object_number = size
    offset = len(body)
    update = f"{object_number} 0 obj\n<<\n{entries}>>\nendobj\n".encode("ascii")
    xref_offset = offset + len(update)
    xref = f"xref\n{object_number} 1\n{offset:010d} 00000 n \n".encode("ascii")
    trailer_new = (
        f"trailer\n<<\n/Size {size + 1}\n/Info {object_number} 0 R\n/Root ".encode("ascii") + root
        + b"\n" + (b"/ID " + ids.group(1) + b"\n" if ids else b"")
        + f"/Prev {previous_xref}\n>>\nstartxref\n{xref_offset}\n%%EOF\n".encode("ascii")
    )
    return body + update + xref + trailer_new


def metadata(sheet: Sheet) -> dict[str, str]:
    subject = {
        "sector": f"Briefing sheet on leadership and management in {sheet.subject.lower()}",
        "overview": "Briefing sheet: overview of leadership and management across UK public services",
        "pack": "Briefing pack on leadership and management in UK public services",
        "changes": "What changed in this edition of the evidence on leadership and management in UK public services",
    }[sheet.kind]
    return {
        "Title": sheet.title,
        "Author": APP_NAME,
        "Subject": f"{subject}. Dataset edition {sheet.edition_id}.",
        "Keywords": ", ".join(sheet.keywords),
        "Creator": f"{APP_NAME} {__version__}",
        "Producer": f"{APP_NAME} {__version__} (Qt QPdfWriter)",
    }


def pdf_bytes(sheet: Sheet, catalogue: Catalogue, page_layout: QPageLayout | None = None) -> tuple[bytes, SheetLayout]:
    """The finished PDF of ``sheet`` in memory, and its layout."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(LOGICAL_DPI)
    writer.setPageLayout(page_layout or page_layout_for("a4"))
    info = metadata(sheet)
    writer.setTitle(info["Title"])
    writer.setAuthor(info["Author"])
    writer.setCreator(info["Creator"])
    csv_text = figures_csv(catalogue, sheet)
    writer.addFileAttachment(attachment_name(sheet), QByteArray(csv_file_bytes(csv_text)), "text/csv")
    try:
        layout = render_sheet(writer, sheet)
    finally:
        buffer.close()
    data = bytes(buffer.data())
    return add_info_dictionary(data, info), layout


def write_pdf(sheet: Sheet, catalogue: Catalogue, path: str | os.PathLike[str],
              page_layout: QPageLayout | None = None) -> SheetLayout:
    """Write the sheet's PDF to ``path`` atomically: the file appears whole or not at all."""
    target = Path(path)
    try:
        data, layout = pdf_bytes(sheet, catalogue, page_layout)
    except RenderError as exc:
        raise ExportError(f"Cannot write {target}: {exc}") from None
    try:
        atomic_write_bytes(target, data)
    except WriteError as exc:
        raise ExportError(str(exc)) from None
    return layout
