"""Measure a sheet's blocks and paginate them: an item is never split across pages.

Everything is in logical 96-dpi pixels. Text blocks are QTextDocuments built with QTextCursor.insertText
(dataset text is never markup), laid out against a fixed 96-dpi paint device so that the page breaks are
the same in the preview, on a printer, in a PDF and from the command line, whatever the screen's DPI.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextListFormat,
)

from . import content as c

LOGICAL_DPI = 96
PX_PER_MM = LOGICAL_DPI / 25.4
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
BODY_BOLD = char_format(BODY_SIZE, bold=True)
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


# ---- blocks ----------------------------------------------------------------------------------------


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


# ---- building blocks from the sheet's items --------------------------------------------------------


def _markers(numbers: Sequence[int], shorts: Sequence[str]) -> str:
    return "; ".join(f"[{n}] {s}" for n, s in zip(numbers, shorts, strict=False))


_caveat_marks = c.caveat_marks


def _note_paragraph(text: RichText, note: str) -> None:
    if note.strip():
        text.paragraph([("Note: ", char_format(8.5, bold=True)), (note, char_format(8.5, italic=True))],
                       space_before=3, background=NOTE_SHADE)


def header_block(sheet: c.Sheet, width: float) -> TextBlock:
    text = RichText(width)
    kind = "Briefing pack" if sheet.kind == "pack" else "Briefing sheet"
    sector = "All sectors" if sheet.kind == "overview" else sheet.subject
    text.paragraph([(sheet.title, char_format(15.0, bold=True, colour=ACCENT))], space_after=2)
    text.paragraph([(f"{kind}   ", char_format(SMALL_SIZE, bold=True, colour=ACCENT)),
                    ("Sector: ", SMALL_BOLD), (sector, SMALL),
                    ("   Printed: ", SMALL_BOLD), (c.long_date(sheet.printed), SMALL)])
    text.paragraph([
        ("Dataset: ", SMALL_BOLD),
        (f"{sheet.edition_title}, edition {sheet.edition_id}, compiled {c.long_date(sheet.edition_compiled)}; "
         f"compendium published {c.long_date(sheet.edition_published)}.", SMALL),
    ], space_after=0 if sheet.edition_status else 3)
    if sheet.edition_status:  # whether the dataset carries its compiler's signature (domain/signing.py)
        colour = ACCENT if sheet.edition_verified else WARN
        text.paragraph([(sheet.edition_status + ".", char_format(SMALL_SIZE, bold=True, colour=colour))],
                       space_after=3)
    return TextBlock("header", text.height + 2, doc=text.doc, bottom_rule=True)


def summary_block(sheet: c.Sheet, width: float) -> TextBlock:
    pad = 7.0
    text = RichText(width - 2 * pad)
    text.paragraph([("Summary", char_format(9.5, bold=True, colour=ACCENT))], space_after=1)
    text.bullets(sheet.summary, char_format(8.3))
    return TextBlock("summary", text.height + 2 * pad, doc=text.doc, pad=pad, background=SHADE)


def heading_block(heading: c.Heading, width: float) -> TextBlock:
    text = RichText(width)
    size = 11.5 if heading.level == 1 else 10.0
    text.paragraph([(heading.text, char_format(size, bold=True, colour=ACCENT))], space_before=5)
    return TextBlock("heading", text.height + 1, doc=text.doc, keep_with_next=True)


def _headline_size(text: str, largest: float = 14.0, smallest: float = 7.0) -> float:
    """The largest bold point size at which a headline value fits its column on one line (">4,000,000")."""
    size = largest
    while size > smallest and QFontMetricsF(sheet_font(size, True, False)).horizontalAdvance(text) > VALUE_COLUMN - 4:
        size -= 0.5
    return size


def finding_block(item: c.FindingItem, width: float, show_sector: bool = False) -> FindingBlock:
    value = RichText(VALUE_COLUMN)
    is_qualitative = item.headline == "Qualitative"
    size = 9.0 if is_qualitative else _headline_size(item.headline)
    value.paragraph([(item.headline, char_format(size, bold=not is_qualitative, italic=is_qualitative, colour=ACCENT))])
    value.paragraph([(f"finding {item.finding_id}", SMALL)], space_before=1)
    if item.figure_label:  # a pack's figure kept from another edition (sheets/pack_figures.py)
        value.paragraph([(item.figure_label, char_format(SMALL_SIZE, bold=True, colour=WARN))])
    if show_sector:
        value.paragraph([(item.sector, SMALL_BOLD)])

    body = RichText(width - VALUE_COLUMN - COLUMN_GAP)
    body.paragraph([(item.statement, BODY)], space_after=2)
    details: list[Run] = []
    if item.base:
        details += [("Base: ", SMALL_BOLD), (item.base + ". ", SMALL)]
    details += [("Period: ", SMALL_BOLD), (item.period + ".", SMALL)]
    if item.headline_confidence:
        details += [(" This figure: ", SMALL_BOLD), (item.headline_confidence.lower() + ".", SMALL)]
    body.paragraph(details)
    for measure in item.other_measures:
        runs: list[Run] = [("Also: ", SMALL_BOLD), (f"{measure.value} ", SMALL_STRONG),
                           (f"{measure.label}; base: {measure.base}", SMALL)]
        if measure.period:
            runs.append((f"; period: {measure.period}", SMALL))
        if measure.confidence:
            runs.append((f"; confidence: {measure.confidence.lower()}", SMALL))
        runs.append((".", SMALL))
        body.paragraph(runs)
    runs = [("Confidence: ", SMALL_BOLD), (item.confidence, SMALL_STRONG)]
    runs.append((f" ({item.confidence_note.rstrip('.')}). " if item.confidence_note else ". ", SMALL))
    runs += [("Sources: " if len(item.sources) > 1 else "Source: ", SMALL_BOLD),
             (_markers(item.sources, item.source_shorts) + ".", SMALL)]
    if item.caveats:
        runs += [(" Caveats: ", SMALL_BOLD), (_caveat_marks(item.caveats) + " in the notes.", SMALL)]
    body.paragraph(runs)
    _note_paragraph(body, item.note)
    height = max(value.height, body.height) + 2 * ITEM_PAD
    return FindingBlock("finding", height, item_id=item.finding_id, value_doc=value.doc, body_doc=body.doc)


def _refs(refs: Sequence[c.FindingRef], elsewhere: str) -> list[Run]:
    """The findings a recommendation rests on: id, value and source marker; the measure too for those
    not printed on the sheet (the reader cannot look them up above)."""
    runs: list[Run] = []
    for i, ref in enumerate(refs):
        if i:
            runs.append(("; ", SMALL))
        runs.append((f"{ref.finding_id}", SMALL_BOLD))
        runs.append((c.ref_tail(ref, elsewhere), SMALL))
    runs.append((".", SMALL))
    return runs


def _row(kind: str, item_id: str, cells: Sequence[Sequence[Run]], width: float, header: bool = False,
         fractions: Sequence[float] = REC_COLUMNS) -> RowBlock:
    gap = 8.0
    xs, docs, x = [], [], 0.0
    for fraction, runs in zip(fractions, cells, strict=True):
        cell_width = width * fraction - gap
        text = RichText(cell_width)
        text.paragraph(runs)
        xs.append(x + (4.0 if header else 0.0))
        docs.append(text)
        x += width * fraction
    height = max(t.height for t in docs) + 2 * ROW_PAD
    return RowBlock(kind, height, item_id=item_id, docs=tuple(t.doc for t in docs), xs=tuple(xs), header=header,
                    keep_with_next=header)


def _header_row(cells: Sequence[Sequence[Run]], width: float, fractions: Sequence[float] = REC_COLUMNS) -> RowBlock:
    """A table's header row (kept with the first row) and its repeat for each page the table runs on to:
    the same titles, the first followed by "(continued)", or "(cont.)" where the full word would make
    the row taller, or by nothing if even that would (the running header says "continued" anyway): a
    sector sheet's 2-3 page budget has no room to spare."""
    header = _row("table-header", "", cells, width, header=True, fractions=fractions)
    for marker in (" (continued)", " (cont.)", ""):
        continued = _row("continued-header", "", [[*cells[0], (marker, SMALL)], *cells[1:]], width,
                         header=True, fractions=fractions)
        if continued.height <= header.height:
            break
    header.continued = continued
    return header


