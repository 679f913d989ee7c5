"""Dataset text made safe to draw: control characters shown as visible symbols, very long words breakable.

Dataset text is plain text everywhere. Two kinds of plain text still misbehave when drawn: control
characters (invisible on screen, and forbidden in XML, so an SVG holding one is refused by viewers) and
words too long for any line (Qt's word wrap will not break them, so they run off the page).
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LONG_WORD = re.compile(r"\S{41,}")
_BREAK_EVERY = 40
ZERO_WIDTH_SPACE = "\u200b"


def _control_picture(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x20:
        return chr(0x2400 + code)  # U+2400 block: ␀ ␁ … ␟, the Unicode pictures of the C0 controls
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def visible_controls(text: str) -> str:
    """Text with control characters (not tab or newline) replaced by visible symbols: ␀ … ␟, ␡, or �."""
    return _CONTROLS.sub(_control_picture, text)


def drawable(text: str) -> str:
    """Text with controls replaced by visible symbols and a break opportunity every 40 characters of a long word."""
    text = visible_controls(text)
    if _LONG_WORD.search(text):
        text = _LONG_WORD.sub(
            lambda m: ZERO_WIDTH_SPACE.join(m.group(0)[i : i + _BREAK_EVERY] for i in range(0, len(m.group(0)), _BREAK_EVERY)),
            text,
        )
    return text


# Characters a terminal would act on or that change how the text around them reads: C0 and C1 controls
# (ESC starts an escape sequence), and the invisible format characters, bidirectional overrides among them.
_TERMINAL_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
_MAYBE_UNSAFE = re.compile(r"[^\x20-\x7e\u00a0-\u00ac\u00ae-\u05ff]")


def terminal_safe(text: str) -> str:
    """Text for a terminal: control, format and bidirectional characters written as escapes (\\x1b, \\u202e).

    The command line prints dataset and pack text with it, so that no escape sequence reaches the terminal.
    """
    if not _MAYBE_UNSAFE.search(text):
        return text
    import unicodedata

    out = []
    for char in text:
        if unicodedata.category(char) in _TERMINAL_UNSAFE_CATEGORIES:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)
