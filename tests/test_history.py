"""The Qt-free rules of moving between places (views/history.py): what survives another dataset, and where an
item hidden by the filters shows."""

from __future__ import annotations

from briefing_app.domain.models import ItemKind
from briefing_app.views.history import History, Place


def test_a_place_keeps_in_another_dataset_only_what_exists_there(catalogue):
    finding = catalogue.dataset.findings[0]
    theme = next(iter(catalogue.themes))
    kept = Place(finding.sector, theme, "primary", "staff", (ItemKind.FINDING, finding.id)).kept_in(catalogue)
    assert kept == Place(finding.sector, theme, "primary", "staff", (ItemKind.FINDING, finding.id))
    gone = Place("no-such-sector", "no-such-theme", "primary", "staff", (ItemKind.FINDING, "gone")).kept_in(catalogue)
    assert gone == Place(None, None, "primary", "staff", None)  # the confidence and search mean the same anywhere


def test_an_item_hidden_by_the_filters_shows_with_them_cleared_and_the_sector_only_if_it_is_another():
    place = Place("health", "senior-leadership", "primary", "staff", None)
    assert place.cleared_for("health") == Place("health", None, None, "", None)
    assert place.cleared_for("education") == Place(None, None, None, "", None)
    assert Place(None, None, None, "x", None).cleared_for("education") == Place(None, None, None, "", None)


def test_items_are_found_by_their_kind(catalogue):
    finding, rec = catalogue.dataset.findings[0], catalogue.dataset.recommendations[0]
    assert catalogue.item(ItemKind.FINDING, finding.id) is catalogue.findings[finding.id]
    assert catalogue.item("recommendation", rec.id) is catalogue.recommendations[rec.id]
    assert catalogue.item(ItemKind.RECOMMENDATION, finding.id) is None
    assert catalogue.item(ItemKind.CHART, finding.id) is None


def test_history_returns_the_newest_place_first():
    history = History()
    first, second = Place(None, None, None, "a", None), Place(None, None, None, "b", None)
    history.push(first)
    history.push(second)
    assert history.pop() == second and history.pop() == first and not history