def recommendation_header_row(width: float) -> RowBlock:
    return _header_row([[("Recommendation", SMALL_BOLD)], [("Addressed to", SMALL_BOLD)],
                        [("Evidence and sources", SMALL_BOLD)]], width)


def recommendation_row(item: c.RecommendationItem, width: float) -> RowBlock:
    """A recommendation in brief: title, target body (and its status), the findings it rests on by id."""
    title: list[Run] = [(item.title, char_format(8.0, bold=True)), (f"  {item.rec_id}, {item.sector.lower()}", SMALL)]
    target: list[Run] = [(item.target_body, char_format(7.6, bold=True))]
    if item.target_status:
        target += [("  Status: ", char_format(SMALL_SIZE, bold=True, colour=WARN)),
                   (item.target_status, char_format(SMALL_SIZE, colour=WARN))]
    evidence: list[Run] = []
    if item.rests_on:
        evidence += [(f"{c.RELATED_FINDINGS}: ", SMALL_BOLD),
                     (_join_ids([r.finding_id for r in item.rests_on]) + ". ", SMALL)]
    evidence += [("Confidence: ", SMALL_BOLD), (item.confidence + ". ", SMALL_STRONG),
                 ("Source: " if len(item.sources) == 1 else "Sources: ", SMALL_BOLD),
                 (" ".join(f"[{n}]" for n in item.sources) + ".", SMALL)]
    if item.caveats:
        evidence += [(" Caveats: ", SMALL_BOLD), (_caveat_marks(item.caveats) + ".", SMALL)]
    return _row("recommendation", item.rec_id, [title, target, evidence], width)


