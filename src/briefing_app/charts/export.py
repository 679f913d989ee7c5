"""Chart exports: PNG at print resolution, SVG as vectors, CSV of the values drawn, and the clipboard.

Every image is painted by :func:`render.paint_chart` (the one builder), at the 96-dpi logical size; a PNG at
300 dpi is the same drawing under a scaling transform, not a chart laid out at 300 dpi. Files are written
atomically: a failed export leaves no partial file and any older file intact.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QRectF, QSize, QSizeF
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator

from ..domain.text import drawable
from ..storage.atomic import atomic_write_bytes
from ..storage.csv_file import write_csv_file
from .render import DEFAULT_EXPORT_WIDTH, LOGICAL_DPI, paint_chart, preferred_height
from .spec import ChartSpec, describe, spec_csv

DEFAULT_DPI = 300
MIN_DPI, MAX_DPI = 72, 1200
EXPORT_FORMATS = ("png", "svg", "csv")
SVG_MIME = "image/svg+xml"


class ChartExportError(ValueError):
    """An export that cannot be made (unknown format, impossible resolution); the message is for the user."""


def chart_size(spec: ChartSpec, width: float = DEFAULT_EXPORT_WIDTH) -> QSizeF:
    """The logical (96-dpi) size of an exported chart: the given width and the height its bars need."""
    return QSizeF(width, math.ceil(preferred_height(spec, width)))


def chart_image(spec: ChartSpec, dpi: int = DEFAULT_DPI, width: float = DEFAULT_EXPORT_WIDTH) -> QImage:
    """The chart as an image of ``width`` logical pixels scaled to ``dpi`` (so 760 px at 300 dpi is 2375 px)."""
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise ChartExportError(f"The resolution must be between {MIN_DPI} and {MAX_DPI} dpi, not {dpi}.")
    size = chart_size(spec, width)
    scale = dpi / LOGICAL_DPI
    image = QImage(round(size.width() * scale), round(size.height() * scale), QImage.Format.Format_RGB32)  # opaque: smaller PNG
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(QColor("white"))
    image.setText("Title", spec.title)
    image.setText("Description", describe(spec))
    image.setText("Source", spec.source_line)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.scale(scale, scale)
        paint_chart(painter, QRectF(0, 0, size.width(), size.height()), spec)
    finally:
        painter.end()
    return image


def png_bytes(spec: ChartSpec, dpi: int = DEFAULT_DPI, width: float = DEFAULT_EXPORT_WIDTH) -> bytes:
    image = chart_image(spec, dpi, width)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ChartExportError("The chart could not be encoded as PNG.")
    buffer.close()
    return bytes(data)


def svg_bytes(spec: ChartSpec, width: float = DEFAULT_EXPORT_WIDTH) -> bytes:
    """The chart as SVG vectors: the pyqtgraph scene painted onto QSvgGenerator (text stays text)."""
    size = chart_size(spec, width)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(round(size.width()), round(size.height())))
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setResolution(round(LOGICAL_DPI))
    generator.setTitle(drawable(spec.title))
    generator.setDescription(drawable(describe(spec)))
    painter = QPainter(generator)
    try:
        paint_chart(painter, QRectF(0, 0, size.width(), size.height()), spec)
    finally:
        painter.end()
    buffer.close()
    return bytes(data)


def export_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in EXPORT_FORMATS:
        raise ChartExportError(
            f"Cannot export a chart to {Path(path).name!r}: the file name must end in .png, .svg or .csv."
        )
    return suffix


def export_chart(spec: ChartSpec, path: str | Path, dpi: int = DEFAULT_DPI, width: float = DEFAULT_EXPORT_WIDTH) -> None:
    """Write the chart to ``path`` as PNG, SVG or CSV (chosen by the file's extension), atomically.

    Raises ChartExportError for an unknown extension or resolution and storage.atomic.WriteError when the
    file cannot be written; in both cases no file is left behind.
    """
    kind = export_format(path)
    if kind == "csv":
        write_csv_file(path, spec_csv(spec))
    elif kind == "svg":
        atomic_write_bytes(path, svg_bytes(spec, width))
    else:
        atomic_write_bytes(path, png_bytes(spec, dpi, width))


def chart_mime_data(spec: ChartSpec, dpi: int = 192) -> QMimeData:
    """The chart for the clipboard: an image, the same chart as SVG, and the description as plain text."""
    mime = QMimeData()
    mime.setImageData(chart_image(spec, dpi))
    mime.setData(SVG_MIME, QByteArray(svg_bytes(spec)))
    mime.setText(describe(spec))
    return mime


def copy_chart(spec: ChartSpec) -> None:
    QGuiApplication.clipboard().setMimeData(chart_mime_data(spec))
