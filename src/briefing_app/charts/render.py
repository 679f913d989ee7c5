"""The one chart builder: a ChartSpec becomes a pyqtgraph scene, for the screen, the exports and print.

:class:`ChartView` is the chart (title, bars with their values and labels, caption, sources and edition, all
inside the scene). The window shows one; :func:`paint_chart` builds a hidden one of a fixed size and paints
its scene as vectors onto any QPainter (image, SVG, PDF, printer).

Fonts are set in pixels (converted once from the application font): pyqtgraph lays text out in device
pixels, so a point-sized font would come out at a different size on a 300 dpi image or a 1200 dpi printer.
Everything is drawn at a 96-dpi logical size and the painter's transform scales it to the device.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QGraphicsItem, QGraphicsView, QWidget

from ..domain.text import drawable
from .spec import DEFAULT_EXPORT_WIDTH, ChartBar, ChartSpec, describe

LOGICAL_DPI = 96.0

# Okabe–Ito colour-blind-safe palette (Okabe and Ito 2008), one colour per sector.
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
}
SECTOR_COLOURS = {
    "health": OKABE_ITO["blue"],
    "education": OKABE_ITO["vermillion"],
    "local-government": OKABE_ITO["bluish_green"],
    "cross-sector": OKABE_ITO["reddish_purple"],
}
DEFAULT_BAR_COLOUR = OKABE_ITO["blue"]

# Geometry in logical pixels.
MARGIN = 14.0
GAP = 10.0
LABEL_PADDING = 10.0  # between a category label and the plot
ROW_PADDING = 10.0
MIN_ROW_HEIGHT = 30.0
MIN_CHART_HEIGHT = 120
# On screen, a chart taller than its pane shows each label on at most this many lines (the rest elided; the
# full text is in the bar's tool tip and the table view), so that a pane shows several bars at once, and a
# chart shorter than its pane makes its rows taller, to at most MAX_FILL_LINES lines of label text.
SCREEN_LABEL_LINES = 2
MAX_FILL_LINES = 3
# Even when every bar fits, a label on screen takes at most this many lines (a long label in a narrow pane
# would otherwise make one giant row); exports and print always show labels in full.
SCREEN_MAX_LABEL_LINES = 4
BAR_THICKNESS = 0.64  # of a row
VALUE_GAP = 6.0  # between the end of a bar and its value
HATCH_SPACING = 6.0
X_HEADROOM = 1.16  # the x range runs past 100% so that "100%" fits after a full bar
TICKS = [0, 20, 40, 60, 80, 100]


def _pixel_font(base: QFont, dpi: float) -> QFont:
    """``base`` at the same size, set in pixels for a device of ``dpi`` (see the module docstring)."""
    font = QFont(base)
    points = base.pointSizeF() if base.pointSizeF() > 0 else base.pixelSize() * 72.0 / LOGICAL_DPI
    font.setPixelSize(max(6, round(points * dpi / 72.0)))
    return font


def _mix(colour: QColor, other: QColor, amount: float) -> QColor:
    return QColor(
        round(colour.red() * (1 - amount) + other.red() * amount),
        round(colour.green() * (1 - amount) + other.green() * amount),
        round(colour.blue() * (1 - amount) + other.blue() * amount),
    )


@dataclass(frozen=True)
class ChartStyle:
    """Colours and fonts of a chart. ``for_print`` is black on white; ``for_screen`` follows the palette."""

    background: QColor
    text: QColor
    muted: QColor
    grid: QColor
    font: QFont  # pixel-sized base font

    @property
    def title_font(self) -> QFont:
        return self._scaled(1.3, bold=True)

    @property
    def label_font(self) -> QFont:
        return QFont(self.font)

    @property
    def value_font(self) -> QFont:
        return self._scaled(1.0, bold=True)

    @property
    def footer_font(self) -> QFont:
        return self._scaled(0.88)

    def _scaled(self, scale: float, bold: bool = False) -> QFont:
        font = QFont(self.font)
        font.setPixelSize(max(6, round(self.font.pixelSize() * scale)))
        font.setBold(bold)
        return font

    def bar_colour(self, bar: ChartBar) -> QColor:
        return QColor(SECTOR_COLOURS.get(bar.sector_id, DEFAULT_BAR_COLOUR))

    def bar_fill(self, bar: ChartBar) -> QColor:
        # Hatched bars (figures not seen in the publisher's text) are a light tint with dark hatching:
        # readable on light and dark backgrounds and in black-and-white print.
        colour = self.bar_colour(bar)
        return _mix(colour, QColor("white"), 0.6) if bar.hatched else colour

    @classmethod
    def for_print(cls, base_font: QFont | None = None) -> ChartStyle:
        base = base_font or _application_font()
        return cls(
            background=QColor("white"),
            text=QColor("black"),
            muted=QColor("#444444"),
            grid=QColor("#b8b8b8"),
            font=_pixel_font(base, LOGICAL_DPI),
        )

    @classmethod
    def for_screen(cls, widget: QWidget | None = None) -> ChartStyle:
        palette = widget.palette() if widget is not None else QGuiApplication.palette()
        base = widget.font() if widget is not None else _application_font()
        dpi = widget.logicalDpiY() if widget is not None else LOGICAL_DPI
        background = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        return cls(
            background=background,
            text=text,
            muted=_mix(text, background, 0.25),
            grid=_mix(text, background, 0.7),
            font=_pixel_font(base, dpi),
        )


def _application_font() -> QFont:
    return QApplication.font() if QApplication.instance() else QFont()


_TEXT_HEIGHTS: dict[tuple[str, str, float], float] = {}


def _text_height(text: str, font: QFont, width: float) -> float:
    return _text_heights((text,), font, width, default=0.0)


def _text_heights(texts: Iterable[str], font: QFont, width: float, default: float) -> float:
    """The height of the tallest of ``texts`` wrapped at ``width`` (``default`` if there is none)."""
    # Remembered: the chart lays its 100 labels out again after each resize and as a search is typed. The
    # fonts are pixel-sized (see above), so the height depends on nothing but these three.
    font_key = font.key()  # once for all the texts: it is not free
    tallest = None
    for text in texts:
        key = (text, font_key, width)
        height = _TEXT_HEIGHTS.get(key)
        if height is None:
            if len(_TEXT_HEIGHTS) >= 10_000:
                _TEXT_HEIGHTS.clear()
            height = _TEXT_HEIGHTS[key] = _measured_height(text, font, width) if text else 0.0
        tallest = height if tallest is None or height > tallest else tallest
    return default if tallest is None else tallest


def _measured_height(text: str, font: QFont, width: float) -> float:
    area = QRectF(0, 0, max(width, 10.0), 1e6)
    return QFontMetricsF(font).boundingRect(area, int(Qt.TextFlag.TextWordWrap), drawable(text)).height()


# ---- layout: the same arithmetic for the window, the exports and print --------------------------------


@dataclass(frozen=True)
class ChartLayout:
    width: float
    title_height: float
    footer_height: float
    label_width: float
    row_height: float
    axis_height: float
    rows: int
    label_lines: int | None = None  # at most this many lines of each label (None: as many as it needs)

    @property
    def plot_height(self) -> float:
        return self.rows * self.row_height

    @property
    def height(self) -> float:
        return (
            MARGIN + self.title_height + GAP + self.plot_height + self.axis_height + GAP + self.footer_height + MARGIN
        )


def chart_rows(spec: ChartSpec) -> int:
    """Rows of the plot: one a bar, or three for the message of an empty chart."""
    return len(spec.bars) or 3


def chart_layout(
    spec: ChartSpec, width: float, style: ChartStyle, label_lines: int | None = None, fill_height: float | None = None
) -> ChartLayout:
    """Where everything goes at ``width``. With ``label_lines``, labels take at most that many lines (the
    chart in the window); with ``fill_height``, rows grow (up to MAX_FILL_LINES lines) so that the chart
    comes nearer that height. Exports and print use neither: every label in full, rows as tall as it."""
    inner = max(width - 2 * MARGIN, 200.0)
    # At least 150 pixels for the labels, but never more than about half a narrow chart: the bars and their
    # values need the rest.
    label_width = min(max(inner * 0.42, 150.0), 380.0, inner * 0.55) if spec.bars else 0.0
    label_text_width = label_width - LABEL_PADDING
    label_font = style.label_font
    line = QFontMetricsF(label_font).lineSpacing()
    tallest = _text_heights((bar.display_label for bar in spec.bars), label_font, label_text_width, default=line)
    if label_lines is not None:
        tallest = min(tallest, _lines_height(label_lines, label_font))
    layout = ChartLayout(
        width=width,
        title_height=_text_height(spec.title, style.title_font, inner),
        footer_height=_text_height(spec.footer, style.footer_font, inner),
        label_width=label_width,
        row_height=max(MIN_ROW_HEIGHT, tallest + ROW_PADDING),
        axis_height=(QFontMetricsF(label_font).height() + 8.0) if spec.bars else 0.0,
        rows=chart_rows(spec),
        label_lines=label_lines,
    )
    if fill_height is not None and spec.bars and fill_height > layout.height:
        roomiest = max(layout.row_height, _lines_height(MAX_FILL_LINES, label_font) + ROW_PADDING)
        row_height = min(layout.row_height + (fill_height - layout.height) / layout.rows, roomiest)
        layout = replace(layout, row_height=math.floor(row_height))
    return layout


def _lines_height(lines: int, font: QFont) -> float:
    return _measured_height("\n".join(["X"] * lines), font, 1e5)


_FITTED: dict[tuple[str, str, float, float], str] = {}


def fitted_label(text: str, font: QFont, width: float, height: float) -> str:
    """``text`` (made drawable) wrapped at ``width``, cut at a word and ended with "…" if it needs more than
    ``height``: what the chart draws in a label cell, so that no label is ever clipped or spills over."""
    key = (text, font.key(), width, height)
    fitted = _FITTED.get(key)
    if fitted is not None:
        return fitted
    if len(_FITTED) >= 10_000:
        _FITTED.clear()
    full = drawable(text)
    fitted = full
    if _measured_height(full, font, width) > height:
        words = full.split(" ")
        low, high = 0, len(words)  # the longest prefix of words that fits with "…" after it
        while low < high:
            middle = (low + high + 1) // 2
            if _measured_height(" ".join(words[:middle]) + "…", font, width) <= height:
                low = middle
            else:
                high = middle - 1
        fitted = " ".join(words[:low]) + "…" if low else _elide_one_line(full, font, width)
    _FITTED[key] = fitted
    return fitted


def _elide_one_line(text: str, font: QFont, width: float) -> str:
    return QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, max(width, 10.0))


def x_range_end(spec: ChartSpec, layout: ChartLayout, style: ChartStyle) -> float:
    """Where the value axis ends: past axis_max by X_HEADROOM, or further in a narrow chart, so that the
    value written after the longest bar ("100%") is never cut off at the chart's edge."""
    end = spec.axis_max * X_HEADROOM
    plot_width = layout.width - 2 * MARGIN - layout.label_width
    if not spec.bars or plot_width <= 0:
        return end
    metrics = QFontMetricsF(style.value_font)
    for bar in spec.bars:
        room = plot_width - (metrics.horizontalAdvance(bar.display_value) + VALUE_GAP + 4)
        if room > 0 and bar.value > 0:
            end = max(end, bar.value * plot_width / room)
    return end


