"""Text made safe to draw: visible control characters and breakable long words."""

from briefing_app.domain.text import ZERO_WIDTH_SPACE, drawable


def test_controls_become_visible_symbols():
    assert drawable("bell\x07 esc\x1b del\x7f") == "bell\u2407 esc\u241b del\u2421"
    assert drawable("tab\tand\nnewline") == "tab\tand\nnewline"


def test_long_words_get_break_opportunities_and_nothing_else_changes():
    word = "x" * 10_000
    out = drawable(f"short words {word} end")
    assert out.replace(ZERO_WIDTH_SPACE, "") == f"short words {word} end"
    assert max(len(part) for part in out.split(ZERO_WIDTH_SPACE)) <= 40 + len("short words ")
    assert drawable("ordinary text stays as it is") == "ordinary text stays as it is"