def comparison_rows(table: c.ComparisonTable, width: float) -> list[Block]:
    first = 0.34
    fractions = (first, *([(1 - first) / len(table.columns)] * len(table.columns)))
    rows: list[Block] = [_header_row([[("Measure", SMALL_BOLD)], *[[(name, SMALL_BOLD)] for name in table.columns]],
                                     width, fractions)]
    for row in table.rows:
        cells: list[list[Run]] = [[(row.title, char_format(7.6, bold=True))]]
        if row.basis:
            cells[0].append((f"\u2028{row.basis[0].upper()}{row.basis[1:]}.", char_format(6.8, bold=True, colour=WARN)))
        # The row's note (how the wordings differ) is in the chart's caption and the app; here each cell
        # gives its own wording, which says the same in less room.
        for cell in row.cells:
            if cell is None:
                cells.append([("no comparable figure in this dataset", SMALL)])
                continue
            runs: list[Run] = [(cell.value, char_format(9.0, bold=True, colour=ACCENT)),
                               (f"  {cell.finding_id} " + " ".join(f"[{n}]" for n in cell.sources), SMALL)]
            if cell.confidence:
                runs.append((f" {cell.confidence}", SMALL))
            if cell.wording:
                runs.append((f"\u2028{cell.wording}.", char_format(6.8, italic=True)))
            runs.append((f"\u2028{cell.base}; {cell.period}.", char_format(6.8, colour=MUTED)))
            cells.append(runs)
        rows.append(_row("comparison", row.title, cells, width, fractions=fractions))
    return rows


# Other figures in this sector: figure, measure, base and period, then confidence, sources and caveats.
OTHER_FIGURE_COLUMNS = (0.13, 0.27, 0.37, 0.23)


def other_figures_header_row(width: float) -> RowBlock:
    return _header_row([[("Figure", SMALL_BOLD)], [("Measure", SMALL_BOLD)],
                        [("Base; period", SMALL_BOLD)], [("Confidence; sources", SMALL_BOLD)]],
                       width, OTHER_FIGURE_COLUMNS)


def _evidence_cell(row: c.OtherFigure | c.BriefFinding) -> list[Run]:
    """A compact table's last cell: confidence in words, source markers, caveat letters."""
    evidence: list[Run] = [(row.confidence, SMALL_STRONG), (". " + " ".join(f"[{n}]" for n in row.sources), SMALL)]
    if row.caveats:
        evidence.append((f"; caveats {_caveat_marks(row.caveats)}", SMALL))
    return evidence


def other_figure_row(row: c.OtherFigure, width: float) -> RowBlock:
    cells: list[list[Run]] = [
        [(row.headline, char_format(8.5, bold=True, colour=ACCENT)), (f"\u2028{row.finding_id}", SMALL)],
        [(row.label, SMALL)],
        [(f"{row.base}; {row.period}." if row.base else f"{row.period}.", SMALL)],
        _evidence_cell(row),
    ]
    return _row("other-figure", row.finding_id, cells, width, fractions=OTHER_FIGURE_COLUMNS)