def preferred_height(spec: ChartSpec, width: float = DEFAULT_EXPORT_WIDTH, style: ChartStyle | None = None) -> float:
    """The height (logical pixels) at which every bar and label of ``spec`` fits at ``width``."""
    return chart_layout(spec, width, style or ChartStyle.for_print()).height


def bar_tooltip(bar: ChartBar) -> str:
    """Rich-text tool tip of a bar; every dataset string is escaped (dataset text is never markup) and made
    drawable (a very long word may break, so the tip never grows wider than the screen)."""

    def text(value: str) -> str:
        return html.escape(drawable(value))

    lines = [
        f"<b>{text(bar.display_value)}</b> — {text(bar.measure_label)} ({text(bar.finding_id)})",
        text(bar.statement),
        f"<b>Base:</b> {text(bar.base)}",
        f"<b>Period:</b> {text(bar.period)}",
        f"<b>Source:</b> {text(bar.source_citation)}",
        f"<b>Confidence:</b> {text(bar.confidence.label)}",
    ]
    lines += [f"<b>Caveat:</b> {text(c)}" for c in bar.caveats]
    return "<p>" + "<br>".join(lines) + "</p>"


def hatch_segments(rect: QRectF, spacing: float) -> list[tuple[QPointF, QPointF]]:
    """45° hatching lines inside ``rect``, clipped by arithmetic (SVG viewers differ on clip paths)."""
    segments = []
    height = rect.height()
    x = rect.left() - height
    while x < rect.right():
        # The line runs from (x, bottom) to (x + height, top); keep the part with left <= x + t <= right.
        t0, t1 = max(0.0, rect.left() - x), min(height, rect.right() - x)
        if t0 < t1:
            segments.append((QPointF(x + t0, rect.bottom() - t0), QPointF(x + t1, rect.bottom() - t1)))
        x += spacing
    return segments


