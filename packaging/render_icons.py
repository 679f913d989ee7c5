"""Render the application icon (resources/icons/app/briefing-app.svg) for the installers.

    python packaging/render_icons.py OUTPUT_DIR

writes OUTPUT_DIR/hicolor/<size>x<size>/apps/briefing-app.png for each size in
bundle_contents.ICON_SIZES, OUTPUT_DIR/hicolor/scalable/apps/briefing-app.svg, a Windows
OUTPUT_DIR/briefing-app.ico (all sizes) and a macOS OUTPUT_DIR/briefing-app.iconset/ (for `iconutil`).
Uses Qt's SVG renderer offscreen, so it needs no display and no other image tool.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
REPO = PACKAGING.parent
SVG = REPO / "resources" / "icons" / "app" / "briefing-app.svg"

sys.path.insert(0, str(PACKAGING))
from bundle_contents import ICON_NAME, ICON_SIZES  # noqa: E402

# macOS .iconset names: icon_<n>x<n>.png and the double-density icon_<n>x<n>@2x.png.
MACOS_ICONSET = {
    "icon_16x16.png": 16, "icon_16x16@2x.png": 32, "icon_32x32.png": 32, "icon_32x32@2x.png": 64,
    "icon_128x128.png": 128, "icon_128x128@2x.png": 256, "icon_256x256.png": 256,
    "icon_256x256@2x.png": 512, "icon_512x512.png": 512,
}


def render_png(renderer, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
    finally:
        painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError(f"could not encode a {size}px PNG")
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG images (allowed since Windows Vista): a 6-byte header, one
    16-byte directory entry per image, then the PNG data. Width/height 0 means 256."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, payload = b"", b""
    for size, png in sorted(pngs.items()):
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset + len(payload))
        payload += png
    return header + entries + payload


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841  (Qt painting needs one)
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"{SVG}: not a valid SVG image", file=sys.stderr)
        return 1

    pngs = {size: render_png(renderer, size) for size in sorted({*ICON_SIZES, *MACOS_ICONSET.values()})}
    for size in ICON_SIZES:
        target = out / "hicolor" / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pngs[size])
    scalable = out / "hicolor" / "scalable" / "apps" / f"{ICON_NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SVG, scalable)

    (out / f"{ICON_NAME}.ico").write_bytes(ico_bytes({size: pngs[size] for size in ICON_SIZES}))
    iconset = out / f"{ICON_NAME}.iconset"
    iconset.mkdir(parents=True, exist_ok=True)
    for name, size in MACOS_ICONSET.items():
        (iconset / name).write_bytes(pngs[size])
    print(f"Rendered {ICON_NAME} icons into {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
