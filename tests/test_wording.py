"""domain/wording.py, the one home of words several panes say: counts, lists, fallbacks, confidence."""

from __future__ import annotations

from briefing_app.domain import load_catalogue
from briefing_app.domain.models import Confidence
from briefing_app.domain.wording import (
    CONFIDENCE_CHOICES,
    CONFIDENCE_MARKERS,
    confidence_key_text,
    join_words,
    noun,
    plural,
    unknown_sector,
)


def test_counts_and_nouns_agree_with_the_number():
    assert [plural(n, "finding") for n in (0, 1, 2)] == ["0 findings", "1 finding", "2 findings"]
    assert plural(3, "row compares", "rows compare") == "3 rows compare"
    assert [noun(n, "Source") for n in (1, 2, 0)] == ["Source", "Sources", "Sources"]
    assert [noun(n, "is", "are") for n in (1, 5)] == ["is", "are"]


def test_lists_are_joined_as_english_prose():
    assert [join_words(w) for w in ([], ["a"], ["a", "b"], ["a", "b", "c"])] == ["", "a", "a and b", "a, b and c"]


def test_an_unknown_sector_names_the_known_ones_from_the_dataset():
    sectors = list(load_catalogue(None).sectors)
    message = unknown_sector("police", sectors)
    assert message.startswith("Unknown sector 'police'.")
    assert all(sector in message for sector in sectors)


def test_the_confidence_key_has_a_line_per_level_and_a_spoken_form_without_circles():
    lines = confidence_key_text().splitlines()
    assert len(lines) == len(Confidence)
    assert [line.split(":")[0] for line in lines] == [CONFIDENCE_MARKERS[level] for level in Confidence]
    spoken = confidence_key_text(spoken=True)
    assert "●" not in spoken and "○" not in spoken and len(spoken.splitlines()) == len(Confidence)
    # The filter offers every level but the lowest, each with the marker the tables show.
    assert [value for _, value in CONFIDENCE_CHOICES][1:] == [level.value for level in list(Confidence)[1::-1]]