# ---- scene items ---------------------------------------------------------------------------------------


def _exposed(option, whole: QRectF) -> QRectF:
    """The part of an item to paint, in its coordinates: in a scroll area, often a small part of a tall chart.
    (Given by Qt for items flagged ItemUsesExtendedStyleOption; all of it otherwise.)"""
    exposed = getattr(option, "exposedRect", None)
    return exposed.normalized() if exposed is not None and not exposed.isEmpty() else whole


class TextBlock(pg.GraphicsWidget):
    """Plain text, word-wrapped to the block's width (never interpreted as markup)."""

    def __init__(self, text: str, font: QFont, colour: QColor):
        super().__init__()
        self.text, self.font, self.colour = text, font, colour

    def set_text(self, text: str, font: QFont, colour: QColor, height: float) -> None:
        self.text, self.font, self.colour = text, font, colour
        self.setMinimumHeight(height)
        self.setMaximumHeight(height)
        self.update()

    def paint(self, painter: QPainter, *args) -> None:
        painter.setFont(self.font)
        painter.setPen(self.colour)
        painter.drawText(self.rect(), int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft), drawable(self.text))


VALUE_FLAGS = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
LABEL_FLAGS = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class CategoryAxis(pg.AxisItem):
    """The left axis: one wrapped label per bar, centred on its row (bold for the highlighted finding)."""

    def __init__(self):
        super().__init__("left")
        self.bars: tuple[ChartBar, ...] = ()
        self.highlighted: str | None = None
        self.chart_style: ChartStyle | None = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # paint() is told what shows

    def set_bars(self, bars, style: ChartStyle) -> None:
        self.bars, self.chart_style = bars, style
        self.update()

    def paint(self, painter: QPainter, option=None, widget=None) -> None:
        view = self.linkedView()
        if view is None or not self.bars or self.chart_style is None:
            return
        top, bottom = view.viewRange()[1]
        rect = self.rect()
        row = rect.height() / max(bottom - top, 1e-9)
        shown = _exposed(option, rect).adjusted(0, -row, 0, row)
        for i, bar in enumerate(self.bars):
            centre = rect.top() + (i - top) * row
            cell = QRectF(rect.left(), centre - row / 2, rect.width() - LABEL_PADDING, row)
            if centre + row < shown.top() or centre - row > shown.bottom():
                continue  # scrolled out of sight (the chart of 100 bars is taller than its pane)
            font = self.label_font(bar)
            painter.setFont(font)
            painter.setPen(self.chart_style.text)
            painter.drawText(cell, LABEL_FLAGS, self.label_text(bar, font, cell))

    def label_font(self, bar: ChartBar) -> QFont:
        font = QFont(self.chart_style.label_font)
        font.setBold(bar.finding_id == self.highlighted)
        return font

    @staticmethod
    def label_text(bar: ChartBar, font: QFont, cell: QRectF) -> str:
        """The label as drawn in ``cell``: all of it, or as much as fits followed by "…"."""
        return fitted_label(bar.display_label, font, cell.width(), cell.height() - ROW_PADDING / 2)

    def label_rects(self) -> list[tuple[QRectF, QRectF]]:
        """(cell, text) rectangles of each bar's label, in this axis's coordinates (for tests)."""
        view = self.linkedView()
        if view is None or not self.bars or self.chart_style is None:
            return []
        top, bottom = view.viewRange()[1]
        rect = self.rect()
        row = rect.height() / max(bottom - top, 1e-9)
        rects = []
        for i, bar in enumerate(self.bars):
            centre = rect.top() + (i - top) * row
            cell = QRectF(rect.left(), centre - row / 2, rect.width() - LABEL_PADDING, row)
            font = self.label_font(bar)
            text = QFontMetricsF(font).boundingRect(cell, LABEL_FLAGS, self.label_text(bar, font, cell))
            rects.append((cell, text))
        return rects