def more_rows_block(more: int, width: float) -> TextBlock:
    """Under a table cut to its length: how many rows were left out and where to find them."""
    text = RichText(width)
    text.paragraph([(f"And {more} more, left out to keep this sheet to its length: every one is in the app, in "
                     "the figures CSV (File > Export) and can be printed in a briefing pack.",
                     char_format(SMALL_SIZE, italic=True, colour=MUTED))])
    return TextBlock("paragraph", text.height, doc=text.doc)


# Findings without figures: the finding (statement and id), its period, then confidence, sources and caveats.
BRIEF_FINDING_COLUMNS = (0.62, 0.15, 0.23)


def brief_findings_header_row(width: float) -> RowBlock:
    return _header_row([[("Finding", SMALL_BOLD)], [("Period", SMALL_BOLD)], [("Confidence; sources", SMALL_BOLD)]],
                       width, BRIEF_FINDING_COLUMNS)


def brief_finding_row(row: c.BriefFinding, width: float) -> RowBlock:
    cells: list[list[Run]] = [
        [(row.statement, char_format(7.8)), (f"  finding {row.finding_id}", SMALL)],
        [(row.period, SMALL)],
        _evidence_cell(row),
    ]
    return _row("brief-finding", row.finding_id, cells, width, fractions=BRIEF_FINDING_COLUMNS)


def _join_ids(ids: Sequence[str]) -> str:
    return ", ".join(ids)


def recommendation_block(item: c.RecommendationItem, width: float, elsewhere: str) -> TextBlock:
    pad = 4.0
    text = RichText(width - 8.0 - 2 * pad)
    text.paragraph([(item.title, char_format(10.0, bold=True)), (f"   recommendation {item.rec_id}", SMALL)],
                   space_after=1)
    text.paragraph([("To: ", char_format(8.3, bold=True)), (item.target_body, char_format(8.3, bold=True))])
    if item.target_status:
        text.paragraph([("Status: ", char_format(8.3, bold=True, colour=WARN)),
                        (item.target_status, char_format(8.3, colour=WARN))])
    text.paragraph([(item.summary, BODY)], space_before=1, space_after=1)
    if item.rests_on:
        text.paragraph([(f"{c.RELATED_FINDINGS}: ", SMALL_BOLD), *_refs(item.rests_on, elsewhere)])
    confidence: list[Run] = [("Confidence: ", SMALL_BOLD), (item.confidence, SMALL_STRONG)]
    note = item.confidence_note.rstrip(".") if item.confidence_note else ""
    confidence.append((f" ({note})." if note else ".", SMALL))
    confidence += [("  Source: " if len(item.sources) == 1 else "  Sources: ", SMALL_BOLD),
                   (_markers(item.sources, item.source_shorts) + ".", SMALL)]
    if item.caveats:
        confidence += [("  Caveats: ", SMALL_BOLD), (_caveat_marks(item.caveats) + " in the notes.", SMALL)]
    text.paragraph(confidence)
    _note_paragraph(text, item.note)
    return TextBlock("recommendation", text.height + 2 * pad, item_id=item.rec_id, doc=text.doc, pad=pad,
                     left_rule=ACCENT)


def chart_block(item: c.ChartItem, width: float) -> ChartBlock:
    from ..charts.render import preferred_height

    chart_height = preferred_height(item.spec, width / CHART_SCALE) * CHART_SCALE
    caption = RichText(width)
    caption.paragraph([("Chart sources in full: ", SMALL_BOLD),
                       (", ".join(f"[{n}]" for n in item.sources) + " in the notes.", SMALL)])
    _note_paragraph(caption, item.note)
    return ChartBlock("chart", chart_height + 3.0 + caption.height, item_id=item.key, spec=item.spec,
                      chart_height=chart_height, caption_doc=caption.doc)


def missing_block(item: c.MissingItem, width: float) -> TextBlock:
    pad = 6.0
    text = RichText(width - 2 * pad)
    text.paragraph([("Not in this dataset edition: ", char_format(9.0, bold=True, colour=WARN)),
                    (f"{item.kind} “{item.item_id}”. ", BODY),
                    ("The pack file keeps it; open the pack with the dataset edition it was made with to print it.", SMALL)])
    _note_paragraph(text, item.note)
    return TextBlock("missing", text.height + 2 * pad, item_id=f"{item.kind}:{item.item_id}", doc=text.doc, pad=pad,
                     dashed_border=True)


