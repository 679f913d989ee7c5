"""Helpers shared by the reliability tests (not a test module itself).

- :func:`add_count`: counts (generated dataset cases, kills, …) printed in pytest's terminal summary, so
  every CI log shows them, with or without ``-s`` or ``-q``.
- :func:`hostile_strings` and :func:`make_hostile`: dataset text that must be shown literally: HTML and
  rich text, control characters, right-to-left text, emoji, very long words.
- :class:`ImageProbe`: a real image on disk whose access time shows whether anything read it (an
  ``<img src="file:…">`` in dataset text rendered as HTML would).
"""

from __future__ import annotations

import itertools
import os
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

# ---- counts in the terminal summary -----------------------------------------------------------------

_PLUGIN_NAME = "briefing-app-reliability-counts"


class _Counts:
    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def pytest_terminal_summary(self, terminalreporter) -> None:
        terminalreporter.section("reliability counts")
        for name, value in self.counts.items():
            terminalreporter.write_line(f"{name}: {value}")


def add_count(config: pytest.Config, name: str, amount: int) -> None:
    """Add to a named count; the first call registers a plugin whose hook prints them all at the end."""
    plugin = config.pluginmanager.get_plugin(_PLUGIN_NAME)
    if plugin is None:
        plugin = _Counts()
        config.pluginmanager.register(plugin, _PLUGIN_NAME)
    plugin.counts[name] = plugin.counts.get(name, 0) + amount


# ---- hostile text ---------------------------------------------------------------------------------

LONG_WORD = "Supercalifragilistic" * 500  # 10,000 characters, no space to break at
SHORT_TEXT_LIMIT = 500  # ShortText's max_length in domain/models.py


def hostile_strings(image_url: str) -> list[str]:
    """Strings a dataset may contain that must never be interpreted: each is shown as typed.

    ``image_url`` is a file:// URL of a real image on disk: if anything renders the text as HTML it
    would load (and paint) that image.
    """
    return [
        "<b>bold</b> & <i>italic</i> <u>underlined</u>",
        f'<img src="{image_url}" width="400" height="400">',
        '<a href="https://example.invalid/phish">click here</a>',
        "<style>* { color: white; display: none }</style>after style",
        "<script>alert('x')</script><iframe src='https://example.invalid'></iframe>",
        "&lt;entity&gt; &amp; &#x41;&#66; &nbsp; must stay as typed",
        "<!-- comment --> <table><tr><td>cell</td></tr></table> <h1>heading</h1>",
        "Control\tchars\x07 \x1b[31mANSI red\x1b[0m \x7f DEL \u200b zero-width",
        "\u202eright-to-left override\u202c and \u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd",
        "Emoji \U0001f469\u200d\u2695\ufe0f \U0001f3eb \U0001f4c8 \U0001f1ec\U0001f1e7 and Z\u0364\u0351a\u0308lgo",
        "%s %d {0} {name} $HOME `id` ${x} \\n \\u0041 format strings",
        "=HYPERLINK(\"https://example.invalid\",\"csv formula\")",
        LONG_WORD,
    ]


# Free-text fields of the dataset (Text or ShortText in domain/models.py): ids, enums, dates and URLs
# keep their values so that the dataset still loads.
TEXT_FIELDS = {
    "title", "publisher", "notes", "name", "description", "comparison_title", "short", "title_note",
    "publishers", "authors", "date_note", "label", "coverage", "method", "pollster", "fieldwork",
    "statement", "base", "period", "location", "confidence_note", "caveats", "summary", "target_body",
    "target_status",
}
SHORT_FIELDS = {
    "title", "publisher", "name", "comparison_title", "short", "publishers", "authors", "label", "pollster",
    "fieldwork", "period", "target_body",
}


def make_hostile(raw: dict, strings: list[str]) -> dict:
    """Prefix every free-text string of a raw dataset with the next hostile string, in turn.

    The original text is kept after it, so items stay distinguishable; short fields are cut to their
    limit. Returns the same (mutated) object.
    """
    cycle: Iterator[str] = itertools.cycle(strings)

    def rewrite(text: str, limit: int) -> str:
        return (next(cycle) + " | " + text)[:limit]

    def walk(node, key: str | None) -> object:
        if isinstance(node, dict):
            return {k: walk(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, key) for v in node]
        if isinstance(node, str) and key in TEXT_FIELDS:
            return rewrite(node, SHORT_TEXT_LIMIT if key in SHORT_FIELDS else 20_000)
        return node

    rewritten = walk(raw, None)
    raw.clear()
    raw.update(rewritten)
    return raw


# ---- an image that must never be read ------------------------------------------------------------


def _png(width: int = 8, height: int = 8) -> bytes:
    """A small valid red PNG, written without Qt."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


class ImageProbe:
    """A real image whose access time is set in the past, so that any read of it moves the time on.

    Linux's default ``relatime`` updates the access time on a read when it is older than the
    modification time; ``works`` says whether this file system does (a ``noatime`` mount does not).
    """

    def __init__(self, folder: Path):
        self.path = folder / "probe image.png"
        self.path.write_bytes(_png())
        canary = folder / "canary.png"
        canary.write_bytes(_png())
        self._age(canary)
        canary.read_bytes()
        self.works = os.stat(canary).st_atime_ns != self._old_atime_ns
        self.reset()

    def _age(self, path: Path) -> None:
        status = os.stat(path)
        self._old_atime_ns = status.st_mtime_ns - 86_400 * 10**9
        os.utime(path, ns=(self._old_atime_ns, status.st_mtime_ns))

    def reset(self) -> None:
        self._age(self.path)

    @property
    def url(self) -> str:
        return self.path.as_uri()

    def was_read(self) -> bool:
        if not self.works:
            pytest.skip("this file system does not update access times (noatime); the other checks still ran")
        return os.stat(self.path).st_atime_ns != self._old_atime_ns