class ValueAxis(pg.AxisItem):
    """The bottom axis, 0–100%. Its bounding rectangle reaches past both ends so the "0%" label is drawn
    (with a grid, pyqtgraph drops labels that stick out of the axis, as "0%" does at the very edge)."""

    def __init__(self):
        super().__init__("bottom")

    def boundingRect(self) -> QRectF:
        return super().boundingRect().adjusted(-40, 0, 40, 0)

    def paint(self, painter: QPainter, *args) -> None:
        # Draw directly rather than through pyqtgraph's cached QPicture: QPainter rescales a QPicture by
        # the device's dpi, which misplaces the grid and labels on a 300-dpi image or a printer.
        specs = self.generateDrawSpecs(painter)
        if specs is not None:
            self.drawPicture(painter, *specs)


class BarsItem(pg.GraphicsObject):
    """Horizontal bars in view coordinates: bar i spans row i (y = i ± 0.5), x from 0 to its value.

    Drawing happens in scene (logical-pixel) coordinates so that outlines, hatching and value labels keep
    their size whatever the view's scale and whatever the output device.
    """

    barClicked = Signal(int)

    def __init__(self):
        super().__init__()
        self.bars: tuple[ChartBar, ...] = ()
        self.axis_max = 100.0
        self.highlighted: str | None = None
        self.empty_message = ""
        self.chart_style: ChartStyle | None = None
        self.hover_index: int | None = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # paint() is told what shows

    def set_bars(self, spec: ChartSpec, style: ChartStyle) -> None:
        self.prepareGeometryChange()
        self.bars, self.axis_max, self.empty_message, self.chart_style = spec.bars, spec.axis_max, spec.empty_message, style
        self.hover_index = None
        self.setToolTip("")
        self.update()

    def boundingRect(self) -> QRectF:
        rows = len(self.bars) or 3
        return QRectF(0, -0.5, self.axis_max * X_HEADROOM, rows)

    def index_at(self, pos: QPointF) -> int | None:
        """The bar whose row contains ``pos`` (view coordinates): a whole row is a click target."""
        index = round(pos.y())
        if 0 <= index < len(self.bars) and 0 <= pos.x() <= self.axis_max * X_HEADROOM:
            return index
        return None

    def bar_rect(self, index: int) -> QRectF:
        """The bar's rectangle in view coordinates."""
        return QRectF(0, index - BAR_THICKNESS / 2, self.bars[index].value, BAR_THICKNESS)

    def paint(self, painter: QPainter, option=None, widget=None) -> None:
        style = self.chart_style
        if style is None:
            return
        # The bars in sight, with one more each side (a bar's row is y = i - 0.5 to i + 0.5).
        shown = _exposed(option, self.boundingRect())
        first, last = max(0, math.floor(shown.top()) - 1), math.ceil(shown.bottom()) + 2
        to_scene = self.sceneTransform()
        scene_to_device = to_scene.inverted()[0] * painter.transform()
        painter.save()
        try:
            painter.setTransform(scene_to_device)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            if not self.bars:
                view = self.getViewBox()
                area = view.sceneBoundingRect() if view is not None else to_scene.mapRect(self.boundingRect())
                painter.setFont(style.label_font)
                painter.setPen(style.text)
                painter.drawText(
                    area.adjusted(12, 0, -12, 0),
                    int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter),
                    drawable(self.empty_message),
                )
                return
            for i, bar in enumerate(self.bars[first:last], start=first):
                self._paint_bar(painter, style, bar, to_scene.mapRect(self.bar_rect(i)))
            # The zero line, drawn over the bars' left edges.
            zero = to_scene.mapRect(self.boundingRect())
            painter.setPen(QPen(style.text, 1.0))
            painter.drawLine(QPointF(zero.left(), zero.top()), QPointF(zero.left(), zero.bottom()))
        finally:
            painter.restore()

    def _paint_bar(self, painter: QPainter, style: ChartStyle, bar: ChartBar, rect: QRectF) -> None:
        highlighted = bar.finding_id == self.highlighted
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.bar_fill(bar))
        painter.drawRect(rect)
        if bar.hatched:
            painter.setPen(QPen(QColor("black"), 1.2))
            for start, end in hatch_segments(rect, HATCH_SPACING):
                painter.drawLine(start, end)
        # An outline in the text colour keeps every bar's edge visible on any background and in greyscale;
        # the highlighted finding gets a thick outline, so selection is not shown by colour alone.
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(style.text, 3.0 if highlighted else 1.0))
        painter.drawRect(rect)
        painter.setFont(style.value_font)
        painter.setPen(style.text)
        painter.drawText(self._value_box(rect, highlighted), VALUE_FLAGS, bar.display_value)

    @staticmethod
    def _value_box(bar_rect: QRectF, highlighted: bool) -> QRectF:
        return QRectF(bar_rect.right() + VALUE_GAP + (2 if highlighted else 0), bar_rect.center().y() - 50, 200, 100)

    def value_rect(self, index: int) -> QRectF:
        """The scene rectangle of bar ``index``'s value text (for tests)."""
        bar = self.bars[index]
        rect = self.sceneTransform().mapRect(self.bar_rect(index))
        box = self._value_box(rect, bar.finding_id == self.highlighted)
        return QFontMetricsF(self.chart_style.value_font).boundingRect(box, VALUE_FLAGS, bar.display_value)

    # pyqtgraph's scene delivers its own hover and click events to items that define these methods.
    def hoverEvent(self, event) -> None:
        index = None if event.isExit() else self.index_at(event.pos())
        if index != self.hover_index:
            self.hover_index = index
            self.setToolTip(bar_tooltip(self.bars[index]) if index is not None else "")

    def mouseClickEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        index = self.index_at(event.pos())
        if index is not None:
            event.accept()
            self.barClicked.emit(index)


