"""The Qt item models: Qt's model tester on every model, roles, filters and sorting, all from the dataset."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from briefing_app.domain import Catalogue, format_value, search_words
from briefing_app.domain.models import Confidence
from briefing_app.domain.wording import CONFIDENCE_MARKERS
from briefing_app.qtmodels import (
    Filters,
    FindingFilterProxyModel,
    FindingTableModel,
    RecommendationFilterProxyModel,
    RecommendationTableModel,
    Roles,
    SectorListModel,
    plain_tooltip,
)


@pytest.fixture()
def finding_model(catalogue, qapp):
    return FindingTableModel(catalogue)


@pytest.fixture()
def recommendation_model(catalogue, qapp):
    return RecommendationTableModel(catalogue)


def column_values(proxy, column, role=Roles.SORT_KEY):
    return [proxy.index(row, column).data(role) for row in range(proxy.rowCount())]


# ---- Qt's model tester ------------------------------------------------------------------------------------


def test_model_tester_sector_list(qtmodeltester, catalogue):
    qtmodeltester.check(SectorListModel(catalogue))


def test_model_tester_finding_table(qtmodeltester, finding_model):
    qtmodeltester.check(finding_model)


def test_model_tester_recommendation_table(qtmodeltester, recommendation_model):
    qtmodeltester.check(recommendation_model)


def test_model_tester_finding_proxy_while_filtering_and_sorting(qtmodeltester, finding_model, catalogue):
    proxy = FindingFilterProxyModel(finding_model)
    qtmodeltester.check(proxy)
    sector = catalogue.dataset.sectors[0].id
    proxy.set_filters(Filters.make(sector=sector))
    proxy.sort(FindingTableModel.VALUE, Qt.SortOrder.DescendingOrder)
    proxy.set_filters(Filters.make(query=catalogue.dataset.findings[0].statement.split()[0]))
    proxy.set_filters(Filters.make(min_confidence="primary"))
    proxy.sort(-1)
    finding_model.set_catalogue(catalogue)
    qtmodeltester.check(proxy)


def test_model_tester_recommendation_proxy_while_filtering(qtmodeltester, recommendation_model, catalogue):
    proxy = RecommendationFilterProxyModel(recommendation_model)
    qtmodeltester.check(proxy)
    proxy.set_filters(Filters.make(sector=catalogue.dataset.recommendations[0].sector))
    proxy.sort(RecommendationTableModel.CONFIDENCE, Qt.SortOrder.AscendingOrder)
    proxy.set_filters(Filters.make(theme=catalogue.dataset.themes[0].id))
    qtmodeltester.check(proxy)


# ---- sector list ----------------------------------------------------------------------------------------------


def test_sector_list_has_all_then_each_sector_with_counts(catalogue):
    model = SectorListModel(catalogue)
    assert model.rowCount() == len(catalogue.dataset.sectors) + 1
    assert model.sector_id(0) is None
    all_text = model.index(0, 0).data()
    assert f"{len(catalogue.dataset.findings)} finding" in all_text
    assert f"{len(catalogue.dataset.recommendations)} recommendation" in all_text
    for row, sector in enumerate(catalogue.dataset.sectors, start=1):
        text = model.index(row, 0).data()
        assert text.startswith(sector.name)
        assert f"{len(catalogue.findings_in(sector.id))} finding" in text
        assert f"{len(catalogue.recommendations_in(sector.id))} recommendation" in text
        assert model.row_of(sector.id) == row


# ---- table roles ------------------------------------------------------------------------------------------------


def test_finding_rows_show_statement_value_base_year_source_confidence(finding_model, catalogue):
    assert finding_model.rowCount() == len(catalogue.dataset.findings)
    for row, finding in enumerate(catalogue.dataset.findings):
        cell = lambda column, role=Qt.ItemDataRole.DisplayRole: finding_model.index(row, column).data(role)  # noqa: E731
        assert cell(FindingTableModel.STATEMENT) == finding.statement
        headline = catalogue.headline(finding)
        if headline:
            assert cell(FindingTableModel.VALUE).replace(" pp", " percentage points") == format_value(headline)
            assert cell(FindingTableModel.VALUE, Roles.SORT_KEY) == headline.value
            assert cell(FindingTableModel.BASE) == headline.base
        else:
            assert cell(FindingTableModel.VALUE) == "Qualitative"
        assert cell(FindingTableModel.YEAR) == str(finding.year)
        assert cell(FindingTableModel.YEAR, Roles.SORT_KEY) == finding.year
        assert cell(FindingTableModel.SOURCE) == catalogue.primary_source(finding).short
        assert cell(FindingTableModel.CONFIDENCE) == CONFIDENCE_MARKERS[finding.confidence]
        assert cell(FindingTableModel.CONFIDENCE, Roles.SORT_KEY) == finding.confidence.rank
        assert cell(0, Roles.ITEM) is finding
        assert cell(0, Roles.ID) == finding.id
        assert cell(0, Roles.KIND) == "finding"


def test_confidence_marker_does_not_rely_on_colour(finding_model, catalogue):
    markers = {finding_model.index(r, FindingTableModel.CONFIDENCE).data() for r in range(finding_model.rowCount())}
    for marker in markers:
        symbols, word = marker.split(" ", 1)
        assert set(symbols) <= {"●", "○"} and len(symbols) == 3
        assert word in {c.value.capitalize() for c in Confidence}
    assert finding_model.headerData(FindingTableModel.CONFIDENCE, Qt.Orientation.Horizontal) == "Confidence"
    spoken = finding_model.index(0, FindingTableModel.CONFIDENCE).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "●" not in spoken and catalogue.dataset.findings[0].confidence.value in spoken


def test_recommendation_rows_show_title_target_status_sector_confidence(recommendation_model, catalogue):
    for row, rec in enumerate(catalogue.dataset.recommendations):
        cell = lambda column, role=Qt.ItemDataRole.DisplayRole: recommendation_model.index(row, column).data(role)  # noqa: E731
        assert cell(RecommendationTableModel.TITLE) == rec.title
        target = cell(RecommendationTableModel.TARGET)
        assert target.startswith(rec.target_body)
        tip = QTextDocument()
        tip.setHtml(cell(RecommendationTableModel.TARGET, Qt.ItemDataRole.ToolTipRole))
        if rec.target_status:
            assert target != rec.target_body  # the change is visible in the cell itself
            assert rec.target_status in tip.toPlainText()
        assert cell(RecommendationTableModel.SECTOR) == catalogue.sectors[rec.sector].name
        assert cell(RecommendationTableModel.CONFIDENCE) == CONFIDENCE_MARKERS[rec.confidence]
    assert any(rec.target_status for rec in catalogue.dataset.recommendations), "the dataset has a changed target body"


def test_plain_tooltip_shows_markup_literally():
    text = 'A <b>bold</b> claim <img src="http://example.invalid/x.png"> & more\nsecond line'
    document = QTextDocument()
    document.setHtml(plain_tooltip(text))
    assert document.toPlainText().replace("\u2029", "\n") == text


# ---- filters and sorting ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("proxy_class,model_class,kind", [
    (FindingFilterProxyModel, FindingTableModel, "findings"),
    (RecommendationFilterProxyModel, RecommendationTableModel, "recommendations"),
])
def test_sector_filter_counts_match_the_dataset(catalogue, qapp, proxy_class, model_class, kind):
    proxy = proxy_class(model_class(catalogue))
    for sector in catalogue.dataset.sectors:
        proxy.set_filters(Filters.make(sector=sector.id))
        expected = catalogue.findings_in(sector.id) if kind == "findings" else catalogue.recommendations_in(sector.id)
        assert [proxy.item(r).id for r in range(proxy.rowCount())] == [item.id for item in expected]
    proxy.set_filters(Filters.make())
    assert proxy.rowCount() == len(getattr(catalogue.dataset, kind))


def test_search_matches_every_word_ignoring_case_and_accents(catalogue, finding_model):
    proxy = FindingFilterProxyModel(finding_model)
    statement_words = [w for w in catalogue.dataset.findings[0].statement.split() if w.isalpha() and len(w) > 4]
    query = " ".join(statement_words[:2]).upper()
    proxy.set_filters(Filters.make(query=query))
    expected = [f.id for f in catalogue.dataset.findings if catalogue.matches(f.id, search_words(query))]
    assert catalogue.dataset.findings[0].id in expected
    assert [proxy.item(r).id for r in range(proxy.rowCount())] == expected
    # An accented spelling finds the same rows as the plain one.
    accented = query.replace("E", "É", 1).replace("A", "À", 1)
    proxy.set_filters(Filters.make(query=accented))
    assert [proxy.item(r).id for r in range(proxy.rowCount())] == expected


def test_theme_and_confidence_filters(catalogue, finding_model, recommendation_model):
    findings = FindingFilterProxyModel(finding_model)
    recs = RecommendationFilterProxyModel(recommendation_model)
    for theme in catalogue.dataset.themes:
        findings.set_filters(Filters.make(theme=theme.id))
        assert findings.rowCount() == sum(theme.id in f.themes for f in catalogue.dataset.findings)
        recs.set_filters(Filters.make(theme=theme.id))
        expected = [
            r for r in catalogue.dataset.recommendations
            if any(theme.id in catalogue.findings[fid].themes for fid in [*r.supporting_findings, *r.related_findings])
        ]
        assert recs.rowCount() == len(expected)
    for level in Confidence:
        findings.set_filters(Filters.make(min_confidence=level.value))
        assert findings.rowCount() == sum(f.confidence.rank >= level.rank for f in catalogue.dataset.findings)


def test_numeric_columns_sort_as_numbers(catalogue, finding_model):
    proxy = FindingFilterProxyModel(finding_model)
    proxy.sort(FindingTableModel.VALUE, Qt.SortOrder.AscendingOrder)
    numbers = sorted(f.measures[0].value for f in catalogue.dataset.findings if f.measures)
    keys = column_values(proxy, FindingTableModel.VALUE)
    assert keys[: len(numbers)] == numbers
    assert all(key == float("inf") for key in keys[len(numbers):])  # qualitative findings last
    # The dataset has values that text order would misplace ("100" before "27"), so the check above bites.
    assert sorted(numbers, key=lambda v: f"{v:g}") != numbers
    proxy.sort(FindingTableModel.YEAR, Qt.SortOrder.DescendingOrder)
    assert column_values(proxy, FindingTableModel.YEAR) == sorted((f.year for f in catalogue.dataset.findings), reverse=True)
    proxy.sort(-1)
    assert [proxy.item(r).id for r in range(proxy.rowCount())] == [f.id for f in catalogue.dataset.findings]


def test_set_catalogue_resets_rows(catalogue, qapp):
    model = FindingTableModel(catalogue)
    smaller = Catalogue(catalogue.dataset.model_copy(update={"findings": catalogue.dataset.findings[:3]}), "smaller")
    model.set_catalogue(smaller)
    assert model.rowCount() == 3
