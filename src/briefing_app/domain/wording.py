"""Words that several parts of the application say: confidence, counts and lists, fallbacks. No Qt here.

A confidence level's own label and explanation are on :class:`~.models.Confidence`; every other way of
wording a level (its marker, what a screen reader says, the key, the marks beside chart bars, a mix of
levels) is here, so the tables, the detail pane, the charts, the sheets and the window say the same.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from .models import Confidence

# A marker that carries the level in symbols and words, so it never relies on colour (EEF padlock spirit).
CONFIDENCE_MARKERS = {
    Confidence.PRIMARY: "●●● Primary",
    Confidence.SECONDARY: "●●○ Secondary",
    Confidence.UNVERIFIED: "●○○ Unverified",
}

# Text beside a chart bar whose figure was not seen in the publisher's own text (the bar is hatched too).
CONFIDENCE_BAR_MARKS = {
    Confidence.PRIMARY: "",
    Confidence.SECONDARY: "secondary source",
    Confidence.UNVERIFIED: "unverified",
}

# The window's confidence filter: (text, the lowest level shown or None for any).
CONFIDENCE_CHOICES = [
    ("Any confidence", None),
    (f"{CONFIDENCE_MARKERS[Confidence.SECONDARY]} or better", Confidence.SECONDARY.value),
    (f"{CONFIDENCE_MARKERS[Confidence.PRIMARY]} only", Confidence.PRIMARY.value),
]

# Fallback words: what stands where a sector or a figure would.
ALL_SECTORS = "All sectors"  # no one sector: the overview, the chart of every sector, the sector list's "All"
QUALITATIVE = "Qualitative"  # a finding's headline where it has no figure

# Links between findings and recommendations are the compiler's, not the sources' (the reports do not say
# which figure backs which recommendation): every place that shows them says so.
RELATED_FINDINGS = "Related findings (our judgement)"
RELATED_RECOMMENDATIONS = "Related recommendations (our judgement)"


def confidence_marker(confidence: Confidence) -> str:
    return CONFIDENCE_MARKERS[confidence]


def confidence_spoken(confidence: Confidence) -> str:
    """What a screen reader says instead of the circles."""
    label = confidence.label.lower()
    if label == confidence.value:  # "unverified" says it already: not "unverified, unverified"
        return f"Confidence: {label}"
    return f"Confidence: {confidence.value}, {label}"


def confidence_line(confidence: Confidence) -> str:
    """The marker and, unless the marker says it already, the label:
    "●●● Primary: seen in the publisher's own text", "●○○ Unverified"."""
    marker = confidence_marker(confidence)
    label = confidence.label
    return marker if marker.endswith(label) else f"{marker}: {label.lower()}"


def confidence_key_text(spoken: bool = False) -> str:
    """The key to the confidence markers, a line per level; ``spoken`` leaves the circles out (a screen
    reader reads each one)."""
    lines = []
    for level in Confidence:
        line = confidence_line(level)
        if line == confidence_marker(level):  # the marker is all the label says: say what it means
            line += ": not found in any source text retrieved"
        lines.append(line.lstrip("●○ ") if spoken else line)
    return "\n".join(lines)


def confidence_scale() -> str:
    """"●●● seen in the publisher's own text, ●●○ …": the circles of each level with its label."""
    return ", ".join(f"{CONFIDENCE_MARKERS[level].split()[0]} {level.label.lower()}" for level in Confidence)


def confidence_tip(confidence: Confidence, note: str | None = None) -> str:
    """The marker, the label, the explanation and the item's own note, one to a line."""
    text = f"{confidence_marker(confidence)}: {confidence.label}.\n{confidence.explanation}"
    return f"{text}\n{note}" if note else text


def confidence_key_note() -> str:
    """The sheets' note on what each level means."""
    return "Confidence, as used on this sheet: " + " ".join(f"“{c.label}”: {c.explanation}" for c in Confidence)


def confidence_mix(levels: Iterable[Confidence]) -> str:
    """"3 seen in the publisher's own text and 1 unverified": how many items have each level, strongest first."""
    counts = Counter(levels)
    return join_words([f"{counts[c]} {c.label[0].lower() + c.label[1:]}" for c in Confidence if counts[c]])


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    """"1 finding", "2 findings" ("2 rows compare" with ``plural_word``)."""
    return f"{count} {noun(count, word, plural_word)}"


def noun(count: int, word: str, plural_word: str | None = None) -> str:
    """The word alone, as many as ``count`` say: "Source" or "Sources", "is" or "are" (with ``plural_word``)."""
    return word if count == 1 else (plural_word or word + "s")


def join_words(words: Sequence[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def unknown_sector(sector_id: str, known: Iterable[str]) -> str:
    return f"Unknown sector {sector_id!r}. Known sectors: {', '.join(known)}."
