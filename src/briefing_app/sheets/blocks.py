"""The blocks of a sheet: each is measured once and painted whole on one page (or, if taller than a
page, in slices cut between text lines)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextDocument

from .page import ACCENT, CHART_SCALE, COLUMN_GAP, ITEM_PAD, NOTE_COLUMN_GAP, ROW_PAD, RULE, SHADE, VALUE_COLUMN


@dataclass
class Block:
    """A piece of the sheet that is placed whole on one page."""

    kind: str  # "header", "summary", "heading", "chart", "finding", "recommendation", "missing", "note"
    height: float
    item_id: str = ""
    keep_with_next: bool = False

    def paint(self, painter: QPainter, rect: QRectF) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def break_points(self) -> list[float]:
        """Heights within the block where it may be cut (between text lines) if it is taller than a page."""
        return []


def _line_tops(doc: QTextDocument) -> list[float]:
    """The top of every text line of ``doc`` but the first, in the document's coordinates: a block may be
    cut just above any of them."""
    tops = []
    block = doc.begin()
    while block.isValid():
        text_layout = block.layout()
        top = text_layout.position().y()
        tops += [top + text_layout.lineAt(i).y() for i in range(text_layout.lineCount())]
        block = block.next()
    return tops[1:]


def _draw_doc(painter: QPainter, doc: QTextDocument, top_left: QPointF) -> None:
    painter.save()
    painter.translate(top_left)
    if painter.hasClipping():
        _draw_lines(painter, doc, painter.clipBoundingRect())
    else:
        doc.drawContents(painter, QRectF(0, 0, doc.textWidth(), doc.size().height()))
    painter.restore()


def _draw_lines(painter: QPainter, doc: QTextDocument, clip: QRectF) -> None:
    """One page's slice of a block taller than a page: draw only the lines whose top is in the slice.

    (drawContents with a clip rect still writes the clipped lines' text into a PDF, invisibly, so the
    text would be found on two pages.) The slices meet at line tops, so each line is drawn once.
    """
    block = doc.begin()
    while block.isValid():
        text_layout = block.layout()
        position = text_layout.position()
        background = block.blockFormat().background()
        if background.style() != Qt.BrushStyle.NoBrush:
            painter.fillRect(doc.documentLayout().blockBoundingRect(block).intersected(clip), background)
        for i in range(text_layout.lineCount()):
            line = text_layout.lineAt(i)
            top = position.y() + line.y()
            if clip.top() - 0.25 <= top < clip.bottom() - 0.25:
                line.draw(painter, position)
        block = block.next()


@dataclass
class TextBlock(Block):
    doc: QTextDocument | None = None
    pad: float = 0.0
    background: QColor | None = None
    left_rule: QColor | None = None
    top_rule: bool = False
    bottom_rule: bool = False
    dashed_border: bool = False

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        if self.background is not None:
            painter.fillRect(rect, self.background)
        if self.dashed_border:
            painter.setPen(QPen(RULE, 1.0, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
        if self.left_rule is not None:
            painter.fillRect(QRectF(rect.left(), rect.top(), 3.0, rect.height()), self.left_rule)
        if self.top_rule:
            painter.setPen(QPen(RULE, 0.6))
            painter.drawLine(rect.topLeft(), rect.topRight())
        if self.bottom_rule:
            painter.setPen(QPen(ACCENT, 1.2))
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        left = self.pad + (8.0 if self.left_rule is not None else 0.0)
        _draw_doc(painter, self.doc, QPointF(rect.left() + left, rect.top() + self.pad))

    def break_points(self) -> list[float]:
        return [self.pad + top for top in _line_tops(self.doc)]


@dataclass
class FindingBlock(Block):
    value_doc: QTextDocument | None = None
    body_doc: QTextDocument | None = None

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        painter.setPen(QPen(RULE, 0.6))
        painter.drawLine(rect.topLeft(), rect.topRight())
        _draw_doc(painter, self.value_doc, QPointF(rect.left(), rect.top() + ITEM_PAD))
        _draw_doc(painter, self.body_doc, QPointF(rect.left() + VALUE_COLUMN + COLUMN_GAP, rect.top() + ITEM_PAD))

    def break_points(self) -> list[float]:
        value_bottom = ITEM_PAD + self.value_doc.size().height()
        return [ITEM_PAD + top for top in _line_tops(self.body_doc) if ITEM_PAD + top >= value_bottom]


@dataclass
class ColumnsBlock(Block):
    """Short notes side by side (two columns), read left to right."""

    docs: tuple[QTextDocument, ...] = ()
    column_width: float = 0.0

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        for index, doc in enumerate(self.docs):
            _draw_doc(painter, doc, QPointF(rect.left() + index * (self.column_width + NOTE_COLUMN_GAP), rect.top()))


@dataclass
class RowBlock(Block):
    """One row of a table: cells side by side at fixed x offsets, a hairline above."""

    docs: tuple[QTextDocument, ...] = ()
    xs: tuple[float, ...] = ()
    header: bool = False
    # A header row's repeat ("... (continued)"), placed by paginate at the top of every page the
    # table's rows run on to.
    continued: RowBlock | None = None

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        if self.header:
            painter.fillRect(rect, SHADE)
        else:
            painter.setPen(QPen(RULE, 0.6))
            painter.drawLine(rect.topLeft(), rect.topRight())
        for doc, x in zip(self.docs, self.xs, strict=True):
            _draw_doc(painter, doc, QPointF(rect.left() + x, rect.top() + ROW_PAD))


@dataclass
class ChartBlock(Block):
    spec: object = None
    chart_height: float = 0.0
    caption_doc: QTextDocument | None = None

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        from ..charts.render import paint_chart

        painter.save()
        try:
            # The chart is laid out wider than the column and drawn at CHART_SCALE, as vectors.
            painter.translate(rect.topLeft())
            painter.scale(CHART_SCALE, CHART_SCALE)
            paint_chart(painter, QRectF(0, 0, rect.width() / CHART_SCALE, self.chart_height / CHART_SCALE), self.spec)
        finally:
            painter.restore()
        if self.caption_doc is not None:
            _draw_doc(painter, self.caption_doc, QPointF(rect.left(), rect.top() + self.chart_height + 3.0))