def _note_doc(label: str, body: str, width: float) -> RichText:
    text = RichText(width)
    text.paragraph([(label, SMALL_BOLD), (body, SMALL)], hanging=20.0)
    return text


def note_row(pair: Sequence[tuple[str, str, str]], width: float) -> ColumnsBlock:
    """One or two (label, text, id) notes side by side, placed whole."""
    column = (width - NOTE_COLUMN_GAP) / 2
    texts = [_note_doc(label, body, column) for label, body, _ in pair]
    return ColumnsBlock("note", max(t.height for t in texts), item_id="+".join(i for *_, i in pair),
                        docs=tuple(t.doc for t in texts), column_width=column)


def _pairs(entries: Sequence[tuple[str, str, str]]) -> list[tuple[tuple[str, str, str], ...]]:
    return [tuple(entries[start:start + 2]) for start in range(0, len(entries), 2)]


def note_rows(entries: Sequence[tuple[str, str, str]], width: float) -> list[Block]:
    """(label, text, id) notes, two to a row; each row is placed whole."""
    return [note_row(pair, width) for pair in _pairs(entries)]


def paragraph_block(item: c.Paragraph, width: float) -> TextBlock:
    text = RichText(width)
    text.paragraph([(item.text, char_format(SMALL_SIZE, italic=True, colour=MUTED))])
    return TextBlock("paragraph", text.height, doc=text.doc, keep_with_next=True)


def build_blocks(sheet: c.Sheet, width: float) -> list[Block]:
    """Every block of the sheet in reading order."""
    cache = sheet.measured_blocks

    def measured(make: Callable, *args, key: tuple = ()):
        # Measuring (QTextDocument layout) is the slow part, so each block is made once per builder and
        # arguments (frozen items, the width; ``key`` stands in for a Sheet, which is not hashable) and
        # reused by later layouts of this sheet and of the other candidates of fit_pages.
        key = (make, *(key or args))
        if key not in cache:
            cache[key] = make(*args)
        return cache[key]

    elsewhere = "not in this pack" if sheet.kind == "pack" else "not among the key findings"
    header_key = (sheet.kind, sheet.title, sheet.subject, sheet.printed, sheet.edition_title, sheet.edition_id,
                  sheet.edition_compiled, sheet.edition_published, sheet.edition_status)
    blocks: list[Block] = [measured(header_block, sheet, width, key=(header_key, width)),
                           measured(summary_block, sheet, width, key=(tuple(sheet.summary), width))]
    for item in sheet.items:
        if isinstance(item, c.Heading):
            blocks.append(measured(heading_block, item, width))
        elif isinstance(item, c.FindingItem):
            blocks.append(measured(finding_block, item, width, sheet.kind != "sector"))
        elif isinstance(item, c.RecommendationItem) and item.compact:
            if not isinstance(blocks[-1], RowBlock):
                blocks.append(measured(recommendation_header_row, width))
            blocks.append(measured(recommendation_row, item, width))
        elif isinstance(item, c.RecommendationItem):
            blocks.append(measured(recommendation_block, item, width, elsewhere))
        elif isinstance(item, c.ChartItem):
            blocks.append(measured(chart_block, item, width))
        elif isinstance(item, c.ComparisonTable):
            blocks += measured(comparison_rows, item, width)
        elif isinstance(item, c.OtherFiguresTable):
            blocks.append(measured(other_figures_header_row, width))
            blocks += [measured(other_figure_row, row, width) for row in item.rows]
            if item.more:
                blocks.append(measured(more_rows_block, item.more, width))
        elif isinstance(item, c.BriefFindingsTable):
            blocks.append(measured(brief_findings_header_row, width))
            blocks += [measured(brief_finding_row, row, width) for row in item.rows]
            if item.more:
                blocks.append(measured(more_rows_block, item.more, width))
        elif isinstance(item, c.MissingItem):
            blocks.append(measured(missing_block, item, width))
        elif isinstance(item, c.Paragraph):
            blocks.append(measured(paragraph_block, item, width))
    notes = [
        ("Sources", [(f"[{n.number}]  ", n.citation, f"source:{n.number}") for n in sheet.sources]),
        ("Caveats", [(f"({x.letter})  ", x.text, f"caveat:{x.letter}") for x in sheet.caveats]),
        ("Notes", [("•  ", note, f"note:{i}") for i, note in enumerate(sheet.notes, 1)]),
    ]
    for heading, entries in notes:
        if entries:
            blocks.append(measured(heading_block, c.Heading(heading, 2), width))
            blocks += [measured(note_row, pair, width) for pair in _pairs(entries)]
    return blocks