# ---- the chart -------------------------------------------------------------------------------------------


class ChartView(pg.GraphicsLayoutWidget):
    """A chart drawn from a ChartSpec: title, bars, axis, caption, sources and edition in one scene."""

    barClicked = Signal(str)  # finding id of the clicked bar
    barActivated = Signal(str)  # the same from the keyboard (Enter on the current bar)

    def __init__(self, spec: ChartSpec | None = None, style: ChartStyle | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        # No cached background (pyqtgraph turns it on): in the window the chart is as tall as its bars
        # (12,000 pixels for 100 bars) inside a scroll area, and the cache, a pixmap that size, was filled
        # again at each search keystroke. The background is one colour, painted where the view shows.
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        self._fixed_style = style
        self.chart_style = style or ChartStyle.for_screen(self)
        self.spec: ChartSpec | None = None
        self.highlighted: str | None = None
        # Set by fit_to (the chart in the window): at most this many lines a label, rows grown towards a height.
        self.fit_lines: int | None = None
        self.fit_height: float | None = None
        self.ci.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        self.ci.layout.setVerticalSpacing(GAP)
        self.ci.layout.setHorizontalSpacing(0)

        self.title_block = TextBlock("", self.chart_style.title_font, self.chart_style.text)
        self.category_axis = CategoryAxis()
        self.value_axis = ValueAxis()
        self.plot = pg.PlotItem(axisItems={"left": self.category_axis, "bottom": self.value_axis})
        self.footer_block = TextBlock("", self.chart_style.footer_font, self.chart_style.muted)
        self.ci.addItem(self.title_block, row=0, col=0)
        self.ci.addItem(self.plot, row=1, col=0)
        self.ci.addItem(self.footer_block, row=2, col=0)

        self.value_axis.setZValue(-1000)  # paint the grid lines under the bars (PlotItem sets its own z first)
        self.plot.layout.setContentsMargins(0, 0, 0, 0)
        self.plot.layout.setSpacing(0)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideAxis("top")
        self.plot.hideAxis("right")
        self.view_box = self.plot.getViewBox()
        self.view_box.invertY(True)
        self.view_box.disableAutoRange()
        self.value_axis.setTicks([[(t, f"{t}%") for t in TICKS], []])
        self.value_axis.setStyle(tickTextOffset=5, autoExpandTextSpace=False, tickLength=-5, hideOverlappingLabels=20, textFillLimits=[(0, 1.0)])
        self.bars_item = BarsItem()
        self.plot.addItem(self.bars_item)
        self.bars_item.barClicked.connect(self._on_bar_clicked)
        self.current_index: int | None = None

        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(MIN_CHART_HEIGHT)
        if spec is not None:
            self.set_spec(spec)

    # ---- content -----------------------------------------------------------------------------------------
    def set_spec(self, spec: ChartSpec) -> None:
        self.spec = spec
        self.current_index = None
        self._apply()

    def highlight(self, finding_id: str | None) -> None:
        """Mark the bars of a finding (thick outline, bold label); None clears it."""
        self.highlighted = finding_id
        self.bars_item.highlighted = finding_id
        self.category_axis.highlighted = finding_id
        indexes = self.spec.bar_indexes(finding_id) if (self.spec and finding_id) else []
        self.current_index = indexes[0] if indexes else self.current_index
        self.bars_item.update()
        self.category_axis.update()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        # changeEvent already arrives from the base constructor, before our attributes exist.
        if getattr(self, "spec", None) is not None and self._fixed_style is None and event.type() in (event.Type.PaletteChange, event.Type.FontChange):
            self.chart_style = ChartStyle.for_screen(self)
            self._apply()

    def _apply(self) -> None:
        spec, style = self.spec, self.chart_style
        if spec is None:
            return
        if self.backgroundBrush().color() != style.background:
            self.setBackground(style.background)  # which repaints the whole view
        self.bars_item.set_bars(spec, style)
        self.category_axis.set_bars(spec.bars, style)
        self.highlight(self.highlighted)
        axis_pen = pg.mkPen(style.text, width=1, cosmetic=False)  # scales with the output, like the bars
        self.value_axis.setPen(axis_pen)
        self.value_axis.setTextPen(axis_pen)
        self.value_axis.setStyle(tickFont=style.label_font, tickAlpha=255)
        self.value_axis.setTickPen(pg.mkPen(style.grid, width=1, cosmetic=False))
        self.value_axis.setGrid(255 if spec.bars else False)
        self.value_axis.setVisible(bool(spec.bars))
        self.category_axis.setPen(axis_pen)
        rows = chart_rows(spec)  # as many as chart_layout gives room for (a chart of 2 bars had 3 rows' room)
        self.view_box.setRange(yRange=(-0.5, rows - 0.5), padding=0, disableAutoRange=True)
        self.setAccessibleName(f"Chart: {spec.title}")
        self.setAccessibleDescription(describe(spec))
        self._relayout(self.width())

    def _relayout(self, width: float) -> None:
        if self.spec is None:
            return
        info = chart_layout(self.spec, width, self.chart_style, self.fit_lines, self.fit_height)
        style = self.chart_style
        self.title_block.set_text(self.spec.title, style.title_font, style.text, info.title_height)
        self.footer_block.set_text(self.spec.footer, style.footer_font, style.muted, info.footer_height)
        self.category_axis.setWidth(info.label_width)
        self.category_axis.setVisible(bool(self.spec.bars))
        self.value_axis.setHeight(info.axis_height)
        self.plot.setMinimumHeight(info.plot_height * 0.5 + info.axis_height)
        self.view_box.setXRange(0, x_range_end(self.spec, info, style), padding=0)

    def preferred_height(self, width: float | None = None) -> float:
        if self.spec is None:
            return float(self.minimumHeight())
        width = self.width() if width is None else width
        return chart_layout(self.spec, width, self.chart_style, self.fit_lines, self.fit_height).height

    def fit_to(self, width: float, available: float) -> int:
        """Lay the chart out for a pane ``width`` wide showing ``available`` pixels of height, and return the
        chart's height: every label in full (up to SCREEN_MAX_LABEL_LINES lines) if the whole chart then fits,
        rows grown to use the room; if not,
        labels of at most SCREEN_LABEL_LINES lines when the bars do not fit, so that the pane shows several
        bars as it scrolls."""
        if self.spec is None:
            return MIN_CHART_HEIGHT
        self.fit_lines, self.fit_height = SCREEN_MAX_LABEL_LINES, available
        full = chart_layout(self.spec, width, self.chart_style)
        if MARGIN + full.title_height + GAP + full.plot_height + full.axis_height > available:
            self.fit_lines = SCREEN_LABEL_LINES  # the bars alone need more than the pane (the footer may scroll)
        if width == self.width():
            self._relayout(width)  # otherwise the resize to come lays it out
        return max(MIN_CHART_HEIGHT, math.ceil(self.preferred_height(width)))

    def label_rects(self) -> list[tuple[QRectF, QRectF]]:
        """(cell, text) of each bar's label in widget coordinates: the text drawn never leaves its cell."""
        self.ensure_laid_out()
        to_widget = self.category_axis.sceneTransform() * self.viewportTransform()
        return [(to_widget.mapRect(cell), to_widget.mapRect(text)) for cell, text in self.category_axis.label_rects()]

    def resizeEvent(self, event) -> None:
        # pyqtgraph calls resizeEvent(None) itself while setting up.
        if event is not None and getattr(self, "spec", None) is not None:
            self._relayout(event.size().width())
        super().resizeEvent(event)

    # ---- interaction ---------------------------------------------------------------------------------------
    def ensure_laid_out(self) -> None:
        """Apply pending layout now (Qt posts it for later), so scene positions are current."""
        self.ci.layout.activate()
        self.plot.layout.activate()
        self.view_box.updateMatrix()

    def bar_scene_rect(self, index: int) -> QRectF:
        """Scene rectangle of a bar (for scrolling to it, and for tests)."""
        self.ensure_laid_out()
        return self.bars_item.sceneTransform().mapRect(self.bars_item.bar_rect(index))

    def row_centre_in_viewport(self, index: int) -> QPointF:
        """Where to click (viewport coordinates) to hit bar ``index``'s row."""
        rect = self.bar_scene_rect(index)
        return self.mapFromScene(QPointF(rect.left() + max(rect.width(), 4) / 2, rect.center().y())).toPointF()

    def _on_bar_clicked(self, index: int) -> None:
        self.current_index = index
        self.barClicked.emit(self.spec.bars[index].finding_id)

    def keyPressEvent(self, event) -> None:
        # Up/Down move between bars (highlighting them), Enter or Space selects the bar's finding.
        bars = self.spec.bars if self.spec else ()
        key = event.key()
        if bars and key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End):
            current = self.current_index if self.current_index is not None else -1
            if key == Qt.Key.Key_Up:
                current = max(current - 1, 0)
            elif key == Qt.Key.Key_Down:
                current = min(current + 1, len(bars) - 1)
            elif key == Qt.Key.Key_Home:
                current = 0
            else:
                current = len(bars) - 1
            self.current_index = current
            self.highlight(bars[current].finding_id)
            self.current_index = current
            self.setToolTip("")
            event.accept()
            return
        if bars and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.current_index is not None:
            self.barActivated.emit(bars[self.current_index].finding_id)
            event.accept()
            return
        super().keyPressEvent(event)


