"""The main window's look, set on the widgets themselves: bold pane titles, spacing, the empty-state frame.

These were once rules in an application-wide style sheet. Any application style sheet puts every widget
through Qt's style-sheet style, which made building and first painting the window about 50 ms slower
(bench/run.py, start-up). Colours still come only from palette roles and no font size is set, so the
system's light, dark and high-contrast palettes and its font size apply. When the system asks for more
contrast, app.py adds resources/style/high-contrast.qss on top (thicker frames in the text colour).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QToolBar

TOOLBAR_SPACING = 4
TOOLBAR_MARGIN = 3
TOOLBAR_LABEL_INDENT = 8
EMPTY_STATE_RADIUS = 4


def pane_title(label: QLabel) -> QLabel:
    """A pane's title: bold (in the system font and size), with a little room above and below."""
    label.setProperty("role", "paneTitle")
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 2, 0, 2)
    return label


def toolbar_label(label: QLabel) -> QLabel:
    """A label in the search toolbar, set apart from the widget before it."""
    label.setProperty("role", "toolbarLabel")
    label.setContentsMargins(TOOLBAR_LABEL_INDENT, 0, 0, 0)
    return label


def search_toolbar(bar: QToolBar) -> QToolBar:
    bar.layout().setSpacing(TOOLBAR_SPACING)
    bar.setContentsMargins(TOOLBAR_MARGIN, TOOLBAR_MARGIN, TOOLBAR_MARGIN, TOOLBAR_MARGIN)
    return bar


def paint_empty_state(frame: QFrame) -> bool:
    """Paint an empty state's panel (alternate-base background, dashed mid-colour border, rounded corners).

    Returns False, painting nothing, when a style sheet is in force (high contrast), which draws it instead.
    """
    if QApplication.instance().styleSheet() or frame.styleSheet():
        return False
    painter = QPainter(frame)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(frame.palette().color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(frame.palette().color(QPalette.ColorRole.AlternateBase))
    painter.drawRoundedRect(QRectF(frame.rect()).adjusted(0.5, 0.5, -0.5, -0.5), EMPTY_STATE_RADIUS, EMPTY_STATE_RADIUS)
    painter.end()
    return True


# ---- readable colours: every colour comes from the palette, made to contrast where the palette's does not ----

MINIMUM_CONTRAST = 4.5  # WCAG 2 AA for body text


def relative_luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast_ratio(one: QColor, other: QColor) -> float:
    """WCAG 2 contrast ratio, from 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable(colour: QColor, background: QColor, toward: QColor, minimum: float = MINIMUM_CONTRAST) -> QColor:
    """``colour`` if it contrasts enough with ``background``, otherwise ``colour`` mixed with ``toward`` (the
    palette's text colour) just far enough that it does: a dark palette's default link blue (about 1.5:1 on
    dark grey) becomes a light blue, still a link colour, still the palette's."""
    if contrast_ratio(colour, background) >= minimum or contrast_ratio(toward, background) < minimum:
        return QColor(colour) if contrast_ratio(colour, background) >= contrast_ratio(toward, background) else QColor(toward)
    for step in range(1, 21):
        amount = step / 20
        mixed = QColor.fromRgbF(
            colour.redF() * (1 - amount) + toward.redF() * amount,
            colour.greenF() * (1 - amount) + toward.greenF() * amount,
            colour.blueF() * (1 - amount) + toward.blueF() * amount,
        )
        if contrast_ratio(mixed, background) >= minimum:
            return mixed
    return QColor(toward)


def text_colours(palette: QPalette) -> dict[str, QColor]:
    """The colours text is drawn in on the palette's Base: plain, muted (placeholder) and link, each readable."""
    base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    return {
        "text": QColor(text),
        "muted": readable(palette.color(QPalette.ColorRole.PlaceholderText), base, text),
        "link": readable(palette.color(QPalette.ColorRole.Link), base, text),
    }
