"""The printed page, fonts, colours and rich text that every block of a sheet is made of.

Everything is in logical 96-dpi pixels. Text is held in QTextDocuments built with QTextCursor.insertText
(dataset text is never markup), laid out against a fixed 96-dpi paint device so that the page breaks are
the same in the preview, on a printer, in a PDF and from the command line, whatever the screen's DPI.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMarginsF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextListFormat,
)

LOGICAL_DPI = 96
MARGINS_MM = QMarginsF(15, 10, 15, 10)  # left, top, right, bottom
PAPER_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}

FONT_FAMILIES = ["DejaVu Sans", "Arial", "Liberation Sans", "Helvetica"]
TEXT = QColor("#111111")
MUTED = QColor("#3a3a3a")
ACCENT = QColor("#1d3f6e")
RULE = QColor("#8c8c8c")
SHADE = QColor("#eef1f5")
NOTE_SHADE = QColor("#fff7dc")
WARN = QColor("#7a2e00")

BLOCK_GAP = 5.0
VALUE_COLUMN = 78.0
COLUMN_GAP = 10.0
ITEM_PAD = 4.0
NOTE_COLUMN_GAP = 16.0
ROW_PAD = 3.0
# Recommendations in brief (the overview): title, addressed to, evidence, as fractions of the width.
REC_COLUMNS = (0.36, 0.30, 0.34)
# Charts are drawn at 80% of their natural size: their 9 pt labels print at about 7.2 pt, like the notes.
CHART_SCALE = 0.8


def page_layout_for(paper: str = "a4") -> QPageLayout:
    """Portrait A4 or US Letter with the sheet's margins."""
    size = QPageSize(PAPER_SIZES[paper])
    return QPageLayout(size, QPageLayout.Orientation.Portrait, MARGINS_MM, QPageLayout.Unit.Millimeter)


_layout_device: QImage | None = None


def layout_device() -> QImage:
    """A 96-dpi image used only for text measurement, so measurements never depend on the screen."""
    global _layout_device
    if _layout_device is None:
        image = QImage(8, 8, QImage.Format.Format_RGB32)
        dots_per_metre = round(LOGICAL_DPI / 0.0254)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        _layout_device = image
    return _layout_device


def sheet_font(point_size: float = 9.0, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(point_size)
    font.setBold(bold)
    font.setItalic(italic)
    # Unhinted metrics: the same glyph advances on every device, so measured lines fit when printed.
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def char_format(point_size: float = 9.0, bold: bool = False, italic: bool = False, colour: QColor = TEXT) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFont(sheet_font(point_size, bold, italic))
    fmt.setForeground(QBrush(colour))
    return fmt


BODY_SIZE = 8.5
SMALL_SIZE = 7.2
BODY = char_format(BODY_SIZE)
SMALL = char_format(SMALL_SIZE, colour=MUTED)
SMALL_BOLD = char_format(SMALL_SIZE, bold=True, colour=MUTED)
SMALL_STRONG = char_format(SMALL_SIZE, bold=True, colour=TEXT)
Run = tuple[str, QTextCharFormat]


class RichText:
    """A QTextDocument built paragraph by paragraph from plain-text runs (never HTML)."""

    def __init__(self, width: float):
        self.doc = QTextDocument()
        self.doc.documentLayout().setPaintDevice(layout_device())
        self.doc.setDocumentMargin(0)
        self.doc.setDefaultFont(sheet_font())
        self.doc.setTextWidth(width)
        self.cursor = QTextCursor(self.doc)
        self._first = True

    def paragraph(self, runs: Sequence[Run], *, space_before: float = 0, space_after: float = 0,
                  indent: float = 0, hanging: float = 0, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
                  background: QColor | None = None) -> None:
        block = QTextBlockFormat()
        block.setTopMargin(space_before)
        block.setBottomMargin(space_after)
        block.setLeftMargin(indent + hanging)
        block.setTextIndent(-hanging)
        block.setAlignment(align)
        block.setLineHeight(108, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        if background is not None:
            block.setBackground(QBrush(background))
        if self._first:
            self.cursor.setBlockFormat(block)
            self._first = False
        else:
            self.cursor.insertBlock(block)
        for text, fmt in runs:
            # insertText treats the text as plain text: no markup is ever interpreted.
            self.cursor.insertText(text.replace("\n", " "), fmt)

    def bullets(self, lines: Sequence[str], fmt: QTextCharFormat = BODY) -> None:
        list_format = QTextListFormat()
        list_format.setStyle(QTextListFormat.Style.ListDisc)
        list_format.setIndent(1)
        text_list = None
        for line in lines:
            self.paragraph([(line, fmt)], space_after=1.5)
            if text_list is None:
                text_list = self.cursor.createList(list_format)
            else:
                text_list.add(self.cursor.block())

    @property
    def height(self) -> float:
        return self.doc.size().height()


def note_paragraph(text: RichText, note: str) -> None:
    """An item's note from the user (a pack's), on a shaded line under the item."""
    if note.strip():
        text.paragraph([("Note: ", char_format(8.5, bold=True)), (note, char_format(8.5, italic=True))],
                       space_before=3, background=NOTE_SHADE)
