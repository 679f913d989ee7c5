"""The files the Linux package ships beside the frozen app: desktop entry, AppStream metadata, icons."""

from __future__ import annotations

import configparser
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGING = REPO / "packaging"
sys.path.insert(0, str(PACKAGING))
import bundle_contents as contents  # noqa: E402

DESKTOP = PACKAGING / "linux" / f"{contents.APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{contents.APP_ID}.metainfo.xml"
ICON_SVG = REPO / "resources" / "icons" / "app" / f"{contents.ICON_NAME}.svg"


def tool(name: str) -> str:
    path = shutil.which(name)
    # Installed by ./bootstrap (scripts/system-packages.sh TEST_PACKAGES): missing means a broken set-up.
    assert path, f"{name} is not installed; run ./bootstrap test (scripts/system-packages.sh)"
    return path


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive in desktop files
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_passes_desktop_file_validate():
    result = subprocess.run([tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    # Hints and warnings also print; a clean file prints nothing at all.
    assert result.stdout.strip() == "", result.stdout


def test_metainfo_passes_appstream_validation():
    result = subprocess.run(
        [tool("appstreamcli"), "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not re.search(r"^[EW]: ", result.stdout, flags=re.MULTILINE), result.stdout


def test_desktop_entry_starts_the_packaged_program_with_the_packaged_icon():
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == contents.EXECUTABLE
    assert entry["Icon"] == contents.ICON_NAME
    assert entry["Terminal"] == "false"


def test_metainfo_names_the_desktop_entry_and_the_program():
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == contents.APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert root.findtext("provides/binary") == contents.EXECUTABLE
    release_versions = [release.get("version") for release in root.iter("release")]
    import briefing_app

    assert briefing_app.__version__ in release_versions, "add a <release> for the current version"


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_icon_marks_contrast_with_the_white_sheet():
    """The heading, text line, bars and baseline (the <rect>s) and the outline stand out from the white
    sheet by at least 3:1, the WCAG minimum for graphics (1.4.11)."""
    root = ET.parse(ICON_SVG).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    sheet = root.find(f"{ns}path").get("fill")
    marks = [rect.get("fill") for rect in root.iter(f"{ns}rect")] + [root.find(f"{ns}path").get("stroke")]
    assert len(marks) >= 4
    for colour in marks:
        assert contrast(colour, sheet) >= 3.0, f"{colour} on {sheet}: {contrast(colour, sheet):.2f}:1"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    """The icons as the package build renders them (packaging/render_icons.py)."""
    out = tmp_path_factory.mktemp("icons")
    result = subprocess.run(
        [sys.executable, str(PACKAGING / "render_icons.py"), str(out)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return out


def test_icons_render_at_every_hicolor_size(rendered):
    tmp_path = rendered
    for size in contents.ICON_SIZES:
        png = tmp_path / "hicolor" / f"{size}x{size}" / "apps" / f"{contents.ICON_NAME}.png"
        assert png_size(png) == (size, size)
    scalable = tmp_path / "hicolor" / "scalable" / "apps" / f"{contents.ICON_NAME}.svg"
    assert scalable.read_bytes() == ICON_SVG.read_bytes()
    # Windows .ico: one directory entry per size (0 stands for 256), each a PNG.
    ico = (tmp_path / f"{contents.ICON_NAME}.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(contents.ICON_SIZES))
    sizes = []
    for index in range(count):
        width, _, _, _, _, _, length, offset = struct.unpack("<BBBBHHII", ico[6 + 16 * index : 22 + 16 * index])
        assert ico[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(ico)
        sizes.append(width or 256)
    assert sorted(sizes) == sorted(contents.ICON_SIZES)


@pytest.mark.parametrize("size", [16, 256])
def test_rendered_icon_is_not_blank(rendered, size):
    """The rendering really draws: the sheet is mostly white and the outline dark."""
    from PySide6.QtGui import QImage

    image = QImage(str(rendered / "hicolor" / f"{size}x{size}" / "apps" / f"{contents.ICON_NAME}.png"))
    assert not image.isNull()
    opaque = [
        image.pixelColor(x, y)
        for x in range(size)
        for y in range(size)
        if image.pixelColor(x, y).alpha() == 255
    ]
    assert len(opaque) > size * size // 2
    assert any(colour.lightness() > 240 for colour in opaque)
    assert any(colour.lightness() < 60 for colour in opaque)
