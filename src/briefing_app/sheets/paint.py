"""Draw a laid-out sheet: the one function that print preview, printing, PDF export and the command line call.

:func:`render_sheet` lays the sheet out for the device's own page layout (so a paper size chosen in the
print dialog is honoured), then paints every page. The painter works in 96-dpi logical pixels: it is
scaled by the device's resolution, so a 96-dpi QPdfWriter and a 1200-dpi printer get the same page.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPagedPaintDevice, QPainter, QPen

from ..domain.dates import long_date
from ..domain.text import drawable
from .layout import SheetLayout, layout_sheet
from .model import Sheet
from .page import ACCENT, LOGICAL_DPI, MUTED, RULE
from .pagination import footer_font, marking_font


class RenderError(Exception):
    """The device could not be painted on (e.g. the printer or file refused); the message is for the user."""


def _running_header(sheet: Sheet) -> str:
    return f"{sheet.title} (continued)"


def _paint_bands(painter: QPainter, layout: SheetLayout, index: int) -> None:
    sheet, frame = layout.sheet, layout.frame
    width, height = frame.width, frame.height
    marking = sheet.marking.strip()
    top = 0.0
    if marking:
        painter.setFont(marking_font())
        painter.setPen(ACCENT)
        marking_height = painter.fontMetrics().height() + 4.0
        painter.drawText(QRectF(0, 0, width, marking_height), int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), marking)
        painter.drawText(
            QRectF(0, height - marking_height + 4.0, width, marking_height),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), marking,
        )
        top = marking_height
    painter.setFont(footer_font())
    painter.setPen(MUTED)
    line = painter.fontMetrics().height()
    if index > 0:
        printed = f"Printed {long_date(sheet.printed)}"
        metrics = painter.fontMetrics()
        # A long title (a pack's is the user's own) is elided so that it never runs into the date.
        room = max(0.0, width - metrics.horizontalAdvance(printed) - 16.0)
        header = metrics.elidedText(drawable(_running_header(sheet)), Qt.TextElideMode.ElideRight, int(room))
        painter.drawText(QRectF(0, top, room, line), int(Qt.AlignmentFlag.AlignLeft), header)
        painter.drawText(QRectF(0, top, width, line), int(Qt.AlignmentFlag.AlignRight), printed)
        painter.setPen(QPen(RULE, 0.6))
        painter.drawLine(QPointF(0, top + line + 2.0), QPointF(width, top + line + 2.0))
    footer_top = frame.body.bottom() + 4.0
    painter.setPen(QPen(RULE, 0.6))
    painter.drawLine(QPointF(0, footer_top), QPointF(width, footer_top))
    painter.setPen(MUTED)
    text_rect = QRectF(0, footer_top + 3.0, width, line)
    painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignLeft), f"Edition {sheet.edition_id} · {sheet.application}")
    painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignRight), f"Page {index + 1} of {layout.page_count}")


def paint_page(painter: QPainter, layout: SheetLayout, index: int) -> None:
    """Draw page ``index`` of ``layout``; the painter's origin is the printable area's top-left, in 96-dpi px."""
    _paint_bands(painter, layout, index)
    body = layout.frame.body_of(index)
    for placed in layout.pages[index]:
        painter.save()
        try:
            painter.translate(body.left(), body.top() + placed.top)
            if placed.is_slice:
                # One page's slice of a block taller than a page: clip to it and shift the block up.
                painter.setClipRect(QRectF(-2.0, 0, body.width() + 4.0, placed.height))
                painter.translate(0, -placed.offset)
            if placed.scale < 1.0:
                painter.scale(placed.scale, placed.scale)
            placed.block.paint(painter, QRectF(0, 0, body.width(), placed.block.height))
        finally:
            painter.restore()


def render_sheet(device: QPagedPaintDevice, sheet: Sheet) -> SheetLayout:
    """Lay out ``sheet`` for ``device``'s page and paint every page onto it. Raises RenderError."""
    layout = layout_sheet(sheet, device.pageLayout())  # cheap for a fitted sheet: its blocks are measured
    painter = QPainter()
    if not painter.begin(device):
        raise RenderError("The printer or file could not be opened for drawing.")
    try:
        scale_x = device.logicalDpiX() / LOGICAL_DPI
        scale_y = device.logicalDpiY() / LOGICAL_DPI
        for index in range(layout.page_count):
            if index and not device.newPage():
                raise RenderError("The printer or file refused a new page.")
            painter.save()
            try:
                painter.scale(scale_x, scale_y)
                paint_page(painter, layout, index)
            finally:
                painter.restore()
    finally:
        # Always end the painter, even after an error: an open painter crashed Qt at exit (platform notes §4).
        painter.end()
    return layout