# ---- painting onto any device: exports and print ---------------------------------------------------------


def build_hidden_chart(spec: ChartSpec, size: QSizeF, style: ChartStyle | None = None) -> ChartView:
    """A chart of exactly ``size`` logical pixels that never appears on screen, laid out and ready to paint."""
    view = ChartView(spec, style or ChartStyle.for_print())
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.setMinimumSize(1, 1)
    view.resize(max(1, round(size.width())), max(1, round(size.height())))
    view.show()  # delivers the resize event that lays the scene out; nothing is shown
    view.ensure_laid_out()
    return view


def render_view(view: ChartView, painter: QPainter, target: QRectF) -> None:
    """Paint ``view``'s whole scene into ``target`` inside pyqtgraph's export mode, as vectors."""
    scene = view.scene()
    source = QRectF(0, 0, view.width(), view.height())
    items = [item for item in scene.items() if hasattr(item, "setExportMode")]
    options = {"antialias": True, "background": view.chart_style.background, "painter": painter, "resolutionScale": 1.0}
    for item in items:
        item.setExportMode(True, options)
    try:
        painter.fillRect(target, view.chart_style.background)
        scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)
    finally:
        for item in items:
            item.setExportMode(False)


def paint_chart(painter: QPainter, target: QRectF, spec: ChartSpec) -> None:
    """Paint the chart of ``spec`` into ``target`` (logical 96-dpi pixels in the painter's coordinates).

    Works on QImage, QSvgGenerator, QPdfWriter (resolution 96) and QPrinter: the chart is laid out at
    ``target``'s size and the painter's own transform does any scaling to the device. Black on white.
    Use :func:`preferred_height` to choose a target height at which every label fits.
    """
    view = build_hidden_chart(spec, target.size())
    try:
        render_view(view, painter, target)
    finally:
        # Not view.close(): pyqtgraph's close() clears the scene under live Python items and can crash.
        view.hide()
        view.deleteLater()


__all__ = [
    "ChartStyle", "ChartView", "ChartLayout", "DEFAULT_EXPORT_WIDTH", "OKABE_ITO", "SECTOR_COLOURS",
    "bar_tooltip", "build_hidden_chart", "chart_layout", "paint_chart", "preferred_height", "render_view",
]