# ---- page frame and pagination -----------------------------------------------------------------------


@dataclass(frozen=True)
class PageFrame:
    """Where things go on every page, in 96-dpi pixels relative to the printable area's top-left."""

    width: float
    height: float
    top_band: float  # marking line and running header (pages after the first)
    bottom_band: float  # footer and marking line
    running_header: float = 0.0  # the part of top_band that page 1 does not need (its header is in the flow)

    def body_of(self, page: int) -> QRectF:
        top = self.top_band - (self.running_header if page == 0 else 0.0)
        return QRectF(0, top, self.width, self.height - top - self.bottom_band)

    @property
    def body(self) -> QRectF:
        return self.body_of(1)


def band_font(point_size: float, bold: bool = False) -> QFont:
    """A font for the bands painted directly (marking, running header, footer), sized in 96-dpi pixels.

    The painter is already scaled from 96-dpi units to the device (paint.render_sheet); a point size
    would be converted at the device's own resolution too (1200 dpi on a printer) and so scaled twice.
    """
    font = sheet_font(point_size, bold=bold)
    font.setPixelSize(round(point_size * LOGICAL_DPI / 72))
    return font


def marking_font() -> QFont:
    return band_font(9.0, bold=True)


def footer_font() -> QFont:
    return band_font(7.5)


def _line_height(font: QFont) -> float:
    return QFontMetricsF(font, layout_device()).height()


def page_frame(page_layout: QPageLayout, marking: str) -> PageFrame:
    rect = page_layout.paintRectPixels(LOGICAL_DPI)
    marking_line = _line_height(marking_font()) + 4.0 if marking.strip() else 0.0
    running = _line_height(footer_font()) + 8.0
    top = marking_line + running
    bottom = running + marking_line + 2.0
    return PageFrame(rect.width(), rect.height(), top, bottom, running)


@dataclass(frozen=True)
class Placed:
    block: Block
    top: float  # within the body
    # A block taller than a whole page body runs across pages in slices (never shrunk): this slice
    # starts ``offset`` into the block and is ``slice_height`` high (None: the whole block).
    offset: float = 0.0
    slice_height: float | None = None
    # Below 1 only for a block taller than a page that cannot be cut (a chart): drawn slightly smaller.
    scale: float = 1.0

    @property
    def height(self) -> float:
        """The height this placement takes on its page."""
        return self.block.height * self.scale if self.slice_height is None else self.slice_height

    @property
    def is_slice(self) -> bool:
        return self.slice_height is not None


@dataclass
class SheetLayout:
    sheet: c.Sheet
    frame: PageFrame
    pages: list[list[Placed]] = field(default_factory=list)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def page_of(self, kind: str, item_id: str) -> list[int]:
        """Pages (0-based) holding the block of this kind and id: exactly one for a placed item."""
        return [
            index for index, page in enumerate(self.pages)
            for placed in page if placed.block.kind == kind and placed.block.item_id == item_id
        ]


MIN_SLICE = 60.0  # a block taller than a page starts on a new page rather than in less room than this


def _chain_height(blocks: Sequence[Block], index: int, room: float, gap: float) -> float:
    """The room block ``index`` needs: itself, every keep-with-next block after it (a heading, an intro
    line, a table's header row) and as much of the first block after them as fits on a page."""
    need = blocks[index].height
    while blocks[index].keep_with_next and index + 1 < len(blocks):
        index += 1
        if blocks[index].keep_with_next:
            need += gap + blocks[index].height
        else:
            need += gap + min(blocks[index].height, room)
    return need


def _is_table_row(block: Block) -> bool:
    return isinstance(block, RowBlock) and not block.header


