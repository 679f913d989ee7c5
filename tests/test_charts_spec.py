"""Chart specs built from the domain (no Qt): bars, titles, captions, description and rows."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest

from briefing_app.domain import Catalogue, Unit, load_dataset
from briefing_app.domain.catalogue import format_value
from briefing_app.domain.models import Confidence
from briefing_app.charts.spec import (
    CAVEAT_MARK,
    CSV_COLUMNS,
    ChartKind,
    UnknownChartSubject,
    comparison_spec,
    describe,
    sector_spec,
    spec_csv,
    spec_rows,
)


def test_health_chart_has_one_bar_per_health_percentage_measure(catalogue):
    expected = [
        (f.id, i, m.value, m.label)
        for f in catalogue.findings_in("health")
        for i, m in enumerate(f.measures)
        if m.unit == Unit.PERCENT
    ]
    spec = sector_spec(catalogue, "health")
    assert expected, "the bundled dataset should have health percentages"
    assert [(b.finding_id, b.measure_index, b.value, b.measure_label) for b in spec.bars] == expected
    assert spec.kind == ChartKind.SECTOR and spec.subject_id == "health"
    for bar in spec.bars:
        measure = catalogue.findings[bar.finding_id].measures[bar.measure_index]
        assert bar.display_value == format_value(measure)
        assert bar.base == measure.base
        assert bar.source_short == catalogue.primary_source(catalogue.findings[bar.finding_id]).short


@pytest.mark.parametrize("sector", ["health", "education", "local-government", "cross-sector", None])
def test_other_units_are_never_drawn_on_the_percent_axis(catalogue, sector):
    spec = sector_spec(catalogue, sector)
    drawn = {(b.finding_id, b.measure_index) for b in spec.bars}
    for finding in catalogue.findings_in(sector):
        for i, measure in enumerate(finding.measures):
            assert ((finding.id, i) in drawn) == (measure.unit == Unit.PERCENT)
    assert all(0 <= b.value <= spec.axis_max for b in spec.bars)


@pytest.mark.parametrize("sector", ["health", "education", "local-government", "cross-sector", None])
def test_titles_are_active_and_ten_words_or_fewer(catalogue, sector):
    spec = sector_spec(catalogue, sector)
    assert len(spec.title.split()) <= 10
    name = catalogue.sectors[sector].name if sector else "All sectors"
    assert spec.title.startswith(name) and str(len(spec.bars)) in spec.title


def test_comparison_titles_are_ten_words_or_fewer_and_say_how_comparable(catalogue):
    assert catalogue.comparable_themes()
    for theme in catalogue.comparable_themes():
        title = comparison_spec(catalogue, theme.id).title
        assert title.endswith(f" ({theme.comparison_basis})"), title
        assert len(title.removesuffix(f" ({theme.comparison_basis})").split()) <= 10, theme.id


def test_visible_findings_limit_and_order_the_bars(catalogue):
    health = [f.id for f in catalogue.findings_in("health") if any(m.unit == Unit.PERCENT for m in f.measures)]
    chosen = list(reversed(health[:3]))
    spec = sector_spec(catalogue, "health", chosen)
    assert list(dict.fromkeys(b.finding_id for b in spec.bars)) == chosen
    assert len(spec.bars) == sum(
        1 for fid in chosen for m in catalogue.findings[fid].measures if m.unit == Unit.PERCENT
    )
    assert f"Showing {len(spec.bars)} of the {len(sector_spec(catalogue, 'health').bars)}" in spec.caption


def test_filtered_to_nothing_says_so(catalogue):
    spec = sector_spec(catalogue, "health", [])
    assert spec.bars == ()
    assert "No percentage figures among the findings shown" in spec.empty_message


def test_sector_without_percentages_says_so(raw_dataset, write_json):
    for finding in raw_dataset["findings"]:
        if finding["sector"] == "cross-sector":
            finding["measures"] = [m for m in finding["measures"] if m["unit"] != "percent"]
            for m in finding["measures"]:
                m.pop("compare_as", None)
    catalogue = Catalogue(load_dataset(write_json(raw_dataset)))
    spec = sector_spec(catalogue, "cross-sector")
    assert spec.bars == ()
    assert spec.empty_message == "Cross-sector has no percentage figures in this dataset, so there is nothing to chart."
    assert spec.empty_message in describe(spec)


def test_description_contains_every_value_drawn_with_its_source(catalogue):
    for spec in [sector_spec(catalogue, s) for s in catalogue.sectors] + [
        comparison_spec(catalogue, t.id) for t in catalogue.comparable_themes()
    ]:
        text = describe(spec)
        assert spec.title in text and spec.source_line in text and spec.edition_line in text
        for bar in spec.bars:
            assert f"{bar.display_value}, {bar.measure_label} ({bar.finding_id};" in text
            assert bar.base in text


def test_caption_names_sources_and_edition(catalogue):
    spec = sector_spec(catalogue, "health")
    edition = catalogue.edition
    assert edition.title in spec.edition_line and edition.id in spec.edition_line
    for bar in spec.bars:
        source = catalogue.primary_source(catalogue.findings[bar.finding_id])
        assert source.short in spec.source_line and source.title in spec.source_line
    assert spec.footer.endswith(spec.edition_line)


def test_non_primary_bars_are_marked_in_text_and_hatched(catalogue):
    spec = sector_spec(catalogue, None)
    marked = [b for b in spec.bars if b.confidence != Confidence.PRIMARY]
    assert marked, "the bundled dataset has secondary or unverified percentages"
    for bar in spec.bars:
        assert bar.hatched == (bar.confidence != Confidence.PRIMARY)
        if bar.hatched:
            assert bar.confidence_mark in bar.display_label
    assert "Hatched bars" in spec.caption


def test_caveats_travel_with_the_bars(catalogue):
    spec = sector_spec(catalogue, "health")
    with_caveats = [b for b in spec.bars if b.caveats]
    assert with_caveats
    for bar in with_caveats:
        assert bar.display_label.endswith(CAVEAT_MARK)
        for caveat in bar.caveats:
            assert any(caveat in note and bar.finding_id in note for note in spec.notes)
    assert all(note in spec.footer for note in spec.notes)


def test_comparison_has_a_bar_per_sector_measure_and_the_base_caveat(catalogue):
    themes = catalogue.comparable_themes()
    assert themes
    for theme in themes:
        spec = comparison_spec(catalogue, theme.id)
        entries = catalogue.comparison(theme.id)
        assert spec.kind == ChartKind.COMPARISON
        assert [(b.finding_id, b.value, b.sector_name) for b in spec.bars] == [
            (e.finding.id, e.measure.value, e.sector.name) for e in entries
        ]
        assert len({b.sector_id for b in spec.bars}) >= 2
        assert "The bases differ" in spec.caption and "separate sub-sample" in spec.caption
        assert all(b.display_label.startswith(f"{b.sector_name}: ") for b in spec.bars)


def test_unknown_sector_and_theme_name_what_exists(catalogue):
    with pytest.raises(UnknownChartSubject, match="Known sectors: health"):
        sector_spec(catalogue, "defence")
    with pytest.raises(UnknownChartSubject, match="Comparable themes: "):
        comparison_spec(catalogue, "no-such-theme")


def test_rows_are_the_bars_with_their_sources(catalogue):
    spec = sector_spec(catalogue, "education")
    rows = spec_rows(spec)
    assert len(rows) == len(spec.bars)
    for row, bar in zip(rows, spec.bars):
        assert set(row) == set(CSV_COLUMNS)
        assert float(row["value"]) == bar.value and row["finding_id"] == bar.finding_id
        assert row["source_citation"] == bar.source_citation and row["edition"] == spec.edition_line
    parsed = list(csv.DictReader(io.StringIO(spec_csv(spec), newline="")))
    assert parsed == rows


def test_spec_and_command_registration_import_no_qt():
    code = (
        "import sys, briefing_app.charts.spec, briefing_app.charts.cli, briefing_app.commands;"
        "qt = [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))];"
        "print(qt); sys.exit(1 if qt else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_very_large_edition_draws_a_bounded_chart_and_says_so(catalogue, monkeypatch):
    from briefing_app.charts import spec as chart_spec

    monkeypatch.setattr(chart_spec, "MAX_BARS", 5)
    all_figures = catalogue.percent_measures(None)
    built = chart_spec.sector_spec(catalogue, None)
    assert len(built.bars) == 5
    assert [b.finding_id for b in built.bars] == [f.id for f, _ in all_figures[:5]]
    assert f"Only the first 5 of these {len(all_figures)} figures are drawn" in built.caption
    assert "5 percentage figures" in built.title