def paginate(blocks: Sequence[Block], body_height: float, gap: float = BLOCK_GAP,
             first_body_height: float | None = None) -> list[list[Placed]]:
    """Place blocks top to bottom; a block that does not fit starts a new page (never split).

    A heading (or any keep-with-next block, such as a table's header row) stays with the blocks after it.
    A table whose rows run on to a new page repeats its header row (marked "(continued)") at the top of
    that page, right above the row that starts it, so no page starts with a lone header. The one
    exception to "never split": a block taller than a whole page body (a pathological pack note, say) is
    not shrunk to an unreadable size but runs on across pages, cut between text lines; it starts right
    under its heading.
    """
    pages: list[list[Placed]] = [[]]
    y = 0.0
    repeat: RowBlock | None = None  # the header repeat of the table whose rows are being placed

    def room() -> float:
        return first_body_height if (len(pages) == 1 and first_body_height is not None) else body_height

    def new_page(block: Block) -> None:
        nonlocal y
        pages.append([])
        y = 0.0
        if repeat is not None and _is_table_row(block):
            pages[-1].append(Placed(repeat, y))
            y += repeat.height + gap

    for index, block in enumerate(blocks):
        if isinstance(block, RowBlock) and block.header:
            repeat = block.continued
        elif not _is_table_row(block):
            repeat = None
        # A table row must fit on a page under its repeated header.
        reserved = repeat.height + gap if repeat is not None and _is_table_row(block) else 0.0
        oversized = block.height > body_height - reserved
        if oversized and not block.break_points():
            # A chart taller than a page cannot be cut: it gets a page of its own, drawn to fit (its
            # labels stay near 7 pt; no chart in the dataset is much taller than a page).
            if pages[-1] and not (pages[-1][-1].block.keep_with_next):
                new_page(block)
            scale = (room() - y) / block.height
            pages[-1].append(Placed(block, y, scale=scale))
            y = room()  # the page is full
            continue
        after_keep = bool(pages[-1]) and pages[-1][-1].block.keep_with_next
        if pages[-1] and (y + _chain_height(blocks, index, room(), gap) > room() if not oversized else not after_keep):
            new_page(block)
        if not oversized:
            pages[-1].append(Placed(block, y))
            y += block.height + gap
            continue
        if pages[-1] and room() - y < MIN_SLICE:
            new_page(block)
        offset = 0.0
        while block.height - offset > room() - y:
            end = offset + room() - y
            cuts = [b for b in block.break_points() if offset < b <= end]
            cut = max(cuts) if cuts else end
            pages[-1].append(Placed(block, y, offset, cut - offset))
            new_page(block)
            offset = cut
        pages[-1].append(Placed(block, y, offset, block.height - offset))
        y += block.height - offset + gap
    return pages


def layout_sheet(sheet: c.Sheet, page_layout: QPageLayout) -> SheetLayout:
    frame = page_frame(page_layout, sheet.marking)
    blocks = build_blocks(sheet, frame.width)
    return SheetLayout(sheet, frame, paginate(blocks, frame.body_of(1).height(), first_body_height=frame.body_of(0).height()))


def fit_pages(candidates: Iterable[Callable[[], c.Sheet]], page_layout: QPageLayout,
              max_pages: int | Sequence[int] = 2) -> tuple[c.Sheet, SheetLayout]:
    """The first candidate sheet (fullest first) that fits on ``max_pages`` pages; the last one if none
    does (it then runs longer rather than dropping everything).

    ``max_pages`` may be several limits, tried in turn (say 2, then 3 if no candidate fits on 2): each
    candidate is built and laid out once, however many limits are tried.
    """
    limits = [max_pages] if isinstance(max_pages, int) else list(max_pages)
    remaining = iter(candidates)
    laid_out: list[tuple[c.Sheet, SheetLayout]] = []  # the candidates tried so far, in order
    measured_blocks: dict = {}  # shared: the candidates have most of their blocks in common

    def candidate(index: int) -> tuple[c.Sheet, SheetLayout] | None:
        while len(laid_out) <= index:
            build = next(remaining, None)
            if build is None:
                return None
            sheet = build()
            sheet.measured_blocks = measured_blocks
            laid_out.append((sheet, layout_sheet(sheet, page_layout)))
        return laid_out[index]

    for limit in limits:
        index = 0
        while (result := candidate(index)) is not None:
            if result[1].page_count <= limit:
                return result
            index += 1
    if not laid_out:
        raise ValueError("no candidate sheet")
    return laid_out[-1]
